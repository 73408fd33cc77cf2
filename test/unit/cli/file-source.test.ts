/**
 * `spm verify` reads its message file in chunks (src/cli/file-source.ts). The file must read back exactly, and
 * a file that changes while it is read must end in an input error, never in a report about mixed bytes.
 */
import assert from "node:assert/strict";
import { afterAll, describe, it } from "@jest/globals";
import { appendFileSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isSpmError } from "../../../src/core/errors";
import { openMessageInput } from "../../../src/cli/file-source";

const dir = mkdtempSync(join(tmpdir(), "spm-file-source-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text, "latin1");
  return path;
}

const isInputError = (e: unknown) => isSpmError(e, "INVALID_ARGUMENT");

describe("openMessageInput", () => {
  it("reads a regular file on demand, byte for byte", () => {
    const text = "Subject: x\r\n\r\n" + "0123456789".repeat(1000);
    const message = openMessageInput(file("m.eml", text));
    try {
      const source = message.input;
      assert.ok(!(source instanceof Uint8Array), "a regular file is not read whole");
      assert.equal(source.length, text.length);
      assert.equal(Buffer.from(source.bytes(0, source.length)).toString("latin1"), text);
      const into = new Uint8Array(7);
      assert.equal(source.readInto(text.length - 3, into), 3);
      assert.equal(Buffer.from(into.subarray(0, 3)).toString("latin1"), "789");
      message.checkUnchanged();
    } finally {
      message.close();
    }
  });

  it("refuses a file that grew or shrank while it was read", () => {
    const grown = file("grown.eml", "Subject: a\r\n\r\nbody\r\n");
    const a = openMessageInput(grown);
    appendFileSync(grown, "appended\r\n");
    assert.throws(() => a.checkUnchanged(), isInputError);
    a.close();

    const shrunk = file("shrunk.eml", "Subject: b\r\n\r\n" + "x".repeat(100));
    const b = openMessageInput(shrunk);
    truncateSync(shrunk, 20);
    assert.throws(() => (b.input as { bytes(s: number, e: number): Uint8Array }).bytes(0, 100), isInputError);
    assert.throws(() => b.checkUnchanged(), isInputError);
    b.close();
  });

  it("says which file cannot be read", () => {
    assert.throws(() => openMessageInput(join(dir, "missing.eml")), (e: unknown) => isInputError(e) && /missing\.eml/.test((e as Error).message));
  });
});
