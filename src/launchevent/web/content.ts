/**
 * The opened MIME entity as Outlook's reading pane needs it: one body (HTML or text), the images an HTML
 * body references by cid: (only parts of the same entity), and every other leaf as a file. S/MIME parts
 * below the top level are handed over as plain files, never opened (the "Re: What's up Johnny" attacks).
 * RFC 9788 legacy display elements stay in the body: Outlook does not read protected header fields, so the
 * "Subject: ..." block is how the real subject reaches the user here. Pure: no DOM, no Office.
 */
import { decodeHeaderWords, type MimePart } from "../../core/mime";

export interface ContentFile {
  name: string;
  mediaType: string;
  bytes: Uint8Array;
  /** Content-ID without <>, for images the HTML body may reference. */
  contentId?: string;
}

export type ContentBody = { kind: "html"; html: string } | { kind: "text"; text: string } | { kind: "none" };

export interface MessageContent {
  body: ContentBody;
  /** Images with a Content-ID that are not attachments: candidates for cid: references. */
  inline: ContentFile[];
  files: ContentFile[];
}

const MAX_DEPTH = 30;
const SMIME_TYPES = new Set(["application/pkcs7-mime", "application/x-pkcs7-mime", "multipart/signed"]);

function nameOf(part: MimePart): string | undefined {
  const raw = part.filename ?? part.contentType.params["name"];
  return raw ? decodeHeaderWords(raw) : undefined;
}

function cidOf(part: MimePart): string | undefined {
  const id = part.contentId ?? part.header("content-id");
  const clean = id ? id.trim().replace(/^<|>$/g, "") : "";
  return clean || undefined;
}

const isAttachment = (part: MimePart) => part.disposition?.type === "attachment";

export function extractContent(root: MimePart): MessageContent {
  const out: MessageContent = { body: { kind: "none" }, inline: [], files: [] };
  let unnamed = 0;
  const file = (part: MimePart, bytes: Uint8Array, fallbackExt: string) => {
    out.files.push({ name: nameOf(part) ?? `attachment-${++unnamed}${fallbackExt}`, mediaType: part.contentType.mediaType, bytes });
  };

  const leaf = (part: MimePart) => {
    const mt = part.contentType.mediaType;
    if ((mt === "text/plain" || mt === "text/html") && !isAttachment(part) && out.body.kind === "none") {
      out.body = mt === "text/html" ? { kind: "html", html: part.text() } : { kind: "text", text: part.text() };
      return;
    }
    const cid = cidOf(part);
    if (cid && part.contentType.type === "image" && !isAttachment(part)) {
      out.inline.push({ name: nameOf(part) ?? `${cid.replace(/[^\w.-]+/g, "_")}`, mediaType: mt, bytes: part.body(), contentId: cid });
      return;
    }
    file(part, part.body(), mt === "text/html" ? ".html" : mt === "text/plain" ? ".txt" : "");
  };

  const walk = (part: MimePart, depth: number) => {
    if (depth > MAX_DEPTH) return;
    const mt = part.contentType.mediaType;
    if (SMIME_TYPES.has(mt) || /\.p7m$/i.test(part.filename ?? "")) {
      // Handed over as the bytes received, to be opened in the pane if the user wants to.
      out.files.push({ name: nameOf(part) ?? (mt === "multipart/signed" ? "signed-part.eml" : "smime.p7m"), mediaType: mt, bytes: mt === "multipart/signed" ? part.raw : part.body() });
      return;
    }
    if (mt === "message/rfc822" || mt === "message/global") {
      const inner = part.parts[0];
      const subject = decodeHeaderWords(inner?.header("subject") ?? "").replace(/[\\/:*?"<>|\s]+/g, " ").trim();
      out.files.push({ name: nameOf(part) ?? `${subject || "message"}.eml`, mediaType: mt, bytes: inner?.raw ?? part.body() });
      return;
    }
    if (!part.isMultipart) return leaf(part);
    if (mt === "multipart/alternative") {
      // The richest alternative: the last HTML (or related group), else the last plain text, else the last part.
      const candidates = [...part.parts].reverse();
      const pick =
        candidates.find((p) => p.contentType.mediaType === "text/html" || p.contentType.mediaType === "multipart/related") ??
        candidates.find((p) => p.contentType.mediaType === "text/plain") ??
        candidates[0];
      if (pick) walk(pick, depth + 1);
      return;
    }
    for (const child of part.parts) walk(child, depth + 1);
  };
  walk(root, 0);
  return out;
}
