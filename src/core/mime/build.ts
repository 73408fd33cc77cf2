/** Building MIME entities and messages: canonical CRLF, 7-bit, folded headers, safe boundaries. */
import { SpmError } from "../errors";
import { concatBytes, latin1Encode, randomBytes, toHex, utf8Encode } from "../bytes";
import { type Address, addressListTokens, addressTokens } from "./addresses";
import { guessContentType, normalizeMediaType } from "./content-types";
import { canonicalText, encodeBase64LinesBytes, encodeQuotedPrintableBytes, isSevenBitCanonical } from "./encoding";
import {
  assertFieldName,
  encodeWords,
  foldField,
  isPlainAscii,
  rfc2047Param,
  rfc2231Params,
  sanitizeHeaderText,
  unstructuredTokens,
  withParams,
} from "./headers";
import { htmlToText } from "./html-to-text";
import { addHtmlLegacyDisplay, addPlainLegacyDisplay } from "./legacy-display";

export interface DraftAttachment {
  name: string;
  content: Uint8Array;
  /** guessed from the name when absent */
  contentType?: string;
  inline?: boolean;
  /** without <> */
  contentId?: string;
}

/** The message header fields a draft and an outer message share. */
export interface MessageHeaderSource {
  from?: Address;
  sender?: Address;
  to: Address[];
  cc: Address[];
  subject: string;
  date?: Date;
  messageId?: string;
  inReplyTo?: string;
  references?: string;
}

export interface Draft extends MessageHeaderSource {
  html?: string;
  text?: string;
  attachments: DraftAttachment[];
}

export interface OuterHeaders extends MessageHeaderSource {
  extra?: [string, string][];
}

export interface BuildDraftOptions {
  /** RFC 9788: "cipher" for encrypted (default), "clear" for signed-only, "none" for no header protection */
  headerProtection?: "cipher" | "clear" | "none";
  /**
   * RFC 9788 Legacy Display Element (only with "cipher"; default true): the main text parts begin
   * with "Subject: <real subject>" so readers that ignore protected headers (Outlook) still show it.
   */
  legacyDisplay?: boolean;
  /** Source of the random part of boundaries (tests make it deterministic). */
  boundarySeed?: () => string;
  /**
   * Attachments as `Content-Transfer-Encoding: binary` instead of base64. Only for an entity that is encrypted
   * and signed opaquely (never multipart/signed, never sent in the clear): RFC 8551 §3.1.2 requires no transfer
   * encoding there and every S/MIME reader must handle binary MIME. Saves the 4/3 base64 growth, which matters
   * because the add-in API takes the whole smime.p7m as base64 once more.
   */
  binaryAttachments?: boolean;
}

/** The subject an encrypted message shows outside (RFC 9788 hcp_baseline). */
export const OBSCURED_SUBJECT = "[...]";

/** An entity under construction: folded header fields (no CRLF at the end) and an ASCII body. */
interface Entity {
  fields: string[];
  body: Uint8Array;
}

const CRLF = utf8Encode("\r\n");

function serialize(e: Entity): Uint8Array {
  return concatBytes(latin1Encode(e.fields.join("\r\n") + "\r\n\r\n"), e.body);
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  const first = needle[0];
  const last = haystack.length - needle.length;
  for (let i = haystack.indexOf(first); i >= 0 && i <= last; i = haystack.indexOf(first, i + 1)) {
    let k = 1;
    while (k < needle.length && haystack[i + k] === needle[k]) k++;
    if (k === needle.length) return true;
  }
  return false;
}

/**
 * A boundary that occurs in none of the given parts. "=_" can appear neither in base64 nor in our
 * quoted-printable output, and the explicit check covers everything else (headers, 7bit parts).
 */
