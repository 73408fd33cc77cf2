import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { createComposePort } from "../../../src/host/compose";
import { isSpmError } from "../../../src/core/errors";
import { fakeOutlook, sampleDraft, b64 } from "./fake";

const encrypted = {
  noticeHtml: "<p>This message is encrypted.</p>",
  p7mBase64: b64("MIME-CMS-BLOB"),
  headers: { "x-spm-protected": "1" },
};

/** The draft as the user would see it, without the session-only attachment ids. */
function visible(backend: ReturnType<typeof fakeOutlook>["backend"]) {
  const d = backend.getDraft();
  return { ...d, attachments: d.attachments.map(({ id: _id, ...rest }) => rest) };
}

test("readSnapshot returns recipients, subject, body and attachment bytes", async () => {
  const { office } = fakeOutlook({ draft: sampleDraft });
  const snap = await createComposePort(office).readSnapshot();
  assert.deepEqual(snap.from, { displayName: "Dr. Alice", emailAddress: "alice@clinic.example" });
  assert.deepEqual(
    snap.to.map((r) => r.emailAddress),
    ["bob@lab.example", "carol@lab.example"],
  );
  assert.equal(snap.to[0].displayName, "Bob");
  assert.deepEqual(snap.cc.map((r) => r.emailAddress), ["dave@lab.example"]);
  assert.equal(snap.subject, "Results for patient 4711");
  assert.equal(snap.bodyType, "html");
  assert.equal(snap.body, sampleDraft.bodyHtml);
  assert.equal(snap.attachments.length, 2);
  assert.equal(Buffer.from(snap.attachments[0].bytes).toString("utf8"), "%PDF-1.4 fake pdf bytes");
  assert.equal(snap.attachments[1].name, "scan.png");
});

test("readSnapshot of a plain-text draft keeps the text and offers an HTML rendering", async () => {
  const { office } = fakeOutlook({ draft: { ...sampleDraft, bodyHtml: undefined, bodyText: "a < b\nline 2" } });
  const snap = await createComposePort(office).readSnapshot();
  assert.equal(snap.bodyType, "text");
  assert.equal(snap.body, "a < b\nline 2");
  assert.match(snap.bodyHtml, /a &lt; b<br>line 2/);
});

test("applyEncrypted replaces body and attachments with notice + smime.p7m and sets the header", async () => {
  const { office, backend } = fakeOutlook({ draft: sampleDraft });
  const port = createComposePort(office);
  const snap = await port.readSnapshot();
  await port.applyEncrypted(encrypted, snap);
  const d = backend.getDraft();
  assert.equal(d.bodyHtml, encrypted.noticeHtml);
  assert.deepEqual(d.attachments.map((a) => a.name), ["smime.p7m"]);
  assert.equal(d.attachments[0].contentBase64, encrypted.p7mBase64);
  assert.equal(d.internetHeaders["x-spm-protected"], "1");
  // Undo brings the original draft back.
  await port.restore(snap);
  assert.deepEqual(visible(backend), visible(fakeOutlook({ draft: sampleDraft }).backend));
});

test("applyEncrypted on a text body uses Text coercion (Html on a text body fails in Outlook)", async () => {
  const { office, backend } = fakeOutlook({ draft: { ...sampleDraft, bodyHtml: undefined, bodyText: "hello" } });
  const port = createComposePort(office);
  await port.applyEncrypted(encrypted, await port.readSnapshot());
  assert.equal(backend.getDraft().bodyType, "text");
  assert.equal(backend.getDraft().bodyHtml, "This message is encrypted.");
});

// Call 1 of addFileAttachmentFromBase64Async and removeAttachmentAsync is the S/MIME probe (compose-limits.test.ts).
for (const [method, nth] of [
  ["addFileAttachmentFromBase64Async", 2],
  ["body.setAsync", 1],
  ["removeAttachmentAsync", 2],
  ["removeAttachmentAsync", 3],
  ["internetHeaders.setAsync", 1],
] as const) {
  test(`a failure of ${method} (call ${nth}) rolls the draft back exactly and reports the Office error`, async () => {
    for (const platform of ["OfficeOnline", "PC"] as const) {
      const { office, backend } = fakeOutlook({ draft: sampleDraft, platform });
      backend.loadDraft({ ...sampleDraft, internetHeaders: { "x-other": "keep" } });
      const before = visible(backend);
      const port = createComposePort(office);
      const snap = await port.readSnapshot();
      // Prime a failure on the nth call: earlier calls succeed.
      let seen = 0;
      const original = backend.takeFailure.bind(backend);
      backend.takeFailure = (m: string) => {
        if (m === method && ++seen === nth) return "AttachmentSizeExceeded";
        return original(m);
      };
      await assert.rejects(port.applyEncrypted(encrypted, snap), (e: unknown) => {
        assert.ok(isSpmError(e, "HOST_ERROR"));
        assert.equal(e.details?.officeError, "AttachmentSizeExceeded");
        assert.equal(e.details?.rolledBack, true);
        return true;
      });
      backend.takeFailure = original;
      assert.deepEqual(visible(backend), before, `${platform}: draft restored`);
    }
  });
}

