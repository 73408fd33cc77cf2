import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import fc from "fast-check";
import { canonicalizeLineEndings, decodeQuotedPrintable, encodeQuotedPrintable } from "../../../src/core/mime/index";
import { decodeBase64Body, decodeCharset, encodeBase64Lines, isSevenBitCanonical } from "../../../src/core/mime/encoding";

const enc = (s: string) => new TextEncoder().encode(s);
const latin1 = (b: Uint8Array) => Buffer.from(b).toString("latin1");

function hasBareCrOrLf(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 13 && b[i + 1] !== 10) return true;
    if (b[i] === 10 && (i === 0 || b[i - 1] !== 13)) return true;
  }
  return false;
}

describe("canonicalizeLineEndings", () => {
  it("turns bare LF and bare CR into CRLF and keeps CRLF", () => {
    assert.equal(latin1(canonicalizeLineEndings(enc("a\nb\rc\r\nd\n\re"))), "a\r\nb\r\nc\r\nd\r\n\r\ne");
    assert.equal(latin1(canonicalizeLineEndings(enc("\r"))), "\r\n");
    assert.equal(latin1(canonicalizeLineEndings(enc(""))), "");
  });
  it("returns a copy, not the input", () => {
    const input = enc("abc\r\n");
    const out = canonicalizeLineEndings(input);
    out[0] = 0x7a;
    assert.equal(input[0], 0x61);
  });
  it("property: idempotent and no bare CR/LF", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.constantFrom("\r", "\n", "\r\n", "x")), (bytes, extra) => {
        const input = new Uint8Array([...bytes, ...enc(extra.join(""))]);
        const once = canonicalizeLineEndings(input);
        assert.equal(hasBareCrOrLf(once), false);
        assert.deepEqual(canonicalizeLineEndings(once), once);
      }),
      { numRuns: 500 },
    );
  });
});

describe("quoted-printable", () => {
  it("encodes non-ASCII, '=' and trailing whitespace; keeps CRLF as hard breaks", () => {
    assert.equal(encodeQuotedPrintable(enc("Grüße = 1 \r\nnext\t")), "Gr=C3=BC=C3=9Fe =3D 1=20\r\nnext=09");
  });
  it("escapes 'From ', '.' and '-' at line start", () => {
    assert.equal(encodeQuotedPrintable(enc("From here\r\n.\r\n--boundary\r\nFrom")), "=46rom here\r\n=2E\r\n=2D-boundary\r\nFrom");
  });
  it("keeps lines at most 76 characters with soft breaks", () => {
    const qp = encodeQuotedPrintable(enc("ä".repeat(200) + " " + "x".repeat(300)));
    for (const line of qp.split("\r\n")) assert.ok(line.length <= 76, `line of ${line.length}`);
    assert.equal(new TextDecoder().decode(decodeQuotedPrintable(enc(qp))), "ä".repeat(200) + " " + "x".repeat(300));
  });
  it("binary safe: bare CR and LF are encoded", () => {
    assert.equal(encodeQuotedPrintable(new Uint8Array([10, 13, 0, 13, 10])), "=0A=0D=00\r\n");
  });
  it("decodes soft breaks (CRLF and LF), lowercase hex, strips transport padding, keeps invalid escapes", () => {
    assert.equal(latin1(decodeQuotedPrintable(enc("a=\r\nb=\nc =c3=a4  \r\nd=ZZ=4"))), "abc \xc3\xa4\r\nd=ZZ=4");
    assert.equal(latin1(decodeQuotedPrintable(enc("x= \r\ny"))), "xy");
    assert.equal(latin1(decodeQuotedPrintable(enc("end="))), "end");
    // whitespace before a soft break is data, protected by the "="
    assert.equal(latin1(decodeQuotedPrintable(enc("a =\r\nb\t=\nc  ="))), "a b\tc  ");
  });
  it("a space right before a soft break survives the round trip", () => {
    const text = "x".repeat(74) + " " + "y".repeat(10);
    const qp = encodeQuotedPrintable(enc(text));
    assert.ok(qp.startsWith("x".repeat(74) + " =\r\n"));
    assert.equal(latin1(decodeQuotedPrintable(enc(qp))), text);
  });
  it("property: decode(encode(x)) = x, output 7-bit canonical with lines <= 76", () => {
    // bytes biased towards spaces, tabs, CR and LF so whitespace meets soft and hard breaks often
    const biased = fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(32, 9, 13, 10, 61, 120)), { maxLength: 600 }).map((a) => Uint8Array.from(a));
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 600 }), biased), (bytes) => {
        const qp = encodeQuotedPrintable(bytes);
        const qpBytes = enc(qp);
        assert.ok(isSevenBitCanonical(qpBytes, 76));
        assert.deepEqual(decodeQuotedPrintable(qpBytes), bytes);
      }),
      { numRuns: 500 },
    );
  });
  it("property: text with only CRLF breaks round-trips", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (s) => {
        const bytes = canonicalizeLineEndings(enc(s));
        assert.deepEqual(decodeQuotedPrintable(enc(encodeQuotedPrintable(bytes))), bytes);
      }),
      { numRuns: 300 },
    );
  });
});

describe("base64 bodies", () => {
  it("76-character CRLF lines", () => {
    const b64 = encodeBase64Lines(new Uint8Array(200));
    const lines = b64.split("\r\n");
    assert.equal(lines[0].length, 76);
    assert.ok(lines.every((l) => l.length <= 76));
  });
  it("property: decode(encode(x)) = x", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1000 }), (bytes) => {
        assert.deepEqual(decodeBase64Body(enc(encodeBase64Lines(bytes))), bytes);
      }),
      { numRuns: 300 },
    );
  });
  it("junk is MALFORMED", () => {
    assert.throws(() => decodeBase64Body(enc("abc$def")), { code: "MALFORMED" });
  });
});

describe("charsets", () => {
  it("decodes utf-8, iso-8859-1, windows-1252, us-ascii; unknown falls back to utf-8", () => {
    assert.equal(decodeCharset(new Uint8Array([0xe4]), "ISO-8859-1"), "ä");
    assert.equal(decodeCharset(new Uint8Array([0x80]), "windows-1252"), "€");
    assert.equal(decodeCharset(enc("hi"), "us-ascii"), "hi");
    assert.equal(decodeCharset(enc("ä"), "utf-8"), "ä");
    assert.equal(decodeCharset(enc("ä"), "x-unknown-charset"), "ä");
    assert.equal(decodeCharset(new Uint8Array([0xe4]), "iso-8859-1*de"), "ä");
  });
});
