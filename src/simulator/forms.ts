/**
 * Outlook's reply and new-message forms in the simulator, with their documented limits and errors
 * (research/onmessagedecrypt.md §3; Office.js source `outlook-web-16.01.debug.js`):
 * - `item.displayReplyFormAsync` / `displayReplyAllFormAsync` (Mailbox 1.9; the synchronous
 *   `displayReplyForm` / `displayReplyAllForm` from 1.1): `htmlBody` at most 32 KB, measured as
 *   `htmlBody.length` (UTF-16 code units, not bytes); attachments of type file/item, and base64 from
 *   Mailbox 1.15 only; names at most 255 characters, URLs 2048, item ids 200; "cloud" is refused. Going over a
 *   limit THROWS synchronously (Sys.ArgumentOutOfRangeException), it is not an asyncResult error.
 * - `mailbox.displayNewMessageFormAsync` (1.9; `displayNewMessageForm` 1.6): at most 100 recipients per
 *   field, subject 255, htmlBody 32 KB, attachments file/item only (no base64: a decrypted file cannot be
 *   handed to a new message), unknown parameter names throw.
 * - the draft a reply form opens keeps the read item's `conversationId`; a new message has none (Office.js:
 *   "null for a new item in a compose form"), as Outlook does.
 * Attachments Outlook cannot add are reported in the form's own UI, never to the add-in: the simulator
 * records them in the opened form (`failedAttachments`) and calls back with success.
 * Mobile Outlook has no reply forms for add-ins; the simulator's platforms are desktop and web only.
 */
import { fromBase64 } from "../core/bytes";
import type { FakeKit } from "./fake-async";
import type { FakeMailboxForms, FakeReadForms } from "./fake-office-types";
import { ADD_MAX_BASE64_CHARS } from "./attachment-limits";
import type { DraftState, SimAddress, SimMailbox } from "./mailbox-state";

export const FORM_LIMITS = Object.freeze({
  htmlBodyMaxLength: 32 * 1024,
  attachmentNameMaxLength: 255,
  urlMaxLength: 2048,
  itemIdMaxLength: 200,
  recipientsMaxPerField: 100,
  subjectMaxLength: 255,
});

export type FormKind = "reply" | "replyAll" | "new";

/** What a form was opened with, for tests and the mail window. */
export interface OpenedForm {
  kind: FormKind;
  method: string;
  htmlBody: string;
  attachments: { type: string; name: string; size: number; isInline: boolean }[];
  /** Attachments Outlook showed an error for in the form (too large, unreachable URL). */
  failedAttachments: { name: string; reason: string }[];
  to: string[];
  cc: string[];
  subject: string;
  conversationId: string | null;
}

type Loose = Record<string, unknown>;

/** What the fake Office lends the forms: the mailbox and its async-call wrapper (latency, pending limit, failNext). */
export type FormKit = FakeKit;

function loose(value: unknown): Loose {
  return value && typeof value === "object" ? (value as Loose) : {};
}

/** Kept on the mailbox: the pane's fake Office and the simulator page are separate bundles sharing it. */
export function openedForms(backend: SimMailbox): OpenedForm[] {
  return backend.openedForms.map((f) => ({ ...f, attachments: f.attachments.map((a) => ({ ...a })), failedAttachments: [...f.failedAttachments] }));
}

function argumentOutOfRange(method: string, parameter: string, detail: string): Error {
  const e = new Error(`Sys.ArgumentOutOfRangeException: ${method}: ${parameter}: ${detail}`);
  e.name = "Sys.ArgumentOutOfRangeException";
  return e;
}

function argumentError(method: string, parameter: string, detail: string): Error {
  const e = new Error(`Sys.ArgumentException: ${method}: ${parameter}: ${detail}`);
  e.name = "Sys.ArgumentException";
  return e;
}

function checkHtmlBody(method: string, html: unknown): string {
  if (html === undefined || html === null) return "";
  if (typeof html !== "string") throw argumentError(method, "htmlBody", "must be a string");
  if (html.length > FORM_LIMITS.htmlBodyMaxLength) throw argumentOutOfRange(method, "htmlBody", `${html.length} > ${FORM_LIMITS.htmlBodyMaxLength}`);
  return html;
}

interface CheckedAttachment {
  type: string;
  name: string;
  base64?: string;
  isInline: boolean;
}

