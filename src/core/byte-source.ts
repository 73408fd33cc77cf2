/**
 * Bytes that are either in memory or read on demand (a message file the CLI verifies without holding it). The
 * MIME parser, the detached-signature digest and attachment sizes work through this, so one parser serves both:
 * in memory it scans one chunk, the whole array, exactly as before; from a file it scans chunks of CHUNK bytes
 * and holds only the small parts it is asked for.
 */
import { SpmError } from "./errors";

export interface ByteSource {
  readonly length: number;
  /** All of it, when it is in memory (scanners then take one chunk and `bytes` is a view). */
  readonly whole?: Uint8Array;
  /** Bytes [start, end) as an array the caller may keep: a view in memory, a fresh copy read from a file. */
  bytes(start: number, end: number): Uint8Array;
  /** Read bytes from `start` into `into` (as many as fit and exist); returns how many. */
  readInto(start: number, into: Uint8Array): number;
  /** Bytes per chunk for scans (default CHUNK); tests make it tiny so that every seam is crossed. */
  readonly chunkSize?: number;
}

/** A file that shrank while it was read: the bytes already checked may not be the ones read next. */
export const inputChanged = () => new SpmError("INVALID_ARGUMENT", "The input is shorter than announced (it changed while it was read)");

/** How much a chunked scan reads at once. */
export const CHUNK = 1 << 20;

export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    length: bytes.length,
    whole: bytes,
    bytes: (start, end) => bytes.subarray(start, end),
    readInto: (start, into) => {
      const piece = bytes.subarray(start, start + into.length);
      into.set(piece);
      return piece.length;
    },
  };
}

/** A ByteSource by its shape (input that crosses an API boundary untyped). */
export function isByteSource(x: unknown): x is ByteSource {
  return typeof x === "object" && x !== null && typeof (x as ByteSource).length === "number" && typeof (x as ByteSource).bytes === "function" && typeof (x as ByteSource).readInto === "function";
}

/**
 * `target[key]` as all of `source`, read only when somebody reads it (then kept). Assigning it replaces the
 * getter with the value assigned.
 */
export function defineWholeOnDemand<K extends string>(target: { [k in K]: Uint8Array }, key: K, source: ByteSource): void {
  let bytes: Uint8Array | undefined;
  Object.defineProperty(target, key, {
    configurable: true,
    enumerable: true,
    get: () => (bytes ??= source.bytes(0, source.length)),
    set: (value: Uint8Array) => Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true }),
  });
}

export function asSource(input: Uint8Array | ByteSource): ByteSource {
  return input instanceof Uint8Array ? memorySource(input) : input;
}

/** Bytes [start, end) of `source` as a source of their own (offsets from 0). */
export function subSource(source: ByteSource, start: number, end: number): ByteSource {
  if (source.whole) return memorySource(source.whole.subarray(start, end));
  if (start === 0 && end === source.length) return source;
  return {
    length: end - start,
    chunkSize: source.chunkSize,
    bytes: (s, e) => source.bytes(start + s, start + Math.min(e, end - start)),
    readInto: (s, into) => source.readInto(start + s, into.subarray(0, Math.max(0, Math.min(into.length, end - start - s)))),
  };
}

/**
 * The bytes of [start, end) in order, in chunks: one view in memory; from a file, one reused buffer of CHUNK
 * bytes (each chunk is valid only until the next one is asked for).
 */
export function* chunks(source: ByteSource, start = 0, end = source.length): Generator<Uint8Array> {
  if (source.whole) {
    if (end > start) yield source.whole.subarray(start, end);
    return;
  }
  const scratch = new Uint8Array(Math.min(source.chunkSize ?? CHUNK, Math.max(0, end - start)));
  for (let at = start; at < end; ) {
    const n = source.readInto(at, scratch.subarray(0, Math.min(scratch.length, end - at)));
    if (n === 0) throw inputChanged();
    yield scratch.subarray(0, n);
    at += n;
  }
}

/**
 * Random access for scanners: `at` and `indexOf` with absolute offsets in [start, end), reading chunks as they
 * are needed (in memory the one chunk is the whole array). Bytes outside [start, end) read as -1.
 */
export class SourceCursor {
  private chunk: Uint8Array;
  private chunkStart: number;

  constructor(
    private readonly source: ByteSource,
    private readonly start: number,
    private readonly end: number,
  ) {
    if (source.whole) {
      this.chunk = source.whole;
      this.chunkStart = 0;
    } else {
      this.chunk = new Uint8Array(0);
      this.chunkStart = start;
      this.scratch = new Uint8Array(Math.min(source.chunkSize ?? CHUNK, Math.max(0, end - start)));
    }
  }

  private scratch?: Uint8Array;

  /** Load the chunk that holds `pos`, starting a little before it (scanners look back a byte or two). */
  private load(pos: number): void {
    const scratch = this.scratch as Uint8Array;
    const from = Math.max(this.start, pos - Math.min(64, scratch.length >> 1));
    const n = this.source.readInto(from, scratch.subarray(0, Math.min(scratch.length, this.end - from)));
    if (n <= pos - from) throw inputChanged();
    this.chunk = scratch.subarray(0, n);
    this.chunkStart = from;
  }

  at(pos: number): number {
    if (pos < this.start || pos >= this.end) return -1;
    let i = pos - this.chunkStart;
    if (i < 0 || i >= this.chunk.length) {
      this.load(pos);
      i = pos - this.chunkStart;
    }
    return this.chunk[i];
  }

  /** Absolute offset of the next `byte` at or after `from` and before the end, or -1. */
  indexOf(byte: number, from: number): number {
    let pos = from;
    while (pos < this.end) {
      let i = pos - this.chunkStart;
      if (i < 0 || i >= this.chunk.length) {
        this.load(pos);
        i = pos - this.chunkStart;
      }
      // In memory the chunk may run past `end`: a hit there is no hit (no subarray per call: this runs per line).
      const found = this.chunk.indexOf(byte, i);
      if (found >= 0) return this.chunkStart + found < this.end ? this.chunkStart + found : -1;
      pos = this.chunkStart + this.chunk.length;
    }
    return -1;
  }
}
