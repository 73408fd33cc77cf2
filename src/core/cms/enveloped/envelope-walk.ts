/**
 * One walk down an Enveloped- or AuthEnvelopedData to its encrypted content, over DER/BER given in pieces of any
 * size (one piece: a message in memory; many: a file read while it is walked). Every field except the content is
 * kept whole and returned as a skeleton: the same structure with the content replaced by an empty [0], which the
 * one BER parser then checks field by field. The content itself goes to a sink as it passes: primitive, or in
 * pieces (constructed, indefinite-length BER as `openssl cms -stream` and Outlook write it: a 25 MB message is
 * 6,400 OCTET STRINGs of 4 KiB, each of which asn1js would make a node of about 2 KB).
 *
 * Every length on the path is checked (definite lengths add up exactly, indefinite ones end with end-of-contents
 * octets). Anything unexpected on the path (a high tag number, a length over 4 bytes, a wrong tag, the input
 * ending early) throws NotThisShape: in memory the general parser then takes the whole input and decides, as
 * before; read from a file it is MALFORMED.
 */
import { concatBytes } from "../../bytes";
import { SpmError } from "../../errors";

export class NotThisShape extends Error {}

/** Pulls bytes out of a sequence of pieces, counting its position. */
class PullReader {
  private readonly iterator: Iterator<Uint8Array>;
  private piece: Uint8Array = new Uint8Array(0);
  private at = 0;
  position = 0;

  constructor(pieces: Iterable<Uint8Array>, private readonly maxBytes: number) {
    this.iterator = pieces[Symbol.iterator]();
  }

  private ready(): boolean {
    while (this.at === this.piece.length) {
      const next = this.iterator.next();
      if (next.done) return false;
      this.piece = next.value;
      this.at = 0;
    }
    return true;
  }

  private advance(n: number): void {
    this.at += n;
    this.position += n;
    if (this.position > this.maxBytes) {
      throw new SpmError("LIMIT_EXCEEDED", `The CMS message is larger than the limit of ${this.maxBytes} bytes`, { details: { limit: this.maxBytes } });
    }
  }

  byte(): number {
    if (!this.ready()) throw new NotThisShape();
    const b = this.piece[this.at];
    this.advance(1);
    return b;
  }

  /** The next `n` bytes as views of the pieces, handed to `sink` in order. */
  pipe(n: number, sink: (view: Uint8Array) => void): void {
    while (n > 0) {
      if (!this.ready()) throw new NotThisShape();
      const view = this.piece.subarray(this.at, this.at + Math.min(n, this.piece.length - this.at));
      this.advance(view.length);
      n -= view.length;
      sink(view);
    }
  }

  /** The next `n` bytes, copied (pieces may be reused storage). */
  take(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let filled = 0;
    this.pipe(n, (view) => {
      out.set(view, filled);
      filled += view.length;
    });
    return out;
  }

  atEnd(): boolean {
    return !this.ready();
  }
}

interface Header {
  tag: number;
  /** The header's own bytes. */
  bytes: Uint8Array;
  /** Content length, -1 when indefinite. */
  length: number;
  /** Position after the content (definite only). */
  end?: number;
}

const EOC = { tag: 0, bytes: Uint8Array.of(0, 0), length: 0 } as const;

function readHeader(r: PullReader): Header {
  const tag = r.byte();
  if ((tag & 0x1f) === 0x1f) throw new NotThisShape();
  const first = r.byte();
  if (tag === 0) {
    if (first !== 0) throw new NotThisShape();
    return EOC;
  }
  if (first === 0x80) {
    if ((tag & 0x20) === 0) throw new NotThisShape(); // indefinite length only for constructed elements
    return { tag, bytes: Uint8Array.of(tag, first), length: -1 };
  }
  const bytes = [tag, first];
  let length = first;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n === 0 || n > 4) throw new NotThisShape();
    length = 0;
    for (let i = 0; i < n; i++) {
      const b = r.byte();
      bytes.push(b);
      length = length * 256 + b;
    }
  }
  return { tag, bytes: Uint8Array.from(bytes), length, end: r.position + length };
}

/** The next child of `parent`, or undefined at its end (past the end-of-contents octets when indefinite). */
function nextChild(r: PullReader, parent: Header): Header | undefined {
  if (parent.end !== undefined) {
    if (r.position === parent.end) return undefined;
    const child = readHeader(r);
    if (child === EOC || r.position > parent.end || (child.end !== undefined && child.end > parent.end)) throw new NotThisShape();
    return child;
  }
  const child = readHeader(r);
  return child === EOC ? undefined : child;
}

