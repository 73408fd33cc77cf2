/**
 * Office localises the names of its common error codes, so the product decides on `code` (issue 17, item 7):
 * a failure reported with a German name is still recognised, and a failure whose name matches but whose code
 * does not is not. The constants agree with the table generated from Office.js (src/simulator/office-errors-data.ts).
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { createOfficeCallQueue, isOfficeError, officeErrorCode, OFFICE_ERROR_CODES } from "../../../src/host";
import { SpmError } from "../../../src/core/errors";
import { COMMON_ERROR_ROWS, OUTLOOK_ERROR_ROWS } from "../../../src/simulator/office-errors-data";
import { OFFICE_ERRORS } from "../../../src/simulator/office-errors";

async function failWith(error: { name?: string; message?: string; code?: number }): Promise<unknown> {
  const queue = createOfficeCallQueue({ timeoutMs: 1000 });
  try {
    await queue.call("body.setAsync", (cb) => cb({ status: "failed", value: undefined, error }));
  } catch (e) {
    return e;
  }
  throw new Error("the call did not fail");
}

test("a localised name with the right code is recognised; the name alone is not trusted", async () => {
  const german = await failWith({ code: 2009, name: "Datenschreibfehler", message: "Das angegebene Datenobjekt ist zu groß." });
  assert.equal(officeErrorCode(german), 2009);
  assert.ok(isOfficeError(german, OFFICE_ERROR_CODES.DataWriteTooLarge));
  assert.ok(!isOfficeError(german, OFFICE_ERROR_CODES.InvalidFormat));
  // The name is kept for display.
  assert.equal((german as SpmError).details?.officeError, "Datenschreibfehler");

  const misleading = await failWith({ code: 9001, name: "AttachmentSizeExceeded" });
  assert.ok(!isOfficeError(misleading, OFFICE_ERROR_CODES.AttachmentSizeExceeded));
  assert.ok(isOfficeError(misleading, OFFICE_ERROR_CODES.AttachmentSizeExceeded, OFFICE_ERROR_CODES.NumberOfAttachmentsExceeded));
});

test("failures without an Office code (timeouts, other errors) match no code", async () => {
  const noCode = await failWith({ name: "AttachmentSizeExceeded" });
  assert.equal(officeErrorCode(noCode), undefined);
  assert.ok(!isOfficeError(noCode, OFFICE_ERROR_CODES.AttachmentSizeExceeded));
  assert.ok(!isOfficeError(new SpmError("MALFORMED", "x", { details: { officeCode: 9000 } }), 9000));
  assert.ok(!isOfficeError(new Error("x"), 9000));
  const queue = createOfficeCallQueue({ timeoutMs: 20 });
  const timedOut = await queue.call("addFileAttachmentFromBase64Async", () => undefined).catch((e: unknown) => e);
  assert.equal(officeErrorCode(timedOut), undefined);
});

test("the constants are Office.js' codes: Outlook's by their fixed names, the common ones by the reference table", () => {
  const outlook = new Map(OUTLOOK_ERROR_ROWS.map(([code, name]) => [name, code]));
  const all = new Map(OFFICE_ERRORS.map((e) => [e.code, e.name]));
  for (const [name, code] of Object.entries(OFFICE_ERROR_CODES)) {
    assert.ok(all.has(code), `${name} (${code}) is an Office error code`);
    if (code >= 9000) assert.equal(all.get(code), name, `${code} is Office.js' ${name}`);
    else assert.ok(COMMON_ERROR_ROWS.some(([c]) => c === code), `${code} is a common code`);
    if (outlook.has(name)) assert.equal(outlook.get(name), code);
  }
  assert.equal(all.get(OFFICE_ERROR_CODES.DataWriteTooLarge), "Data Write Error");
  assert.equal(all.get(OFFICE_ERROR_CODES.InvalidFormat), "Invalid Format Error");
});