function pickBoundary(seed: () => string, parts: Uint8Array[]): string {
  for (let attempt = 0; attempt < 100; attempt++) {
    const raw = seed().replace(/[^A-Za-z0-9'()+_,./:=?-]/g, "");
    const boundary = ("=_spm_" + raw + (attempt ? `_${attempt}` : "")).slice(0, 70);
    const needle = latin1Encode("--" + boundary);
    if (!parts.some((p) => contains(p, needle))) return boundary;
  }
  throw new SpmError("INVALID_ARGUMENT", "Could not find a boundary absent from the content");
}

const defaultSeed = () => toHex(randomBytes(16));

/** `multipartChunks` with its body joined into one array. */
function multipart(...args: Parameters<typeof multipartChunks>): Entity {
  const { fields, chunks } = multipartChunks(...args);
  return { fields, body: concatBytes(...chunks) };
}

/** `multipart` with its body left in pieces (the children are not copied). */
function multipartChunks(
  subtype: string,
  children: Uint8Array[],
  seed: () => string,
  extraParams: string[][] = [],
  preamble = "",
  avoid: Uint8Array[] = [],
  checkedBoundary?: string,
): { fields: string[]; chunks: Uint8Array[] } {
  // avoid: all leaf content of the whole entity, so no boundary appears anywhere in it (not even in a sibling)
  const boundary = checkedBoundary ?? pickBoundary(seed, [...children, ...avoid]);
  const delimiter = latin1Encode("--" + boundary);
  const chunks: Uint8Array[] = [];
  if (preamble) chunks.push(latin1Encode(preamble + "\r\n"));
  for (const child of children) chunks.push(delimiter, CRLF, child, CRLF);
  chunks.push(delimiter, latin1Encode("--\r\n"));
  return {
    fields: [foldField("Content-Type", withParams(`multipart/${subtype}`, [...extraParams, [`boundary="${boundary}"`]]))],
    chunks,
  };
}

function textPart(subtype: "plain" | "html", text: string, legacyDisplay = false): Entity {
  const params = [["charset=utf-8"]];
  if (legacyDisplay) params.push(['hp-legacy-display="1"']);
  return {
    fields: [
      foldField("Content-Type", withParams(`text/${subtype}`, params)),
      "Content-Transfer-Encoding: quoted-printable",
    ],
    body: encodeQuotedPrintableBytes(utf8Encode(canonicalText(text))),
  };
}

function cleanFilename(name: string): string {
  const clean = sanitizeHeaderText(name).trim();
  return clean === "" ? "attachment" : clean;
}

function msgIdToken(value: string): string {
  const v = value.trim();
  const inner = v.startsWith("<") && v.endsWith(">") ? v.slice(1, -1) : v;
  if (!/^[\x21-\x3b\x3d\x3f-\x7e]+$/.test(inner) || inner.length > 900) {
    throw new SpmError("INVALID_ARGUMENT", "Invalid message or content id");
  }
  return `<${inner}>`;
}

function msgIdListTokens(value: string): string[] {
  if (/[^\x20-\x7e\t]/.test(value)) throw new SpmError("INVALID_ARGUMENT", "Invalid message id list");
  const ids = value.match(/<[^<>]*>|[^\s<>]+/g) ?? [];
  return ids.map(msgIdToken);
}

function attachmentPart(a: DraftAttachment, binary = false): Entity {
  const name = cleanFilename(a.name);
  let mediaType = normalizeMediaType(a.contentType) ?? guessContentType(name);
  let sevenBit = false;
  if (mediaType.startsWith("message/") || mediaType.startsWith("multipart/")) {
    // RFC 2046 forbids base64 for these; keep them only if already 7-bit canonical
    if (isSevenBitCanonical(a.content)) sevenBit = true;
    else mediaType = "application/octet-stream";
  }
  const raw = sevenBit || (binary && !mediaType.startsWith("message/") && !mediaType.startsWith("multipart/"));
  const fields = [
    foldField("Content-Type", withParams(mediaType, [rfc2047Param("name", name)])),
    `Content-Transfer-Encoding: ${sevenBit ? "7bit" : raw ? "binary" : "base64"}`,
    foldField("Content-Disposition", withParams(a.inline ? "inline" : "attachment", rfc2231Params("filename", name))),
  ];
  if (a.contentId !== undefined) fields.push(foldField("Content-ID", [msgIdToken(a.contentId)]));
  const body = raw ? a.content.slice() : encodeBase64LinesBytes(a.content);
  return { fields, body };
}

function dateValue(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new SpmError("INVALID_ARGUMENT", "Invalid date");
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const p = (x: number) => String(x).padStart(2, "0");
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

type HeaderSource = MessageHeaderSource;

/** The message header fields as [name, folding tokens], in a stable order. */
function messageFieldTokens(h: HeaderSource): [string, string[]][] {
  const out: [string, string[]][] = [];
  if (h.from) out.push(["From", addressTokens(h.from)]);
  if (h.sender) out.push(["Sender", addressTokens(h.sender)]);
  if (h.to.length) out.push(["To", addressListTokens(h.to)]);
  if (h.cc.length) out.push(["Cc", addressListTokens(h.cc)]);
  out.push(["Subject", unstructuredTokens(h.subject)]);
  if (h.date) out.push(["Date", dateValue(h.date).split(" ")]);
  if (h.messageId !== undefined) out.push(["Message-ID", [msgIdToken(h.messageId)]]);
  if (h.inReplyTo !== undefined) out.push(["In-Reply-To", msgIdListTokens(h.inReplyTo)]);
  if (h.references !== undefined) out.push(["References", msgIdListTokens(h.references)]);
  return out;
}

/** Add the hp parameter to the root Content-Type field (RFC 9788 §2.1). */
function withHp(contentTypeField: string, hp: "cipher" | "clear"): string {
  return contentTypeField + `;\r\n hp="${hp}"`;
}

/**
 * The entity to sign or encrypt. Structure: text/plain | multipart/alternative(text, html), wrapped in
 * multipart/related with inline cid images, wrapped in multipart/mixed with file attachments.
 * With header protection (RFC 9788) the root carries the message's header fields and hp="cipher"|"clear";
 * with "cipher" it also carries HP-Outer fields describing the outer header under hcp_baseline
 * (everything as inside, Subject "[...]"), which the caller must then use for the outer message.
 */
export function buildDraftEntity(draft: Draft, options: BuildDraftOptions = {}): Uint8Array {
  const hp = options.headerProtection ?? "cipher";
  const seed = options.boundarySeed ?? defaultSeed;
  const lde = hp === "cipher" && options.legacyDisplay !== false;
  const ldeFields: [string, string][] = [["Subject", sanitizeHeaderText(draft.subject)]];
  let html = draft.html;
  let text = draft.text ?? (html !== undefined ? htmlToText(html) : "");
  if (lde) {
    text = addPlainLegacyDisplay(text, ldeFields);
    if (html !== undefined) html = addHtmlLegacyDisplay(html, ldeFields);
  }

  const related = html !== undefined ? draft.attachments.filter((a) => a.inline && a.contentId !== undefined) : [];
  const files = draft.attachments.filter((a) => !related.includes(a));
  const relatedParts = related.map((a) => serialize(attachmentPart(a, options.binaryAttachments)));
  const fileParts = files.map((a) => serialize(attachmentPart(a, options.binaryAttachments)));
  const plainPart = serialize(textPart("plain", text, lde));
  const htmlPart = html !== undefined ? serialize(textPart("html", html, lde)) : undefined;
  const avoid = [plainPart, ...(htmlPart ? [htmlPart] : []), ...relatedParts, ...fileParts];

  let core: Entity = textPart("plain", text, lde);
  if (htmlPart) core = multipart("alternative", [plainPart, htmlPart], seed, [], "", avoid);
  if (relatedParts.length) {
    core = multipart("related", [serialize(core), ...relatedParts], seed, [['type="multipart/alternative"']], "", avoid);
  }
  if (fileParts.length) core = multipart("mixed", [serialize(core), ...fileParts], seed, [], "", avoid);

  if (hp !== "none") {
    core.fields[0] = withHp(core.fields[0], hp);
    const fields = messageFieldTokens(draft);
    for (const [name, tokens] of fields) core.fields.push(foldField(name, tokens));
    if (hp === "cipher") {
      for (const [name, tokens] of fields) {
        const outer = name === "Subject" ? [OBSCURED_SUBJECT] : tokens;
        core.fields.push(foldField("HP-Outer", [`${name}:`, ...outer]));
      }
    }
  }
  return serialize(core);
}

/** A complete RFC 5322 message: outer header fields, MIME-Version, then the entity (which brings its Content-* fields). */
export function buildMessage(headers: OuterHeaders, entity: Uint8Array): Uint8Array {
  const fields: string[] = [];
  const date = headers.date ?? new Date();
  for (const [name, tokens] of messageFieldTokens({ ...headers, date })) fields.push(foldField(name, tokens));
  for (const [name, value] of headers.extra ?? []) {
    assertFieldName(name);
    if (/^(content-|mime-version$)/i.test(name)) throw new SpmError("INVALID_ARGUMENT", "Content header fields come from the entity");
    const clean = sanitizeHeaderText(value);
    fields.push(foldField(name, isPlainAscii(clean) ? unstructuredTokens(clean) : encodeWords(clean)));
  }
  fields.push("MIME-Version: 1.0");
  return concatBytes(latin1Encode(fields.join("\r\n") + "\r\n"), entity);
}

/** application/pkcs7-mime entity (RFC 8551 §3.2) with a base64 body. */
export function buildPkcs7MimeEntity(
  der: Uint8Array,
  smimeType: "enveloped-data" | "authEnveloped-data" | "signed-data" | "certs-only",
  options: { binary?: boolean } = {},
): Uint8Array {
  const fields = pkcs7MimeFields(smimeType, options);
  return serialize({ fields, body: options.binary ? der : concatBytes(encodeBase64LinesBytes(der), CRLF) });
}

function pkcs7MimeFields(smimeType: "enveloped-data" | "authEnveloped-data" | "signed-data" | "certs-only", options: { binary?: boolean }): string[] {
  const name = smimeType === "certs-only" ? "smime.p7c" : "smime.p7m";
  return [
    foldField("Content-Type", withParams("application/pkcs7-mime", [[`smime-type=${smimeType}`], [`name="${name}"`]])),
    // binary: only inside an envelope (RFC 8551 §3.1.2), where no transport ever sees it.
    `Content-Transfer-Encoding: ${options.binary ? "binary" : "base64"}`,
    `Content-Disposition: attachment; filename="${name}"`,
  ];
}

/**
 * The header section (with the blank line) of `buildPkcs7MimeEntity(der, smimeType)`, for writing a large entity
 * in pieces: it is followed by the DER as base64 lines of 76 characters, each ending in CRLF (see `Base64LineEncoder`).
 */
export function pkcs7MimeHeader(smimeType: "enveloped-data" | "authEnveloped-data" | "signed-data" | "certs-only"): Uint8Array {
  return serialize({ fields: pkcs7MimeFields(smimeType, {}), body: new Uint8Array(0) });
}

/**
 * multipart/signed (RFC 8551 §3.5.3, RFC 1847): the signed part exactly as given, then the
 * detached signature. The part must already be canonical (CRLF) and 7-bit: it is what was signed.
 */
export function buildMultipartSigned(
  signedPart: Uint8Array,
  signatureDer: Uint8Array,
  micalg: "sha-256" | "sha-384" | "sha-512",
  options: { boundarySeed?: () => string } = {},
): Uint8Array {
  return concatBytes(...buildMultipartSignedParts(signedPart, signatureDer, micalg, options));
}

/**
 * The multipart/signed frame around a signed part that is not in memory (a large file written as it is read):
 * the bytes before it and after it, so that before + part + after equals buildMultipartSignedParts. The caller
 * has checked that the part is 7-bit canonical and does not contain "--" + `boundary`; `boundary` is 1-70
 * characters of RFC 2046's bchars, without a trailing space.
 */
export function multipartSignedFrame(
  signatureDer: Uint8Array,
  micalg: "sha-256" | "sha-384" | "sha-512",
  boundary: string,
): { before: Uint8Array; after: Uint8Array } {
  if (!/^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/.test(boundary)) throw new SpmError("INVALID_ARGUMENT", "Not a valid MIME boundary");
  const placeholder = new Uint8Array(0);
  const signature = signaturePart(signatureDer);
  if (contains(signature, latin1Encode("--" + boundary))) throw new SpmError("INVALID_ARGUMENT", "The boundary occurs in the signature part");
  const { fields, chunks } = multipartChunks("signed", [placeholder, signature], () => "", [['protocol="application/pkcs7-signature"'], [`micalg=${micalg}`]], "This is an S/MIME signed message", [], boundary);
  const at = chunks.indexOf(placeholder);
  return { before: concatBytes(latin1Encode(fields.join("\r\n") + "\r\n\r\n"), ...chunks.slice(0, at)), after: concatBytes(...chunks.slice(at + 1)) };
}

function signaturePart(signatureDer: Uint8Array): Uint8Array {
  return serialize({
    fields: [
      'Content-Type: application/pkcs7-signature; name="smime.p7s"',
      "Content-Transfer-Encoding: base64",
      'Content-Disposition: attachment; filename="smime.p7s"',
    ],
    body: encodeBase64LinesBytes(signatureDer),
  });
}

/**
 * `buildMultipartSigned` as consecutive pieces (their concatenation is the same entity): the signed part is one
 * of them, not copied, so a large message can be written out without building the entity.
 */
export function buildMultipartSignedParts(
  signedPart: Uint8Array,
  signatureDer: Uint8Array,
  micalg: "sha-256" | "sha-384" | "sha-512",
  options: { boundarySeed?: () => string } = {},
): Uint8Array[] {
  if (!isSevenBitCanonical(signedPart)) {
    throw new SpmError("INVALID_ARGUMENT", "The signed part must be 7-bit canonical MIME (CRLF line endings)");
  }
  const signature = signaturePart(signatureDer);
  const { fields, chunks } = multipartChunks(
    "signed",
    [signedPart, signature],
    options.boundarySeed ?? defaultSeed,
    [['protocol="application/pkcs7-signature"'], [`micalg=${micalg}`]],
    "This is an S/MIME signed message",
  );
  return [latin1Encode(fields.join("\r\n") + "\r\n\r\n"), ...chunks];
}