function checkAttachments(method: string, list: unknown, allowBase64: boolean, inlineField: "inLine" | "isInline"): CheckedAttachment[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw argumentError(method, "attachments", "must be an array");
  return list.map((item: unknown) => {
    if (!item || typeof item !== "object") throw argumentError(method, "attachments", "each attachment must be an object");
    const raw = loose(item);
    const type = String(raw.type);
    if (typeof raw.name !== "string" || raw.name.length === 0) throw argumentError(method, "attachments.name", "required");
    if (raw.name.length > FORM_LIMITS.attachmentNameMaxLength) throw argumentOutOfRange(method, "attachments.name", `${raw.name.length} > ${FORM_LIMITS.attachmentNameMaxLength}`);
    const isInline = raw[inlineField] === true || raw.isInline === true;
    if (type === "file") {
      if (typeof raw.url !== "string") throw argumentError(method, "attachments.url", "required for type file");
      if (raw.url.length > FORM_LIMITS.urlMaxLength) throw argumentOutOfRange(method, "attachments.url", `${raw.url.length} > ${FORM_LIMITS.urlMaxLength}`);
      return { type, name: raw.name, isInline };
    }
    if (type === "item") {
      if (typeof raw.itemId !== "string") throw argumentError(method, "attachments.itemId", "required for type item");
      if (raw.itemId.length > FORM_LIMITS.itemIdMaxLength) throw argumentOutOfRange(method, "attachments.itemId", `${raw.itemId.length} > ${FORM_LIMITS.itemIdMaxLength}`);
      return { type, name: raw.name, isInline: false };
    }
    if (type === "base64" && allowBase64) {
      if (typeof raw.base64file !== "string") throw argumentError(method, "attachments.base64file", "required for type base64");
      return { type, name: raw.name, base64: raw.base64file, isInline };
    }
    throw argumentError(method, "attachments.type", `${type} is not supported here`);
  });
}

function addressList(list: SimAddress[], exclude: string): string[] {
  return list.map((a) => a.emailAddress).filter((a) => a.toLowerCase() !== exclude.toLowerCase());
}

/** The new draft a form opens (Outlook: a new compose window; the simulator: its one draft). */
function openDraft(backend: SimMailbox, form: OpenedForm, files: CheckedAttachment[], originalHtml: string, originalMessageId = ""): void {
  const owner = backend.draft.from;
  const toAddress = (a: string): SimAddress => ({ displayName: a, emailAddress: a });
  const draft: DraftState = {
    from: { ...owner },
    to: form.to.map(toAddress),
    cc: form.cc.map(toAddress),
    bcc: [],
    subject: form.subject,
    bodyType: "html",
    // A reply form puts htmlBody above Outlook's own quote of the original item (here: its visible body).
    body: form.kind === "new" ? form.htmlBody : `${form.htmlBody}<hr><div id="divRplyFwdMsg">${originalHtml}</div>`,
    attachments: [],
    internetHeaders: {},
    sessionData: {},
    ...(form.conversationId !== null ? { conversationId: form.conversationId } : {}),
    // A reply knows what it answers (item.inReplyTo, Mailbox 1.14); a new message does not.
    ...(form.kind !== "new" && originalMessageId ? { inReplyTo: originalMessageId } : {}),
    closed: false,
    discarded: false,
  };
  backend.draft = draft;
  for (const f of files) {
    if (f.base64 === undefined) {
      form.failedAttachments.push({ name: f.name, reason: "the simulator cannot fetch URLs or Exchange items" });
      continue;
    }
    // No limit is documented for files in reply forms; the one of addFileAttachmentFromBase64Async is assumed.
    if (f.base64.length > ADD_MAX_BASE64_CHARS) {
      form.failedAttachments.push({ name: f.name, reason: "too large" });
      continue;
    }
    const att = backend.addAttachment(f.base64.replace(/\s+/g, ""), f.name, f.isInline, f.isInline ? f.name : undefined);
    form.attachments.push({ type: f.type, name: att.name, size: fromBase64(f.base64).length, isInline: f.isInline });
  }
  backend.openedForms.push(form);
  backend.changed();
}

