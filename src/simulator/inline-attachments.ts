/**
 * Inline images in the simulated draft, as real Outlook handles them (each rule with its source):
 * - Content-IDs per platform. Web and new Outlook reference an inline image as `cid:<GUID>`, equal to the
 *   attachment's `contentId` in getAttachmentsAsync (devblog "Changes to inline image representation in Outlook
 *   on the web and new Outlook for Windows", 2025-10-06; OfficeDev/office-js-docs-reference,
 *   docs/docs-ref-autogen/outlook/outlook/office.attachmentdetailscompose.yml, `contentId`, Mailbox 1.16).
 *   Classic Windows and Mac use `cid:image001.png@01DC0AD0.27C2B7A0` and list no `contentId` (office-js #6373;
 *   the same yml: web and new Outlook only, classic Windows in a Beta-channel preview).
 * - Images an add-in adds with `isInline: true` answer to `cid:<name>` (the example in OfficeDev/office-js-docs-pr,
 *   docs/outlook/add-and-remove-attachments-to-an-item-in-a-compose-form.md; office-js #6274 on the web).
 * - On the web such an image first gets a temporary id `addinId:<GUID>` while it uploads, then an EWS id and
 *   `isServiceAccessible: true`; the temporary id stays usable for the session (the yml's `id` and
 *   `isServiceAccessible`; devblog "Changes to attachment IDs for inline images in Outlook add-ins"). Classic
 *   and Mac: index ids, `isServiceAccessible` always false.
 * - `removeAttachmentAsync` does not remove inline attachments; an inline image goes when the body no longer
 *   references it (the docs page above, "Remove an attachment": "doesn't remove inline attachments from a mail
 *   item. To remove an inline attachment, first get the item's body, then remove any references of the
 *   attachment from its contents").
 * - The body read back is not byte for byte what was set: Outlook on the web gives each `cid:` image an
 *   `originalsrc` copy of its reference (the body in the devblog of 2025-10-06 above; office-js #5036: getAsync
 *   returns the body differently from what was put in). A check that a body was "restored" must compare with
 *   what Outlook returns for the original (`normalizeWebBody`), not with the bytes once set.
 * - getAttachmentContentAsync fails with AttachmentTypeNotSupported for item attachments other than messages
 *   and calendar items, e.g. a contact or task (errors of getAttachmentContentAsync in office.messagecompose.yml).
 */
import type { DraftState, SimAttachment, SimPlatform } from "./mailbox-state";

/** How long the simulated upload of an add-in's inline image takes on the web (then it gets its EWS id). */
export const INLINE_UPLOAD_MS = 40;

function hex(bytes: number): string {
  const raw = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(raw);
  return Array.from(raw, (b) => b.toString(16).padStart(2, "0")).join("").toUpperCase();
}

/** The Content-ID Outlook gives an image the user put into the body (pasted, inserted, signature). */
export function userImageContentId(platform: SimPlatform, name: string): string {
  if (platform === "OfficeOnline") return globalThis.crypto.randomUUID();
  return `${name}@01DC${hex(2)}.${hex(4)}`;
}

/** Every `cid:` reference of an HTML body, lower-cased and URL-decoded. */
export function bodyReferences(html: string): Set<string> {
  const out = new Set<string>();
  for (const m of html.matchAll(/\bcid:([^"'\s>)]+)/gi)) {
    let id = m[1];
    try {
      id = decodeURIComponent(id);
    } catch {
      id = m[1]; // not URL-encoded: as written
    }
    out.add(id.toLowerCase());
  }
  return out;
}

/** The HTML as Outlook on the web keeps it after body.setAsync: `originalsrc` added to cid images lacking it. */
export function normalizeWebBody(html: string): string {
  return html.replace(/<img\b([^>]*?)\bsrc=(["'])cid:([^"']+)\2([^>]*)>/gi, (whole, pre: string, q: string, cid: string, post: string) =>
    /\boriginalsrc=/i.test(pre + post) ? whole : `<img${pre}src=${q}cid:${cid}${q} originalsrc=${q}cid:${cid}${q}${post}>`,
  );
}

/** After a body change: inline images the HTML body no longer references are gone, as in Outlook. */
export function dropUnreferencedInline(draft: DraftState): void {
  if (draft.bodyType !== "html") return;
  const refs = bodyReferences(draft.body);
  draft.attachments = draft.attachments.filter((a) => !a.isInline || (a.contentId !== undefined && refs.has(a.contentId.toLowerCase())));
}

/** The attachment an id means: its current id or, for the session, its temporary `addinId:` one. */
export function findAttachment(draft: DraftState, id: unknown): SimAttachment | undefined {
  return draft.attachments.find((a) => a.id === id || (a.tempId !== undefined && a.tempId === id));
}

/**
 * An inline image an add-in just added on the web: a temporary id now, the EWS id (`ewsId()`) once the
 * simulated upload is done. Returns the id the add call answers with.
 */
export function startInlineUpload(att: SimAttachment, ewsId: () => string, done: () => void): string {
  att.tempId = "addinId:" + globalThis.crypto.randomUUID();
  att.id = att.tempId;
  att.uploaded = false;
  setTimeout(() => {
    att.id = ewsId();
    att.uploaded = true;
    done();
  }, INLINE_UPLOAD_MS);
  return att.tempId;
}

/** getAttachmentsAsync's entry for one attachment on this platform. */
export function listedAttachment(att: SimAttachment, platform: SimPlatform): Record<string, unknown> {
  const web = platform === "OfficeOnline";
  return {
    id: att.id,
    name: att.name,
    attachmentType: att.attachmentType,
    size: att.size,
    isInline: att.isInline,
    isServiceAccessible: web && att.uploaded !== false,
    ...(web && att.isInline && att.contentId !== undefined ? { contentId: att.contentId } : {}),
  };
}

/** Item attachments whose content Outlook does not hand to add-ins. */
export function contentUnsupported(att: SimAttachment): boolean {
  return att.attachmentType === "item" && att.itemClass !== undefined && att.itemClass !== "message" && att.itemClass !== "calendar";
}
