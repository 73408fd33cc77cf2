/**
 * The base64 decoder with a native fast path: whatever the native decoder is, the result must be the JavaScript
 * reference's (same bytes, or the same MALFORMED), on the line shapes mail programs write and on hostile ones.
 */
import { afterEach, describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { Base64Decoder, decodeBase64, installNativeBase64, maxDecodedLength, type NativeBase64Decode } from "../../../src/core/base64";
import { isSpmError } from "../../../src/core/errors";
import { nodeBase64Decode } from "../../../src/cli/native";

const ascii = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));
const wrap = (b64: string, width: number, eol: string) => (width > 0 ? b64.replace(new RegExp(`.{${width}}`, "g"), `$&${eol}`) : b64);

/** A decoder that keeps the contract by throwing on junk (as Uint8Array.prototype.setFromBase64 does). */
const strictNative: NativeBase64Decode = (text, start, end, out, offset) => {
  const s = Buffer.from(text.subarray(start, end)).toString("latin1");
  if (/[^A-Za-z0-9+/=\s]/.test(s) || /=[^=\s]/.test(s)) return -1;
  return Buffer.from(out.buffer, out.byteOffset, out.length).write(s, offset, "base64");
};
/** Counts how often the native decoder answered, to prove the fast path really runs. */
function counting(inner: NativeBase64Decode): { decode: NativeBase64Decode; calls: () => number } {
  let calls = 0;
  return {
    decode: (...args) => {
      calls++;
      return inner(...args);
    },
    calls: () => calls,
  };
}

type Outcome = { ok: true; bytes: string } | { ok: false; code: string };
function outcome(f: () => Uint8Array): Outcome {
  try {
    return { ok: true, bytes: Buffer.from(f()).toString("hex") };
  } catch (e) {
    if (isSpmError(e)) return { ok: false, code: e.code };
    throw e;
  }
}
const reference = (text: Uint8Array) => outcome(() => decodeBase64(text, { reference: true }));

afterEach(() => installNativeBase64(undefined));

describe("base64 decoding with a native decoder", () => {
  it("Node's decoder keeps the contract: junk gives no bytes (skipped), '=' stops it", () => {
    const run = (s: string) => {
      const out = new Uint8Array(16);
      const n = nodeBase64Decode(ascii(s), 0, s.length, out, 0);
      return Buffer.from(out.subarray(0, n)).toString("latin1");
    };
    assert.equal(run("QUJD"), "ABC");
    assert.equal(run("QU!JD"), "ABC"); // junk skipped: fewer characters decoded, never a byte for the junk
    assert.equal(run("QUJ\u00e9D"), "ABC");
    assert.equal(run("QQ==QUJD"), "A"); // stops at padding
  });

  for (const [name, width, eol] of [["OpenSSL (64, LF)", 64, "\n"], ["Outlook (76, CRLF)", 76, "\r\n"], ["one line", 0, ""]] as const) {
    it(`${name}: native result equals the data, and the native decoder did the work`, () => {
      const data = randomBytes(300_000 + 7);
      const text = ascii(wrap(data.toString("base64"), width, eol) + eol);
      const native = counting(nodeBase64Decode);
      installNativeBase64(native.decode);
      assert.deepEqual(Buffer.from(decodeBase64(text)), data);
      assert.ok(native.calls() >= 1);
    });
  }

  it("property: for any line shape, junk, whitespace or padding, the fast paths and the reference agree (Node, a strict decoder, none)", () => {
    const junk = fc.constantFrom("!", "\u00e9", "\0", "=", "==", " ", "\t", "\r", "\n", "\r\n", "-", "_", ".", "\x0c", "A");
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 600 }),
        fc.constantFrom(0, 4, 8, 60, 64, 76, 77),
        fc.constantFrom("\n", "\r\n"),
        fc.array(fc.tuple(fc.nat(), junk), { maxLength: 3 }),
        fc.constantFrom("node", "strict", "none"),
        (bytes, width, eol, edits, native) => {
          let s = wrap(Buffer.from(bytes).toString("base64"), width, eol);
          for (const [at, j] of edits) {
            const k = s.length === 0 ? 0 : at % (s.length + 1);
            s = s.slice(0, k) + j + s.slice(k);
          }
          const text = ascii(s);
          installNativeBase64(native === "node" ? nodeBase64Decode : native === "strict" ? strictNative : undefined);
          assert.deepEqual(outcome(() => decodeBase64(text)), reference(text), JSON.stringify(s.slice(0, 200)));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("property: fed in pieces of any size, the streaming decoder gives the one-shot result", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 3000 }), fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 20 }), (bytes, cuts) => {
        const text = ascii(wrap(Buffer.from(bytes).toString("base64"), 76, "\r\n"));
        installNativeBase64(nodeBase64Decode);
        const decoder = new Base64Decoder();
        const out = new Uint8Array(maxDecodedLength(text.length));
        let o = 0;
        let i = 0;
        for (let c = 0; i < text.length; c++) {
          const next = Math.min(text.length, i + cuts[c % cuts.length]);
          o = decoder.decodeInto(text.subarray(i, next), out, o);
          i = next;
        }
        decoder.finish();
        assert.deepEqual(Buffer.from(out.subarray(0, o)), Buffer.from(bytes));
      }),
      { numRuns: 500 },
    );
  });

  it("refuses what the reference refuses, with or without the native path", () => {
    const line = "QUJD".repeat(16);
    for (const bad of [
      `${line}\n${line.slice(0, 30)}!${line.slice(31)}\n`, // junk inside a regular line
      `${line}\n${line.slice(0, 62)}==\n${line}\n`, // padding in the middle
      "QQ===\n", // three padding characters
      `${line}\n${line}\u00ff\n`,
    ]) {
      for (const native of [nodeBase64Decode, undefined]) {
        installNativeBase64(native);
        assert.deepEqual(outcome(() => decodeBase64(ascii(bad))), { ok: false, code: "MALFORMED" }, JSON.stringify(bad));
      }
    }
  });

  it("accepts what the reference accepts although the native decoder counts it differently (space inside a line)", () => {
    installNativeBase64(nodeBase64Decode);
    const data = randomBytes(48 * 40);
    const lines = wrap(data.toString("base64"), 64, "\n").split("\n");
    lines[3] = lines[3].slice(0, 10) + " " + lines[3].slice(10);
    assert.deepEqual(Buffer.from(decodeBase64(ascii(lines.join("\n")))), data);
  });
});
