/**
 * From the Outlook item to an opened message: fetch the S/MIME bytes through the read port, gather the
 * user's keys and trust (store, bundled and organisation anchors, pins), open every layer through the core,
 * and build what the pane shows. No React here.
 */
import type { ConfigOverrides } from "../../core/config";
import { SpmError, isSpmError } from "../../core/errors";
import { parseMime } from "../../core/mime";
import { type Finding, type PinnedCertificate } from "../../core/pki";
import { openMessage, type OpenReport } from "../../core/smime";
import type { KeyPair } from "../../core/types";
import type { ItemInfo, ReadPort, SmimeBytes } from "../../host";
import { buildDisplay, type DisplayContent } from "./content";
import type { ContentServices } from "./services";
import { decidePayload, type PayloadDecision } from "./payload-rule";
import { protectedHeaderFindings } from "./status";

export type Stage = "fetch" | "decrypt" | "verify" | "prepare";

export interface Opened {
  report: OpenReport;
  display: DisplayContent;
  /** Findings of the pane itself (protected From differing from the From shown). */
  extraFindings: Finding[];
  fromShown?: string;
  /** The content was not MIME (bare CMS data): offered as a file. */
  bareContent: boolean;
}

export type Fetched =
  | { kind: "none" }
  /** The protected attachment is not the message's own payload (payload-rule.ts): the user decides. */
  | { kind: "nested-only"; name: string; bytes: Uint8Array; reason: Exclude<PayloadDecision, { open: "automatic" }>["reason"] }
  | { kind: "payload"; smime: SmimeBytes };

export interface Trust {
  keys: KeyPair[];
  locked: boolean;
  storageLost: boolean;
  anchors: Uint8Array[];
  pinned: PinnedCertificate[];
}

/**
 * Which bytes are the message's own payload. Exchange's S/MIME item classes and the whole-message file are;
 * in an ordinary item (IPM.Note) a .p7m is our own format only when it is the single attachment and the
 * body Outlook shows is exactly our notice (payload-rule.ts). Anything else is an attachment someone put
 * there (the "Re: What's up Johnny" pattern): not opened by itself.
 */
export async function fetchPayload(port: ReadPort, info: ItemInfo): Promise<Fetched> {
  const smime = await port.fetchSmimeBytes();
  if (!smime) return { kind: "none" };
  // A body that cannot be read is treated like foreign text (the fail-safe side), not as our notice.
  const visibleBody = smime.kind === "p7m-attachment" ? await port.visibleBodyText().catch(() => undefined) : undefined;
  const decision = decidePayload({
    itemClass: info.itemClass,
    kind: smime.kind,
    fileAttachments: info.attachments.filter((a) => !a.isInline).length,
    visibleBody,
  });
  if (decision.open === "on-request") {
    const name = info.attachments.find((a) => a.id === smime.attachmentId)?.name ?? "smime.p7m";
    return { kind: "nested-only", name, bytes: smime.bytes, reason: decision.reason };
  }
  return { kind: "payload", smime };
}

let bundled: Uint8Array[] | undefined;

export async function gatherTrust(services: ContentServices): Promise<Trust> {
  const store = await services.store();
  let keys: KeyPair[] = [];
  let locked = false;
  try {
    keys = (await store.allKeyPairs()).map((k) => ({ certificate: k.record.certificate, privateKey: k.privateKey }));
  } catch (e) {
    if (!isSpmError(e, "STORE_LOCKED")) throw e;
    locked = true;
  }
  const state = await store.state();
  // The bundled roots (about 90 KB gzip) load on demand, not with the pane.
  bundled ??= (await import("../../core/pki/anchors")).loadBundledAnchors();
  const organisation = await services.organisationAnchors();
  const cached = (await store.getOrganisationAnchors())?.certificates ?? [];
  const pinned = (await store.listPins()).map((p) => ({ certificate: p.certificate, address: p.email }));
  return { keys, locked, storageLost: state.storageLost, anchors: [...bundled, ...organisation, ...cached], pinned };
}

/**
 * Open bytes through the core. `addresses`: the From shown by Outlook for this item; undefined lets the core
 * read the message's own From header(s) (whole messages, forwarded messages).
 */
export async function openBytes(
  bytes: Uint8Array,
  trust: Trust,
  addresses: string[] | undefined,
  fromShown: string | undefined,
  onStage: (stage: Stage) => void,
  config?: ConfigOverrides,
): Promise<Opened> {
  let report: OpenReport;
  try {
    report = await openMessage(bytes, {
      ...(config ? { config } : {}),
      keys: trust.keys,
      anchors: trust.anchors,
      pinned: trust.pinned,
      ...(addresses !== undefined ? { addresses } : {}),
      onStage: (s) => {
        if (s === "decrypt" || s === "verify") onStage(s);
      },
    });
  } catch (e) {
    // No key could open it while the store is locked: the key may well be in there. Ask for the passphrase.
    if (isSpmError(e, "NOT_FOR_ME") && trust.locked) throw new SpmError("STORE_LOCKED", "Unlock the key store to decrypt", { cause: e });
    throw e;
  }
  onStage("prepare");
  // Let the progress indicator paint before the (synchronous) MIME work.
  await new Promise((r) => setTimeout(r, 0));
  if (!report.contentIsMime) {
    return { report, display: { body: { kind: "none" }, attachments: [{ name: "content.bin", mediaType: "application/octet-stream", size: report.content.length, bytes: () => report.content }], nested: [], inlineImages: new Map() }, extraFindings: [], fromShown, bareContent: true };
  }
  const display = buildDisplay(parseMime(report.content));
  // The core compares the protected From with the From it was given; the pane adds the From Outlook shows when
  // that was not what the core compared (a whole .eml brings its own).
  const coreCompared = report.findings.some((f) => f.code === "protected-from-mismatch");
  return { report, display, extraFindings: coreCompared ? [] : protectedHeaderFindings(display.protectedHeaders, fromShown), fromShown, bareContent: false };
}

/** The item's own payload, opened. */
export async function openPayload(smime: SmimeBytes, info: ItemInfo, trust: Trust, onStage: (stage: Stage) => void, config?: ConfigOverrides): Promise<Opened> {
  const fromShown = info.from?.emailAddress;
  // The whole message as received carries its own From header(s): the core checks them (several From = mismatch).
  const addresses = smime.kind === "eml" ? undefined : fromShown ? [fromShown] : [];
  return openBytes(smime.bytes, trust, addresses, fromShown, onStage, config);
}

/**
 * The content is encrypted with 3DES and was refused because the allowLegacy switch was off: the pane offers to
 * open it with the switch on for this one message (issue 16; docs/decisions.md "3DES mail in the read pane").
 */
export function isLegacyCipherRefusal(error: unknown): boolean {
  return isSpmError(error, "UNSUPPORTED_ALGORITHM") && (error.details as { legacy?: unknown } | undefined)?.legacy === true;
}
