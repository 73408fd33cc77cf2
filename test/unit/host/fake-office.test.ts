/** The simulator's fake Office enforces the Outlook quirks the host ports must cope with. */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { fakeOutlook, sampleDraft, b64 } from "./fake";

type R<T = unknown> = Office.AsyncResult<T>;
const call = <T = unknown>(start: (cb: (r: R<T>) => void) => void) => new Promise<R<T>>((resolve) => start(resolve));

test("Html coercion on a text body fails with InvalidFormatError; Text coercion works", async () => {
  const { office, backend } = fakeOutlook({ draft: { ...sampleDraft, bodyHtml: undefined, bodyText: "plain" } });
  const item = office.context.mailbox.item as Office.MessageCompose;
  const r = await call((cb) => item.body.setAsync("<b>x</b>", { coercionType: office.CoercionType.Html }, cb));
  assert.equal(String(r.status), "failed");
  assert.equal(r.error.name, "InvalidFormatError");
  assert.equal(backend.draft.body, "plain");
  assert.equal(String((await call((cb) => item.body.setAsync("new", { coercionType: office.CoercionType.Text }, cb))).status), "succeeded");
  assert.equal(backend.draft.body, "new");
  assert.equal((await call<string>((cb) => item.body.getTypeAsync(cb))).value, "text");
});

test("requirement sets gate the API surface", async () => {
  const old = fakeOutlook({ draft: sampleDraft, requirementSets: ["1.1", "1.5"] });
  const item = old.office.context.mailbox.item as Office.MessageCompose;
  assert.equal(typeof item.addFileAttachmentFromBase64Async, "undefined");
  assert.equal(typeof item.internetHeaders, "undefined");
  assert.equal(typeof item.sessionData, "undefined");
  assert.equal(old.office.context.requirements.isSetSupported("Mailbox", "1.8"), false);
  assert.equal(old.office.context.requirements.isSetSupported("Mailbox", "1.5"), true);
  const read = fakeOutlook({ eml: "Subject: x\r\n\r\nbody", requirementSets: ["1.8"] });
  assert.equal(typeof (read.office.context.mailbox.item as Office.MessageRead).getAsFileAsync, "undefined");
});

test("internet headers are case-insensitive; sessionData round-trips; asyncContext is echoed", async () => {
  const { office, backend } = fakeOutlook({ draft: sampleDraft });
  const item = office.context.mailbox.item as Office.MessageCompose;
  await call((cb) => item.internetHeaders.setAsync({ "X-SPM-Protected": "1" }, cb));
  const got = await call<Record<string, string>>((cb) => item.internetHeaders.getAsync(["x-spm-protected"], cb));
  assert.deepEqual(got.value, { "x-spm-protected": "1" });
  await call((cb) => item.internetHeaders.setAsync({ "x-spm-protected": "2" }, cb));
  assert.deepEqual(backend.getDraft().internetHeaders, { "x-spm-protected": "2" });
  await call((cb) => item.sessionData.setAsync("state", "encrypted", cb));
  assert.equal((await call<string>((cb) => item.sessionData.getAsync("state", cb))).value, "encrypted");
  const r = await call((cb) => item.subject.getAsync({ asyncContext: { n: 7 } }, cb));
  assert.deepEqual(r.asyncContext, { n: 7 });
});

test("removing an unknown attachment fails with InvalidAttachmentId; invalid base64 is refused", async () => {
  const { office } = fakeOutlook({ draft: sampleDraft, platform: "PC" });
  const item = office.context.mailbox.item as Office.MessageCompose;
  assert.equal((await call((cb) => item.removeAttachmentAsync("99", cb))).error.name, "InvalidAttachmentId");
  assert.equal((await call((cb) => item.addFileAttachmentFromBase64Async("not base64!", "x.bin", cb))).error.name, "AttachmentUploadGeneralFailure");
  const ok = await call<string>((cb) => item.addFileAttachmentFromBase64Async(b64("hello"), "x.bin", { isInline: false }, cb));
  assert.equal(ok.value, "2");
  const content = await call<Office.AttachmentContent>((cb) => item.getAttachmentContentAsync(ok.value, cb));
  assert.deepEqual({ format: String(content.value.format), content: content.value.content }, { format: "base64", content: b64("hello") });
});

test("failNext fails exactly one call of that method, with the named error and no side effect", async () => {
  const { office, backend } = fakeOutlook({ draft: sampleDraft });
  const item = office.context.mailbox.item as Office.MessageCompose;
  backend.failNext("subject.setAsync", "DataExceedsMaximumSize");
  const r = await call((cb) => item.subject.setAsync("changed", cb));
  assert.equal(r.error.name, "DataExceedsMaximumSize");
  assert.equal(r.error.code, 2009); // Office's code for a data object too large to write (src/simulator/office-errors.ts)
  assert.equal(backend.draft.subject, sampleDraft.subject);
  assert.equal(String((await call((cb) => item.subject.setAsync("changed", cb))).status), "succeeded");
  assert.equal(backend.draft.subject, "changed");
});

test("read mode: an .eml with folded headers and quoted-printable body is presented", async () => {
  const eml = [
    "From: \"Lab, Central\" <lab@lab.example>",
    "To: a@clinic.example, \"B\" <b@clinic.example>",
    "Subject: Findings",
    " continued",
    "Message-ID: <m1@lab.example>",
    "Content-Type: text/plain; charset=iso-8859-1",
    "Content-Transfer-Encoding: quoted-printable",
    "",
    "Gr=FC=DFe, long line=",
    " joined",
    "",
  ].join("\r\n");
  const { office } = fakeOutlook({ eml });
  const item = office.context.mailbox.item as Office.MessageRead;
  assert.equal(item.itemClass, "IPM.Note");
  assert.equal(item.subject, "Findings continued");
  assert.deepEqual([item.from.displayName, item.from.emailAddress], ["Lab, Central", "lab@lab.example"]);
  assert.deepEqual(item.to.map((r) => r.emailAddress), ["a@clinic.example", "b@clinic.example"]);
  assert.equal(item.internetMessageId, "<m1@lab.example>");
  assert.deepEqual(item.attachments, []);
  const body = await call<string>((cb) => item.body.getAsync(office.CoercionType.Text, cb));
  assert.equal(body.value, "Gr\u00fc\u00dfe, long line joined\r\n");
});

test("notification messages: unique keys, at most 5, removal of unknown keys fails", async () => {
  const { office, backend } = fakeOutlook({ draft: sampleDraft });
  const item = office.context.mailbox.item as Office.MessageCompose;
  const details = { type: "informationalMessage", message: "Encrypted", icon: "icon1", persistent: false } as unknown as Office.NotificationMessageDetails;
  assert.equal(String((await call((cb) => item.notificationMessages.addAsync("spm", details, cb))).status), "succeeded");
  assert.equal((await call((cb) => item.notificationMessages.addAsync("spm", details, cb))).error.name, "DuplicateNotificationKey");
  for (const k of ["a", "b", "c", "d"]) await call((cb) => item.notificationMessages.addAsync(k, details, cb));
  assert.equal((await call((cb) => item.notificationMessages.addAsync("f", details, cb))).error.name, "NumberOfNotificationsExceeded");
  assert.equal((await call((cb) => item.notificationMessages.removeAsync("zzz", cb))).error.name, "NotificationKeyNotFound");
  await call((cb) => item.notificationMessages.removeAsync("spm", cb));
  assert.deepEqual(backend.notifications.map((n) => n.key), ["a", "b", "c", "d"]);
});
