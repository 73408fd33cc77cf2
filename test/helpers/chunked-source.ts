/** A ByteSource over an array that behaves like a file: read on demand in chunks, whole parts copied out. */
import type { ByteSource } from "../../src/core/byte-source";

/** `bytes` read on demand, `chunkSize` at a time; counts what is handed out whole. */
export function chunkedSource(bytes: Uint8Array, chunkSize: number): ByteSource & { handedOut: number } {
  const source = {
    length: bytes.length,
    chunkSize,
    handedOut: 0,
    readInto: (start: number, into: Uint8Array) => {
      const piece = bytes.subarray(start, start + into.length);
      into.set(piece);
      return piece.length;
    },
    bytes: (start: number, end: number) => {
      const copy = bytes.slice(start, end); // a copy, as a file gives: nothing may depend on sharing storage
      source.handedOut += copy.length;
      return copy;
    },
  };
  return source;
}

