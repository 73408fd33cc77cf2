/**
 * Minimal definite-length DER writer. Elements are built as a tree and serialized once into one
 * buffer, so a 50 MB ciphertext is copied exactly once (asn1js `toBER` would copy it several times).
 */
import { SpmError } from "../../errors";

export interface DerElement {
  /** Total encoded length (tag + length + content). */
  readonly size: number;
  write(out: Uint8Array, offset: number): number;
}

function lengthBytes(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let l = length; l > 0; l = Math.floor(l / 256)) bytes.unshift(l & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** A primitive element: tag byte + the given content (not copied until serialization). */
export function primitive(tag: number, content: Uint8Array): DerElement {
  const header = Uint8Array.of(tag, ...lengthBytes(content.length));
  return {
    size: header.length + content.length,
    write(out, offset) {
      out.set(header, offset);
      out.set(content, offset + header.length);
      return offset + header.length + content.length;
    },
  };
}

/** A constructed element from children, in the given order. */
export function constructed(tag: number, children: DerElement[]): DerElement {
  const contentLength = children.reduce((n, c) => n + c.size, 0);
  const header = Uint8Array.of(tag, ...lengthBytes(contentLength));
  return {
    size: header.length + contentLength,
    write(out, offset) {
      out.set(header, offset);
      let o = offset + header.length;
      for (const c of children) o = c.write(out, o);
      return o;
    },
  };
}

/** Already-encoded DER (e.g. a Name copied from a certificate). */
export function raw(encoded: Uint8Array): DerElement {
  return {
    size: encoded.length,
    write(out, offset) {
      out.set(encoded, offset);
      return offset + encoded.length;
    },
  };
}

export function serialize(element: DerElement): Uint8Array {
  const out = new Uint8Array(element.size);
  const end = element.write(out, 0);
  if (end !== out.length) throw new SpmError("MALFORMED", "Internal DER size mismatch");
  return out;
}

/**
 * A primitive element whose `length` content bytes are supplied later (streamed). Only for `serializeAround`:
 * it writes its header and leaves the content out, so what follows it is written right after the header.
 */
export interface DerHole extends DerElement {
  /** Where the content starts in the output of `serializeAround`, once written. */
  readonly at: number;
  /** Content length (not written). */
  readonly length: number;
}

export function hole(tag: number, length: number): DerHole {
  const header = Uint8Array.of(tag, ...lengthBytes(length));
  let at = -1;
  return {
    size: header.length + length,
    length,
    get at() {
      return at;
    },
    write(out, offset) {
      out.set(header, offset);
      at = offset + header.length;
      return at;
    },
  };
}

/** Serialize `element`, which holds `gap` once, without the gap's content: the bytes before it and after it. */
export function serializeAround(element: DerElement, gap: DerHole): { prefix: Uint8Array; suffix: Uint8Array } {
  const out = new Uint8Array(element.size - gap.length);
  const end = element.write(out, 0);
  if (end !== out.length || gap.at < 0) throw new SpmError("MALFORMED", "Internal DER size mismatch");
  return { prefix: out.subarray(0, gap.at), suffix: out.subarray(gap.at) };
}

export const sequence = (...children: DerElement[]): DerElement => constructed(0x30, children);

/** DER SET OF: elements sorted by their encodings (X.690 11.6). Only for small elements. */
export function setOf(children: DerElement[]): DerElement {
  const encoded = children.map(serialize).sort(compareBytes);
  return constructed(0x31, encoded.map(raw));
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

export const octetString = (bytes: Uint8Array): DerElement => primitive(0x04, bytes);
export const nullValue = (): DerElement => primitive(0x05, new Uint8Array(0));
/** [n] EXPLICIT wrapper. */
export const explicit = (n: number, child: DerElement): DerElement => constructed(0xa0 | n, [child]);

/** INTEGER from a small non-negative number. */
export function integer(value: number): DerElement {
  const bytes: number[] = [];
  let v = value;
  do {
    bytes.unshift(v & 0xff);
    v = Math.floor(v / 256);
  } while (v > 0);
  if (bytes[0] & 0x80) bytes.unshift(0);
  return primitive(0x02, Uint8Array.from(bytes));
}

/** BIT STRING with no unused bits. */
export function bitString(bytes: Uint8Array): DerElement {
  const content = new Uint8Array(bytes.length + 1);
  content.set(bytes, 1);
  return primitive(0x03, content);
}

export function oid(dotted: string): DerElement {
  const parts = dotted.split(".").map(Number);
  if (parts.length < 2 || parts.some((p) => !Number.isSafeInteger(p) || p < 0)) {
    throw new SpmError("INVALID_ARGUMENT", `Invalid OID ${dotted}`);
  }
  const arcs = [parts[0] * 40 + parts[1], ...parts.slice(2)];
  const out: number[] = [];
  for (const arc of arcs) {
    const chunk: number[] = [];
    let v = arc;
    do {
      chunk.unshift(v % 128);
      v = Math.floor(v / 128);
    } while (v > 0);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i] |= 0x80;
    out.push(...chunk);
  }
  return primitive(0x06, Uint8Array.from(out));
}

/** AlgorithmIdentifier with absent parameters, or the given parameters. */
export function algorithmIdentifier(algorithm: string, parameters?: DerElement): DerElement {
  return parameters ? sequence(oid(algorithm), parameters) : sequence(oid(algorithm));
}
