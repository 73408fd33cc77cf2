/**
 * From the host's draft snapshot to the core's Draft: addresses, body (HTML with its text alternative, or
 * plain text), and every attachment; inline images keep the Content-ID the HTML refers to.
 */
import { resolveInlineImages, type DraftSnapshot, type InlineResolution, type Recipient } from "../../host";
import type { Address, Draft, DraftAttachment } from "../../core/mime";

function address(r: Recipient): Address {
  return r.displayName && r.displayName !== r.emailAddress ? { name: r.displayName, address: r.emailAddress } : { address: r.emailAddress };
}

/**
 * Each inline image with the Content-ID its body reference uses (see host/inline-images.ts for how Outlook
 * names them per platform). `unplaced`: images no reference points at; they still travel, as inline
 * attachments without an id, and the pane says so.
 */
export function inlineImagePlan(snapshot: DraftSnapshot): InlineResolution {
  return resolveInlineImages(snapshot.bodyType === "html" ? snapshot.body : undefined, snapshot.attachments);
}

export function toCoreDraft(snapshot: DraftSnapshot, now: Date = new Date()): Draft {
  const html = snapshot.bodyType === "html" ? snapshot.body : undefined;
  const plan = inlineImagePlan(snapshot);
  const attachments: DraftAttachment[] = snapshot.attachments.map((a, i) => {
    if (!a.isInline) return { name: a.name, content: a.bytes };
    const contentId = plan.contentIds[i];
    return { name: a.name, content: a.bytes, inline: true, ...(contentId ? { contentId } : {}) };
  });
  return {
    ...(snapshot.from ? { from: address(snapshot.from) } : {}),
    to: snapshot.to.map(address),
    cc: snapshot.cc.map(address),
    subject: snapshot.subject,
    date: now,
    ...(html !== undefined ? { html } : { text: snapshot.body }),
    attachments,
  };
}
