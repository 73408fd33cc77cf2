/**
 * The compose port: read the draft, replace it with the encrypted form atomically, and undo.
 *
 * Atomic apply (`applyEncrypted`): add `smime.p7m` first, then replace the body, then remove the original
 * attachments, then set the custom headers, the outer subject and the sessionData markers. On any failure the draft is rolled back to the snapshot
 * (body, attachments in their original order, headers) and a HOST_ERROR with the Office error name is thrown.
 * All Office calls go through one queue (one call in flight) with a timeout per call; an attachment add that
 * never answers is reported as `details.nativeSmimeSuspected` (Outlook's own S/MIME is on: office-js #3363).
 * Drafts with attached Outlook items (not files) are refused before any change: they could not be rolled back.
 */
import { fromBase64 } from "../core/bytes";
import { SpmError, isSpmError } from "../core/errors";
import { htmlToText } from "../core/mime";
import { createOfficeCallQueue, type OfficeCallQueue } from "./office-call";
import { supportsMailbox } from "./office-ready";

export interface Recipient {
  displayName: string;
  emailAddress: string;
}

export interface DraftAttachment {
  /** Session-only id: EWS id on the web, index string on classic Windows/Mac. */
  id: string;
  name: string;
  isInline: boolean;
  attachmentType: "file" | "item" | "cloud";
  size: number;
  /** "base64" (files) or "eml" (attached items). */
  format: string;
  /** Exactly what getAttachmentContentAsync returned (base64 for files). */
  content: string;
  /** Decoded bytes for files; the UTF-8 of the EML for items. */
  bytes: Uint8Array;
}

export interface DraftSnapshot {
  from?: Recipient;
  to: Recipient[];
  cc: Recipient[];
  bcc: Recipient[];
  subject: string;
  bodyType: "html" | "text";
  /** The body in its own type, exactly as read. */
  body: string;
  /** The body as HTML (equal to `body` when bodyType is html). */
  bodyHtml: string;
  attachments: DraftAttachment[];
  /** Values of the tracked custom headers before any change (absent = not set). */
  headers: Record<string, string>;
  /**
   * For a reply or forward: the original's Message-ID as Outlook reports it (`item.inReplyTo`, Mailbox 1.14;
   * raw, may carry noise: see cleanMessageId). Absent for new messages and older hosts.
   */
  inReplyTo?: string;
}

export interface EncryptedDraft {
  noticeHtml: string;
  /** Used when the draft's body is plain text (Html coercion on a text body fails); derived from noticeHtml if absent. */
  noticeText?: string;
  p7mBase64: string;
  /** Custom (x-) headers to set, e.g. the marker the send guard checks. */
  headers: Record<string, string>;
  /** item.sessionData entries to set (Mailbox 1.11; skipped where unsupported), e.g. the send guard's marker. */
  sessionData?: Record<string, string>;
  /** A new outer subject (RFC 9788: "[...]" for encrypted mail); restored on rollback and Undo. */
  subject?: string;
}

export interface ComposePortOptions {
  /** Per-call timeout (default 30 s). */
  timeoutMs?: number;
  /** Timeout for adding an attachment; no answer by then means Outlook's own S/MIME is probably on (default 60 s). */
  attachmentTimeoutMs?: number;
  /** Header names whose values the snapshot records, so Undo can restore them. */
  trackedHeaders?: string[];
  queue?: OfficeCallQueue;
}

export interface ComposePort {
  readSnapshot(): Promise<DraftSnapshot>;
  applyEncrypted(result: EncryptedDraft, snapshot: DraftSnapshot): Promise<void>;
  restore(snapshot: DraftSnapshot): Promise<void>;
  /** Remove every Bcc recipient (the user chose to; the envelope would show them to everyone). */
  clearBcc(): Promise<void>;
  /**
   * Office error names of failed clean-ups: an attachment add that timed out but completed later is removed
   * again; if that removal failed, the draft may hold a stray attachment (the UI should tell the user).
   */
  lateAttachmentProblems(): string[];
}

