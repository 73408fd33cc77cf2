/**
 * What kind of input is this: a MIME message/entity, or a bare CMS blob (DER/BER, PEM or base64)?
 * And which CMS content type is inside, read from the first bytes without parsing 50 MB twice.
 */
import { fromBase64, latin1Decode, pemDecodeAll } from "../bytes";
import { SpmError } from "../errors";
import { OID } from "../oids";

export type ClassifiedInput = { kind: "cms"; der: Uint8Array } | { kind: "mime"; bytes: Uint8Array };

const PEM_CMS_LABELS = new Set(["PKCS7", "CMS", "PKCS #7 SIGNED DATA"]);

export function classifyInput(bytes: Uint8Array): ClassifiedInput {
  let start = 0;
  while (start < bytes.length && isSpace(bytes[start])) start++;
  if (start === bytes.length) throw new SpmError("MALFORMED", "The input is empty");
  if (bytes[start] === 0x30) return { kind: "cms", der: bytes.subarray(start) };
  const head = latin1Decode(bytes.subarray(start, start + 64));
  if (head.startsWith("-----BEGIN")) {
    const text = latin1Decode(bytes);
    const blocks = pemDecodeAll(text).filter((b) => PEM_CMS_LABELS.has(b.label));
    if (blocks.length !== 1) throw new SpmError("MALFORMED", "Expected exactly one PKCS7/CMS PEM block");
    return { kind: "cms", der: blocks[0].der };
  }
  // Base64-encoded CMS: only base64 characters and whitespace, and it decodes to a SEQUENCE.
  if (looksLikeBase64(bytes, start)) {
    const der = fromBase64(latin1Decode(bytes.subarray(start)));
    if (der.length > 0 && der[0] === 0x30) return { kind: "cms", der };
  }
  return { kind: "mime", bytes };
}

/**
 * Whether input that begins with `head` is a message whatever follows, i.e. classifyInput would say "mime": the
 * first non-space byte is there and begins neither DER (0x30) nor PEM ("-"), and what follows it is not all
 * base64. False means: read all of it and ask classifyInput (for a message file read on demand).
 */
export function headIsMessage(head: Uint8Array): boolean {
  let start = 0;
  while (start < head.length && isSpace(head[start])) start++;
  if (start === head.length || head[start] === 0x30 || head[start] === 0x2d) return false;
  return !looksLikeBase64(head, start);
}

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0d || b === 0x0a;
}

function looksLikeBase64(bytes: Uint8Array, start: number): boolean {
  // A MIME message has a colon in its first line; base64 never does.
  const limit = Math.min(bytes.length, start + 4096);
  for (let i = start; i < limit; i++) {
    const c = bytes[i];
    const ok =
      (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) ||
      c === 0x2b || c === 0x2f || c === 0x3d || isSpace(c);
    if (!ok) return false;
  }
  return true;
}

/** Read one BER tag+length header; returns the content offset (length -1 for indefinite). */
function readHeader(b: Uint8Array, offset: number): { tag: number; length: number; contentOffset: number } {
  if (offset + 2 > b.length) throw new SpmError("MALFORMED", "The CMS data is truncated");
  const tag = b[offset];
  let len = b[offset + 1];
  let pos = offset + 2;
  if (len === 0x80) return { tag, length: -1, contentOffset: pos };
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n > 4 || pos + n > b.length) throw new SpmError("MALFORMED", "The CMS data has an invalid length");
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[pos + i];
    pos += n;
  }
  return { tag, length: len, contentOffset: pos };
}

function decodeOid(bytes: Uint8Array): string {
  const parts: number[] = [];
  let value = 0;
  for (const byte of bytes) {
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      if (parts.length === 0) {
        const first = value < 80 ? Math.floor(value / 40) : 2;
        parts.push(first, value - first * 40);
      } else parts.push(value);
      value = 0;
    }
  }
  return parts.join(".");
}

/** The contentType OID of a CMS ContentInfo, read from its first bytes. */
export function peekContentType(der: Uint8Array): string {
  const outer = readHeader(der, 0);
  if (outer.tag !== 0x30) throw new SpmError("MALFORMED", "The data is not a CMS ContentInfo");
  const oid = readHeader(der, outer.contentOffset);
  if (oid.tag !== 0x06 || oid.length < 1 || oid.contentOffset + oid.length > der.length) {
    throw new SpmError("MALFORMED", "The data is not a CMS ContentInfo");
  }
  return decodeOid(der.subarray(oid.contentOffset, oid.contentOffset + oid.length));
}

export type CmsKind = "enveloped-data" | "authenticated-enveloped-data" | "signed-data";

export function cmsKind(der: Uint8Array): CmsKind {
  const oid = peekContentType(der);
  if (oid === OID.envelopedData) return "enveloped-data";
  if (oid === OID.authEnvelopedData) return "authenticated-enveloped-data";
  if (oid === OID.signedData) return "signed-data";
  throw new SpmError("UNSUPPORTED_ALGORITHM", `Unsupported CMS content type ${oid}`);
}
