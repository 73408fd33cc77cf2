/**
 * Encrypted content in pieces (constructed, indefinite-length BER as `openssl cms -stream` and Outlook write it:
 * a 25 MB message is 6,400 OCTET STRINGs of 4 KiB). Parsed by asn1js, every piece becomes a node of about 2 KB
 * of objects (14 MiB of heap for 25 MB) and the pieces are then joined into a second copy of the content.
 *
 * Instead, the headers on the path to the content are walked here (ContentInfo, [0], Enveloped- or
 * AuthEnvelopedData, its EncryptedContentInfo, the [0] encryptedContent), the pieces are collected as views, and
 * the rest of the structure is handed to the one BER parser as a skeleton: the same bytes with the content
 * replaced by an empty [0], so every field is still checked by the same code. Anything unexpected on the path
 * (a high tag number, a length over 4 bytes, a primitive or missing content) answers undefined and the whole
 * input goes to the general parser, which then decides, as before.
 */
import type { CoreConfig } from "../../config";
import { concatBytes } from "../../bytes";
import { SpmError } from "../../errors";

interface Tlv {
  tag: number;
  start: number;
  contentStart: number;
  /** Content length; -1 when indefinite. */
  length: number;
  /** End of the whole element (after the end-of-contents octets when indefinite). */
  end: number;
}

const EOC = 0x00;
const MAX_SEGMENT_DEPTH = 8;

/** Thrown inside the walk for "not this fast path"; caught in splitEncryptedContent. */
class NotHere extends Error {}

function header(b: Uint8Array, at: number, limit: number): Omit<Tlv, "end"> {
  if (at + 2 > limit) throw new NotHere();
  const tag = b[at];
  if ((tag & 0x1f) === 0x1f) throw new NotHere();
  let length = b[at + 1];
  let contentStart = at + 2;
  if (length === 0x80) {
    if ((tag & 0x20) === 0) throw new NotHere(); // indefinite length only for constructed elements
    return { tag, start: at, contentStart, length: -1 };
  }
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0 || n > 4 || contentStart + n > limit) throw new NotHere();
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + b[contentStart + i];
    contentStart += n;
  }
  if (contentStart + length > limit) throw new NotHere();
  return { tag, start: at, contentStart, length };
}

/** One whole element from `at`, its end found (indefinite ones by walking their children to the end-of-contents). */
function element(b: Uint8Array, at: number, limit: number, depth: number, maxDepth = 100): Tlv {
  if (depth > maxDepth) throw new NotHere();
  const h = header(b, at, limit);
  if (h.length >= 0) return { ...h, end: h.contentStart + h.length };
  let i = h.contentStart;
  for (;;) {
    if (i + 2 > limit) throw new NotHere();
    if (b[i] === EOC && b[i + 1] === EOC) return { ...h, end: i + 2 };
    i = element(b, i, limit, depth + 1, maxDepth).end;
  }
}

/** Where a container's content must end: its own end when definite, the parent's limit when indefinite. */
function limitOf(h: Omit<Tlv, "end">, parentLimit: number): number {
  return h.length >= 0 ? h.contentStart + h.length : parentLimit;
}

/** Is `at` the end of container `h`'s content (its length reached, or an end-of-contents marker)? */
function atEnd(b: Uint8Array, h: Omit<Tlv, "end">, at: number): boolean {
  if (h.length >= 0) {
    if (at > h.contentStart + h.length) throw new NotHere(); // a child ran past its parent
    return at === h.contentStart + h.length;
  }
  return b[at] === EOC && b[at + 1] === EOC;
}

/** After the last child of `h`: its end (past the end-of-contents marker when indefinite). */
function close(b: Uint8Array, h: Omit<Tlv, "end">, at: number): number {
  if (!atEnd(b, h, at)) throw new NotHere();
  return h.length >= 0 ? at : at + 2;
}

/** The primitive OCTET STRING pieces inside constructed `node`, appended in order as views; returns its end. */
function pieces(b: Uint8Array, node: Omit<Tlv, "end">, limit: number, depth: number, out: Uint8Array[], budget: number): number {
  if (depth > MAX_SEGMENT_DEPTH) throw new NotHere();
  const inner = limitOf(node, limit);
  let at = node.contentStart;
  while (!atEnd(b, node, at)) {
    const h = header(b, at, inner);
    if (h.tag === 0x04) {
      out.push(b.subarray(h.contentStart, h.contentStart + h.length));
      at = h.contentStart + h.length;
    } else if (h.tag === 0x24) at = pieces(b, h, inner, depth + 1, out, budget);
    else throw new NotHere();
    if (out.length > budget) throw new SpmError("LIMIT_EXCEEDED", "The CMS message has too many content pieces");
  }
  return close(b, node, at);
}

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v % 256);
  return [0x80 | out.length, ...out];
}

