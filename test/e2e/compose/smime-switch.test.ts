/**
 * Outlook's own S/MIME switch, in Chromium against the simulator: on the web (and new Outlook) attachment adds
 * then never answer (office-js #3363, #5908), and the pane's tiny probe finds that in seconds with nothing
 * changed; classic Outlook accepts the add and would wrap the message again, which the pane says before the
 * click; and a slow upload of a large smime.p7m outlasts the probe's timeout without being taken for the hang.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { mainButton, openCompose } from "../pages/compose";
import { SimulatorPage, getDraft } from "../pages/simulator";
import { browserSuite } from "../../helpers/suite";
import { DONE, MB, attachmentCalls, loadDraft } from "./limits-helpers";

const env = browserSuite({
  identities: {
    alice: ["Dr. Alice Sender", "alice@clinic.example"],
    bob: ["Bob Lab", "bob@lab.example"],
  },
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
