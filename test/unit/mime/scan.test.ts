import { test } from "@jest/globals";
import assert from "node:assert/strict";
import fc from "fast-check";
import { hasOnlyCrlf, isSevenBitCanonical, TextScanner } from "../../../src/core/mime/encoding";

/** The rules, one byte at a time. */
function reference(bytes: Uint8Array, sevenBit: boolean, maxLine: number): boolean {
  let lineStart = 0;
  for (let j = 0; j < bytes.length; j++) {
    const b = bytes[j];
    if (sevenBit && (b === 0 || b > 127)) return false;
    if (b === 0x0d && bytes[j + 1] !== 0x0a) return false;
    if (b === 0x0a) {
      if (j === 0 || bytes[j - 1] !== 0x0d || j - 1 - lineStart > maxLine) return false;
      lineStart = j + 1;
    }
  }
  return bytes.length - lineStart <= maxLine;
}

/** Both scans agree with the byte rules for `arr` placed `offset` bytes into its storage (word alignment). */
function agreesAtOffset(arr: ArrayLike<number>, offset: number, maxLine: number): void {
  const storage = new Uint8Array(arr.length + offset);
  storage.set(arr, offset);
  const bytes = storage.subarray(offset);
  assert.equal(isSevenBitCanonical(bytes, maxLine), reference(bytes, true, maxLine));
  assert.equal(hasOnlyCrlf(bytes), reference(bytes, false, Number.MAX_SAFE_INTEGER));
}

test("the word-at-a-time scan agrees with the byte rules at every offset and length", () => {
  // Bytes at the edges of the word test too (0x09, 0x0c below 0x0e; 0x0e, 0x0f, 0x8e just above it or 0x80).
  const byte = fc.constantFrom(0x00, 0x0a, 0x0d, 0x41, 0x7f, 0x80, 0xff, 0x20, 0x09, 0x0c, 0x0e, 0x0f, 0x8e);
  fc.assert(
    fc.property(fc.array(byte, { maxLength: 64 }), fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 12 }), (arr, offset, maxLine) => {
      agreesAtOffset(arr, offset, maxLine);
    }),
    { numRuns: 5000 },
  );
});

/**
 * Mostly valid text (CRLF lines of printable bytes) with up to three bytes replaced: random bytes are almost
 * always wrong early, which would leave most of the word path (a lone bad byte in a long clean run) untried.
 */
const nearlyText = fc
  .record({
    lines: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 12 }),
    changes: fc.array(fc.record({ at: fc.nat(), byte: fc.constantFrom(0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x0e, 0x0f, 0x7f, 0x80, 0x8d, 0x8e, 0xff) }), { maxLength: 3 }),
  })
  .map(({ lines, changes }) => {
    const text = lines.map((n, i) => "x".repeat(n).replace(/x/g, (_, k: number) => String.fromCharCode(0x21 + ((i * 7 + k) % 94)))).join("\r\n");
    const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
    for (const { at, byte } of changes) if (bytes.length > 0) bytes[at % bytes.length] = byte;
    return bytes;
  });

test("the word-at-a-time scan agrees with the byte rules on nearly valid text (one bad byte in a clean run)", () => {
  fc.assert(
    fc.property(nearlyText, fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 32 }), (arr, offset, maxLine) => {
      agreesAtOffset(arr, offset, maxLine);
    }),
    { numRuns: 5000 },
  );
});

test("TextScanner: fed in pieces of any size, the verdict is the whole input's (as for a file read in pieces)", () => {
  const bytesFrom = fc.oneof(fc.array(fc.constantFrom(0x0d, 0x0a, 0x41, 0x20, 0x00, 0xe9, 0x0e, 0x09), { maxLength: 200 }).map((a) => Uint8Array.from(a)), nearlyText);
  fc.assert(
    fc.property(bytesFrom, fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 8 }), fc.boolean(), fc.integer({ min: 0, max: 12 }), (bytes, cuts, sevenBit, maxLine) => {
      const scanner = new TextScanner(sevenBit, maxLine);
      let at = 0;
      for (let k = 0; at < bytes.length; k++) {
        // Empty pieces too; after many of them the rest goes in one piece.
        const next = k > 500 ? bytes.length : Math.min(bytes.length, at + cuts[k % cuts.length]);
        scanner.push(bytes.subarray(at, next));
        at = next;
      }
      assert.equal(scanner.end(), reference(bytes, sevenBit, maxLine));
    }),
    { numRuns: 3000 },
  );
});

test("TextScanner: a CR LF split between two aligned pieces long enough for the word path", () => {
  const line = (fill: number, n: number) => new Array<number>(n).fill(fill);
  const verdict = (first: number[], second: number[]) => {
    const storage = Uint8Array.from([...first, ...second]);
    const scanner = new TextScanner(true, 998);
    scanner.push(storage.subarray(0, first.length));
    scanner.push(storage.subarray(first.length));
    return scanner.end();
  };
  // 16 + 16 bytes at offsets 0 and 16: the CR ends the first piece's last word group, the LF opens the second's.
  assert.equal(verdict([...line(0x41, 15), 0x0d], [0x0a, ...line(0x42, 15)]), true);
  assert.equal(verdict([...line(0x41, 15), 0x0d], [0x42, ...line(0x42, 15)]), false);
  assert.equal(verdict([...line(0x41, 16)], [0x0a, ...line(0x42, 15)]), false);
  assert.equal(verdict([...line(0x41, 14), 0x0d, 0x0a], [0x0a, ...line(0x42, 15)]), false);
});
