/**
 * Issue 13 (review): random binary input to `spm open` was read as a header-less MIME message and reported
 * "unsigned" with exit 0, as if something had been checked. Input that is neither CMS (DER, PEM, base64) nor
 * something that begins like a message is now a typed MALFORMED error (CLI exit 2).
 */
import { afterAll, beforeAll, test } from "@jest/globals";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { SpmError } from "../../../src/core/errors";
import { utf8Encode } from "../../../src/core/bytes";
import { openMessage } from "../../../src/core/smime";
import { buildCli, runCli } from "../../helpers/cli";
import { tempDir, removeDir } from "../../helpers/openssl";

let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => removeDir(dir));

async function code(input: Uint8Array): Promise<string> {
  try {
    await openMessage(input);
    return "opened";
  } catch (e) {
    if (e instanceof SpmError) return e.code;
    throw e;
  }
}

test("random bytes are MALFORMED (or another typed input error), never an unsigned report", async () => {
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 4096 }), async (bytes) => {
      const c = await code(bytes);
      // A random input that happens to begin like "Name: value" is a (header-only) message; anything else is an error.
      if (c === "opened") assert.match(new TextDecoder("latin1").decode(bytes.subarray(0, 100)), /^[!-9;-~]+:/);
      else assert.ok(["MALFORMED", "UNSUPPORTED_ALGORITHM", "LIMIT_EXCEEDED"].includes(c), c);
    }),
    { numRuns: 300, seed: 13 },
  );
  assert.equal(await code(new Uint8Array(randomBytes(4096)).map((b, i) => (i === 0 ? 0xff : b))), "MALFORMED");
  assert.equal(await code(utf8Encode("just some text, no header\r\n\r\nbody")), "MALFORMED");
});

test("a header-only or ordinary message still opens as unsigned", async () => {
  const report = await openMessage(utf8Encode("From: a@example.org\r\nSubject: hi\r\n\r\nhello\r\n"));
  assert.equal(report.signature, "unsigned");
  assert.equal((await openMessage(utf8Encode("Subject: only a header"))).signature, "unsigned");
});

test("spm open and spm verify: exit 2 with one line on stderr for random bytes", async () => {
  const cli = await buildCli();
  const path = join(dir, "random.bin");
  writeFileSync(path, new Uint8Array(randomBytes(2048)).map((b, i) => (i === 0 ? 0x8f : b)));
  for (const command of ["open", "verify"]) {
    const r = runCli(cli, [command, "--no-system-trust", "--offline", path]);
    assert.equal(r.status, 2, `${command}: ${r.stdout.toString()}`);
    assert.equal(r.stdout.length, 0);
    assert.match(r.stderr, /^spm: The input is neither a MIME message nor CMS data/);
    assert.equal(r.stderr.trim().split("\n").length, 1);
  }
});