test("failNext from the simulator API is honoured and consumed once", async () => {
  const { office, backend } = fakeOutlook({ draft: sampleDraft });
  const before = visible(backend);
  backend.failNext("body.setAsync", "DataExceedsMaximumSize");
  const port = createComposePort(office);
  const snap = await port.readSnapshot();
  await assert.rejects(port.applyEncrypted(encrypted, snap), (e: unknown) => isSpmError(e, "HOST_ERROR") && e.details?.officeError === "DataExceedsMaximumSize");
  assert.deepEqual(visible(backend), before);
  await port.applyEncrypted(encrypted, snap);
  assert.equal(backend.getDraft().attachments.length, 1);
});

test("an oversized body is refused by the fake (1,000,000 chars) and the draft stays intact", async () => {
  const { office, backend } = fakeOutlook({ draft: sampleDraft });
  const before = visible(backend);
  const port = createComposePort(office);
  const snap = await port.readSnapshot();
  await assert.rejects(port.applyEncrypted({ ...encrypted, noticeHtml: "x".repeat(1_000_001) }, snap), (e: unknown) =>
    isSpmError(e, "HOST_ERROR") && e.details?.officeError === "DataExceedsMaximumSize");
  assert.deepEqual(visible(backend), before);
});

test("native S/MIME on (web): the probe add never answers; the port says why before changing anything", async () => {
  const { office, backend } = fakeOutlook({ draft: sampleDraft });
  backend.nativeSmime = true;
  const before = visible(backend);
  const port = createComposePort(office, { probeTimeoutMs: 150 });
  const snap = await port.readSnapshot();
  const started = Date.now();
  await assert.rejects(port.applyEncrypted(encrypted, snap), (e: unknown) => isSpmError(e, "HOST_ERROR") && e.details?.nativeSmimeSuspected === true && e.details?.probe === true);
  assert.ok(Date.now() - started < 2000);
  assert.deepEqual(visible(backend), before);
  // Only the probe was tried: the protected attachment was never sent into the hang.
  assert.deepEqual(backend.getEventLog().filter((e) => e.method === "addFileAttachmentFromBase64Async").map((e) => e.outcome), ["pending-forever"]);
});

test("attachment ids: opaque EWS-like on the web, index strings on PC and Mac", async () => {
  const web = fakeOutlook({ draft: sampleDraft, platform: "OfficeOnline" });
  const ids = (await createComposePort(web.office).readSnapshot()).attachments.map((a) => a.id);
  for (const id of ids) assert.match(id, /^AAMkAD[A-Za-z0-9+/]{40,}$/);
  for (const platform of ["PC", "Mac"] as const) {
    const o = fakeOutlook({ draft: sampleDraft, platform });
    assert.deepEqual((await createComposePort(o.office).readSnapshot()).attachments.map((a) => a.id), ["0", "1"]);
  }
});

test("one add's documented limit (27,892,122 base64 characters) is checked before any change, on every platform", async () => {
  const big = "A".repeat(27_892_124);
  for (const platform of ["OfficeOnline", "PC", "Mac"] as const) {
    const o = fakeOutlook({ draft: sampleDraft, platform });
    const before = visible(o.backend);
    const port = createComposePort(o.office);
    await assert.rejects(port.applyEncrypted({ ...encrypted, p7mBase64: big }, await port.readSnapshot()), (e: unknown) =>
      isSpmError(e, "LIMIT_EXCEEDED") && e.details?.reason === "attachment-limit");
    assert.deepEqual(visible(o.backend), before);
    assert.ok(!o.backend.getEventLog().some((e) => e.method === "addFileAttachmentFromBase64Async"), platform);
  }
  // Just within it, Outlook takes it (20.9 MB decoded: within the 25 MB total too).
  const pc = fakeOutlook({ draft: sampleDraft, platform: "PC" });
  const pcPort = createComposePort(pc.office);
  await pcPort.applyEncrypted({ ...encrypted, p7mBase64: "A".repeat(27_892_120) }, await pcPort.readSnapshot());
  assert.equal(pc.backend.getDraft().attachments[0].size, 20_919_090);
});

