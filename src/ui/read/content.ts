/**
 * What the pane shows from the opened content: the body (HTML or plain text), the attachments, the images
 * an HTML body may reference by cid: (only parts inside the same entity), the protected header fields
 * (RFC 9788), and the S/MIME parts below the top level, which are never opened automatically.
 * Pure: no DOM, no React.
 */
import { decodeHeaderWords, normalizeAddress, parseAddressList, removeLegacyDisplay, type MimePart } from "../../core/mime";

export interface AttachmentView {
  name: string;
  mediaType: string;
  size: number;
  bytes: () => Uint8Array;
}

/** An encrypted or signed part below the top level: offered to the user, never opened automatically. */
export interface NestedSmime {
  name: string;
  kind: "encrypted" | "signed" | "unknown";
  /** What to hand to openMessage (a MIME entity, or a forwarded message). */
  bytes: Uint8Array;
  /** A forwarded message brings its own From header: its signature is bound to that, not to ours. */
  forwarded: boolean;
  /** The forwarded message's own From address (lowercased), when it names exactly one. */
  forwardedFrom?: string;
}

export interface InlineImage {
  mediaType: string;
  bytes: Uint8Array;
}

export type BodyView = { kind: "html"; html: string } | { kind: "text"; text: string } | { kind: "none" };

export interface ProtectedHeaders {
  subject?: string;
  from: string[];
  date?: string;
}

export interface DisplayContent {
  body: BodyView;
  attachments: AttachmentView[];
  nested: NestedSmime[];
  /** Content-ID (without <>) -> image bytes, from this entity only. */
  inlineImages: Map<string, InlineImage>;
  protectedHeaders?: ProtectedHeaders;
}

const PKCS7_MIME = new Set(["application/pkcs7-mime", "application/x-pkcs7-mime"]);

function nameOf(part: MimePart, fallback: string): string {
  const raw = part.filename ?? part.contentType.params["name"];
  return raw ? decodeHeaderWords(raw) : fallback;
}

function smimeKind(part: MimePart): NestedSmime["kind"] | undefined {
  const mt = part.contentType.mediaType;
  if (mt === "multipart/signed") return "signed";
  if (PKCS7_MIME.has(mt)) {
    const t = (part.contentType.params["smime-type"] ?? "").toLowerCase();
    if (t === "certs-only") return undefined;
    if (t === "signed-data") return "signed";
    return t.includes("enveloped") ? "encrypted" : "unknown";
  }
  if (/\.p7m$/i.test(part.filename ?? "")) return "unknown";
  return undefined;
}

function cidOf(part: MimePart): string | undefined {
  const id = part.contentId ?? part.header("content-id");
  return id ? id.trim().replace(/^<|>$/g, "") : undefined;
}

function isAttachment(part: MimePart): boolean {
  return part.disposition?.type === "attachment";
}

function textOf(part: MimePart): string {
  const text = part.text();
  return part.contentType.params["hp-legacy-display"] === "1" ? removeLegacyDisplay(text, part.contentType.mediaType === "text/html") : text;
}

export function buildDisplay(root: MimePart): DisplayContent {
  const out: DisplayContent = { body: { kind: "none" }, attachments: [], nested: [], inlineImages: new Map() };
  let unnamed = 0;
  const attach = (part: MimePart, fallbackExt: string) => {
    const body = part.body();
    out.attachments.push({
      name: nameOf(part, `attachment-${++unnamed}${fallbackExt}`),
      mediaType: part.contentType.mediaType,
      size: body.length,
      bytes: () => body,
    });
  };

  const leaf = (part: MimePart) => {
    const mt = part.contentType.mediaType;
    if ((mt === "text/plain" || mt === "text/html") && !isAttachment(part) && out.body.kind === "none") {
      out.body = mt === "text/html" ? { kind: "html", html: textOf(part) } : { kind: "text", text: textOf(part) };
      return;
    }
    const cid = cidOf(part);
    if (cid && part.contentType.type === "image" && !isAttachment(part)) {
      out.inlineImages.set(cid, { mediaType: mt, bytes: part.body() });
      return;
    }
    attach(part, mt === "text/html" ? ".html" : mt === "text/plain" ? ".txt" : "");
  };

  const walk = (part: MimePart, depth: number) => {
    if (depth > 30) return;
    const kind = smimeKind(part);
    if (kind) {
      out.nested.push({ name: nameOf(part, kind === "signed" ? "signed part" : "smime.p7m"), kind, bytes: part.raw, forwarded: false });
      return;
    }
    const mt = part.contentType.mediaType;
    if (mt === "message/rfc822" || mt === "message/global") {
      const inner = part.parts[0];
      const innerKind = inner ? smimeKind(inner) : undefined;
      if (inner && innerKind) {
        const from = inner.headerAll("from").flatMap((v) => parseAddressList(v).map((a) => normalizeAddress(a.address) ?? a.address));
        out.nested.push({
          name: nameOf(part, decodeHeaderWords(inner.header("subject") ?? "") || "message.eml"),
          kind: innerKind,
          bytes: inner.raw,
          forwarded: true,
          ...(from.length === 1 ? { forwardedFrom: from[0] } : {}),
        });
        return;
      }
      const raw = part.parts[0]?.raw ?? part.body();
      out.attachments.push({ name: nameOf(part, `${decodeHeaderWords(inner?.header("subject") ?? "") || "message"}.eml`), mediaType: mt, size: raw.length, bytes: () => raw });
      return;
    }
    if (!part.isMultipart) return leaf(part);
    if (mt === "multipart/alternative") {
      // The richest alternative we can show: the last HTML, else the last plain text, else the last part.
      const candidates = part.parts;
      const pick =
        [...candidates].reverse().find((p) => p.contentType.mediaType === "text/html" || (p.isMultipart && p.contentType.mediaType === "multipart/related")) ??
        [...candidates].reverse().find((p) => p.contentType.mediaType === "text/plain") ??
        candidates[candidates.length - 1];
      if (pick) walk(pick, depth + 1);
      return;
    }
    for (const child of part.parts) walk(child, depth + 1);
  };
  walk(root, 0);

  // RFC 9788: header fields inside the protected entity (hp=...), or the inner header of sign-then-encrypt.
  const fromFields = root.headerAll("from");
  const subject = root.header("subject");
  if (fromFields.length || subject !== undefined) {
    out.protectedHeaders = {
      ...(subject !== undefined ? { subject: decodeHeaderWords(subject) } : {}),
      from: fromFields.flatMap((v) => parseAddressList(v).map((a) => normalizeAddress(a.address) ?? a.address)),
      ...(root.header("date") ? { date: root.header("date") } : {}),
    };
  }
  return out;
}