/** Reply and reply-all on the read item. */
export function readItemForms(kit: FormKit): FakeReadForms {
  const { backend } = kit;
  const reply = (kind: "reply" | "replyAll", method: string) => {
    const run = (data: unknown) => {
      const item = backend.readItem;
      if (!item) throw new Error("no read item");
      const input: Loose = typeof data === "string" ? { htmlBody: data } : loose(data);
      const htmlBody = checkHtmlBody(method, input.htmlBody);
      const files = checkAttachments(method, input.attachments, backend.supports("1.15"), "inLine");
      const owner = backend.draft.from.emailAddress;
      const sender = item.from ? [item.from.emailAddress] : [];
      const form: OpenedForm = {
        kind,
        method,
        htmlBody,
        attachments: [],
        failedAttachments: [],
        to: kind === "reply" ? sender : [...sender, ...addressList(item.to, owner)],
        cc: kind === "reply" ? [] : addressList(item.cc, owner),
        subject: /^re:/i.test(item.subject) ? item.subject : `RE: ${item.subject}`,
        conversationId: item.conversationId,
      };
      return () => openDraft(backend, form, files, item.bodyType === "html" ? item.body : textAsHtml(item.body), item.internetMessageId);
    };
    return {
      sync: (data: unknown) => {
        const open = run(data);
        backend.record({ method: method.replace(/Async$/, ""), outcome: "sync" });
        open();
      },
      async: (data: unknown, ...rest: unknown[]) => {
        // Validation throws before anything is queued, as Office.js does; the form opens after the round trip.
        const open = run(data);
        kit.asyncMethod(method, 1, open)(data, ...rest);
      },
    };
  };
  const r = reply("reply", "displayReplyFormAsync");
  const ra = reply("replyAll", "displayReplyAllFormAsync");
  return {
    displayReplyForm: r.sync,
    displayReplyAllForm: ra.sync,
    ...(backend.supports("1.9") ? { displayReplyFormAsync: r.async, displayReplyAllFormAsync: ra.async } : {}),
  };
}

function textAsHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r?\n/g, "<br>");
}

const MESSAGE_FORM_KEYS = new Set(["toRecipients", "ccRecipients", "bccRecipients", "subject", "htmlBody", "attachments"]);

function recipients(method: string, field: string, list: unknown): string[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw argumentError(method, field, "must be an array");
  if (list.length > FORM_LIMITS.recipientsMaxPerField) throw argumentOutOfRange(method, field, `${list.length} > ${FORM_LIMITS.recipientsMaxPerField}`);
  return list.map((r: unknown) => {
    const address = typeof r === "string" ? r : loose(r).emailAddress;
    if (typeof address !== "string") throw argumentError(method, field, "each recipient is an address or { emailAddress }");
    return address;
  });
}

/** `mailbox.displayNewMessageForm(Async)`: the forward of decrypted content opens here. */
export function mailboxForms(kit: FormKit): FakeMailboxForms {
  const { backend } = kit;
  const method = "displayNewMessageFormAsync";
  const run = (parameters: unknown) => {
    if (!parameters || typeof parameters !== "object") throw argumentError(method, "parameters", "must be an object");
    const p = loose(parameters);
    for (const key of Object.keys(p)) if (!MESSAGE_FORM_KEYS.has(key)) throw argumentError(method, key, "unknown parameter");
    const to = recipients(method, "toRecipients", p.toRecipients);
    const cc = recipients(method, "ccRecipients", p.ccRecipients);
    recipients(method, "bccRecipients", p.bccRecipients);
    const subject = p.subject;
    if (subject !== undefined && (typeof subject !== "string" || subject.length > FORM_LIMITS.subjectMaxLength)) throw argumentOutOfRange(method, "subject", "at most 255 characters");
    const htmlBody = checkHtmlBody(method, p.htmlBody);
    const files = checkAttachments(method, p.attachments, false, "isInline");
    const form: OpenedForm = { kind: "new", method, htmlBody, attachments: [], failedAttachments: [], to, cc, subject: typeof subject === "string" ? subject : "", conversationId: null };
    return () => openDraft(backend, form, files, "");
  };
  return {
    displayNewMessageForm: (parameters: unknown) => {
      const open = run(parameters);
      backend.record({ method: "displayNewMessageForm", outcome: "sync" });
      open();
    },
    ...(backend.supports("1.9")
      ? {
          displayNewMessageFormAsync: (parameters: unknown, ...rest: unknown[]) => {
            const open = run(parameters);
            kit.asyncMethod(method, 1, open)(parameters, ...rest);
          },
        }
      : {}),
  };
}
