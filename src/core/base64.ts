/**
 * Base64 decoding for large bodies: exact in JavaScript, fast through a native decoder where one exists.
 *
 * The JavaScript decoder is the reference: standard or url alphabet, whitespace (space, tab, CR, LF) ignored,
 * at most two padding characters and nothing but whitespace after them; anything else is MALFORMED.
 * A native decoder (Node's Buffer, installed by the CLI through `installNativeBase64`; the browser's
 * `Uint8Array.prototype.setFromBase64`, found by itself) is used only where its answer can be checked without a
 * second pass: on runs of lines that all have the same length (as every mail program writes base64), whose
 * characters per line are a multiple of 4. The number of data characters in such a run is known from its
 * shape, so the exact output length is known; a native decoder skips, stops at, or throws on characters
 * outside the alphabet, so any such character makes it write fewer bytes. A run whose count comes out wrong is
 * decoded again by the JavaScript decoder, which then decides (a space inside a line is fine, junk is not).
 */
import { SpmError } from "./errors";

/**
 * Decode `text[start, end)` (ASCII bytes) into `out` from `offset`; return the bytes written. Must write nothing
 * for characters outside the base64 alphabet (skip them, stop there, or throw), and decode alphabet characters
 * with optional trailing padding exactly.
 */
export type NativeBase64Decode = (text: Uint8Array, start: number, end: number, out: Uint8Array, offset: number) => number;

let installed: NativeBase64Decode | undefined;

/** Install (or with undefined remove) a native base64 decoder; see NativeBase64Decode for the contract. */
export function installNativeBase64(decode: NativeBase64Decode | undefined): void {
  installed = decode;
}

type SetFromBase64 = (this: Uint8Array, text: string) => { read: number; written: number };
const latin1 = new TextDecoder("latin1");

/** The platform's own decoder (TC39 Uint8Array base64, e.g. Chromium 140+), when there is one. */
function platformDecoder(): NativeBase64Decode | undefined {
  const setFromBase64 = (Uint8Array.prototype as unknown as { setFromBase64?: SetFromBase64 }).setFromBase64;
  if (typeof setFromBase64 !== "function") return undefined;
  return (text, start, end, out, offset) => {
    try {
      // Bytes above 0x7f become characters outside the alphabet whatever the decoder's label means: rejected.
      return setFromBase64.call(out.subarray(offset), latin1.decode(text.subarray(start, end))).written;
    } catch {
      return -1; // SyntaxError on junk: the JavaScript decoder decides and says what is wrong
    }
  };
}
const platform = platformDecoder();

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const WS = -2;
const PAD = -3;
const DECODE = (() => {
  const t = new Int8Array(256).fill(-1);
  for (let i = 0; i < 64; i++) t[ALPHABET.charCodeAt(i)] = i;
  t[0x2d] = 62; // base64url tolerated on input
  t[0x5f] = 63;
  for (const c of [0x20, 0x09, 0x0d, 0x0a]) t[c] = WS;
  t[0x3d] = PAD;
  return t;
})();

const CR = 0x0d;
const LF = 0x0a;
const EQ = 0x3d;
/** Largest run handed to a native decoder at once (it may turn the run into a string first). */
const MAX_RUN = 64 * 1024;

export interface DecodeOptions {
  /** Decode with the reference character loop only (no native decoder, no four-character groups). */
  reference?: boolean;
}

/** Upper bound of the decoded length of `length` base64 characters. */
export function maxDecodedLength(length: number): number {
  return Math.floor((length * 3) / 4) + 3;
}

/**
 * Streaming decoder: feed base64 text in pieces of any size with `decodeInto`, then call `finish`. The output of
 * all pieces equals `base64DecodeBytes` of their concatenation.
 */
export class Base64Decoder {
  private acc = 0;
  private bits = 0;
  private padding = 0;
  private readonly native: NativeBase64Decode | undefined;
  private readonly fast: boolean;

  /** `reference`: the character loop only (for tests that compare the fast paths with it). */
  constructor(options: DecodeOptions = {}) {
    this.fast = options.reference !== true;
    this.native = this.fast ? (installed ?? platform) : undefined;
  }

  /** Decode `text` into `out` from `offset` (room for `maxDecodedLength(text.length)` needed); returns the new offset. */
  decodeInto(text: Uint8Array, out: Uint8Array, offset: number): number {
    let i = 0;
    let o = offset;
    const n = text.length;
    while (i < n) {
      const run = this.fast && this.bits === 0 && this.padding === 0 ? regularRun(text, i, n) : undefined;
      if (run) {
        const written = this.native ? this.native(text, i, run.end, out, o) : run.padding ? -1 : decodeLines(text, i, run, out, o);
        if (written === run.bytes) {
          o += written;
          i = run.end;
          if (run.padding) this.padding = run.padding;
          continue;
        }
        o = this.decodeJs(text, i, run.end, out, o); // the reference decides
        i = run.end;
        continue;
      }
      const lf = text.indexOf(LF, i);
      const next = lf < 0 ? n : lf + 1;
      o = this.decodeJs(text, i, next, out, o);
      i = next;
    }
    return o;
  }

  /** Checks the end state (padding); the decoded bytes are all out already. */
  finish(): void {
    if (this.padding > 2) throw new SpmError("MALFORMED", "Invalid base64 padding");
  }

