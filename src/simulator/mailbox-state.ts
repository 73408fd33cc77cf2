/**
 * The simulated mailbox: the state behind the fake Office global. Plain TypeScript (no DOM) so unit tests
 * can instantiate it in Node. The simulator page owns one instance (`window.__spmSimulatorBackend`); the fake
 * Office object in the pane iframe reads and writes it directly (same origin).
 */
import { latin1Encode, toBase64 } from "../core/bytes";
import type { DeliverySimState } from "./delivery-state";
import { presentEml, type PresentedItem } from "./eml";
import type { OpenedForm } from "./forms";
import { findAttachment, userImageContentId } from "./inline-attachments";
import { resolveOfficeError } from "./office-errors";
import { EXCHANGE_ONLINE_DEFAULT_MAX_BYTES, isWebLike } from "./attachment-limits";
import { DEFAULT_UPLOAD_MS_PER_MB } from "./upload-timing";

export type { SimPlatform, SimMode, SimAddress, AddressInput, SimAttachment, ItemClass, AttachmentInput, DraftInput, DraftState, DraftView, ReadItemState, EventLogEntry } from "./mailbox-types";
import type { SimPlatform, SimMode, SimAddress, AddressInput, SimAttachment, DraftInput, DraftState, DraftView, ReadItemState, EventLogEntry } from "./mailbox-types";

// The error table lives in office-errors.ts (Office.js' codes, names and messages, with their sources).
export { OFFICE_ERRORS, officeError, resolveOfficeError, type OfficeErrorShape } from "./office-errors";

/** Limits of the platforms (platform-facts.md). */
export const BODY_MAX_CHARS = 1_000_000;
export const ALL_REQUIREMENT_SETS = Array.from({ length: 16 }, (_, i) => `1.${i + 1}`);

export function toAddress(a: AddressInput): SimAddress {
  if (typeof a !== "string") return { displayName: a.displayName ?? a.emailAddress, emailAddress: a.emailAddress, ...(a.resolved === false ? { resolved: false } : {}) };
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(a);
  if (m) return { displayName: m[1].trim() || m[2].trim(), emailAddress: m[2].trim() };
  return { displayName: a.trim(), emailAddress: a.trim() };
}

export function base64DecodedLength(b64: string): number {
  const clean = b64.replace(/[^A-Za-z0-9+/=]/g, "");
  const pad = clean.endsWith("==") ? 2 : clean.endsWith("=") ? 1 : 0;
  return Math.floor((clean.length * 3) / 4) - pad;
}

/** Exchange keys a thread by its first message: the first References id, else In-Reply-To, else the Message-ID. */
function conversationIdOf(item: PresentedItem): string {
  const root = item.threadRoot || item.internetMessageId || item.subject;
  return "AAQkSIM" + toBase64(latin1Encode(root)).replace(/=+$/, "");
}

function emptyDraft(): DraftState {
  return {
    from: { displayName: "Dr. Alice Example", emailAddress: "alice@example.org" },
    to: [],
    cc: [],
    bcc: [],
    subject: "",
    bodyType: "html",
    body: "",
    attachments: [],
    internetHeaders: {},
    sessionData: {},
    closed: false,
    discarded: false,
  };
}

type Listener = () => void;

