/**
 * Minimal DER writer for the structures we emit. Values are assembled as a tree and written once,
 * so a 50 MB eContent is copied exactly once into the output (nested concatenation would copy it
 * once per nesting level).
 */
import * as asn1js from "asn1js";

export type DerPart = Uint8Array | DerNode;

export interface DerNode {
  tag: number;
  children: DerPart[];
  /** Content length, computed at construction. */
  contentLength: number;
}

function partLength(p: DerPart): number {
  return p instanceof Uint8Array ? p.length : encodedLength(p);
}

function lengthOfLength(n: number): number {
  if (n < 0x80) return 1;
  let bytes = 0;
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes++;
  return 1 + bytes;
}

function encodedLength(node: DerNode): number {
  return 1 + lengthOfLength(node.contentLength) + node.contentLength;
}

/** A TLV with a one-byte tag (all tags we write are low-tag-number form). */
export function tlv(tag: number, ...children: DerPart[]): DerNode {
  let contentLength = 0;
  for (const c of children) contentLength += partLength(c);
  return { tag, children, contentLength };
}

export const seq = (...children: DerPart[]): DerNode => tlv(0x30, ...children);
export const octetString = (bytes: Uint8Array): DerNode => tlv(0x04, bytes);
export const DER_NULL = new Uint8Array([0x05, 0x00]);

/** Write a part out to bytes. */
export function encode(part: DerPart): Uint8Array {
  if (part instanceof Uint8Array) return part;
  const out = new Uint8Array(encodedLength(part));
  write(part, out, 0);
  return out;
}

function write(part: DerPart, out: Uint8Array, offset: number): number {
  if (part instanceof Uint8Array) {
    out.set(part, offset);
    return offset + part.length;
  }
  out[offset++] = part.tag;
  const n = part.contentLength;
  if (n < 0x80) {
    out[offset++] = n;
  } else {
    const bytes = lengthOfLength(n) - 1;
    out[offset++] = 0x80 | bytes;
    for (let i = bytes - 1; i >= 0; i--) out[offset++] = Math.floor(n / 256 ** i) % 256;
  }
  for (const c of part.children) offset = write(c, out, offset);
  return offset;
}

/**
 * X.690 §11.6 order for DER SET OF: compare encodings as octet strings, the shorter one padded
 * with trailing zero octets.
 */
function compareDer(a: Uint8Array, b: Uint8Array): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = i < a.length ? a[i] : 0;
    const y = i < b.length ? b[i] : 0;
    if (x !== y) return x - y;
  }
  return 0;
}

/** Elements of a DER SET OF in canonical order (encodes each element once). */
export function sortSetOf(elements: DerPart[]): Uint8Array[] {
  return elements.map(encode).sort(compareDer);
}

/** `tag` (0x31 for SET, 0xA0 for [0] IMPLICIT SET OF ...) around the DER-sorted elements. */
export function setOf(elements: DerPart[], tag = 0x31): DerNode {
  return tlv(tag, ...sortSetOf(elements));
}

export function oid(value: string): Uint8Array {
  return new Uint8Array(new asn1js.ObjectIdentifier({ value }).toBER());
}

export function integer(value: number): Uint8Array {
  return new Uint8Array(new asn1js.Integer({ value }).toBER());
}

/** Unsigned big-endian magnitude as a DER INTEGER (ECDSA r and s). */
export function unsignedInteger(magnitude: Uint8Array): DerNode {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const body = magnitude.subarray(start);
  return (body[0] ?? 0) & 0x80 ? tlv(0x02, new Uint8Array([0]), body) : tlv(0x02, body);
}

/** AlgorithmIdentifier with absent or given parameters. */
export function algorithmId(algorithm: string, parameters?: DerPart): DerNode {
  return parameters === undefined ? seq(oid(algorithm)) : seq(oid(algorithm), parameters);
}

/** UTCTime for 1950-2049, GeneralizedTime otherwise (RFC 5652 §11.3), whole seconds, UTC. */
export function time(date: Date): Uint8Array {
  const whole = new Date(Math.floor(date.getTime() / 1000) * 1000);
  const year = whole.getUTCFullYear();
  const value =
    year >= 1950 && year < 2050
      ? new asn1js.UTCTime({ valueDate: whole })
      : new asn1js.GeneralizedTime({ valueDate: whole });
  return new Uint8Array(value.toBER());
}
