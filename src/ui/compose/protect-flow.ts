/**
 * The click: read the draft again, build and protect it (in the worker for large drafts), check the size,
 * and replace the draft through the host port (atomic: the port rolls back on failure).
 */
import { SpmError } from "../../core/errors";
import { PROTECTION_MARKERS, encodeRecipientSet, recipientSetOf } from "../../core/policy";
import { chooseCipher, chooseKeyTransport } from "../../core/smime";
import type { RsaKeyTransport } from "../../core/types";
import { OBSCURED_SUBJECT } from "../../core/mime";
import type { Language } from "../../core/types";
import type { DraftSnapshot } from "../../host";
import type { IdentityRecord } from "../../store";
import type { ProtectStage } from "../worker";
import { draftLimitChars } from "./blockers";
import { toCoreDraft } from "./draft";
import { noticeHtml, noticeText, protectionOf } from "./notice";
import type { RecipientStatus } from "./recipient-types";
import type { ComposeServices } from "./context";

export type FlowStage = "reading" | ProtectStage | "attaching" | "sending" | "closing";

export interface FlowRequest {
  snapshot: DraftSnapshot;
  recipients: RecipientStatus[];
  identity: IdentityRecord;
  sign: boolean;
  encrypt: boolean;
  language: Language;
  /** Use the compact layout (binary attachments, opaque signature): chosen by chooseLayout from the size. */
  compact?: boolean;
  onStage: (stage: FlowStage) => void;
}


/**
 * Unique recipient certificates (a person in To and Cc, or the sender writing to themselves, count once), each
 * with the RSA key transport that recipient can read (OAEP only when advertised: see chooseKeyTransport).
 */
export function recipientCertificates(recipients: RecipientStatus[]): { certificate: Uint8Array; keyTransport: RsaKeyTransport }[] {
  const seen = new Set<string>();
  const out: { certificate: Uint8Array; keyTransport: RsaKeyTransport }[] = [];
  for (const r of recipients) {
    if (!r.certificate) continue;
    const key = Array.from(r.certificate.subarray(0, 64)).join(",") + ":" + r.certificate.length + ":" + r.email;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ certificate: r.certificate, keyTransport: chooseKeyTransport(r.capabilities) });
  }
  return out;
}

export async function protectDraft(services: ComposeServices, request: FlowRequest): Promise<void> {
  const { snapshot, recipients, identity, sign, encrypt } = request;
  if (encrypt && recipients.some((r) => r.state !== "found")) {
    throw new SpmError("CERTIFICATE_UNUSABLE", "Some recipients have no usable certificate", { details: { reason: "missing-certificates" } });
  }
  const privateKey = sign ? await services.store.getPrivateKey(identity.id) : new Uint8Array(0);
  const result = await services.runProtection(
    {
      draft: toCoreDraft(snapshot),
      sign,
      encrypt,
      identity: { certificate: identity.certificate, privateKey, chain: identity.chain },
      recipients: encrypt ? recipientCertificates(recipients) : [],
      // The sender's own copy counts as a reader whose capabilities are unknown: CBC unless overridden.
      cipher: chooseCipher([...recipients.map((r) => ({ capabilities: r.capabilities })), {}]).cipher,
      compact: encrypt && request.compact === true,
    },
    { onStage: request.onStage },
  );
  // The real size, checked before the draft changes (the estimate erred on the large side; the port checks again).
  const limit = draftLimitChars({ limitChars: services.attachmentLimitChars, budget: services.attachmentBudget, snapshot });
  if (result.p7mBase64.length > limit) {
    throw new SpmError("LIMIT_EXCEEDED", "The protected message is larger than Outlook accepts", {
      details: { reason: "attachment-limit", chars: result.p7mBase64.length, limit },
    });
  }
  request.onStage("attaching");
  const protection = protectionOf(sign, encrypt);
  await services.port.applyEncrypted(
    {
      noticeHtml: noticeHtml(protection, request.language),
      noticeText: noticeText(protection, request.language),
      p7mBase64: result.p7mBase64,
      // The send guard's markers mean "encrypted by us": a signed-only draft does not carry them.
      headers: encrypt ? { [PROTECTION_MARKERS.header]: "1" } : {},
      // With the marker, the recipients it was encrypted for: the send guard blocks when they change.
      ...(encrypt ? { sessionData: protectedSessionData(snapshot), subject: OBSCURED_SUBJECT } : {}),
    },
    snapshot,
  );
}

/** The sessionData the send guard reads: the marker and the envelope's recipients (core/policy/recipient-set.ts). */
export function protectedSessionData(snapshot: Pick<DraftSnapshot, "to" | "cc" | "bcc">): Record<string, string> {
  return {
    [PROTECTION_MARKERS.sessionDataKey]: "1",
    [PROTECTION_MARKERS.recipientsKey]: encodeRecipientSet(recipientSetOf(snapshot)),
  };
}
