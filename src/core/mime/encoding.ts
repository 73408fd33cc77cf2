/** Transfer encodings and line endings (RFC 2045). Linear time, binary safe. */
import { base64DecodeBytes, base64EncodeBytes, latin1Decode, toBase64Lines } from "../bytes";
import { isBuiltinError } from "../errors";

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const HT = 0x09;
const EQ = 0x3d;
const HEX = "0123456789ABCDEF";
const asciiDecoder = new TextDecoder("utf-8");


/**
 * One pass over the bytes, sixteen at a time where aligned (a byte loop over 25 MB took 70 ms): every CR must be
 * followed by LF and every LF preceded by CR; with `sevenBit`, no NUL and no 8-bit byte, and no line longer
 * than `maxLine`. Fed in pieces of any size (a file read in pieces), the answer is the same as for the whole.
 */
export class TextScanner {
  /** Offset of the current piece in the whole input. */
  private base = 0;
  /** Offset in the whole input where the current line starts. */
  private lineStart = 0;
  /** The last byte of the previous piece (-1 before the first). */
  private last = -1;
  private ok = true;

  constructor(
    private readonly sevenBit: boolean,
    private readonly maxLine: number,
  ) {}

  push(bytes: Uint8Array): boolean {
    if (this.ok && bytes.length > 0) {
      // A CR that ended the previous piece needs this piece's first byte to be LF.
      if (this.last === CR && bytes[0] !== LF) this.ok = false;
      else {
        const lineStart = scanPiece(bytes, { sevenBit: this.sevenBit, maxLine: this.maxLine, base: this.base, last: this.last }, this.lineStart);
        this.ok = lineStart !== FAIL;
        this.lineStart = lineStart;
      }
      this.base += bytes.length;
      this.last = bytes[bytes.length - 1];
    }
    return this.ok;
  }

  /** The verdict for everything pushed. */
  end(): boolean {
    return this.ok && this.last !== CR && this.base - this.lineStart <= this.maxLine;
  }
}

interface Piece {
  sevenBit: boolean;
  maxLine: number;
  /** Offset of the piece in the whole input. */
  base: number;
  /** The byte before the piece (-1 if none). */
  last: number;
}

const FAIL = -1;

/**
 * The rules for bytes[j], given where the current line starts (an offset in the whole input): the line start
 * after it, or FAIL. A CR at the end of the piece is left to the next piece (see push).
 */
function checkByte(bytes: Uint8Array, j: number, p: Piece, lineStart: number): number {
  const v = bytes[j];
  if (v === CR) return j + 1 === bytes.length || bytes[j + 1] === LF ? lineStart : FAIL;
  if (v === LF) {
    const before = j > 0 ? bytes[j - 1] : p.last;
    return before !== CR || p.base + j - 1 - lineStart > p.maxLine ? FAIL : p.base + j + 1;
  }
  return p.sevenBit && (v === 0 || v > 127) ? FAIL : lineStart;
}

/**
 * Checks one piece; returns the line start after it, or FAIL. State is passed and returned, not kept in closures:
 * V8 did not inline closures made afresh for every piece, and the calls cost half the scan's time.
 */
function scanPiece(bytes: Uint8Array, p: Piece, lineStart: number): number {
  const n = bytes.length;
  const head = Math.min(n, (4 - (bytes.byteOffset & 3)) & 3);
  for (let j = 0; j < head && lineStart !== FAIL; j++) lineStart = checkByte(bytes, j, p, lineStart);
  if (lineStart === FAIL) return FAIL;
  // Too short to reach an aligned word (e.g. an empty body at an odd offset): no word view at all.
  const words = n - head >= 4 ? new Int32Array(bytes.buffer, bytes.byteOffset + head, (n - head) >>> 2) : new Int32Array(0);
  // One test per four words: does any byte lie below 0x0e (NUL, CR, LF and other controls) or, with sevenBit, at
  // or above 0x80? The classic "has byte less than" test: every such byte gets its top bit set in the mask (with
  // sevenBit, `x - K` alone does that for the low ones; `x & high` flags the high ones), and a borrow can only flag
  // more bytes after a real one. Bytes that are flagged, and only those, are checked, lowest first: in a base64
  // body, the CR and LF of each line (bytes flagged by a borrow are checked too, and pass).
  const { sevenBit, maxLine, base, last } = p;
  const K = 0x0e0e0e0e;
  const high = p.sevenBit ? 0x80808080 : 0;
  const keep = p.sevenBit ? 0 : -1;
  const groups = words.length & ~3;
  for (let w = 0; w < groups; w += 4) {
    const a = words[w];
    const b = words[w + 1];
    const c = words[w + 2];
    const d = words[w + 3];
    const any = ((a - K) & ~(a & keep)) | ((b - K) & ~(b & keep)) | ((c - K) & ~(c & keep)) | ((d - K) & ~(d & keep)) | ((a | b | c | d) & high);
    if ((any & 0x80808080) === 0) continue;
    for (let k = w; k < w + 4; k++) {
      const x = words[k];
      for (let m = (((x - K) & ~(x & keep)) | (x & high)) & 0x80808080; m !== 0; m &= m - 1) {
        // checkByte's rules, inlined (a call per line cost a fifth of the scan).
        const j = head + k * 4 + ((31 - Math.clz32(m & -m)) >>> 3);
        const v = bytes[j];
        if (v === CR) {
          if (j + 1 < n && bytes[j + 1] !== LF) return FAIL;
        } else if (v === LF) {
          if ((j > 0 ? bytes[j - 1] : last) !== CR || base + j - 1 - lineStart > maxLine) return FAIL;
          lineStart = base + j + 1;
        } else if (sevenBit && (v === 0 || v > 127)) return FAIL;
      }
    }
  }
  for (let j = head + groups * 4; j < n && lineStart !== FAIL; j++) lineStart = checkByte(bytes, j, p, lineStart);
  return lineStart;
}

