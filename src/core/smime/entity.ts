/**
 * Moving between a whole RFC 5322 message and the MIME entity that gets signed or encrypted.
 * Header protection follows RFC 9788: the protected fields travel inside the entity, and the
 * Content-Type carries hp="cipher" (encrypted) or hp="clear" (signed only).
 */
import { base64EncodeBytes, concatBytes, latin1Encode } from "../bytes";
import { canonicalizeLineEndings, OBSCURED_SUBJECT, parseMime, type HeaderField, type MimePart } from "../mime";
import { hasOnlyCrlf, isSevenBitCanonical } from "../mime/encoding";

/** Header fields RFC 9788 protects by copying them into the entity. */
export const PROTECTED_FIELDS = ["from", "sender", "to", "cc", "reply-to", "subject", "date", "message-id", "in-reply-to", "references"];

export interface SplitMessage {
  /** Header fields that are not about the content (From, To, Subject, ...), as they were. */
  messageFields: HeaderField[];
  /** Content-* fields + body: the MIME entity, canonical CRLF. */
  entity: Uint8Array;
  part: MimePart;
}

function isContentField(name: string): boolean {
  const n = name.toLowerCase();
  return n.startsWith("content-") || n === "mime-version";
}

/** Split a message into its message-level header fields and its content entity. */
export function splitMessage(message: Uint8Array): SplitMessage {
  const { part, messageFields, body, fields } = separateContent(message);
  const entity = concatBytes(serializeFields(fields), latin1Encode("\r\n"), body);
  return { messageFields, entity, part };
}

/**
 * A message parsed and sorted into its message-level fields and its content: the Content-* fields (a missing
 * Content-Type is the RFC 2045 default, written out) and the canonical body (canonicalBody).
 */
function separateContent(message: Uint8Array): { part: MimePart; messageFields: HeaderField[]; body: Uint8Array; fields: HeaderField[] } {
  const part = parseMime(message);
  const messageFields = part.headers.filter((h) => !isContentField(h.name));
  const contentFields = part.headers.filter((h) => isContentField(h.name) && h.name.toLowerCase() !== "mime-version");
  if (!contentFields.some((h) => h.name.toLowerCase() === "content-type")) {
    contentFields.unshift({ name: "Content-Type", value: "text/plain; charset=us-ascii" });
  }
  return { part, messageFields, ...canonicalBody(part, contentFields) };
}

/**
 * The entity's body, canonical and 7-bit where it can be, and its Content-* fields. A body that already is
 * 7-bit canonical (the common case: a base64 attachment) is returned as a view of the input, found in one scan.
 */
function canonicalBody(part: MimePart, contentFields: HeaderField[]): { body: Uint8Array; fields: HeaderField[] } {
  const raw = part.bodyRaw;
  if (isSevenBitCanonical(raw)) return { body: raw, fields: contentFields };
  const body = hasOnlyCrlf(raw) ? raw : canonicalizeLineEndings(raw);
  if (!part.isMultipart && !isSevenBitCanonical(body)) {
    // RFC 8551 §3.1: signed content must survive 7-bit transport. A binary or 8-bit leaf body is re-encoded
    // as base64 (same bytes after decoding); a multipart with 8-bit parts is refused later with a clear error.
    return {
      body: base64EncodeBytes(part.body(), 76),
      fields: [...contentFields.filter((h) => h.name.toLowerCase() !== "content-transfer-encoding"), { name: "Content-Transfer-Encoding", value: "base64" }],
    };
  }
  return { body, fields: contentFields };
}

export interface ProtectedEntityParts {
  /** Header fields that are not about the content (From, To, Subject, ...), as they were. */
  messageFields: HeaderField[];
  /** The protected entity in pieces: its header section (with the blank line), then its body (often a view of the input). */
  parts: Uint8Array[];
}

/**
 * `protectHeaders(splitMessage(message).entity, fields, mode)` without building the entity twice: the same bytes,
 * as a small header section and the body (a view of `message` when it is already canonical; do not mutate it).
 * For large messages: sign/encrypt can take the pieces, or join them in one allocation.
 */
export function protectedEntityParts(message: Uint8Array, mode: "cipher" | "clear"): ProtectedEntityParts {
  const { messageFields, body, fields } = separateContent(message);
  // The header section goes through the same serialize/parse/serialize as splitMessage + protectHeaders.
  const header = protectHeaders(concatBytes(serializeFields(fields), latin1Encode("\r\n")), messageFields, mode);
  return { messageFields, parts: [header, body] };
}

/** Fold a header field at whitespace so no line exceeds 78 characters where possible. */
export function foldField(name: string, value: string): string {
  const line = `${name}: ${value.replace(/\r?\n/g, " ")}`;
  if (line.length <= 78) return line;
  const words = line.split(/(?<=\S)(?=\s)/); // keep the whitespace with the next word
  const lines: string[] = [];
  let current = "";
  for (const word of words) {
    if (current.length > 0 && current.length + word.length > 78) {
      lines.push(current);
      current = word.startsWith(" ") || word.startsWith("\t") ? word : " " + word;
    } else current += word;
  }
  if (current) lines.push(current);
  return lines.join("\r\n");
}

function serializeFields(fields: HeaderField[]): Uint8Array {
  return latin1Encode(fields.map((f) => foldField(f.name, f.value) + "\r\n").join(""));
}

/** Add (or replace) a parameter on a Content-Type value. */
function withParam(contentType: string, name: string, value: string): string {
  const without = contentType.replace(new RegExp(`;\\s*${name}\\s*=\\s*("[^"]*"|[^;\\s]*)`, "gi"), "");
  return `${without.trim()}; ${name}="${value}"`;
}

/**
 * The entity to protect, with RFC 9788 header protection: the message's protected fields are copied in
 * front of the entity's own Content-* fields and the Content-Type gets hp="cipher" or hp="clear".
 */
export function protectHeaders(entity: Uint8Array, messageFields: HeaderField[], mode: "cipher" | "clear"): Uint8Array {
  const inner = parseMime(entity);
  const contentFields = inner.headers.map((h) =>
    h.name.toLowerCase() === "content-type" ? { name: h.name, value: withParam(h.value, "hp", mode) } : h,
  );
  const protectedFields = messageFields.filter((h) => PROTECTED_FIELDS.includes(h.name.toLowerCase()));
  return concatBytes(serializeFields([...protectedFields, ...contentFields]), latin1Encode("\r\n"), inner.bodyRaw);
}

/** The header section of a whole message: message-level fields, then MIME-Version; the entity follows it. */
export function messageHeader(messageFields: HeaderField[], options: { obscureSubject?: boolean } = {}): Uint8Array {
  const fields = messageFields
    .filter((h) => !isContentField(h.name))
    .map((h) => (options.obscureSubject && h.name.toLowerCase() === "subject" ? { name: h.name, value: OBSCURED_SUBJECT } : h));
  if (options.obscureSubject && !fields.some((h) => h.name.toLowerCase() === "subject")) {
    fields.push({ name: "Subject", value: OBSCURED_SUBJECT });
  }
  fields.push({ name: "MIME-Version", value: "1.0" });
  return serializeFields(fields);
}