export const P7M_NAME = "smime.p7m";

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function toRecipient(r: { displayName?: string; emailAddress?: string }): Recipient {
  return { displayName: r.displayName ?? "", emailAddress: r.emailAddress ?? "" };
}

export function createComposePort(office: typeof Office = globalThis.Office, options: ComposePortOptions = {}): ComposePort {
  const queue = options.queue ?? createOfficeCallQueue({ timeoutMs: options.timeoutMs });
  const attachmentTimeoutMs = options.attachmentTimeoutMs ?? 60_000;
  const tracked = options.trackedHeaders ?? [];
  const item = () => office.context.mailbox.item as Office.MessageCompose;
  /** Headers this port has set, with their values before the first change (Undo restores them). */
  const headersBefore = new Map<string, string | undefined>();
  /** Failures to remove an attachment that Outlook added after we gave up waiting (see lateAttachmentProblems). */
  const lateAttachmentErrors: string[] = [];
  /** sessionData keys this port has set (Undo removes them). */
  const sessionKeysSet = new Set<string>();
  const hasSessionData = () => supportsMailbox(office, "1.11") && item().sessionData !== undefined;

  const call = queue.call.bind(queue);

  async function getHeaders(names: string[]): Promise<Record<string, string>> {
    if (names.length === 0) return {};
    const got = await call<Record<string, string>>("internetHeaders.getAsync", (cb) => item().internetHeaders.getAsync(names, cb));
    const out: Record<string, string> = {};
    for (const n of names) {
      const key = Object.keys(got ?? {}).find((k) => k.toLowerCase() === n.toLowerCase());
      if (key !== undefined) out[n] = got[key];
    }
    return out;
  }

  async function listAttachments() {
    return call<Office.AttachmentDetailsCompose[]>("getAttachmentsAsync", (cb) => item().getAttachmentsAsync(cb));
  }

  async function addAttachment(base64: string, name: string, isInline: boolean): Promise<string> {
    try {
      return await call<string>("addFileAttachmentFromBase64Async", (cb) => item().addFileAttachmentFromBase64Async(base64, name, { isInline }, cb), {
        timeoutMs: attachmentTimeoutMs,
        // We already reported failure and the caller rolled back: an attachment that arrives late must go.
        onLateSuccess: (id) => {
          removeAttachment(id).catch((e: unknown) => {
            lateAttachmentErrors.push(isSpmError(e) ? String(e.details?.officeError) : "Unknown");
          });
        },
      });
    } catch (e) {
      if (isSpmError(e, "HOST_ERROR") && e.details?.timedOut) {
        throw new SpmError("HOST_ERROR", "Outlook did not answer when adding an attachment: Outlook's own S/MIME is probably switched on for this message", {
          cause: e,
          details: { ...e.details, nativeSmimeSuspected: true },
        });
      }
      throw e;
    }
  }

  async function removeAttachment(id: string): Promise<void> {
    await call<void>("removeAttachmentAsync", (cb) => item().removeAttachmentAsync(id, cb));
  }

  async function setBody(body: string, type: "html" | "text"): Promise<void> {
    const coercionType = type === "html" ? office.CoercionType.Html : office.CoercionType.Text;
    await call<void>("body.setAsync", (cb) => item().body.setAsync(body, { coercionType }, cb));
  }

  async function readSnapshot(): Promise<DraftSnapshot> {
    const it = item();
    const bodyType = (await call<string>("body.getTypeAsync", (cb) => it.body.getTypeAsync(cb))) === "html" ? "html" : "text";
    const body = await call<string>("body.getAsync", (cb) => it.body.getAsync(bodyType === "html" ? office.CoercionType.Html : office.CoercionType.Text, cb));
    const to = await call<Office.EmailAddressDetails[]>("to.getAsync", (cb) => it.to.getAsync(cb));
    const cc = await call<Office.EmailAddressDetails[]>("cc.getAsync", (cb) => it.cc.getAsync(cb));
    const bcc = await call<Office.EmailAddressDetails[]>("bcc.getAsync", (cb) => it.bcc.getAsync(cb));
    const subject = await call<string>("subject.getAsync", (cb) => it.subject.getAsync(cb));
    let from: Recipient | undefined;
    if (supportsMailbox(office, "1.7") && it.from) from = toRecipient(await call<Office.EmailAddressDetails>("from.getAsync", (cb) => it.from.getAsync(cb)));
    const attachments: DraftAttachment[] = [];
    for (const a of await listAttachments()) {
      const content = await call<Office.AttachmentContent>("getAttachmentContentAsync", (cb) => it.getAttachmentContentAsync(a.id, cb));
      const format = String(content.format);
      if (format !== "base64" && format !== "eml") {
        throw new SpmError("HOST_ERROR", `Attachment "${a.name}" cannot be read (${format}): cloud attachments are not supported`, {
          details: { officeError: "UnsupportedAttachmentFormat", format },
        });
      }
      attachments.push({
        id: a.id,
        name: a.name,
        isInline: a.isInline,
        attachmentType: String(a.attachmentType) as DraftAttachment["attachmentType"],
        size: a.size,
        format,
        content: content.content,
        bytes: format === "base64" ? fromBase64(content.content) : new TextEncoder().encode(content.content),
      });
    }
    const headers = await getHeaders(tracked);
    const inReplyTo = supportsMailbox(office, "1.14") ? (it as { inReplyTo?: unknown }).inReplyTo : undefined;
    return {
      ...(from ? { from } : {}),
      to: to.map(toRecipient),
      cc: cc.map(toRecipient),
      bcc: bcc.map(toRecipient),
      subject,
      bodyType,
      body,
      bodyHtml: bodyType === "html" ? body : `<div>${escapeHtml(body).replace(/\r?\n/g, "<br>")}</div>`,
      attachments,
      headers,
      ...(typeof inReplyTo === "string" && inReplyTo ? { inReplyTo } : {}),
    };
  }

  /** Bring attachments back to the snapshot's list, in its order, touching as little as possible. */
  async function restoreAttachments(snapshot: DraftSnapshot): Promise<void> {
    const wantedIds = new Set(snapshot.attachments.map((a) => a.id));
    let current = await listAttachments();
    for (const a of current) if (!wantedIds.has(a.id)) await removeAttachment(a.id);
    current = current.filter((a) => wantedIds.has(a.id));
    // Keep the longest prefix that is still in place; re-add everything after it, in order.
    let keep = 0;
    while (keep < snapshot.attachments.length && current[keep]?.id === snapshot.attachments[keep].id) keep++;
    for (const a of current.slice(keep)) await removeAttachment(a.id);
    for (const a of snapshot.attachments.slice(keep)) {
      if (a.format !== "base64") {
        throw new SpmError("HOST_ERROR", `The attached item "${a.name}" cannot be restored`, { details: { officeError: "CannotRestoreItemAttachment" } });
      }
      const newId = await addAttachment(a.content, a.name, a.isInline);
      // Ids are session-only and change on re-add: keep the snapshot usable for a second restore.
      a.id = newId;
    }
  }

  async function restoreHeaders(snapshot: DraftSnapshot): Promise<void> {
    const names = new Set([...Object.keys(snapshot.headers), ...headersBefore.keys()]);
    const toSet: Record<string, string> = {};
    const toRemove: string[] = [];
    for (const n of names) {
      const v = n in snapshot.headers ? snapshot.headers[n] : headersBefore.get(n);
      if (v === undefined) toRemove.push(n);
      else toSet[n] = v;
    }
    if (toRemove.length) await call<void>("internetHeaders.removeAsync", (cb) => item().internetHeaders.removeAsync(toRemove, cb));
    if (Object.keys(toSet).length) await call<void>("internetHeaders.setAsync", (cb) => item().internetHeaders.setAsync(toSet, cb));
  }

  async function restoreSessionData(): Promise<void> {
    for (const key of [...sessionKeysSet]) {
      await call<void>("sessionData.removeAsync", (cb) => item().sessionData.removeAsync(key, cb));
      sessionKeysSet.delete(key);
    }
  }

  async function restore(snapshot: DraftSnapshot): Promise<void> {
    // The send guard's markers go first: a half-restored draft must not look protected.
    await restoreSessionData();
    await setBody(snapshot.body, snapshot.bodyType);
    await restoreAttachments(snapshot);
    await restoreHeaders(snapshot);
    const subject = await call<string>("subject.getAsync", (cb) => item().subject.getAsync(cb));
    if (subject !== snapshot.subject) await call<void>("subject.setAsync", (cb) => item().subject.setAsync(snapshot.subject, cb));
  }

  async function clearBcc(): Promise<void> {
    await call<void>("bcc.setAsync", (cb) => item().bcc.setAsync([], cb));
  }

  async function applyEncrypted(result: EncryptedDraft, snapshot: DraftSnapshot): Promise<void> {
    // Attached Outlook items cannot be re-added from their content (addItemAttachmentAsync needs the item's
    // EWS id), so a rollback could lose them: refuse before touching the draft.
    const unrestorable = snapshot.attachments.filter((a) => a.format !== "base64");
    if (unrestorable.length) {
      throw new SpmError("HOST_ERROR", "Attached Outlook items cannot be protected: attach them as .eml files instead", {
        details: { officeError: "UnsupportedAttachment", reason: "item-attachment", names: unrestorable.map((a) => a.name) },
      });
    }
    const headerNames = Object.keys(result.headers);
    const prior = await getHeaders(headerNames.filter((n) => !headersBefore.has(n)));
    for (const n of headerNames) if (!headersBefore.has(n)) headersBefore.set(n, prior[n]);
    let step = "add-p7m";
    try {
      await addAttachment(result.p7mBase64, P7M_NAME, false);
      step = "set-body";
      if (snapshot.bodyType === "html") await setBody(result.noticeHtml, "html");
      else await setBody(result.noticeText ?? htmlToText(result.noticeHtml), "text");
      step = "remove-originals";
      for (const a of snapshot.attachments) await removeAttachment(a.id);
      step = "set-headers";
      if (headerNames.length) await call<void>("internetHeaders.setAsync", (cb) => item().internetHeaders.setAsync(result.headers, cb));
      step = "set-subject";
      if (result.subject !== undefined && result.subject !== snapshot.subject) {
        const subject = result.subject;
        await call<void>("subject.setAsync", (cb) => item().subject.setAsync(subject, cb));
      }
      step = "set-session-data";
      if (result.sessionData && hasSessionData()) {
        for (const [key, value] of Object.entries(result.sessionData)) {
          sessionKeysSet.add(key);
          await call<void>("sessionData.setAsync", (cb) => item().sessionData.setAsync(key, value, cb));
        }
      }
    } catch (e) {
      const officeError = isSpmError(e) ? (e.details?.officeError as string | undefined) : undefined;
      try {
        if (step !== "add-p7m" || !(isSpmError(e) && e.details?.timedOut)) await restore(snapshot);
      } catch (rollbackError) {
        throw new SpmError("HOST_ERROR", "Could not protect the message, and could not restore the draft: check it before sending", {
          cause: rollbackError,
          details: { officeError: officeError ?? "Unknown", step, rollbackFailed: true, firstError: e instanceof Error ? e.message : String(e) },
        });
      }
      if (isSpmError(e)) throw new SpmError("HOST_ERROR", e.message, { cause: e, details: { ...e.details, step, rolledBack: true } });
      throw new SpmError("HOST_ERROR", "Could not protect the message", { cause: e, details: { officeError: "Unknown", step, rolledBack: true } });
    }
  }

  return { readSnapshot, applyEncrypted, restore, clearBcc, lateAttachmentProblems: () => [...lateAttachmentErrors] };
}