test("the fake enforces 3 concurrent calls on the web; the port's queue never exceeds 1", async () => {
  const { office, backend } = fakeOutlook({ draft: sampleDraft });
  // Raw Office use: 4 calls at once -> the 4th fails.
  const results = await Promise.all(
    [0, 1, 2, 3].map((i) => new Promise<Office.AsyncResult<string>>((r) => office.context.mailbox.item!.subject.getAsync({ asyncContext: i }, r))),
  );
  assert.deepEqual(results.map((r) => String(r.status)), ["succeeded", "succeeded", "succeeded", "failed"]);
  assert.equal(results[3].error.name, "TooManyIncompleteRequests");
  assert.equal(results[3].error.code, 5100);
  assert.equal(results[3].asyncContext, 3);
  // Through the port, many parallel snapshots all succeed.
  const port = createComposePort(office);
  const snaps = await Promise.all([port.readSnapshot(), port.readSnapshot(), port.readSnapshot(), port.readSnapshot()]);
  assert.equal(snaps.length, 4);
  assert.ok(!backend.getEventLog().slice(4).some((e) => e.error === "TooManyIncompleteRequests"));
});

test("callbacks are never synchronous", async () => {
  const { office } = fakeOutlook({ draft: sampleDraft });
  let called = false;
  office.context.mailbox.item!.subject.getAsync(() => {
    called = true;
  });
  assert.equal(called, false);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(called, true);
});

test("a draft with an attached Outlook item is refused before any change (it could not be rolled back)", async () => {
  const { office, backend } = fakeOutlook({
    draft: { ...sampleDraft, attachments: [...sampleDraft.attachments!, { name: "Fwd: earlier.eml", contentBase64: "Subject: earlier\r\n\r\nhi", attachmentType: "item" }] },
  });
  const before = visible(backend);
  const port = createComposePort(office);
  const snap = await port.readSnapshot();
  assert.equal(snap.attachments[2].format, "eml");
  assert.equal(Buffer.from(snap.attachments[2].bytes).toString(), "Subject: earlier\r\n\r\nhi");
  await assert.rejects(port.applyEncrypted(encrypted, snap), (e: unknown) => isSpmError(e, "HOST_ERROR") && e.details?.reason === "item-attachment");
  assert.deepEqual(visible(backend), before);
  assert.ok(!backend.getEventLog().some((e) => e.method === "addFileAttachmentFromBase64Async"));
});

test("an attachment add that answers after the timeout is removed again, leaving the draft as before", async () => {
  const { office, backend } = fakeOutlook({ draft: sampleDraft, platform: "PC" });
  const before = visible(backend);
  const port = createComposePort(office, { attachmentTimeoutMs: 50 });
  const snap = await port.readSnapshot();
  backend.latencyMs = [150, 150];
  // Classic Outlook does not hang with its own S/MIME on: a silence there is reported as a timeout, not as that.
  await assert.rejects(port.applyEncrypted(encrypted, snap), (e: unknown) => isSpmError(e, "HOST_ERROR") && e.details?.timedOut === true && e.details?.nativeSmimeSuspected === undefined);
  // The late add lands at ~150 ms; its removal follows.
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual(visible(backend), before);
  assert.ok(backend.getEventLog().some((e) => e.method === "removeAttachmentAsync" && e.outcome === "succeeded"));
  assert.deepEqual(port.lateAttachmentProblems(), []);
});

test("outer subject and sessionData markers are applied, rolled back on failure, and undone", async () => {
  const { office, backend } = fakeOutlook({ draft: sampleDraft });
  const before = visible(backend);
  const port = createComposePort(office);
  const snap = await port.readSnapshot();
  const withMarkers = { ...encrypted, subject: "[...]", sessionData: { "spm-state": "protected", "spm-hash": "abc" } };
  // A failure at the last step (second sessionData write) undoes everything, markers first.
  let seen = 0;
  const original = backend.takeFailure.bind(backend);
  backend.takeFailure = (m: string) => (m === "sessionData.setAsync" && ++seen === 2 ? "InternalError" : original(m));
  await assert.rejects(port.applyEncrypted(withMarkers, snap), (e: unknown) => isSpmError(e, "HOST_ERROR") && e.details?.step === "set-session-data");
  backend.takeFailure = original;
  assert.deepEqual(visible(backend), before);
  assert.deepEqual(backend.draft.sessionData, {});
  // Success, then Undo.
  await port.applyEncrypted(withMarkers, snap);
  assert.equal(backend.draft.subject, "[...]");
  assert.deepEqual(backend.draft.sessionData, { "spm-state": "protected", "spm-hash": "abc" });
  await port.restore(snap);
  assert.deepEqual(visible(backend), before);
  assert.deepEqual(backend.draft.sessionData, {});
});

test("without Mailbox 1.11 the sessionData markers are skipped, the rest applies", async () => {
  const { office, backend } = fakeOutlook({ draft: sampleDraft, requirementSets: ["1.1", "1.5", "1.7", "1.8", "1.10"] });
  const port = createComposePort(office);
  await port.applyEncrypted({ ...encrypted, sessionData: { "spm-state": "protected" } }, await port.readSnapshot());
  assert.deepEqual(backend.getDraft().attachments.map((a) => a.name), ["smime.p7m"]);
  assert.deepEqual(backend.draft.sessionData, {});
});
