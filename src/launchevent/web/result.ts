/**
 * What the handler passes to event.completed for a message it decrypted: the body (sanitized HTML or plain
 * text) under the one neutral line, the attachments (inline images with their contentId so Outlook resolves
 * cid: references), and contextData, which Outlook hands to reply/forward drafts of this message.
 */
import { toBase64 } from "../../core/bytes";
import type { LocalizedText } from "../../core/types";
import { encryptedOriginContext } from "../../core/policy";
import { NEUTRAL_LINE, type DecryptCompletedOptions } from "../decrypt-texts";
import type { Lang } from "../office";
import type { ContentFile, MessageContent } from "./content";
import { sanitizeForOutlook } from "./sanitize";

export type DecryptedAttachment = Office.DecryptedMessageAttachment;

export interface DecryptCompletion extends DecryptCompletedOptions {
  allowEvent: true;
  emailBody: Office.DecryptedMessageBody;
  attachments: DecryptedAttachment[];
  /** A JSON string: {"spm":"encrypted-original","messageId":"<...>"}. */
  contextData: string;
}

// The values of Office.CoercionType.Html/Text and Office.MailboxEnums.AttachmentType.File, spelled out so this
// module also runs where the Office global is absent (the sanitizer's test page).
const HTML = "html" as unknown as Office.CoercionType;
const TEXT = "text" as unknown as Office.CoercionType;
const FILE = "file" as unknown as Office.MailboxEnums.AttachmentType;

/** Outlook's attachment names: no path separators or control characters, 255 characters at most. */
function safeName(name: string): string {
   
  const clean = name.replace(/[\u0000-\u001f\u007f\\/]+/g, "_").trim();
  return (clean || "attachment").slice(0, 255);
}

function attachment(file: ContentFile, inline: boolean): DecryptedAttachment {
  return {
    attachmentType: FILE,
    name: safeName(file.name),
    content: toBase64(file.bytes),
    isInline: inline,
    ...(inline && file.contentId ? { contentId: file.contentId } : {}),
  };
}

function neutralHtml(text: LocalizedText, lang: Lang): string {
  const line = text[lang].replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
  return `<p style="margin:0 0 8px 0;color:#616161;font-size:12px">${line}</p><hr>`;
}

export function buildCompletion(content: MessageContent, messageId: string, lang: Lang): DecryptCompletion {
  let emailBody: DecryptCompletion["emailBody"];
  let referenced = new Set<string>();
  if (content.body.kind === "html") {
    const clean = sanitizeForOutlook(content.body.html, new Set(content.inline.map((i) => i.contentId!)));
    referenced = clean.cids;
    emailBody = { coercionType: HTML, content: `<div>${neutralHtml(NEUTRAL_LINE, lang)}${clean.html}</div>` };
  } else {
    const text = content.body.kind === "text" ? content.body.text : "";
    emailBody = { coercionType: TEXT, content: `${NEUTRAL_LINE[lang]}\r\n\r\n${text}` };
  }
  // Inline images the body shows go inline; the others are offered as ordinary files.
  const attachments = [
    ...content.inline.filter((i) => referenced.has(i.contentId!)).map((i) => attachment(i, true)),
    ...content.inline.filter((i) => !referenced.has(i.contentId!)).map((i) => attachment(i, false)),
    ...content.files.map((f) => attachment(f, false)),
  ];
  return { allowEvent: true, emailBody, attachments, contextData: encryptedOriginContext(messageId) };
}
