/**
 * Attachments during apply and restore, as real Outlook treats inline images:
 * - `removeAttachmentAsync` does not remove inline attachments; Outlook drops an inline image once the body
 *   no longer references it (OfficeDev/office-js-docs-pr, docs/outlook/add-and-remove-attachments-to-an-item-
 *   in-a-compose-form.md: "The removeAttachmentAsync method doesn't remove inline attachments from a mail item.
 *   To remove an inline attachment, first get the item's body, then remove any references of the attachment
 *   from its contents"; the same note on removeAttachmentAsync in office.messagecompose.yml). So apply removes
 *   only files, then lists the draft again and refuses to go on while any original is still in it.
 * - Re-added images get new ids and new Content-IDs, so restore adds them first, reads their new ids
 *   (getAttachmentsAsync), rewrites the old body's `cid:` references, and only then sets the body.
 * Attachments are matched by name and size: ids are session-only and change on re-add (temporary `addinId:`
 * ids for inline images on the web, office.attachmentdetailscompose.yml).
 */
import { SpmError } from "../core/errors";
import type { DraftCalls } from "./compose-draft";
import type { DraftAttachment, DraftSnapshot } from "./compose-types";
import { resolveInlineImages, rewriteContentIds } from "./inline-images";

type Listed = Office.AttachmentDetailsCompose;

const sameFile = (a: { name: string; size: number }, b: { name: string; size: number }) => a.name === b.name && a.size === b.size;

/** Pair each wanted attachment with one listed attachment of the same name and size (each listed one used once). */
function pairUp<T extends { name: string; size: number }>(wanted: T[], listed: Listed[]): (Listed | undefined)[] {
  const used = new Set<Listed>();
  return wanted.map((w) => {
    const hit = listed.find((l) => !used.has(l) && sameFile(w, l));
    if (hit) used.add(hit);
    return hit;
  });
}

/** Remove the draft's original files by id; inline images stay (Outlook does not remove them, see above). */
export async function removeOriginalFiles(d: DraftCalls, snapshot: DraftSnapshot): Promise<void> {
  for (const a of snapshot.attachments) if (!a.isInline) await d.removeAttachment(a.id);
}

/** How often, and how far apart, apply looks again for originals Outlook has not let go of yet. */
const LEFTOVER_CHECKS = 3;
const LEFTOVER_WAIT_MS = 300;

/**
 * Apply's check after the notice body is set and the original files are removed (removeOriginalFiles; inline
 * images are never removed by id): list again, try once more to remove whatever original is left (an image
 * Outlook may drop a moment after the body changed: looked at again a few times), and fail (the caller rolls
 * back) if any is still there: it would travel unencrypted next to smime.p7m.
 */
export async function checkNoOriginalsLeft(d: DraftCalls, snapshot: DraftSnapshot, p7mName: string): Promise<void> {
  const isOurs = (l: Listed) => !l.isInline && l.name === p7mName;
  let left: Listed[] = [];
  for (let check = 0; check < LEFTOVER_CHECKS; check++) {
    if (check > 0) await new Promise((resolve) => setTimeout(resolve, LEFTOVER_WAIT_MS));
    left = (await d.listAttachments()).filter((l) => !isOurs(l));
    if (left.length === 0) return;
    // Only originals are removed again; anything else (added meanwhile) is not ours to remove: fail below.
    const originals = left.filter((l) => snapshot.attachments.some((a) => sameFile(a, l)));
    if (originals.length < left.length) break;
    for (const l of originals) await d.removeAttachment(l.id);
  }
  left = (await d.listAttachments()).filter((l) => !isOurs(l));
  if (left.length) {
    throw new SpmError("HOST_ERROR", "Outlook kept attachments of the original message in the draft", {
      details: { officeError: "AttachmentKept", names: left.map((l) => l.name) },
    });
  }
}

/**
 * Names for re-adding images: an image an add-in adds answers to `cid:<name>`, so two images of the same
 * name (Outlook on the web calls pasted pictures "image.png") would point at one picture. The second one is
 * re-added as "image-2.png" (no spaces: the name becomes a `cid:` URL).
 */
