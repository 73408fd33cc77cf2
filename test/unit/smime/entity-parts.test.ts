import { describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { concatBytes, latin1Encode } from "../../../src/core/bytes";
import { protectHeaders, protectedEntityParts, splitMessage } from "../../../src/core/smime";
import { buildMultipartSigned, buildMultipartSignedParts } from "../../../src/core/mime/build";

const MESSAGES: Record<string, string> = {
  "CRLF base64 attachment":
    "From: a@example.org\r\nTo: b@example.org\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: application/octet-stream; name=\"a.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\nAAAA\r\nBBBB\r\n",
  "bare LF text": "From: a@example.org\nSubject: hello\n\nline one\nline two\n",
  "8-bit text body": "From: a@example.org\r\nContent-Type: text/plain; charset=utf-8\r\n\r\ngr\u00fc\u00dfe\r\n",
  "NUL in a body": "From: a@example.org\r\nContent-Type: application/octet-stream\r\n\r\na\u0000b\r\n",
  "long line": "From: a@example.org\r\n\r\n" + "x".repeat(1200) + "\r\n",
  "multipart, bare LF":
    'From: a@example.org\nSubject: m\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b1"\n\n--b1\nContent-Type: text/plain\n\nhi\n--b1--\n',
  "folded long subject and content type":
    "From: a@example.org\r\nSubject: " + "word ".repeat(40) + "\r\nContent-Type: text/plain;\r\n charset=us-ascii;\r\n format=flowed\r\n\r\nbody\r\n",
  "no header fields besides From": "From: a@example.org\r\n\r\n",
};

describe("protectedEntityParts", () => {
  for (const [name, text] of Object.entries(MESSAGES)) {
    for (const mode of ["cipher", "clear"] as const) {
      test(`${name} (${mode}): same bytes and fields as splitMessage + protectHeaders`, () => {
        const message = latin1Encode(text);
        const split = splitMessage(message);
        const expected = protectHeaders(split.entity, split.messageFields, mode);
        const { messageFields, parts } = protectedEntityParts(message, mode);
        assert.deepEqual(concatBytes(...parts), expected);
        assert.deepEqual(messageFields, split.messageFields);
        assert.deepEqual(message, latin1Encode(text), "the input is not changed");
      });
    }
  }

  test("an already canonical 7-bit body is a view of the input, not a copy", () => {
    const message = latin1Encode(MESSAGES["CRLF base64 attachment"]);
    const { parts } = protectedEntityParts(message, "cipher");
    assert.equal(parts[1].buffer, message.buffer);
  });
});

describe("buildMultipartSignedParts", () => {
  test("its pieces join to buildMultipartSigned's entity and hold the signed part itself, not a copy", () => {
    const signedPart = latin1Encode("Content-Type: text/plain\r\n\r\nhello\r\n");
    const signature = Uint8Array.from({ length: 300 }, (_, i) => i & 255);
    const seed = () => "fixed";
    const parts = buildMultipartSignedParts(signedPart, signature, "sha-256", { boundarySeed: seed });
    assert.deepEqual(concatBytes(...parts), buildMultipartSigned(signedPart, signature, "sha-256", { boundarySeed: seed }));
    assert.ok(parts.includes(signedPart));
    assert.throws(() => buildMultipartSignedParts(latin1Encode("a\nb"), signature, "sha-256"), { code: "INVALID_ARGUMENT" });
  });
});