function scanText(bytes: Uint8Array, sevenBit: boolean, maxLine: number): boolean {
  const scanner = new TextScanner(sevenBit, maxLine);
  scanner.push(bytes);
  return scanner.end();
}

/** True when every CR is followed by LF and every LF preceded by CR. */
export function hasOnlyCrlf(bytes: Uint8Array): boolean {
  return scanText(bytes, false, Number.MAX_SAFE_INTEGER);
}

/** Bare CR and bare LF become CRLF; existing CRLF pairs stay. Always returns a fresh array. */
export function canonicalizeLineEndings(bytes: Uint8Array): Uint8Array {
  if (hasOnlyCrlf(bytes)) return bytes.slice();
  const n = bytes.length;
  let extra = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === CR) {
      if (bytes[i + 1] === LF) i++;
      else extra++;
    } else if (b === LF) extra++;
  }
  if (extra === 0) return bytes.slice();
  const out = new Uint8Array(n + extra);
  let o = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === CR) {
      out[o++] = CR;
      out[o++] = LF;
      if (bytes[i + 1] === LF) i++;
    } else if (b === LF) {
      out[o++] = CR;
      out[o++] = LF;
    } else out[o++] = b;
  }
  return out;
}

/** Canonical text: every line break (CRLF, CR, LF) becomes CRLF. */
export function canonicalText(s: string): string {
  return s.replace(/\r\n|\r|\n/g, "\r\n");
}

/**
 * Quoted-printable (RFC 2045 §6.7). Only CRLF pairs are hard line breaks; bare CR/LF are encoded,
 * so decode(encode(x)) = x for any bytes. Output lines are at most 76 characters, trailing
 * whitespace is encoded, and "From ", "." and "-" at the start of a line are encoded so that
 * no line can look like an mbox separator, an SMTP end of data or a MIME boundary.
 */
export function encodeQuotedPrintable(bytes: Uint8Array): string {
  return asciiDecoder.decode(encodeQuotedPrintableBytes(bytes));
}

const HEX_BYTES = Uint8Array.from(HEX, (c) => c.charCodeAt(0));

