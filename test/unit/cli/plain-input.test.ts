import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openPlainMessage } from "../../../src/cli/plain-input";
import { parseMime } from "../../../src/core/mime";

// Over the 1 MiB the CLI reads first, so the message is streamed and only its header section is parsed.
const BODY = "QUJD".repeat(19) + "\r\n";
const body = (eol: string) => BODY.replace("\r\n", eol).repeat(Math.ceil((1.1 * 1024 * 1024) / BODY.length));

const shapes: Record<string, string> = {
  crlf: "From: a@example.org\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\n" + body("\r\n"),
  lf: "From: a@example.org\nSubject: x\n\n" + body("\n"),
  "empty line as CR LF after LF lines": "From: a@example.org\nSubject: x\n\r\n" + body("\r\n"),
  folded: "Subject: a\r\n long\r\n\tfolded\r\nTo: b@example.org\r\n\r\n" + body("\r\n"),
  "a line that is no field ends the header": "From: a@example.org\r\nnot a field\r\n\r\nmore\r\n" + body("\r\n"),
  "empty line first": "\r\nFrom: a@example.org\r\n\r\n" + body("\r\n"),
  "LF CR CR LF is not an empty line": "From: a@example.org\n\r\r\nSubject: x\r\n\r\n" + body("\r\n"),
};

test("a streamed message's header section is the one parsing the whole message finds", () => {
  const dir = mkdtempSync(join(tmpdir(), "spm-plain-"));
  try {
    for (const [name, text] of Object.entries(shapes)) {
      const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
      const path = join(dir, "message.eml");
      writeFileSync(path, bytes);
      const message = openPlainMessage(path);
      const whole = parseMime(bytes);
      const bodyStart = whole.bodyRaw.byteOffset - bytes.byteOffset;
      assert.equal(message.kind, "streamed", name);
      if (message.kind !== "streamed") continue;
      assert.deepEqual(message.header, bytes.subarray(0, bodyStart), name);
      assert.equal(message.bodyLength, bytes.length - bodyStart, name);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
