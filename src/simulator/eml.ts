/**
 * Presents an .eml the way Exchange stores it, using the product's exact MIME parser (src/core/mime).
 *
 * Exchange presentations (platform-facts.md):
 * - application/pkcs7-mime (encrypted or opaque-signed): IPM.Note.SMIME, no body, one `smime.p7m` holding the CMS blob.
 * - multipart/signed: IPM.Note.SMIME.MultipartSigned, one `smime.p7m` holding the whole multipart/signed entity.
 * - anything else (e.g. our own multipart/mixed notice + smime.p7m): IPM.Note with its parts as attachments.
 */
import { concatBytes, latin1Encode } from "../core/bytes";
import { decodeHeaderWords, parseAddressList as parseMimeAddresses, parseMime, type MimePart } from "../core/mime";

export interface PresentedAddress {
  displayName: string;
  emailAddress: string;
}

export interface PresentedAttachment {
  name: string;
  contentType: string;
  isInline: boolean;
  contentId?: string;
  bytes: Uint8Array;
}

export interface PresentedItem {
  itemClass: string;
  subject: string;
  from: PresentedAddress | undefined;
  to: PresentedAddress[];
  cc: PresentedAddress[];
  internetMessageId: string;
  /** The thread's first Message-ID (References, else In-Reply-To), "" for a new thread. */
  threadRoot: string;
  bodyType: "html" | "text";
  body: string;
  attachments: PresentedAttachment[];
  /** multipart/signed only: the attachments inside the signed content (what classic Outlook lists instead). */
  signedParts?: PresentedAttachment[];
}

export function parseAddressList(value: string | undefined): PresentedAddress[] {
  if (!value) return [];
  return parseMimeAddresses(value).map((a) => ({ displayName: a.name ? decodeHeaderWords(a.name) : a.address, emailAddress: a.address }));
}

interface Collected {
  bodyType?: "html" | "text";
  body?: string;
  attachments: PresentedAttachment[];
}

/** Walk a (nested) multipart entity: first text part is the body, every other leaf an attachment. */
function collect(part: MimePart, out: Collected): void {
  if (part.isMultipart) {
    for (const p of part.parts) collect(p, out);
    return;
  }
  const media = part.contentType.mediaType;
  const isText = media === "text/plain" || media === "text/html";
  if (isText && part.disposition?.type !== "attachment" && out.body === undefined) {
    out.body = part.text();
    out.bodyType = media === "text/html" ? "html" : "text";
    return;
  }
  out.attachments.push({
    name: part.filename ?? part.contentType.params.name ?? "attachment",
    contentType: media,
    isInline: part.disposition?.type === "inline",
    ...(part.contentId ? { contentId: part.contentId.replace(/^<|>$/g, "") } : {}),
    bytes: part.body(),
  });
}

export function presentEml(emlBytes: Uint8Array): PresentedItem {
  const top = parseMime(emlBytes);
  const media = top.contentType.mediaType;
  const base = {
    subject: decodeHeaderWords(top.header("subject") ?? ""),
    from: parseAddressList(top.header("from"))[0],
    to: parseAddressList(top.header("to")),
    cc: parseAddressList(top.header("cc")),
    internetMessageId: top.header("message-id") ?? "",
    threadRoot: /<[^>]+>/.exec(top.header("references") ?? top.header("in-reply-to") ?? "")?.[0] ?? "",
  };
  if (media === "application/pkcs7-mime" || media === "application/x-pkcs7-mime") {
    return {
      ...base,
      itemClass: "IPM.Note.SMIME",
      bodyType: "text",
      body: "",
      attachments: [{ name: "smime.p7m", contentType: "application/pkcs7-mime", isInline: false, bytes: top.body() }],
    };
  }
  if (media === "multipart/signed") {
    // The whole multipart/signed entity: its content headers plus the body bytes exactly as received
    // (the signature covers the first part inside the body, not these headers).
    const contentHeaders = top.headers.filter((h) => /^content-/i.test(h.name)).map((h) => `${h.name}: ${h.value}\r\n`).join("");
    const entity = concatBytes(latin1Encode(contentHeaders + "\r\n"), top.bodyRaw);
    const inner: Collected = { attachments: [] };
    if (top.parts[0]) collect(top.parts[0], inner);
    return {
      ...base,
      itemClass: "IPM.Note.SMIME.MultipartSigned",
      bodyType: inner.bodyType ?? "text",
      body: inner.body ?? "",
      attachments: [{ name: "smime.p7m", contentType: "multipart/signed", isInline: false, bytes: entity }],
      signedParts: inner.attachments,
    };
  }
  const out: Collected = { attachments: [] };
  collect(top, out);
  return { ...base, itemClass: "IPM.Note", bodyType: out.bodyType ?? "text", body: out.body ?? "", attachments: out.attachments };
}
