/**
 * Inline images: which attachment each `cid:` reference in the HTML body means, and rewriting references
 * after Outlook gave re-added images new Content-IDs. Pure functions (no Office), used by the compose port's
 * restore and by the pane when it builds the MIME message.
 *
 * How Outlook names them (OfficeDev/office-js-docs-reference,
 * docs/docs-ref-autogen/outlook/outlook/office.attachmentdetailscompose.yml, `contentId`; devblog "Changes to
 * inline image representation in Outlook on the web and new Outlook for Windows", 2025-10-06):
 * - web and new Outlook: `<img src="cid:ee058cc2-ad96-485f-95c7-44b2f40cb987">`, equal to the attachment's
 *   `contentId` from getAttachmentsAsync;
 * - classic Windows and Mac: `cid:image001.png@01DC0AD0.27C2B7A0` (name@suffix) and no `contentId`
 *   (office-js #6373; classic Windows only in a Beta-channel preview);
 * - images an add-in adds with `isInline: true` are referenced by their name, `cid:sample.png`
 *   (docs/outlook/add-and-remove-attachments-to-an-item-in-a-compose-form.md in OfficeDev/office-js-docs-pr).
 */

/** RFC 5322 msg-id characters our MIME builder accepts inside <...>. */
const CID_CHARS = /^[\x21-\x3b\x3d\x3f-\x7e]+$/;
const CID_REF = /\bcid:([^"'\s>)]+)/gi;

function decodeRef(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw; // not URL-encoded after all: keep it as written
  }
}

/** Every distinct `cid:` reference in the HTML, in body order (src="cid:...", also URL-encoded ones). */
export function referencedContentIds(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(CID_REF)) {
    const id = decodeRef(m[1]);
    if (!out.includes(id)) out.push(id);
  }
  return out;
}

export interface InlineCandidate {
  name: string;
  isInline: boolean;
  /** getAttachmentsAsync's contentId (web and new Outlook only). */
  contentId?: string;
}

export interface InlineResolution {
  /** Per attachment (same index): the Content-ID its body reference uses; undefined for files and unplaced images. */
  contentIds: (string | undefined)[];
  /** Names of inline images that no usable body reference points at (they travel as attachments). */
  unplaced: string[];
  /** Names of inline images placed only by the order of the remaining references (no id or name matched). */
  pairedByOrder: string[];
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Which reference each inline image answers to: its own `contentId` first, then a reference that is its name
 * or starts with `name@`, then whatever is left, paired in body order with the images left. A reference whose
 * characters cannot be a Content-ID leaves its image unplaced (named in `unplaced`, never dropped).
 */
export function resolveInlineImages(html: string | undefined, attachments: InlineCandidate[]): InlineResolution {
  const refs = html === undefined ? [] : referencedContentIds(html);
  const used = new Set<string>();
  const contentIds: (string | undefined)[] = attachments.map(() => undefined);
  const take = (i: number, ref: string | undefined) => {
    if (ref === undefined) return;
    contentIds[i] = ref;
    used.add(ref);
  };
  const inline = attachments.map((a, i) => ({ a, i })).filter(({ a }) => a.isInline);
  for (const { a, i } of inline) {
    if (a.contentId) take(i, refs.find((r) => !used.has(r) && r === a.contentId) ?? refs.find((r) => !used.has(r) && same(r, a.contentId!)));
  }
  for (const { a, i } of inline) {
    if (contentIds[i] === undefined) take(i, refs.find((r) => !used.has(r) && (same(r, a.name) || r.toLowerCase().startsWith(a.name.toLowerCase() + "@"))));
  }
  const pairedByOrder: string[] = [];
  const left = refs.filter((r) => !used.has(r));
  for (const { a, i } of inline) {
    if (contentIds[i] !== undefined || left.length === 0) continue;
    take(i, left.shift());
    pairedByOrder.push(a.name);
  }
  const unplaced: string[] = [];
  for (const { a, i } of inline) {
    const id = contentIds[i];
    if (id === undefined || !CID_CHARS.test(id)) {
      contentIds[i] = undefined;
      unplaced.push(a.name);
    }
  }
  return { contentIds, unplaced, pairedByOrder: pairedByOrder.filter((n) => !unplaced.includes(n)) };
}

/** A Content-ID as a `cid:` URL (RFC 2392: %-encoded), safe inside any HTML attribute quoting. */
function cidUrl(id: string): string {
  return encodeURIComponent(id).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase()).replace(/%40/g, "@");
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The body with each `cid:<old>` reference (also URL-encoded) replaced by `cid:<new>`, in one pass so a new id
 * that equals another old one is not replaced twice.
 */
export function rewriteContentIds(html: string, mapping: Map<string, string>): string {
  const olds = [...mapping.keys()].filter((k) => k !== mapping.get(k));
  if (olds.length === 0) return html;
  const variants = new Map<string, string>();
  for (const old of olds) {
    variants.set(old.toLowerCase(), mapping.get(old)!);
    variants.set(encodeURIComponent(old).toLowerCase(), mapping.get(old)!);
  }
  const alternatives = [...variants.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp).join("|");
  const pattern = new RegExp(`\\bcid:(${alternatives})(?=["'\\s>)]|$)`, "gi");
  return html.replace(pattern, (whole, id: string) => {
    const next = variants.get(id.toLowerCase());
    return next === undefined ? whole : `cid:${cidUrl(next)}`;
  });
}