function close(r: PullReader, parent: Header): void {
  if (nextChild(r, parent) !== undefined) throw new NotThisShape();
}

/** A whole element (header read already) with its content, copied; nested indefinite lengths walked. */
function capture(r: PullReader, h: Header, budget: { left: number; maxDepth: number }, depth: number): Uint8Array {
  if (depth > budget.maxDepth || h === EOC) throw new NotThisShape();
  if (h.length >= 0) {
    budget.left -= h.length;
    if (budget.left < 0) throw new NotThisShape();
    return concatBytes(h.bytes, r.take(h.length));
  }
  const parts: Uint8Array[] = [h.bytes];
  for (let child = nextChild(r, h); child; child = nextChild(r, h)) parts.push(capture(r, child, budget, depth + 1));
  parts.push(EOC.bytes);
  return concatBytes(...parts);
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

/** The content of constructed [0] or OCTET STRING `node`: its primitive OCTET STRING pieces, in order. */
function pieces(r: PullReader, node: Header, sink: (view: Uint8Array) => void, depth: number): void {
  if (depth > 8) throw new NotThisShape();
  for (let child = nextChild(r, node); child; child = nextChild(r, node)) {
    if (child.tag === 0x04) r.pipe(child.length, sink);
    else if (child.tag === 0x24) pieces(r, child, sink, depth + 1);
    else throw new NotThisShape();
  }
}

export interface WalkLimits {
  maxBytes: number;
  maxDepth: number;
}

/** Bytes kept besides the content (recipients, algorithms, attributes): far above any real message's. */
const SKELETON_BYTES = 4 * 1024 * 1024;
/** Trailing bytes after the structure that are still handed on (parseBerExact tolerates zeros only). */
const TRAILING_BYTES = 1024;

/**
 * Walk the pieces; the content goes to `sink` (views of the pieces, valid during the call). Returns the skeleton
 * (with any trailing bytes after the structure). Throws NotThisShape, LIMIT_EXCEEDED or MALFORMED.
 */
export function walkEnvelope(input: Iterable<Uint8Array>, limits: WalkLimits, sink: (view: Uint8Array) => void): Uint8Array {
  const r = new PullReader(input, limits.maxBytes);
  const budget = { left: SKELETON_BYTES, maxDepth: limits.maxDepth };
  const depth = 3; // ContentInfo, [0], the EnvelopedData: its fields and theirs are captured from here
  const root = readHeader(r);
  const typeHeader = root.tag === 0x30 ? nextChild(r, root) : undefined;
  if (!typeHeader || typeHeader.tag !== 0x06) throw new NotThisShape();
  const type = capture(r, typeHeader, budget, depth);
  const content = nextChild(r, root);
  const data = content?.tag === 0xa0 ? nextChild(r, content) : undefined;
  if (!content || !data || data.tag !== 0x30) throw new NotThisShape();
  // Fields before the EncryptedContentInfo (the first SEQUENCE after the recipients' SET), kept as they are.
  const before: Uint8Array[] = [];
  let eci: Header | undefined;
  for (let field = nextChild(r, data); field; field = nextChild(r, data)) {
    if (field.tag === 0x30 && before.some((f) => f[0] === 0x31)) {
      eci = field;
      break;
    }
    before.push(capture(r, field, budget, depth));
  }
  if (!eci) throw new NotThisShape();
  const contentTypeHeader = nextChild(r, eci);
  const contentType = contentTypeHeader && capture(r, contentTypeHeader, budget, depth);
  const algorithmHeader = nextChild(r, eci);
  const algorithm = algorithmHeader && capture(r, algorithmHeader, budget, depth);
  const encrypted = nextChild(r, eci);
  if (!contentType || !algorithm || !encrypted) throw new NotThisShape();
  if (encrypted.tag === 0x80) r.pipe(encrypted.length, sink);
  else if (encrypted.tag === 0xa0) pieces(r, encrypted, sink, 0);
  else throw new NotThisShape();
  close(r, eci);
  const after: Uint8Array[] = [];
  for (let field = nextChild(r, data); field; field = nextChild(r, data)) after.push(capture(r, field, budget, depth));
  close(r, content);
  close(r, root);
  const trailing: Uint8Array[] = [];
  for (let n = 0; !r.atEnd(); n++) {
    if (n >= TRAILING_BYTES) throw new NotThisShape();
    trailing.push(Uint8Array.of(r.byte()));
  }
  const newEci = wrap(0x30, [contentType, algorithm, Uint8Array.of(0x80, 0x00)]);
  const newData = wrap(0x30, [...before, newEci, ...after]);
  return concatBytes(wrap(0x30, [type, wrap(0xa0, [newData])]), ...trailing);
}