function namesForReAdd(images: DraftAttachment[]): string[] {
  const taken = new Set<string>();
  return images.map((a) => {
    const dot = a.name.lastIndexOf(".");
    const [base, ext] = dot > 0 ? [a.name.slice(0, dot), a.name.slice(dot)] : [a.name, ""];
    let name = a.name;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}-${n}${ext}`;
    taken.add(name.toLowerCase());
    return name;
  });
}

/**
 * Re-add the snapshot's inline images that are no longer in the draft, read their new Content-IDs, and
 * return the snapshot's body with its references rewritten to them, plus the name each image has now.
 * Images still in the draft keep their ids and names.
 */
async function restoreInlineImages(d: DraftCalls, snapshot: DraftSnapshot): Promise<{ body: string; names: Map<DraftAttachment, string> }> {
  const names = new Map<DraftAttachment, string>();
  const images = snapshot.attachments.filter((a) => a.isInline && a.format === "base64");
  if (images.length === 0) return { body: snapshot.body, names };
  const before = (await d.listAttachments()).filter((l) => l.isInline);
  const present = pairUp(images, before);
  const missing = images.filter((_, i) => present[i] === undefined);
  const addNames = namesForReAdd(missing);
  for (const [i, a] of missing.entries()) {
    a.id = await d.addAttachment(a.content, addNames[i], true);
    names.set(a, addNames[i]);
  }
  if (snapshot.bodyType !== "html" || missing.length === 0) return { body: snapshot.body, names };
  const after = (await d.listAttachments()).filter((l) => l.isInline && !before.some((b) => b.id === l.id));
  const fresh = pairUp(
    missing.map((a, i) => ({ name: addNames[i], size: a.size })),
    after,
  );
  // The old reference of each image, from the same resolution the protection used.
  const oldPlan = resolveInlineImages(snapshot.body, snapshot.attachments);
  const mapping = new Map<string, string>();
  missing.forEach((a, i) => {
    const old = oldPlan.contentIds[snapshot.attachments.indexOf(a)];
    const listed = fresh[i];
    // Web and new Outlook list the new Content-ID; elsewhere an added image answers to its name.
    const next = listed?.contentId || addNames[i];
    if (old !== undefined) mapping.set(old, next);
    a.contentId = listed?.contentId || undefined;
  });
  return { body: rewriteContentIds(snapshot.body, mapping), names };
}

/**
 * Bring the files back to the snapshot's list, in its order, touching as little as possible: keep the
 * longest prefix of the whole list (images included) that is still in place, then remove every file after
 * it and re-add the snapshot's files after it in order. Images cannot be moved (removal does not remove
 * them), so files that belong after a re-added image are re-added behind it.
 */
async function restoreFiles(d: DraftCalls, snapshot: DraftSnapshot): Promise<void> {
  const wanted = snapshot.attachments;
  const current = await d.listAttachments();
  let keep = 0;
  while (keep < wanted.length && current[keep] !== undefined && wanted[keep].isInline === current[keep].isInline && sameFile(wanted[keep], current[keep])) keep++;
  for (let k = 0; k < keep; k++) wanted[k].id = current[k].id;
  for (const l of current.slice(keep)) if (!l.isInline) await d.removeAttachment(l.id);
  for (const a of wanted.slice(keep)) if (!a.isInline) await reAdd(d, a, false);
}

async function reAdd(d: DraftCalls, a: DraftAttachment, isInline: boolean): Promise<void> {
  if (a.format !== "base64") {
    throw new SpmError("HOST_ERROR", `The attached item "${a.name}" cannot be restored`, { details: { officeError: "CannotRestoreItemAttachment" } });
  }
  // Ids are session-only and change on re-add: keep the snapshot usable for a second restore.
  a.id = await d.addAttachment(a.content, a.name, isInline);
}

/**
 * Body and attachments back to the snapshot: inline images first (so the body can point at their new ids),
 * then the body (only if it changed), then the files. An inline image that Outlook dropped again because nothing in the body
 * refers to it (it had no reference in the original either) comes back as a file: shown, never lost.
 */
export async function restoreBodyAndAttachments(d: DraftCalls, snapshot: DraftSnapshot): Promise<void> {
  const { body, names } = await restoreInlineImages(d, snapshot);
  // Unchanged (the failure came before the body was replaced): leave it, since Outlook does not hand back
  // a set body byte for byte (office-js #5036) and a needless set would change it.
  const coercion = snapshot.bodyType === "html" ? d.office.CoercionType.Html : d.office.CoercionType.Text;
  const current = await d.call<string>("body.getAsync", (cb) => d.item().body.getAsync(coercion, cb));
  if (current !== body) await d.setBody(body, snapshot.bodyType);
  await restoreFiles(d, snapshot);
  const images = snapshot.attachments.filter((a) => a.isInline && a.format === "base64");
  if (images.length === 0) return;
  const listed = (await d.listAttachments()).filter((l) => l.isInline);
  const present = pairUp(
    images.map((a) => ({ name: names.get(a) ?? a.name, size: a.size })),
    listed,
  );
  for (const [i, a] of images.entries()) if (present[i] === undefined) await reAdd(d, a, false);
}