/** A definite-length element with the given tag around the given encoded children. */
function wrap(tag: number, parts: Uint8Array[]): Uint8Array {
  const length = parts.reduce((n, p) => n + p.length, 0);
  return concatBytes(Uint8Array.of(tag, ...lengthBytes(length)), ...parts);
}

export interface SplitContent {
  /** The structure with the encrypted content replaced by an empty primitive [0] (then any trailing bytes). */
  skeleton: Uint8Array;
  /** The encrypted content's pieces, views of the input in order. */
  segments: Uint8Array[];
}

/** Split off constructed encrypted content; undefined when the general parser should take the whole input. */
export function splitEncryptedContent(cms: Uint8Array, limits: Pick<CoreConfig, "maxAsn1Bytes" | "maxAsn1Depth">): SplitContent | undefined {
  // Over the limits: the general parser refuses it with the usual error.
  if (cms.length > limits.maxAsn1Bytes) return undefined;
  try {
    return split(cms, limits.maxAsn1Depth);
  } catch (e) {
    if (e instanceof NotHere) return undefined;
    throw e;
  }
}

/** One walk down the path to the content and back up, every length checked on the way. */
function split(cms: Uint8Array, maxDepth: number): SplitContent | undefined {
  const n = cms.length;
  const root = header(cms, 0, n);
  if (root.tag !== 0x30) return undefined;
  const type = element(cms, root.contentStart, limitOf(root, n), 1, maxDepth);
  const content = header(cms, type.end, limitOf(root, n));
  const data = header(cms, content.contentStart, limitOf(content, n));
  if (type.tag !== 0x06 || content.tag !== 0xa0 || data.tag !== 0x30) return undefined;
  const dataLimit = limitOf(data, limitOf(content, n));
  // Fields before the EncryptedContentInfo (the first SEQUENCE after the recipients' SET), kept as they are.
  const before: Tlv[] = [];
  let at = data.contentStart;
  while (!before.some((f) => f.tag === 0x31) || cms[at] !== 0x30) {
    if (atEnd(cms, data, at)) return undefined;
    const field = element(cms, at, dataLimit, 4, maxDepth);
    before.push(field);
    at = field.end;
  }
  const eci = header(cms, at, dataLimit);
  const eciLimit = limitOf(eci, dataLimit);
  const contentType = element(cms, eci.contentStart, eciLimit, 5, maxDepth);
  const algorithm = element(cms, contentType.end, eciLimit, 5, maxDepth);
  const encrypted = header(cms, algorithm.end, eciLimit);
  if (encrypted.tag !== 0xa0) return undefined;
  const segments: Uint8Array[] = [];
  at = close(cms, eci, pieces(cms, encrypted, eciLimit, 6, segments, 10_000 + Math.ceil(n / 256)));
  const after: Tlv[] = [];
  while (!atEnd(cms, data, at)) {
    const field = element(cms, at, dataLimit, 4, maxDepth);
    after.push(field);
    at = field.end;
  }
  const end = close(cms, root, close(cms, content, close(cms, data, at)));
  const view = (t: Tlv) => cms.subarray(t.start, t.end);
  const newEci = wrap(0x30, [view(contentType), view(algorithm), Uint8Array.of(0x80, 0x00)]);
  const newData = wrap(0x30, [...before.map(view), newEci, ...after.map(view)]);
  const skeleton = wrap(0x30, [view(type), wrap(0xa0, [newData])]);
  return { skeleton: concatBytes(skeleton, cms.subarray(end)), segments };
}

/**
 * The pieces as one array. `inPlace`: moved together inside the input they are views of (each piece moves toward
 * the start, over headers already read), for a caller that owns the input and does not use it afterwards.
 */
export function joinSegments(cms: Uint8Array, segments: Uint8Array[], inPlace: boolean): Uint8Array {
  if (segments.length === 1) return segments[0];
  if (!inPlace || segments.length === 0 || segments.some((s) => s.buffer !== cms.buffer)) return concatBytes(...segments);
  const base = segments[0].byteOffset - cms.byteOffset;
  let at = base;
  for (const s of segments) {
    const from = s.byteOffset - cms.byteOffset;
    cms.copyWithin(at, from, from + s.length);
    at += s.length;
  }
  return cms.subarray(base, at);
}
