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

test("the word-at-a-time scan agrees with the byte rules at every offset and length", () => {
  const byte = fc.constantFrom(0x00, 0x0a, 0x0d, 0x41, 0x7f, 0x80, 0xff, 0x20);
  fc.assert(
    fc.property(fc.array(byte, { maxLength: 64 }), fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 12 }), (arr, offset, maxLine) => {
      const storage = new Uint8Array(arr.length + offset);
      storage.set(arr, offset);
      const bytes = storage.subarray(offset);
      assert.equal(isSevenBitCanonical(bytes, maxLine), reference(bytes, true, maxLine));
      assert.equal(hasOnlyCrlf(bytes), reference(bytes, false, Number.MAX_SAFE_INTEGER));
    }),
    { numRuns: 5000 },
  );
});

test("TextScanner: fed in pieces of any size, the verdict is the whole input's (as for a file read in pieces)", () => {
  const bytesFrom = fc.array(fc.constantFrom(0x0d, 0x0a, 0x41, 0x20, 0x00, 0xe9), { maxLength: 200 }).map((a) => Uint8Array.from(a));
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
