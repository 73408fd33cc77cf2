/**
 * Outlook's attachment limits in Chromium against the simulator: on the web (and new Outlook) all attachments
 * together count against 25 MB and at most 499 files. A draft that cannot take the protected copy is refused
 * before anything changes; one just under the limit protects with the originals removed first, and a failure
 * then puts every original back, in order. (Outlook's own S/MIME switch: smime-switch.test.ts.)
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { mainButton, openCompose } from "../pages/compose";
import { SimulatorPage, getDraft } from "../pages/simulator";
import { browserSuite } from "../../helpers/suite";
import { DONE, MB, attachmentCalls, content, loadDraft } from "./limits-helpers";

const env = browserSuite({
  identities: {
    alice: ["Dr. Alice Sender", "alice@clinic.example"],
    bob: ["Bob Lab", "bob@lab.example"],
  },
});

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
  // 499 reads and 499 removes: Outlook's round trips made short, so the test is about the count, not the wait.
  await page.evaluate(() => window.spmSimulator.setLatency(0, 1));
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

