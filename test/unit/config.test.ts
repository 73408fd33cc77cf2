/** CoreConfig: one home for switches and limits; overrides are merged over DEFAULT_CONFIG and checked. */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { DEFAULT_CONFIG, resolveConfig } from "../../src/core/config";
import { parseMime } from "../../src/core/mime";
import { utf8Encode } from "../../src/core/bytes";

test("defaults are secure: every switch off, every limit a positive integer", () => {
  for (const [name, value] of Object.entries(DEFAULT_CONFIG)) {
    if (name.startsWith("allow")) assert.equal(value, false, name);
    else assert.ok(Number.isSafeInteger(value) && (value as number) > 0, name);
  }
  assert.ok(Object.isFrozen(DEFAULT_CONFIG));
});

test("overrides merge over the defaults; the result is reused as it is", () => {
  assert.equal(resolveConfig(), DEFAULT_CONFIG);
  const c = resolveConfig({ maxMimeParts: 5, allowLegacy: true });
  assert.equal(c.maxMimeParts, 5);
  assert.equal(c.allowLegacy, true);
  assert.equal(c.maxMimeDepth, DEFAULT_CONFIG.maxMimeDepth);
  assert.equal(resolveConfig(c), c);
  assert.equal(DEFAULT_CONFIG.maxMimeParts, 1000, "the defaults are not changed by an override");
});

test("a misspelt field, a non-boolean switch or a bad limit is INVALID_ARGUMENT, never silently ignored", () => {
  assert.throws(() => resolveConfig({ maxMimePart: 5 } as never), { code: "INVALID_ARGUMENT" });
  assert.throws(() => resolveConfig({ allowLegacy: "yes" } as never), { code: "INVALID_ARGUMENT" });
  for (const bad of [0, -1, 1.5, Number.NaN, Infinity, "10"]) {
    assert.throws(() => resolveConfig({ maxMimeParts: bad } as never), { code: "INVALID_ARGUMENT" }, String(bad));
  }
});

test("a limit passed through an entry point's options is applied", () => {
  const three = utf8Encode("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\na\r\n--b\r\n\r\nb\r\n--b\r\n\r\nc\r\n--b--\r\n");
  assert.equal(parseMime(three).parts.length, 3);
  assert.throws(() => parseMime(three, { config: { maxMimeParts: 2 } }), { code: "LIMIT_EXCEEDED" });
});
