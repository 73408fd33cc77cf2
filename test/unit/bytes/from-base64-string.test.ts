/**
 * fromBase64 (a JavaScript string, as Office hands attachments over) turns the string into bytes natively
 * (TextEncoder): it must accept and reject exactly what the character-by-character reference did, with the same
 * bytes, for any string, including characters above Latin-1 and lone surrogates.
 */
import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import fc from "fast-check";
import { decodeBase64 } from "../../../src/core/base64";
import { fromBase64 } from "../../../src/core/bytes";
import { isSpmError } from "../../../src/core/errors";

/** The former implementation: each UTF-16 unit as one byte, anything above Latin-1 as junk (0x01). */
function reference(text: string): Uint8Array {
  const ascii = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    ascii[i] = c > 0xff ? 0x01 : c;
  }
  return decodeBase64(ascii, { reference: true });
}

function outcome(f: () => Uint8Array): string {
  try {
    return `ok ${Buffer.from(f()).toString("hex")}`;
  } catch (e) {
    if (isSpmError(e)) return `error ${e.code}`;
    throw e;
  }
}

const junk = fc.constantFrom("\u00e9", "\u00ff", "\u0100", "\u2028", "\ud800", "\udfff", "\ud83d\ude00", "\u0000", "!", "=", " ", "\r\n", "-", "_");

describe("fromBase64 of a string", () => {
  it("the same bytes or the same MALFORMED as the reference, for base64 with any characters mixed in", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.tuple(fc.nat(), junk), { maxLength: 4 }), (bytes, inserts) => {
        let text = Buffer.from(bytes).toString("base64");
        for (const [at, c] of inserts) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + c + text.slice(i);
        }
        assert.equal(outcome(() => fromBase64(text)), outcome(() => reference(text)));
      }),
      { numRuns: 2000 },
    );
  });

  it("decodes a large one-line attachment as Office gives it", () => {
    const bytes = new Uint8Array(3_000_000).map((_, i) => (i * 31) & 0xff);
    assert.ok(Buffer.from(fromBase64(Buffer.from(bytes).toString("base64"))).equals(Buffer.from(bytes)));
    assert.throws(() => fromBase64(`${Buffer.from(bytes).toString("base64").slice(0, 1000)}\u00e9AAAA`), (e) => isSpmError(e, "MALFORMED"));
  });
});
