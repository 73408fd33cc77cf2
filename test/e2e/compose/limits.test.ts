/**
 * Outlook's attachment limits and its own S/MIME switch, in Chromium against the simulator:
 * - on the web (and new Outlook) all attachments together count against 25 MB and at most 499 files: a draft
 *   that cannot take the protected copy is refused before anything changes; one just under the limit protects
 *   with the originals removed first, and a failure then puts every original back, in order;
 * - Outlook's own S/MIME: the tiny probe finds the web's hang in seconds; classic Outlook accepts the add and
 *   would wrap the message again, which the pane says before the click;
 * - a slow upload of a large smime.p7m outlasts the probe's timeout and is still not taken for the hang.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { mainButton, openCompose } from "../pages/compose";
import { SimulatorPage, getDraft, sessionData } from "../pages/simulator";
import { browserSuite } from "../../helpers/suite";

const env = browserSuite({
  identities: {
    alice: ["Dr. Alice Sender", "alice@clinic.example"],
    bob: ["Bob Lab", "bob@lab.example"],
  },
});

const MB = 1_000_000;
const DONE = "The message is encrypted and signed.";

interface FileSpec {
  name: string;
  size: number;
  isInline?: boolean;
}

/** Load a draft to Bob whose attachments are random bytes of these sizes (made in the page: no 20 MB round trip). */
async function loadDraft(page: Page, platform: "OfficeOnline" | "PC", files: FileSpec[]): Promise<void> {
  await page.evaluate((p) => window.spmSimulator.setPlatform(p), platform);
  await page.evaluate((specs) => {
    const attachments = specs.map((f) => {
      const bytes = new Uint8Array(f.size);
      for (let i = 0; i < bytes.length; i += 65_536) crypto.getRandomValues(bytes.subarray(i, Math.min(i + 65_536, bytes.length)));
      let b64 = "";
      for (let i = 0; i < bytes.length; i += 3 * 8192) b64 += btoa(String.fromCharCode(...bytes.subarray(i, i + 3 * 8192)));
      return { name: f.name, contentBase64: b64, isInline: f.isInline === true, ...(f.isInline ? { contentId: f.name } : {}) };
    });
    window.spmSimulator.loadDraft({
      from: { displayName: "Dr. Alice Sender", emailAddress: "alice@clinic.example" },
      to: ["Bob Lab <bob@lab.example>"],
      subject: "Scans",
      bodyHtml: '<p>Scans for patient 4711.</p><img src="cid:letterhead.png">',
      attachments,
    });
  }, files);
}

/** The draft without the session-only attachment ids, plus its session data. */
async function content(page: Page) {
  const d = await getDraft(page);
  return { ...d, attachments: d.attachments.map(({ id: _id, ...rest }) => rest), sessionData: await sessionData(page) };
}

/** Attachment adds and removes in the order Outlook saw them, with their outcome. */
async function attachmentCalls(page: Page): Promise<string[]> {
  const log = await page.evaluate(() => window.spmSimulator.getEventLog());
  return log.filter((e) => e.method === "addFileAttachmentFromBase64Async" || e.method === "removeAttachmentAsync").map((e) => `${e.method === "removeAttachmentAsync" ? "remove" : "add"}:${e.outcome}${e.error ? `:${e.error}` : ""}`);
}

test("web: a draft whose attachments together leave no room for the protected copy is refused up front; nothing changes", async () => {
  const { page, errors } = await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.bob] });
  // The letterhead stays in the draft until the body changes, so 8 MB of the 25 MB are taken: 12 MB of scans cannot follow.
  await loadDraft(page, "OfficeOnline", [
    { name: "letterhead.png", size: 8 * MB, isInline: true },
    { name: "scans.zip", size: 12 * MB },
  ]);
  const before = await getDraft(page);
  const frame = await openCompose(page, { format: "attachment" });
  await frame.getByText(/more than Outlook accepts here .*Outlook counts all attachments of the message together/).waitFor({ timeout: 15_000 });
  assert.equal(await mainButton(frame).isDisabled(), true);
  await page.evaluate(() => window.spmSimulator.clearEventLog());
  await mainButton(frame).click({ force: true });
  await page.waitForTimeout(500);
  assert.deepEqual(await getDraft(page), before);
  assert.deepEqual(await attachmentCalls(page), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test("web: a draft just under the limit protects with the originals removed first; a failure puts every original back in order", async () => {
  const { page, errors } = await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.bob] });
  // 20.85 MB in two files: smime.p7m (compact layout) is about 20.86 MB, so both together would be far over 25 MB.
  await loadDraft(page, "OfficeOnline", [
    { name: "scans-1.zip", size: 12 * MB },
    { name: "scans-2.zip", size: 8_850_000 },
  ]);
  const before = await content(page);
  const frame = await openCompose(page, { format: "attachment" });
  // First a failure after the originals went: the rollback re-adds them, in their order, byte for byte.
  await page.evaluate(() => window.spmSimulator.failNext("body.setAsync", "InternalError"));
  await page.evaluate(() => window.spmSimulator.clearEventLog());
  await mainButton(frame).click();
  const alert = frame.getByRole("alert");
  await alert.waitFor({ timeout: 60_000 });
  assert.match((await alert.textContent()) ?? "", /Your draft is unchanged/);
  assert.deepEqual(await content(page), before);
  assert.deepEqual(await attachmentCalls(page), [
    "add:succeeded", // the probe
    "remove:succeeded",
    "remove:succeeded", // scans-1.zip
    "remove:succeeded", // scans-2.zip
    "add:succeeded", // smime.p7m
    "remove:succeeded", // rollback: smime.p7m out, the originals back in order
    "add:succeeded",
    "add:succeeded",
  ]);
  // Then again, without the failure: it protects.
  await mainButton(frame).click();
  await frame.getByText(DONE).first().waitFor({ timeout: 60_000 });
  const after = await getDraft(page);
  assert.deepEqual(after.attachments.map((a) => a.name), ["smime.p7m"]);
  assert.ok(after.attachments[0].contentBase64.length <= 27_892_122, `${after.attachments[0].contentBase64.length} base64 characters`);
  assert.ok(after.attachments[0].size > 20_850_000, "the protected copy carries both files");
  assert.deepEqual(errors, []);
  await page.close();
});

