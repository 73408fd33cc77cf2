/**
 * Outlook's attachment limits (all attachments together, their number, one add) and Outlook's own S/MIME
 * switch: the plan (attachment-budget.ts), the simulator's behaviour per platform, and the compose port
 * against it (order of the swap, rollback, the probe).
 */
import { describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { attachmentBudgetFor, attachmentTimeoutMs, p7mLimitChars, planAttachmentSwap } from "../../../src/host/attachment-budget";
import { createComposePort } from "../../../src/host/compose";
import { isSpmError } from "../../../src/core/errors";
import { fakeOutlook, sampleDraft } from "./fake";

const MB = 1_000_000;
const web = attachmentBudgetFor("OfficeOnline");
const classic = attachmentBudgetFor("PC");
const files = (...sizes: number[]) => sizes.map((size) => ({ size, isInline: false }));
const chars = (bytes: number) => 4 * Math.ceil(bytes / 3);

describe("the plan", () => {
  test("add first while the draft can hold the originals and the protected copy together", () => {
    // Exactly 25 MB together is still within the limit.
    assert.deepEqual(planAttachmentSwap(web, files(5 * MB, 5 * MB), chars(15 * MB)), { fits: true, order: "add-first", peakBytes: 25 * MB, peakCount: 3 });
    assert.equal((planAttachmentSwap(web, files(5 * MB, 5 * MB + 1), chars(15 * MB)) as { order: string }).order, "remove-first");
  });

  test("originals first when only the protected copy fits (web: 25 MB for all attachments together)", () => {
    const plan = planAttachmentSwap(web, files(10 * MB, 5 * MB), chars(15 * MB));
    assert.equal(plan.fits && plan.order, "remove-first");
    // The same draft on classic Outlook (Exchange Online's default, 35 MB) keeps the safer order.
    assert.equal(planAttachmentSwap(classic, files(10 * MB, 5 * MB), chars(15 * MB)).fits, true);
    assert.equal((planAttachmentSwap(classic, files(10 * MB, 5 * MB), chars(15 * MB)) as { order: string }).order, "add-first");
  });

  test("inline images stay until the body changes, so they count against the protected copy", () => {
    const draft = [{ size: 6 * MB, isInline: true }, ...files(12 * MB)];
    assert.deepEqual(planAttachmentSwap(web, draft, chars(19_500_000)), { fits: false, reason: "total-size", limit: 25 * MB, needed: 25_500_000 });
    assert.equal(p7mLimitChars(web, draft), 4 * Math.floor((19 * MB) / 3));
  });

  test("one add's limit is 27,892,122 base64 characters on every platform", () => {
    for (const b of [web, classic, attachmentBudgetFor("Mac"), attachmentBudgetFor("")]) {
      assert.deepEqual(planAttachmentSwap(b, [], 27_892_124), { fits: false, reason: "attachment-limit", limit: 27_892_122, needed: 27_892_124 });
      assert.equal(planAttachmentSwap(b, [], 27_892_120).fits, true);
      assert.equal(p7mLimitChars(b, []), 27_892_122);
    }
  });

  test("499 files on the web: a full draft swaps originals first; 499 inline images cannot", () => {
    const full = files(...Array.from({ length: 499 }, () => 1000));
    assert.equal((planAttachmentSwap(web, full, 8000) as { order: string }).order, "remove-first");
    assert.equal((planAttachmentSwap(classic, full, 8000) as { order: string }).order, "add-first");
    const inline = full.map((a) => ({ ...a, isInline: true }));
    assert.deepEqual(planAttachmentSwap(web, inline, 8000), { fits: false, reason: "attachment-count", limit: 499, needed: 500 });
    assert.equal(p7mLimitChars(web, inline), 0);
  });

  test("the add timeout grows with the size", () => {
    assert.equal(attachmentTimeoutMs(8, 30_000, 6_000), 30_000);
    assert.equal(attachmentTimeoutMs(27_892_122, 30_000, 6_000), 197_353);
  });
});

/** One raw add through the fake Office: the Office error name, or "ok". */
function add(office: typeof Office, base64: string): Promise<string> {
  return new Promise((resolve) => {
    (office.context.mailbox.item as Office.MessageCompose).addFileAttachmentFromBase64Async(base64, "x.bin", { isInline: false }, (r) =>
      resolve(String(r.status) === "succeeded" ? "ok" : `${r.error.name} ${r.error.code}`),
    );
  });
}

const bigFile = (bytes: number, name = "scan.bin") => ({ name, contentBase64: randomBytes(bytes).toString("base64") });

describe("the simulator", () => {
  test("web: all attachments together at most 25 MB (AttachmentSizeExceeded 9000); classic: the Exchange limit", async () => {
    const draft = { ...sampleDraft, attachments: [bigFile(20 * MB)] };
    const w = fakeOutlook({ draft, platform: "OfficeOnline" });
    assert.equal(await add(w.office, randomBytes(5 * MB + 1).toString("base64")), "AttachmentSizeExceeded 9000");
    assert.equal(await add(w.office, randomBytes(5 * MB).toString("base64")), "ok");
    const pc = fakeOutlook({ draft, platform: "PC" });
    assert.equal(await add(pc.office, randomBytes(12 * MB).toString("base64")), "ok");
    assert.equal(await add(pc.office, randomBytes(5 * MB).toString("base64")), "AttachmentSizeExceeded 9000");
  });

  test("web: at most 499 files (NumberOfAttachmentsExceeded 9001); classic and Mac set no number", async () => {
    const draft = { ...sampleDraft, attachments: Array.from({ length: 499 }, (_, i) => ({ name: `f${i}.txt`, contentBase64: "eA==" })) };
    assert.equal(await add(fakeOutlook({ draft, platform: "OfficeOnline" }).office, "eA=="), "NumberOfAttachmentsExceeded 9001");
    assert.equal(await add(fakeOutlook({ draft, platform: "PC" }).office, "eA=="), "ok");
    assert.equal(await add(fakeOutlook({ draft, platform: "Mac" }).office, "eA=="), "ok");
  });

  test("Outlook's own S/MIME: adds hang on the web only; classic adds and would wrap the message again", async () => {
    const w = fakeOutlook({ draft: sampleDraft, platform: "OfficeOnline" });
    w.backend.nativeSmime = true;
    const answered = await Promise.race([add(w.office, "eA=="), new Promise((r) => setTimeout(() => r("no answer"), 300))]);
    assert.equal(answered, "no answer");
    for (const platform of ["PC", "Mac"] as const) {
      const c = fakeOutlook({ draft: sampleDraft, platform });
      c.backend.nativeSmime = true;
      const port = createComposePort(c.office, { probeTimeoutMs: 300 });
      await port.applyEncrypted({ noticeHtml: "<p>n</p>", p7mBase64: "eHh4", headers: {} }, await port.readSnapshot());
      assert.deepEqual(c.backend.getDraft().attachments.map((a) => a.name), ["smime.p7m"]);
      assert.equal(c.backend.getDraft().wrappedAgainOnSend, true, platform);
    }
  });

  test("upload time grows with the size", async () => {
    const { office, backend } = fakeOutlook({ draft: sampleDraft, platform: "PC" });
    backend.uploadMsPerMb = 200;
    const timed = async (b64: string) => {
      const t0 = Date.now();
      assert.equal(await add(office, b64), "ok");
      return Date.now() - t0;
    };
    const small = await timed("eA==");
    const large = await timed(randomBytes(3 * MB).toString("base64"));
    assert.ok(small < 150, `small add ${small} ms`);
    assert.ok(large >= 750, `4 MB of base64 at 200 ms/MB: ${large} ms`);
  });
});

/** The draft's attachments as the user sees them (names and content, in order). */
const attachmentsOf = (backend: ReturnType<typeof fakeOutlook>["backend"]) => backend.getDraft().attachments.map((a) => [a.name, a.contentBase64, a.isInline]);

describe("the compose port", () => {
  const big = { ...sampleDraft, attachments: [bigFile(7 * MB, "a.bin"), bigFile(6 * MB, "b.bin")] };
  const p7m = randomBytes(13_500_000).toString("base64");

  test("web: 13 MB of attachments and a 13.5 MB smime.p7m: the originals go first, then it protects", async () => {
    const { office, backend } = fakeOutlook({ draft: big, platform: "OfficeOnline" });
    const port = createComposePort(office, { probeTimeoutMs: 2000 });
    await port.applyEncrypted({ noticeHtml: "<p>n</p>", p7mBase64: p7m, headers: {} }, await port.readSnapshot());
    assert.deepEqual(backend.getDraft().attachments.map((a) => a.name), ["smime.p7m"]);
    const calls = backend.getEventLog().filter((e) => /Attachment(s)?Async|FromBase64/.test(e.method) && e.method !== "getAttachmentsAsync" && e.method !== "getAttachmentContentAsync");
    // probe add, probe remove, then both originals out, then the protected copy in.
    assert.deepEqual(calls.map((e) => `${e.method}:${e.outcome}`), [
      "addFileAttachmentFromBase64Async:succeeded",
      "removeAttachmentAsync:succeeded",
      "removeAttachmentAsync:succeeded",
      "removeAttachmentAsync:succeeded",
      "addFileAttachmentFromBase64Async:succeeded",
    ]);
  });

  test("a failure after the originals went first rolls back every original, in order, byte for byte", async () => {
    const { office, backend } = fakeOutlook({ draft: big, platform: "OfficeOnline" });
    const before = attachmentsOf(backend);
    const port = createComposePort(office, { probeTimeoutMs: 2000 });
    const snap = await port.readSnapshot();
    backend.failNext("body.setAsync", "InternalError");
    await assert.rejects(port.applyEncrypted({ noticeHtml: "<p>n</p>", p7mBase64: p7m, headers: {} }, snap), (e: unknown) =>
      isSpmError(e, "HOST_ERROR") && e.details?.step === "set-body" && e.details?.rolledBack === true);
    assert.deepEqual(attachmentsOf(backend), before);
    assert.equal(backend.getDraft().bodyHtml, big.bodyHtml);
    // And when smime.p7m itself is refused after the originals went (e.g. an admin's lower limit).
    backend.failNext("addFileAttachmentFromBase64Async", "AttachmentUploadGeneralFailure"); // the probe: answered, so no hang
    backend.failNext("addFileAttachmentFromBase64Async", "AttachmentSizeExceeded");
    await assert.rejects(port.applyEncrypted({ noticeHtml: "<p>n</p>", p7mBase64: p7m, headers: {} }, snap), (e: unknown) =>
      isSpmError(e, "HOST_ERROR") && e.details?.step === "add-p7m" && e.details?.rolledBack === true);
    assert.deepEqual(attachmentsOf(backend), before);
  });

  test("web: a draft whose attachments cannot fit with the protected copy is refused before any change", async () => {
    const draft = { ...sampleDraft, attachments: [{ ...bigFile(10 * MB, "logo.png"), isInline: true }, bigFile(5 * MB)] };
    const { office, backend } = fakeOutlook({ draft, platform: "OfficeOnline" });
    const before = backend.getDraft();
    const port = createComposePort(office);
    await assert.rejects(port.applyEncrypted({ noticeHtml: "<p>n</p>", p7mBase64: randomBytes(15_500_000).toString("base64"), headers: {} }, await port.readSnapshot()), (e: unknown) =>
      isSpmError(e, "LIMIT_EXCEEDED") && e.details?.reason === "total-size");
    assert.deepEqual(backend.getDraft(), before);
    assert.ok(!backend.getEventLog().some((e) => e.method === "addFileAttachmentFromBase64Async" || e.method === "removeAttachmentAsync"));
  });

  test("the probe cannot be removed: the port says the draft needs a look", async () => {
    const { office, backend } = fakeOutlook({ draft: sampleDraft, platform: "OfficeOnline" });
    backend.failNext("removeAttachmentAsync", "AttachmentDeleteGeneralFailure");
    const port = createComposePort(office);
    await assert.rejects(port.applyEncrypted({ noticeHtml: "<p>n</p>", p7mBase64: "eHh4", headers: {} }, await port.readSnapshot()), (e: unknown) =>
      isSpmError(e, "HOST_ERROR") && e.details?.step === "probe" && e.details?.rollbackFailed === true);
    assert.deepEqual(backend.getDraft().attachments.map((a) => a.name), ["results.pdf", "scan.png", "spm-probe.txt"]);
  });
});
