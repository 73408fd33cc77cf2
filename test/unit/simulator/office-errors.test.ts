/**
 * The simulator's Office error table and failNext (issue 13, "Simulator fidelity"): every documented code or
 * name can be primed, and the fake delivers { code, name, message } as Office.js does. Expected values come
 * from sources independent of the generated table: the "Office Common API error codes" docs page and what
 * Office.js delivered in Outlook in a public report (office-js#3163).
 */
import { describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { isSpmError } from "../../../src/core/errors";
import { createLossMarkerPort } from "../../../src/host/settings";
import { OFFICE_ERRORS, REFERENCE_NAMES, UnknownOfficeError, officeError, resolveOfficeError } from "../../../src/simulator/office-errors";
import { fakeOutlook, sampleDraft } from "../host/fake";

type R = Office.AsyncResult<unknown>;

/** Prime a failure, make the call through the fake Office, return what the callback got. */
async function failedSubjectSet(codeOrName: string | number): Promise<{ result: R; subject: string }> {
  const { office, backend } = fakeOutlook({ draft: sampleDraft });
  backend.failNext("subject.setAsync", codeOrName);
  const item = office.context.mailbox.item as Office.MessageCompose;
  const result = await new Promise<R>((resolve) => item.subject.setAsync("changed", resolve));
  return { result, subject: backend.draft.subject };
}

describe("Office error table", () => {
  test("every Outlook code 9000-9055 (Office.js has no 9015) and 9057 is there, each code once", () => {
    const codes = OFFICE_ERRORS.map((e) => e.code);
    assert.equal(new Set(codes).size, codes.length, "codes are unique");
    const outlook = codes.filter((c) => c >= 9000 && c < 10000);
    const expected = [...Array.from({ length: 56 }, (_, i) => 9000 + i).filter((c) => c !== 9015), 9057];
    assert.deepEqual(outlook, expected);
  });

  test("names and messages agree with the docs page and with Office.js as observed in Outlook", () => {
    // Observed: {"name":"GenericResponseError",...,"code":9020} and {"name":"AccessRestricted",...,"code":9017}.
    assert.equal(resolveOfficeError(9020).name, "GenericResponseError");
    assert.equal(resolveOfficeError(9017).name, "AccessRestricted");
    // Docs page: 9020's message; codes without their own text report the internal-error message.
    assert.equal(resolveOfficeError(9020).message, "An internal error has occurred.");
    assert.equal(resolveOfficeError(9041).message, "The user is no longer connected to the network. Please check your network connection and try again.");
    assert.equal(resolveOfficeError(9021).message, "Connection error occurred while trying to save the item on the server.");
    assert.equal(resolveOfficeError(9043).message, "The attachment type is not supported.");
    assert.equal(resolveOfficeError(9057).message, "A maximum of 32KB is available for the settings of each add-in.");
    assert.deepEqual(resolveOfficeError(5001), { code: 5001, name: "Internal Error", message: "An internal error has occurred." });
    assert.equal(resolveOfficeError(5012).name, "Invalid Or Timed Out Session");
    assert.equal(resolveOfficeError(5004).message, "Invalid API call in the current context.");
    // The code table in Office.js, where the docs page differs: 9016 is InvalidSelection, 9002 InternalFormatError.
    assert.equal(resolveOfficeError(9016).name, "InvalidSelection");
    assert.equal(resolveOfficeError(9002).name, "InternalFormatError");
    assert.equal(resolveOfficeError(9003).name, "InvalidAttachmentId");
  });

  test("by name: Outlook's names, unique common names, and a digit string as a code", () => {
    assert.equal(resolveOfficeError("GenericResponseError").code, 9020);
    assert.equal(resolveOfficeError("APINotSupportedForSharedFolders").code, 9055);
    assert.equal(resolveOfficeError("Internal Error").code, 5001, "unmapped codes that borrow 5001's name do not make it ambiguous");
    assert.equal(resolveOfficeError("Invalid Or Timed Out Session").code, 5012);
    assert.equal(resolveOfficeError("9031").name, "InvalidParameterValueError");
  });

  test("unknown codes and names, and names several codes share, are refused", () => {
    for (const bad of [9015, 1234, 0, "9999", "NoSuchError", "", "constructor", "toString"]) {
      assert.throws(() => resolveOfficeError(bad), UnknownOfficeError, String(bad));
    }
    assert.throws(() => resolveOfficeError("API Call Failed"), (e: Error) => /5100/.test(e.message) && /5011/.test(e.message));
  });

  test("the API reference's names keep their name and get Office.js' code for that failure", () => {
    assert.deepEqual(resolveOfficeError("InvalidFormatError"), { code: 2006, name: "InvalidFormatError", message: resolveOfficeError(2006).message });
    assert.equal(resolveOfficeError("TooManyIncompleteRequests").code, 5100);
    assert.equal(resolveOfficeError(5100).name, "API Call Failed", "by code, the name Office.js reports");
    for (const [name, { code }] of Object.entries(REFERENCE_NAMES)) assert.ok(OFFICE_ERRORS.some((e) => e.code === code), name);
    assert.equal(officeError("GenericSettingsError", "Roaming settings exceed 32 KB.").message, "Roaming settings exceed 32 KB.");
  });
});

describe("failNext through the fake Office", () => {
  test("9020, which failNext used to refuse, fails the call as Office.js reports it, with no side effect", async () => {
    for (const codeOrName of [9020, "9020", "GenericResponseError"]) {
      const { result, subject } = await failedSubjectSet(codeOrName);
      assert.equal(String(result.status), "failed");
      assert.deepEqual({ ...result.error }, { code: 9020, name: "GenericResponseError", message: "An internal error has occurred." });
      assert.equal(subject, sampleDraft.subject);
    }
  });

  test("every code of the table can be primed and is delivered exactly", async () => {
    const { office, backend } = fakeOutlook({ draft: sampleDraft });
    const item = office.context.mailbox.item as Office.MessageCompose;
    for (const expected of OFFICE_ERRORS) {
      backend.failNext("subject.getAsync", expected.code);
      const r = await new Promise<R>((resolve) => item.subject.getAsync(resolve));
      assert.deepEqual({ code: r.error.code, name: r.error.name, message: r.error.message }, expected);
    }
    assert.equal(String((await new Promise<R>((resolve) => item.subject.getAsync(resolve))).status), "succeeded", "one failure per priming");
  });

  test("an unknown or ambiguous error is refused when primed, and nothing is queued", async () => {
    const { office, backend } = fakeOutlook({ draft: sampleDraft });
    assert.throws(() => backend.failNext("subject.setAsync", 9015), UnknownOfficeError);
    assert.throws(() => backend.failNext("subject.setAsync", "API Call Failed"), UnknownOfficeError);
    assert.equal(backend.takeFailure("subject.setAsync"), undefined);
    const item = office.context.mailbox.item as Office.MessageCompose;
    assert.equal(String((await new Promise<R>((resolve) => item.subject.setAsync("changed", resolve))).status), "succeeded");
  });

  test("the host layer reports the Office name it was given (roamingSettings.saveAsync with 9057)", async () => {
    const { office, backend } = fakeOutlook();
    backend.failNext("roamingSettings.saveAsync", 9057);
    await assert.rejects(
      createLossMarkerPort(office).set("x"),
      (e: unknown) => isSpmError(e, "HOST_ERROR") && e.details?.officeError === "SizeLimitExceeded" && e.details?.officeMessage === resolveOfficeError(9057).message,
    );
  });
});
