/** Reading the draft (the compose port's snapshot) and bringing it back to a snapshot (Undo, rollback). */
import { fromBase64 } from "../core/bytes";
import { SpmError } from "../core/errors";
import type { DraftCalls } from "./compose-draft";
import { restoreBodyAndAttachments } from "./compose-inline";
import type { DraftAttachment, DraftSnapshot, Recipient, UnreadableAttachment } from "./compose-types";
import { isOfficeError, OFFICE_ERROR_CODES } from "./office-call";
import { supportsMailbox } from "./office-ready";

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function toRecipient(r: { displayName?: string; emailAddress?: string }): Recipient {
  return { displayName: r.displayName ?? "", emailAddress: r.emailAddress ?? "" };
}

/**
 * Every attachment with its content; cloud attachments cannot be read and fail the snapshot. An attachment
 * whose content Outlook refuses with AttachmentTypeNotSupported (a dragged-in contact, task or, on the web,
 * message: office.attachmentcontent.yml and the getAttachmentContentAsync errors in office.messagecompose.yml,
 * OfficeDev/office-js-docs-reference) is listed in `unreadable` instead: the pane still opens and blocks on it
 * by name, rather than failing to read the draft or leaving patient data out unseen.
 */
async function readAttachments({ call, item, listAttachments }: DraftCalls): Promise<{ attachments: DraftAttachment[]; unreadable: UnreadableAttachment[] }> {
  const attachments: DraftAttachment[] = [];
  const unreadable: UnreadableAttachment[] = [];
  for (const a of await listAttachments()) {
    let content: Office.AttachmentContent;
    try {
      content = await call<Office.AttachmentContent>("getAttachmentContentAsync", (cb) => item().getAttachmentContentAsync(a.id, cb));
    } catch (e) {
      // Decided on the code: Office may localise the error's name (issue 17, item 7).
      if (!isOfficeError(e, OFFICE_ERROR_CODES.AttachmentTypeNotSupported)) throw e;
      unreadable.push({ name: a.name, officeError: "AttachmentTypeNotSupported" });
      continue;
    }
    const format = String(content.format);
    if (format !== "base64" && format !== "eml") {
      throw new SpmError("HOST_ERROR", `Attachment "${a.name}" cannot be read (${format}): cloud attachments are not supported`, {
        details: { officeError: "UnsupportedAttachmentFormat", format },
      });
    }
    const contentId = (a as { contentId?: unknown }).contentId;
    attachments.push({
      id: a.id,
      name: a.name,
      isInline: a.isInline,
      attachmentType: String(a.attachmentType) as DraftAttachment["attachmentType"],
      size: a.size,
      format,
      content: content.content,
      bytes: format === "base64" ? fromBase64(content.content) : new TextEncoder().encode(content.content),
      ...(a.isInline && typeof contentId === "string" && contentId ? { contentId } : {}),
    });
  }
  return { attachments, unreadable };
}

export async function readSnapshot(d: DraftCalls, trackedHeaders: string[]): Promise<DraftSnapshot> {
  const { office, call } = d;
  const it = d.item();
  const bodyType = (await call<string>("body.getTypeAsync", (cb) => it.body.getTypeAsync(cb))) === "html" ? "html" : "text";
  const body = await call<string>("body.getAsync", (cb) => it.body.getAsync(bodyType === "html" ? office.CoercionType.Html : office.CoercionType.Text, cb));
  const to = await call<Office.EmailAddressDetails[]>("to.getAsync", (cb) => it.to.getAsync(cb));
  const cc = await call<Office.EmailAddressDetails[]>("cc.getAsync", (cb) => it.cc.getAsync(cb));
  const bcc = await call<Office.EmailAddressDetails[]>("bcc.getAsync", (cb) => it.bcc.getAsync(cb));
  const subject = await call<string>("subject.getAsync", (cb) => it.subject.getAsync(cb));
  let from: Recipient | undefined;
  if (supportsMailbox(office, "1.7") && it.from) from = toRecipient(await call<Office.EmailAddressDetails>("from.getAsync", (cb) => it.from.getAsync(cb)));
  const { attachments, unreadable } = await readAttachments(d);
  const headers = await d.getHeaders(trackedHeaders);
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
    ...(unreadable.length ? { unreadable } : {}),
    headers,
    ...(typeof inReplyTo === "string" && inReplyTo ? { inReplyTo } : {}),
  };
}

async function restoreHeaders({ call, item, headersBefore }: DraftCalls, snapshot: DraftSnapshot): Promise<void> {
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

async function restoreSessionData({ call, item, sessionKeysSet }: DraftCalls): Promise<void> {
  for (const key of [...sessionKeysSet]) {
    await call<void>("sessionData.removeAsync", (cb) => item().sessionData.removeAsync(key, cb));
    sessionKeysSet.delete(key);
  }
}

export async function restoreSnapshot(d: DraftCalls, snapshot: DraftSnapshot): Promise<void> {
  // The send guard's markers go first: a half-restored draft must not look protected.
  await restoreSessionData(d);
  await restoreBodyAndAttachments(d, snapshot);
  await restoreHeaders(d, snapshot);
  const subject = await d.call<string>("subject.getAsync", (cb) => d.item().subject.getAsync(cb));
  if (subject !== snapshot.subject) await d.call<void>("subject.setAsync", (cb) => d.item().subject.setAsync(snapshot.subject, cb));
}
