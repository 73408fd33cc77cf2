/**
 * What the settings pane says when importing a file hits a limit: LIMIT_EXCEEDED carries the CoreConfig
 * limit's name in details.limit, and the panes' error table (src/ui/shared/errors.ts) gives the file limits
 * their own sentence instead of the message-size one.
 */
import { describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { SpmError } from "../../../../src/core/errors";
import { MAX_PICKED_FILE_BYTES, readPickedFile } from "../../../../src/ui/settings/files";
import { errorText } from "../../../../src/ui/shared/errors";

const limit = (name: string, extra: Record<string, unknown> = {}) => new SpmError("LIMIT_EXCEEDED", "limit", { details: { limit: name, ...extra } });

describe("import limits in the settings pane", () => {
  test("a .p12 over the key-derivation budget says exactly that, in English and German", () => {
    for (const name of ["maxPkcs12KdfWork", "maxKdfIterations", "maxAsyncKdfIterations"]) {
      assert.match(errorText(limit(name, { max: 5_000_000 }), "en"), /^This file asks for more key-derivation work than allowed/, name);
      assert.match(errorText(limit(name), "de"), /mehr Rechenaufwand für die Schlüsselableitung als erlaubt/, name);
    }
    assert.match(errorText(limit("maxPkcs12EncryptedBags", { max: 16 }), "en"), /more encrypted parts than a certificate file needs/);
  });

  test("message limits, unknown limit names and limits without a name keep the general sentence", () => {
    const general = errorText(new SpmError("LIMIT_EXCEEDED", "too big"), "en");
    assert.match(general, /too large or too deeply nested/);
    assert.equal(errorText(limit("maxMimeDepth"), "en"), general);
    assert.equal(errorText(limit("toString"), "en"), general, "only the table's own names");
    assert.equal(errorText(new SpmError("LIMIT_EXCEEDED", "old shape", { details: { limit: 5_000_000 } }), "en"), general);
    assert.notEqual(errorText(new SpmError("MALFORMED", "x", { details: { limit: "maxPkcs12KdfWork" } }), "en"), errorText(limit("maxPkcs12KdfWork"), "en"));
  });

  test("a picked file larger than any certificate file is refused before it is read, with its own sentence", async () => {
    const big = new File([new Uint8Array(MAX_PICKED_FILE_BYTES + 1)], "huge.p12");
    const error = await readPickedFile(big).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof SpmError && error.code === "LIMIT_EXCEEDED");
    assert.match(errorText(error, "en"), /larger than any certificate file/);
    const small = await readPickedFile(new File([new Uint8Array([1, 2, 3])], "ok.cer"));
    assert.deepEqual([...small], [1, 2, 3]);
  });
});