/** encodeQuotedPrintable as ASCII bytes, written straight into a byte array (fast for big bodies). */
export function encodeQuotedPrintableBytes(bytes: Uint8Array): Uint8Array {
  const n = bytes.length;
  // worst case: every byte escaped (3 chars) plus a soft break ("=" CRLF) per 73 output chars
  const out = new Uint8Array(n * 3 + (Math.floor((n * 3) / 73) + 2) * 3);
  let o = 0;
  let col = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === CR && bytes[i + 1] === LF) {
      out[o++] = CR;
      out[o++] = LF;
      col = 0;
      i++;
      continue;
    }
    let escape: boolean;
    if (b === SP || b === HT) escape = i + 1 === n || (bytes[i + 1] === CR && bytes[i + 2] === LF); // trailing whitespace
    else escape = !(b > 32 && b < 127 && b !== EQ);
    if (col + (escape ? 3 : 1) > 75) {
      out[o++] = EQ;
      out[o++] = CR;
      out[o++] = LF;
      col = 0;
    }
    if (col === 0 && !escape) {
      const startsFrom = b === 0x46 && bytes[i + 1] === 0x72 && bytes[i + 2] === 0x6f && bytes[i + 3] === 0x6d && bytes[i + 4] === SP;
      escape = startsFrom || b === 0x2e || b === 0x2d;
    }
    if (escape) {
      out[o++] = EQ;
      out[o++] = HEX_BYTES[b >> 4];
      out[o++] = HEX_BYTES[b & 15];
      col += 3;
    } else {
      out[o++] = b;
      col += 1;
    }
  }
  return out.slice(0, o);
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** Lenient QP decoder: soft breaks (CRLF or LF), transport padding removed, invalid escapes kept literally. */
export function decodeQuotedPrintable(bytes: Uint8Array): Uint8Array {
  const n = bytes.length;
  const out = new Uint8Array(n);
  let o = 0;
  let keepUpTo = 0; // output index after the last byte that is not literal trailing whitespace
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === EQ) {
      let j = i + 1;
      while (j < n && (bytes[j] === SP || bytes[j] === HT)) j++;
      if (j >= n) {
        keepUpTo = o;
        i = n; // "=" at the very end: a soft break
        continue;
      }
      if (bytes[j] === LF || (bytes[j] === CR && bytes[j + 1] === LF)) {
        // soft break: whitespace before the "=" is data (the "=" protects it), after it is padding
        keepUpTo = o;
        i = bytes[j] === CR ? j + 1 : j;
        continue;
      }
      const h = hexValue(bytes[i + 1] ?? 0);
      const l = hexValue(bytes[i + 2] ?? 0);
      if (i + 2 < n && h >= 0 && l >= 0) {
        out[o++] = (h << 4) | l;
        keepUpTo = o;
        i += 2;
        continue;
      }
      out[o++] = b;
      keepUpTo = o;
      continue;
    }
    if (b === LF || (b === CR && bytes[i + 1] === LF)) {
      o = keepUpTo; // drop transport padding before a hard break
      if (b === CR) {
        out[o++] = CR;
        i++;
      }
      out[o++] = LF;
      keepUpTo = o;
      continue;
    }
    out[o++] = b;
    if (b !== SP && b !== HT) keepUpTo = o;
  }
  // trailing whitespace at the very end is also transport padding
  return out.slice(0, keepUpTo);
}

/** Base64 as ASCII bytes with CRLF every 76 characters (no final CRLF). */
export function encodeBase64LinesBytes(bytes: Uint8Array): Uint8Array {
  return base64EncodeBytes(bytes, 76);
}

/** Base64 with CRLF every 76 characters, as a string. */
export function encodeBase64Lines(bytes: Uint8Array): string {
  return toBase64Lines(bytes, 76);
}

/** Base64 body decoding straight from bytes; tolerates whitespace, throws SpmError MALFORMED on other junk. */
export function decodeBase64Body(bytes: Uint8Array): Uint8Array {
  return base64DecodeBytes(bytes);
}

// WHATWG maps all of these to windows-1252. Decoded here because some Node 20 builds decode
// "windows-1252" as plain Latin-1 (0x80 -> U+0080 instead of the euro sign).
const WINDOWS_1252_LABELS = new Set(["us-ascii", "ascii", "iso-8859-1", "iso8859-1", "latin1", "l1", "windows-1252", "cp1252", "x-cp1252", "iso_8859-1", "cp819", "ibm819", "ansi_x3.4-1968"]);
const CP1252_80_9F = "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

/**
 * windows-1252, the decoder browsers use for us-ascii and latin1 labels too (WHATWG Encoding). Not Node's
 * TextDecoder("windows-1252"), which decodes 0x80-0x9F as Latin-1. Latin-1 in native chunks, then the 32
 * C1 positions mapped when any occur: linear and about 50 times faster than a string built byte by byte.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  const text = latin1Decode(bytes);
  return /[\x80-\x9f]/.test(text) ? text.replace(/[\x80-\x9f]/g, (c) => CP1252_80_9F[c.charCodeAt(0) - 0x80]) : text;
}

export function decodeCharset(bytes: Uint8Array, charset: string | undefined): string {
  let label = (charset ?? "utf-8").trim().toLowerCase();
  const star = label.indexOf("*"); // RFC 2231 language suffix
  if (star >= 0) label = label.slice(0, star);
  if (label === "utf8") label = "utf-8";
  if (label === "" || WINDOWS_1252_LABELS.has(label)) return decodeWindows1252(bytes);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch (e) {
    if (!isBuiltinError(e, "RangeError")) throw e;
    decoder = new TextDecoder("utf-8");
  }
  return decoder.decode(bytes);
}

/** True when every byte is 7-bit, there is no NUL, and CR/LF only appear as CRLF pairs. */
export function isSevenBitCanonical(bytes: Uint8Array, maxLineLength = 998): boolean {
  return scanText(bytes, true, maxLineLength);
}
