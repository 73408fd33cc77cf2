/**
 * From the host's draft snapshot to the core's Draft: addresses, body (HTML with its text alternative, or
 * plain text), and every attachment; inline images keep the Content-ID the HTML refers to.
 */
import type { DraftSnapshot, Recipient } from "../../host";
import type { Address, Draft, DraftAttachment } from "../../core/mime";

/** RFC 5322 msg-id characters our MIME builder accepts inside <...>. */
const CID_CHARS = /^[\x21-\x3b\x3d\x3f-\x7e]+$/;

function address(r: Recipient): Address {
  return r.displayName && r.displayName !== r.emailAddress ? { name: r.displayName, address: r.emailAddress } : { address: r.emailAddress };
}

/** Every `cid:` reference in the HTML (src="cid:...", also URL-encoded ones). */
export function referencedContentIds(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/\bcid:([^"'\s>)]+)/gi)) {
    let id = m[1];
    try {
      id = decodeURIComponent(id);
    } catch {
      id = m[1]; // not URL-encoded after all: keep it as written
    }
    out.push(id);
  }
  return out;
}

/**
 * Outlook gives no Content-ID for attachments. Images it embeds are referenced as `cid:<name>` (added
 * through Office.js) or `cid:<name>@<suffix>` (pasted in Outlook); either way the reference starts with the
 * file name. Unreferenced or unusable ids: the image still travels, as an inline attachment without an id.
 */
export function contentIdFor(name: string, referenced: string[]): string | undefined {
  const lower = name.toLowerCase();
  const hit = referenced.find((c) => c.toLowerCase() === lower || c.toLowerCase().startsWith(lower + "@")) ?? name;
  return CID_CHARS.test(hit) ? hit : undefined;
}

export function toCoreDraft(snapshot: DraftSnapshot, now: Date = new Date()): Draft {
  const html = snapshot.bodyType === "html" ? snapshot.body : undefined;
  const referenced = html ? referencedContentIds(html) : [];
  const attachments: DraftAttachment[] = snapshot.attachments.map((a) => {
    if (!a.isInline) return { name: a.name, content: a.bytes };
    const contentId = contentIdFor(a.name, referenced);
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