export class SimMailbox {
  platform: SimPlatform = "OfficeOnline";
  mode: SimMode = "compose";
  requirementSets: string[] = [...ALL_REQUIREMENT_SETS];
  displayLanguage = "en-US";
  /** Outlook's theme colours, for an add-in that may read them (see eventBasedActivation). */
  officeTheme = { bodyBackgroundColor: "#ffffff", bodyForegroundColor: "#000000", controlBackgroundColor: "#ffffff", controlForegroundColor: "#000000" };
  /** The add-in's manifest has LaunchEvents (ours does): Outlook then gives it no Office.context.officeTheme. */
  eventBasedActivation = true;
  /**
   * Outlook's own S/MIME switched on for the draft: adding attachments never calls back on the web and in new
   * Outlook (office-js #3363, #5908); classic Windows/Mac add them and wrap the message again at send.
   */
  nativeSmime = false;
  /** Upload time per MB of base64 of an attachment add (upload-timing.ts). */
  uploadMsPerMb = DEFAULT_UPLOAD_MS_PER_MB;
  /** Classic Windows/Mac: the Exchange admin's limit on all attachments of an item (attachment-limits.ts). */
  exchangeMaxTotalBytes = EXCHANGE_ONLINE_DEFAULT_MAX_BYTES;
  /** Latency of each async call in ms (min, max). */
  latencyMs: [number, number] = [1, 4];
  draft: DraftState = emptyDraft();
  readItem: ReadItemState | undefined;
  roamingSettings: Record<string, unknown> = {};
  /**
   * The event runtime's roaming settings: a snapshot taken when Outlook first loads the runtime, kept until
   * Outlook reloads (api.ts restartOutlook; office.roamingsettings.yml: "initialized from the persisted storage
   * only when the add-in is first loaded").
   */
  eventRuntimeRoaming: Record<string, unknown> | undefined;
  /**
   * Handlers the open pane registered with item.addHandlerAsync, by event type (e.g. "olkRecipientsChanged"). On
   * this object because the pane frame's fake Office and the simulator page's test API are separate bundles.
   */
  itemHandlers = new Map<string, Set<(args: unknown) => void>>();
  /** Event handlers registered with Office.actions.associate (the send guard's OnMessageSend handler). */
  actions = new Map<string, (event: unknown) => void>();
  /** Reply and new-message forms opened by an add-in (forms.ts), oldest first. */
  openedForms: OpenedForm[] = [];
  /**
   * Standard S/MIME delivery simulation (delivery-state.ts). On the object, not in a module-level map: the
   * simulator page and each pane frame run separate bundles that share this object.
   */
  delivery?: DeliverySimState;
  /** What the last OnMessageDecrypt handler passed to event.completed for the read item (event-runtime.ts). */
  lastDecrypt: Record<string, unknown> | undefined;
  /** item.notificationMessages of the current item. */
  notifications: { key: string; type: string; message: string }[] = [];
  /** Per method, the primed failures: an Office error code or name, checked when primed. */
  private failures = new Map<string, { code: string | number; after: number }[]>();
  private log: EventLogEntry[] = [];
  private nextIndex = 0;
  private listeners = new Set<Listener>();

  // ---- test controls --------------------------------------------------------------------------------

  loadDraft(input: DraftInput): void {
    const d = emptyDraft();
    if (input.from) d.from = toAddress(input.from);
    d.to = (input.to ?? []).map(toAddress);
    d.cc = (input.cc ?? []).map(toAddress);
    d.bcc = (input.bcc ?? []).map(toAddress);
    d.subject = input.subject ?? "";
    if (input.bodyText !== undefined) {
      d.bodyType = "text";
      d.body = input.bodyText;
    } else d.body = input.bodyHtml ?? "";
    d.internetHeaders = { ...(input.internetHeaders ?? {}) };
    if (input.conversationId !== undefined) d.conversationId = input.conversationId;
    if (input.initializationContext !== undefined) d.initializationContext = input.initializationContext;
    if (input.inReplyTo !== undefined) d.inReplyTo = input.inReplyTo;
    this.draft = d;
    this.notifications = [];
    this.nextIndex = 0;
    for (const a of input.attachments ?? []) {
      const att = this.addAttachment(a.contentBase64, a.name, a.isInline ?? false, a.contentId);
      if (a.attachmentType === "item") {
        att.attachmentType = "item";
        att.size = a.contentBase64.length;
        if (a.itemClass) att.itemClass = a.itemClass;
      }
    }
    this.mode = "compose";
    this.changed();
  }

  getDraft(): DraftView {
    const d = this.draft;
    return {
      from: { ...d.from },
      to: d.to.map((a) => ({ ...a })),
      cc: d.cc.map((a) => ({ ...a })),
      bcc: d.bcc.map((a) => ({ ...a })),
      subject: d.subject,
      bodyHtml: d.body,
      bodyType: d.bodyType,
      attachments: d.attachments.map((a) => ({
        id: a.id,
        name: a.name,
        contentBase64: a.contentBase64,
        isInline: a.isInline,
        ...(a.contentId === undefined ? {} : { contentId: a.contentId }),
        size: a.size,
      })),
      internetHeaders: { ...d.internetHeaders },
      wrappedAgainOnSend: this.nativeSmime && !isWebLike(this.platform) && d.attachments.some((a) => a.name.toLowerCase() === "smime.p7m"),
      closed: d.closed,
      discarded: d.discarded,
    };
  }

