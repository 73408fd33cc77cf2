/**
 * Outlook's own reply, reply-all and new-message forms, opened from the read pane with the decrypted text
 * quoted (research/onmessagedecrypt.md §3):
 * - `displayReplyFormAsync` / `displayReplyAllFormAsync` (Mailbox 1.9; the synchronous forms from 1.1):
 *   htmlBody at most 32 KB, counted as UTF-16 code units (`htmlBody.length`), over it Office.js throws
 *   synchronously. Base64 attachments only from Mailbox 1.15 (both spellings `inLine`/`isInline` set: the
 *   CDN and npm builds of Office.js read different ones).
 * - `displayNewMessageFormAsync` (1.9): the same 32 KB, subject 255; no base64 attachments at all, so a
 *   forward cannot carry the decrypted files.
 * - None of these exist for add-ins in Outlook on iOS or Android.
 * Attachments Outlook cannot add are shown as an error in the form, never reported to the add-in, so the
 * caller keeps each one under the platform's base64 limit itself.
 */
import { SpmError } from "../core/errors";
import { attachmentLimitBase64Chars, hostPlatform } from "./limits";
import { createOfficeCallQueue, type OfficeCallQueue } from "./office-call";
import { supportsMailbox } from "./office-ready";

export const FORM_HTML_BODY_MAX_LENGTH = 32 * 1024;
export const FORM_ATTACHMENT_NAME_MAX_LENGTH = 255;
export const FORM_SUBJECT_MAX_LENGTH = 255;

export type ReplyKind = "reply" | "replyAll";

export interface FormAttachment {
  name: string;
  base64: string;
}

export interface FormCapabilities {
  /** Reply and reply all can be opened. */
  reply: boolean;
  /** A new message (our forward) can be opened. */
  forward: boolean;
  /** Reply forms take base64 attachments (Mailbox 1.15). */
  replyAttachments: boolean;
  /** The largest base64 attachment the platform takes. */
  attachmentMaxBase64Chars: number;
  /** Why reply/forward are not offered at all. */
  unavailable?: "mobile" | "requirement-set";
}

export interface ReplyPort {
  capabilities(): FormCapabilities;
  /** The opened item's conversation (what the reply will belong to); undefined when Outlook gives none. */
  conversationId(): string | undefined;
  openReply(kind: ReplyKind, htmlBody: string, attachments?: FormAttachment[]): Promise<void>;
  openNewMessage(form: { subject: string; htmlBody: string }): Promise<void>;
}

function checkBody(htmlBody: string): void {
  // Office.js would throw; a typed error of ours is clearer to the caller (the quote builder keeps under it).
  if (htmlBody.length > FORM_HTML_BODY_MAX_LENGTH) {
    throw new SpmError("LIMIT_EXCEEDED", "The reply text exceeds Outlook's 32 KB limit for forms", { details: { length: htmlBody.length, max: FORM_HTML_BODY_MAX_LENGTH } });
  }
}

export function createReplyPort(office: typeof Office = globalThis.Office, options: { queue?: OfficeCallQueue } = {}): ReplyPort {
  const queue = options.queue ?? createOfficeCallQueue();
  const item = () => office.context.mailbox.item as Office.MessageRead;

  function capabilities(): FormCapabilities {
    const platform = hostPlatform(office);
    const base = { reply: false, forward: false, replyAttachments: false, attachmentMaxBase64Chars: attachmentLimitBase64Chars(office) };
    if (platform === "iOS" || platform === "Android") return { ...base, unavailable: "mobile" };
    const it = item();
    const reply = typeof it?.displayReplyFormAsync === "function" || typeof it?.displayReplyForm === "function";
    const forward = typeof office.context.mailbox.displayNewMessageFormAsync === "function" || typeof office.context.mailbox.displayNewMessageForm === "function";
    if (!reply && !forward) return { ...base, unavailable: "requirement-set" };
    return { ...base, reply, forward, replyAttachments: reply && supportsMailbox(office, "1.15") };
  }

  async function openReply(kind: ReplyKind, htmlBody: string, attachments: FormAttachment[] = []): Promise<void> {
    checkBody(htmlBody);
    const it = item();
    const data: Office.ReplyFormData = {
      htmlBody,
      ...(attachments.length
        ? {
            attachments: attachments.map((a) => ({
              type: "base64",
              name: a.name.slice(0, FORM_ATTACHMENT_NAME_MAX_LENGTH),
              base64file: a.base64,
              inLine: false,
              isInline: false,
            })) as unknown as Office.ReplyFormAttachment[],
          }
        : {}),
    };
    const method = kind === "reply" ? "displayReplyFormAsync" : "displayReplyAllFormAsync";
    if (typeof it[method] === "function") {
      await queue.call<void>(method, (cb) => it[method](data, cb));
      return;
    }
    // Mailbox 1.1-1.8: the synchronous form (no callback; it throws on bad arguments).
    const sync = kind === "reply" ? "displayReplyForm" : "displayReplyAllForm";
    if (typeof it[sync] !== "function") throw new SpmError("HOST_ERROR", "This Outlook has no reply forms for add-ins", { details: { officeError: "NotSupported", method } });
    it[sync](data);
  }

  async function openNewMessage(form: { subject: string; htmlBody: string }): Promise<void> {
    checkBody(form.htmlBody);
    const parameters = { subject: form.subject.slice(0, FORM_SUBJECT_MAX_LENGTH), htmlBody: form.htmlBody };
    const mailbox = office.context.mailbox;
    if (typeof mailbox.displayNewMessageFormAsync === "function") {
      await queue.call<void>("displayNewMessageFormAsync", (cb) => mailbox.displayNewMessageFormAsync(parameters, cb));
      return;
    }
    if (typeof mailbox.displayNewMessageForm !== "function") throw new SpmError("HOST_ERROR", "This Outlook has no new-message form for add-ins", { details: { officeError: "NotSupported", method: "displayNewMessageFormAsync" } });
    mailbox.displayNewMessageForm(parameters);
  }

  return {
    capabilities,
    conversationId: () => item()?.conversationId || undefined,
    openReply,
    openNewMessage,
  };
}