  private decodeJs(text: Uint8Array, start: number, end: number, out: Uint8Array, offset: number): number {
    let { acc, bits, padding } = this;
    let o = offset;
    for (let i = start; i < end; i++) {
      const v = DECODE[text[i]];
      if (v >= 0) {
        if (padding > 0) throw new SpmError("MALFORMED", "Invalid base64 data");
        acc = ((acc << 6) | v) & 0xffffff;
        bits += 6;
        if (bits >= 8) {
          bits -= 8;
          out[o++] = (acc >> bits) & 0xff;
        }
      } else if (v === PAD) padding++;
      else if (v !== WS) throw new SpmError("MALFORMED", "Invalid base64 data");
    }
    this.acc = acc;
    this.bits = bits;
    this.padding = padding;
    return o;
  }
}

interface Run {
  end: number;
  /** Exact decoded length. */
  bytes: number;
  padding: number;
  lines: number;
  /** Bytes from one line's start to the next one's. */
  stride: number;
  /** Data characters per line. */
  perLine: number;
}

/**
 * From `start`: a run of lines of one length (LF or CRLF, the same break throughout), at most MAX_RUN bytes,
 * whose data characters per line are a multiple of 4; or one unbroken stretch to `end` (base64 without line
 * breaks) whose length is a multiple of 4. Padding is allowed only as the run's last one or two characters.
 * Returns the run with the exact number of bytes it decodes to, or undefined when there is no such run.
 */
function regularRun(text: Uint8Array, start: number, end: number): Run | undefined {
  const lf = text.indexOf(LF, start);
  if (lf < 0) {
    const data = end - start;
    if (data === 0 || data % 4 !== 0) return undefined;
    return withPadding(text, start, { end, bytes: 0, padding: 0, lines: 1, stride: data, perLine: data }, end);
  }
  if (lf >= start + MAX_RUN) return undefined; // a line longer than a run: rare, left to the reference
  const breakBytes = lf > start && text[lf - 1] === CR ? 2 : 1;
  const stride = lf + 1 - start;
  const perLine = stride - breakBytes;
  if (perLine === 0 || perLine % 4 !== 0) return undefined;
  let lines = 1;
  const maxLines = Math.max(1, Math.floor(MAX_RUN / stride));
  for (let at = start + 2 * stride - 1; lines < maxLines && at < end; at += stride) {
    if (text[at] !== LF || (breakBytes === 2 && text[at - 1] !== CR)) break;
    lines++;
  }
  const runEnd = start + lines * stride;
  // Padding inside a line of full length is possible only on the last line: a run may end with it.
  return withPadding(text, start, { end: runEnd, bytes: 0, padding: 0, lines, stride, perLine }, runEnd - breakBytes);
}

/** The run's exact output length, given the "=" (at most two) that end its data. */
function withPadding(text: Uint8Array, start: number, run: Run, dataEnd: number): Run | undefined {
  let padding = 0;
  while (padding < 3 && dataEnd - padding > start && text[dataEnd - padding - 1] === EQ) padding++;
  if (padding > 2) return undefined;
  return { ...run, bytes: ((run.lines * run.perLine) / 4) * 3 - padding, padding };
}

/** Each table holds one character's 6 bits already shifted to its place in a group, or BAD (bit 24). */
const BAD = 0x1000000;
const [D0, D1, D2, D3] = [18, 12, 6, 0].map((shift) => {
  const t = new Uint32Array(256).fill(BAD);
  for (let c = 0; c < 256; c++) if (DECODE[c] >= 0) t[c] = DECODE[c] << shift;
  return t;
});

/**
 * A run without padding, four characters at a time with one OR of four table values per group (3-4x the speed of
 * the reference's character loop). Returns -1 when any character is not in the alphabet (the reference decides).
 */
function decodeLines(text: Uint8Array, start: number, run: Run, out: Uint8Array, offset: number): number {
  let o = offset;
  let bad = 0;
  for (let line = 0; line < run.lines; line++) {
    let i = start + line * run.stride;
    for (const end = i + run.perLine; i < end; i += 4) {
      const v = D0[text[i]] | D1[text[i + 1]] | D2[text[i + 2]] | D3[text[i + 3]];
      bad |= v;
      out[o] = v >> 16;
      out[o + 1] = v >> 8;
      out[o + 2] = v;
      o += 3;
    }
  }
  return bad & BAD ? -1 : o - offset;
}

/** Decode base64 given as ASCII bytes (standard or url alphabet), ignoring whitespace; MALFORMED on junk. */
export function decodeBase64(text: Uint8Array, options: DecodeOptions = {}): Uint8Array {
  const out = new Uint8Array(maxDecodedLength(text.length));
  const decoder = new Base64Decoder(options);
  const length = decoder.decodeInto(text, out, 0);
  decoder.finish();
  // The bound is a little larger than the result (line breaks): small results are copied to their exact size, a
  // large one is handed back as a view rather than copied again.
  return length >= 64 * 1024 ? out.subarray(0, length) : out.slice(0, length);
}

/**
 * The decoded length of base64 text, checked like `decodeBase64` (MALFORMED on junk), without holding the
 * decoded bytes: they pass through a small scratch buffer (a 25 MB attachment's size without 19 MB more).
 */
export function decodedLength(text: Uint8Array | Iterable<Uint8Array>): number {
  const SLICE = 256 * 1024;
  const scratch = new Uint8Array(maxDecodedLength(SLICE));
  const decoder = new Base64Decoder();
  let length = 0;
  // Pieces (windows of a file) decode as one text: the decoder carries a group split between two of them.
  for (const piece of text instanceof Uint8Array ? [text] : text) {
    for (let at = 0; at < piece.length; at += SLICE) length += decoder.decodeInto(piece.subarray(at, at + SLICE), scratch, 0);
  }
  decoder.finish();
  return length;
}
