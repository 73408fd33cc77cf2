/**
 * One parser, two ways of reading: a message in memory and the same bytes read on demand in chunks (the CLI's
 * message file, src/cli/file-source.ts). Chunks of 1 to 40 bytes put a seam at every place a delimiter, a line
 * break or a header can be cut; the trees (ranges, headers, bytes) and the errors must be the same.
 */
import assert from "node:assert/strict";
import { describe, it } from "@jest/globals";
import fc from "fast-check";
import { latin1Encode } from "../../../src/core/bytes";
import { memorySource, type ByteSource } from "../../../src/core/byte-source";
import { chunkedSource } from "../../helpers/chunked-source";
import { isSpmError } from "../../../src/core/errors";
import { listAttachments, parseMime, type MimePart } from "../../../src/core/mime";

interface Shape {
  location: [number, number, number];
  headers: string[];
  mediaType: string;
  raw: string;
  parts: Shape[];
}

function shape(p: MimePart): Shape {
  return {
    location: [p.location.start, p.location.bodyStart, p.location.end],
    headers: p.headers.map((h) => `${h.name}: ${h.value}`),
    mediaType: p.contentType.mediaType,
    raw: Buffer.from(p.raw).toString("latin1"),
    parts: p.parts.map(shape),
  };
}

function outcome(input: Uint8Array | ByteSource): Shape | string {
  try {
    return shape(parseMime(input));
  } catch (e) {
    if (isSpmError(e)) return `${e.code}: ${e.message}`;
    throw e;
  }
}

const LINES = [
  "Content-Type: multipart/mixed; boundary=b",
  'Content-Type: multipart/alternative; boundary="c c"',
  "Content-Type: message/rfc822",
  "Content-Type: text/plain",
  "Content-Transfer-Encoding: base64",
  "Subject: =?utf-8?q?x?=",
  " folded continuation",
  "X-Odd :value",
  "not a header",
  "",
  "--b",
  "--b--",
  "--b \t ",
  "--bx",
  "--c c",
  "--c c--",
  "-",
  "--",
  "QUJDREVGR0g=",
  "x".repeat(90),
];
const BREAKS = ["\r\n", "\n", "\r", "\r\n"];

const lines = fc.array(fc.tuple(fc.constantFrom(...LINES), fc.constantFrom(...BREAKS)), { minLength: 1, maxLength: 40 });
// Half of them start as a multipart message, so that most runs split parts (and nested ones) across seams.
const message = fc
  .tuple(fc.boolean(), lines)
  .map(([multipart, body]) => latin1Encode((multipart ? "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n" : "") + body.map(([l, b]) => l + b).join("")));

describe("parseMime over a chunked source", () => {
  it("gives the tree it gives in memory, wherever the chunks cut", () => {
    let split = 0;
    fc.assert(
      fc.property(message, fc.integer({ min: 1, max: 40 }), fc.boolean(), (bytes, chunkSize, cutEnd) => {
        const input = cutEnd ? bytes.subarray(0, bytes.length - 1) : bytes; // also without a final line break
        const expected = outcome(input);
        if (typeof expected !== "string" && expected.parts.length > 0) split++;
        assert.deepEqual(outcome(chunkedSource(input, chunkSize)), expected);
      }),
      { numRuns: 1000 },
    );
    assert.ok(split > 300, `only ${split} of 1000 inputs had parts`);
  });

  it("reads a header longer than its first chunk whole, in a larger one", () => {
    const long = "Content-Type: multipart/mixed; boundary=b\r\nX-Long: " + "y".repeat(40_000) + "\r\n\r\n--b\r\n\r\nbody\r\n--b--\r\n";
    const bytes = latin1Encode(long);
    assert.deepEqual(outcome(chunkedSource(bytes, 1024)), outcome(bytes));
  });

  it("lists a large attachment's size without handing its body out whole", () => {
    const body = "QUJD".repeat(19).concat("\r\n").repeat(40_000); // 3.1 MB of base64 lines
    const text = `Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=scan.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n${body}--b--\r\n`;
    const bytes = latin1Encode(text);
    const source = chunkedSource(bytes, 64 * 1024);
    const [, pdf] = parseMime(source).parts;
    const listed = listAttachments(parseMime(source));
    assert.equal(listed.length, 1);
    assert.equal(listed[0].size(), 40_000 * 57);
    assert.equal(pdf.filename, "scan.pdf");
    // Headers are read in small chunks; the 3.1 MB body is never copied out.
    assert.ok(source.handedOut < 100 * 1024, `${source.handedOut} bytes handed out`);
    assert.equal(listed[0].size(), listAttachments(parseMime(memorySource(bytes)))[0].size());
  });
});
