import { test } from "@jest/globals";
import assert from "node:assert/strict";
import fc from "fast-check";
import { hasOnlyCrlf, isSevenBitCanonical } from "../../../src/core/mime/encoding";

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