  /** Present an EML the way Exchange stores it (see eml.ts) and switch to read mode. */
  loadMessage(eml: string): ReadItemState {
    const emlBytes = latin1Encode(eml);
    const presented = presentEml(emlBytes);
    this.notifications = [];
    this.nextIndex = 0;
    this.lastDecrypt = undefined;
    this.readItem = { ...presented, emlBytes, attachmentIds: presented.attachments.map(() => this.newAttachmentId()), conversationId: conversationIdOf(presented) };
    this.mode = "read";
    this.changed();
    return this.readItem;
  }

  setPlatform(p: SimPlatform): void {
    if (!["OfficeOnline", "PC", "Mac"].includes(p)) throw new Error(`unknown platform ${String(p)}`);
    this.platform = p;
    this.changed();
  }

  /**
   * The next call of `method` fails with this Office error, given by code or name (office-errors.ts); unknown
   * or ambiguous ones are refused here, at the test's call. Queue: several calls may be primed. `after`: that
   * many calls of the method succeed first (e.g. the compose port's S/MIME probe before the real add).
   */
  failNext(method: string, codeOrName: string | number, options: { after?: number } = {}): void {
    resolveOfficeError(codeOrName);
    const q = this.failures.get(method) ?? [];
    q.push({ code: codeOrName, after: options.after ?? 0 });
    this.failures.set(method, q);
  }

  takeFailure(method: string): string | number | undefined {
    const q = this.failures.get(method);
    if (!q || q.length === 0) return undefined;
    if (q[0].after > 0) {
      q[0].after--;
      return undefined;
    }
    const e = q.shift();
    if (q.length === 0) this.failures.delete(method);
    return e?.code;
  }

  record(entry: Omit<EventLogEntry, "at">): void {
    this.log.push({ at: Date.now(), ...entry });
    if (this.log.length > 2000) this.log.splice(0, this.log.length - 2000);
  }

  getEventLog(): EventLogEntry[] {
    return this.log.map((e) => ({ ...e }));
  }

  clearEventLog(): void {
    this.log = [];
  }

  onChange(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  changed(): void {
    for (const l of this.listeners) l();
  }

  // ---- operations used by the fake Office (validation happens in fake-office.ts) -------------------

  newAttachmentId(): string {
    // Web/new Outlook: opaque EWS ids; classic Windows/Mac: indexes as strings (platform-facts.md).
    if (this.platform !== "OfficeOnline") return String(this.nextIndex++);
    const raw = new Uint8Array(72);
    globalThis.crypto.getRandomValues(raw);
    raw.set([0x00, 0x03, 0x9a, 0x4d], 0);
    return "AAMkAD" + toBase64(raw).replace(/=+$/, "");
  }

  addAttachment(contentBase64: string, name: string, isInline: boolean, contentId?: string): SimAttachment {
    const att: SimAttachment = {
      id: this.newAttachmentId(),
      name,
      contentBase64,
      isInline,
      attachmentType: "file",
      size: base64DecodedLength(contentBase64),
      // An inline image always has a Content-ID; the platform decides its form (inline-attachments.ts).
      ...(contentId === undefined ? (isInline ? { contentId: userImageContentId(this.platform, name) } : {}) : { contentId }),
    };
    this.draft.attachments.push(att);
    this.changed();
    return att;
  }

  removeAttachment(id: string): boolean {
    const found = findAttachment(this.draft, id);
    const i = found ? this.draft.attachments.indexOf(found) : -1;
    if (i < 0) return false;
    this.draft.attachments.splice(i, 1);
    this.changed();
    return true;
  }

  supports(version: string): boolean {
    return this.requirementSets.includes(version);
  }

  readAttachmentBytes(id: string): { bytes: Uint8Array; name: string; contentType: string } | undefined {
    const item = this.readItem;
    if (!item) return undefined;
    const i = item.attachmentIds.indexOf(id);
    if (i < 0) return undefined;
    const a = item.attachments[i];
    return { bytes: a.bytes, name: a.name, contentType: a.contentType };
  }
}