test("web: 499 files (the most Outlook allows) protect, the originals removed first; the probe's refusal is not taken for the hang", async () => {
  const { page, errors } = await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.bob] });
  await loadDraft(page, "OfficeOnline", Array.from({ length: 499 }, (_, i) => ({ name: `lab-${i}.csv`, size: 40 })));
  const frame = await openCompose(page, { format: "attachment" });
  await page.evaluate(() => window.spmSimulator.clearEventLog());
  await mainButton(frame).click();
  await frame.getByText(DONE).first().waitFor({ timeout: 60_000 });
  assert.deepEqual((await getDraft(page)).attachments.map((a) => a.name), ["smime.p7m"]);
  const calls = await attachmentCalls(page);
  assert.equal(calls[0], "add:failed:NumberOfAttachmentsExceeded");
  assert.deepEqual(calls.slice(1), [...Array.from({ length: 499 }, () => "remove:succeeded"), "add:succeeded"]);
  assert.deepEqual(errors, []);
  await page.close();
});

test("web: with Outlook's own S/MIME on, the probe finds the hang in seconds and nothing changes", async () => {
  const { page, errors } = await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.bob] });
  await loadDraft(page, "OfficeOnline", [{ name: "findings.pdf", size: 30_000 }]);
  await page.evaluate(() => window.spmSimulator.setNativeSmime(true));
  const before = await getDraft(page);
  const frame = await openCompose(page, { format: "attachment" });
  assert.equal(await frame.getByText("Outlook’s own Encrypt and Sign").count(), 0, "the classic note is not shown on the web");
  await page.evaluate(() => window.spmSimulator.clearEventLog());
  const started = Date.now();
  await mainButton(frame).click();
  await frame.getByText("Outlook’s own S/MIME is switched on for this message").waitFor({ timeout: 30_000 });
  const ms = Date.now() - started;
  assert.ok(ms < 20_000, `found in ${ms} ms`);
  assert.deepEqual(await getDraft(page), before);
  assert.deepEqual(await attachmentCalls(page), ["add:pending-forever"]);
  assert.deepEqual(errors, []);
  await page.close();
});

test("classic Outlook with its own S/MIME on: the pane says it would wrap the message again; the add succeeds", async () => {
  const { page, errors } = await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.bob] });
  await loadDraft(page, "PC", [{ name: "findings.pdf", size: 30_000 }]);
  await page.evaluate(() => window.spmSimulator.setNativeSmime(true));
  const frame = await openCompose(page, { format: "attachment" });
  await frame.getByText(/wraps the protected message in its own S\/MIME a second time/).waitFor({ timeout: 15_000 });
  await mainButton(frame).click();
  await frame.getByText(DONE).first().waitFor({ timeout: 30_000 });
  const draft = await getDraft(page);
  assert.deepEqual(draft.attachments.map((a) => a.name), ["smime.p7m"]);
  assert.equal(draft.wrappedAgainOnSend, true);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a slow upload of a large smime.p7m takes longer than the probe's timeout and is not taken for the hang", async () => {
  // 600 ms per MB of base64: the 10 MB draft's smime.p7m (about 13.4 M characters) needs about 8 s, more than
  // the probe's 6 s; its own timeout grows with its size (30 s + 6 s per MB).
  const { page, errors } = await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.bob], uploadMsPerMb: 600 });
  await loadDraft(page, "OfficeOnline", [{ name: "scans.zip", size: 10 * MB }]);
  const frame = await openCompose(page, { format: "attachment" });
  await page.evaluate(() => window.spmSimulator.clearEventLog());
  await mainButton(frame).click();
  await frame.getByText(/Putting the protected message into the draft/).first().waitFor({ timeout: 30_000 });
  const attachingFrom = Date.now();
  await frame.getByText(DONE).first().waitFor({ timeout: 90_000 });
  const attachingMs = Date.now() - attachingFrom;
  console.log(`[timing] 10 MB draft, upload at 600 ms/MB: ${attachingMs} ms from "Putting the protected message into the draft" to done`);
  assert.ok(attachingMs > 7_000, `the upload took ${attachingMs} ms`);
  assert.deepEqual((await getDraft(page)).attachments.map((a) => a.name), ["smime.p7m"]);
  assert.ok(!(await attachmentCalls(page)).some((c) => c.includes("failed") || c.includes("pending")));
  assert.deepEqual(errors, []);
  await page.close();
});
