/**
 * When standard S/MIME cannot be used, every reason ends in the Secure Patient Mail format with the reason
 * shown before the click, or (the admin requires standard S/MIME) in a clear refusal; the draft stays as it
 * was until something is actually done. Also: sign-in and consent, the admin's fixed choice, Bcc.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import type { Frame, Page } from "playwright-core";
import { startServerWithPolicy } from "./graph-helpers";
import { attachmentRadio, mainButton, openCompose, standardRadio } from "../pages/compose";
import { SimulatorPage, getDraft, waitForClosedDraft } from "../pages/simulator";
import { browserSuite } from "../../helpers/suite";

const env = browserSuite({
  identities: {
    alice: ["Dr. Alice", "alice@clinic.example"],
    bob: ["Bob Lab", "bob@lab.example"],
  },
});

const from = { displayName: "Dr. Alice", emailAddress: "alice@clinic.example" };
const draft = { from, to: ["Bob Lab <bob@lab.example>"], subject: "Findings", bodyHtml: "<p>Findings for patient 4711.</p>" };

async function reasonShown(frame: Frame, reason: RegExp): Promise<void> {
  await frame.getByText(reason).first().waitFor({ timeout: 15_000 });
  assert.equal(await attachmentRadio(frame).isChecked(), true, "falls back to the Secure Patient Mail format");
  assert.equal(await standardRadio(frame).isDisabled(), true);
  assert.equal(await mainButton(frame).textContent(), "Encrypt & sign");
}

function naaCalls(page: Page): Promise<string[]> {
  return page.evaluate(() => window.spmSimulator.getEventLog().filter((e) => e.method.startsWith("NAA.")).map((e) => `${e.method}:${e.outcome}`));
}

test("not configured by the admin: the attachment format, the reason, and it still protects the draft", async () => {
  const unconfigured = await startServerWithPolicy({ graph: null });
  try {
    const { page, errors } = await SimulatorPage.open({ browser: env.browser, server: unconfigured }, { identities: [env.ids.alice], recipients: [env.ids.bob] });
    await page.evaluate((d) => window.spmSimulator.loadDraft(d), draft);
    const frame = await openCompose(page);
    await reasonShown(frame, /Standard S\/MIME is not available here: your organisation has not yet set up sending through Microsoft 365/);
    await mainButton(frame).click();
    await frame.getByText("The message is encrypted and signed.").first().waitFor({ timeout: 15_000 });
    assert.deepEqual((await getDraft(page)).attachments.map((a) => a.name), ["smime.p7m"]);
    assert.deepEqual(await page.evaluate(() => window.spmSimulator.sentMessages()), []);
    assert.deepEqual(await naaCalls(page), [], "no sign-in attempted without an app registration");
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await unconfigured.close();
  }
});

test("no NAA in this Outlook, an Outlook.com account, an on-premises mailbox, Outlook too old to close the draft: each says why, no sign-in is tried", async () => {
  const cases = [
    [{ naaSupported: false }, /this version of Outlook cannot sign the add-in in \(nested app authentication\)/],
    [{ accountType: "outlookCom" }, /add-ins cannot sign in with personal Outlook\.com accounts/],
    [{ accountType: "enterprise" }, /it needs a Microsoft 365 mailbox/],
  ] as const;
  for (const [settings, reason] of cases) {
    const { page, errors } = await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.bob] });
    await page.evaluate((s) => window.spmSimulator.setDelivery(s), settings);
    await page.evaluate((d) => window.spmSimulator.loadDraft(d), draft);
    const before = await getDraft(page);
    const frame = await openCompose(page);
    await reasonShown(frame, reason);
    assert.deepEqual(await naaCalls(page), [], `${JSON.stringify(settings)}: no NAA call`);
    assert.deepEqual(await getDraft(page), before);
    assert.deepEqual(errors, []);
    await page.close();
  }
  // Mailbox 1.13 has no item.closeAsync.
  const { page } = await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.bob] });
  await page.evaluate(() => window.spmSimulator.setRequirementSets(["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10", "1.11", "1.12", "1.13"]));
  await page.evaluate((d) => window.spmSimulator.loadDraft(d), draft);
  await reasonShown(await openCompose(page), /this version of Outlook cannot close the draft after sending/);
  await page.close();
});

test("no consent yet: the pane says so before the click; Sign in opens Outlook's window, then standard S/MIME is sent", async () => {
  const { page, errors } = await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.bob] });
  await page.evaluate(() => window.spmSimulator.setDelivery({ consented: false }));
  await page.evaluate((d) => window.spmSimulator.loadDraft(d), draft);
  const frame = await openCompose(page);
  await reasonShown(frame, /you need to sign in once so that the add-in may send mail for you/);
  assert.deepEqual(await naaCalls(page), ["NAA.GetToken:failed"], "silent first, no window by itself");
  await frame.getByRole("button", { name: "Sign in", exact: true }).click();
  await frame.getByText("Signed in: standard S/MIME can be sent from here.").first().waitFor();
  assert.equal(await standardRadio(frame).isChecked(), true);
  await mainButton(frame).click();
  await waitForClosedDraft(page);
  assert.deepEqual(await naaCalls(page), ["NAA.GetToken:failed", "NAA.GetTokenPopup:succeeded"]);
  const sent = await page.evaluate(() => window.spmSimulator.sentMessages());
  assert.equal(sent.length, 1);
  assert.equal(sent[0].itemClass, "IPM.Note.SMIME");
  assert.deepEqual(errors, []);
  await page.close();
});

test("the admin fixes the format: attachment only (no sign-in tried), or standard only (a clear refusal where it cannot work)", async () => {
  const attachmentOnly = await startServerWithPolicy({ delivery: "attachment" });
  const standardOnly = await startServerWithPolicy({ delivery: "standard" });
  try {
    let { page } = await SimulatorPage.open({ browser: env.browser, server: attachmentOnly }, { identities: [env.ids.alice], recipients: [env.ids.bob] });
    await page.evaluate((d) => window.spmSimulator.loadDraft(d), draft);
    let frame = await openCompose(page);
    await frame.getByText("Your organisation has chosen this way of sending.").first().waitFor();
    assert.equal(await attachmentRadio(frame).isChecked(), true);
    assert.equal(await standardRadio(frame).isDisabled(), true);
    assert.deepEqual(await naaCalls(page), []);
    await page.close();

    ({ page } = await SimulatorPage.open({ browser: env.browser, server: standardOnly }, { identities: [env.ids.alice], recipients: [env.ids.bob] }));
    await page.evaluate(() => window.spmSimulator.setDelivery({ accountType: "outlookCom" }));
    await page.evaluate((d) => window.spmSimulator.loadDraft(d), draft);
    const before = await getDraft(page);
    frame = await openCompose(page);
    const refusal = /Your organisation requires standard S\/MIME, which cannot be used here: add-ins cannot sign in with personal Outlook\.com accounts/;
    await frame.getByText(refusal).first().waitFor();
    assert.equal(await standardRadio(frame).isChecked(), true);
    assert.equal(await attachmentRadio(frame).isDisabled(), true);
    assert.equal(await mainButton(frame).isDisabled(), true);
    assert.match((await frame.locator("#spm-blockers").textContent()) ?? "", refusal);
    assert.deepEqual(await getDraft(page), before);
    await page.close();
  } finally {
    await attachmentOnly.close();
    await standardOnly.close();
  }
});

test("a 3.5 MB message falls back with the sizes; Bcc falls back when only signing and blocks encryption", async () => {
  const { page, errors } = await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.bob] });
  await page.evaluate((d) => {
    const bytes = new Uint8Array(3_500_000);
    for (let i = 0; i < bytes.length; i += 65_536) crypto.getRandomValues(bytes.subarray(i, Math.min(i + 65_536, bytes.length)));
    let b64 = "";
    for (let i = 0; i < bytes.length; i += 3 * 8192) b64 += btoa(String.fromCharCode(...bytes.subarray(i, i + 3 * 8192)));
    window.spmSimulator.loadDraft({ ...d, attachments: [{ name: "scans.zip", contentBase64: b64 }] });
  }, draft);
  let frame = await openCompose(page);
  await reasonShown(frame, /the message would be about [\d.]+ MB, more than the 4\.2 MB Microsoft 365 accepts for S\/MIME \(about 3 MB of message\)/);
  assert.deepEqual(await page.evaluate(() => window.spmSimulator.sentMessages()), []);

  await page.evaluate((d) => window.spmSimulator.loadDraft({ ...d, bcc: ["boss@clinic.example"] }), draft);
  frame = await openCompose(page);
  await frame.getByRole("switch", { name: "Encrypt" }).click();
  await frame.getByText(/the message has Bcc recipients, and only Outlook itself can deliver to them/).first().waitFor();
  assert.equal(await attachmentRadio(frame).isChecked(), true);
  assert.equal(await mainButton(frame).textContent(), "Sign");
  // Encrypting with Bcc stays blocked (decisions.md, "Bcc and standard S/MIME").
  await frame.getByRole("switch", { name: "Encrypt" }).click();
  assert.equal(await mainButton(frame).isDisabled(), true);
  assert.match((await frame.locator("#spm-blockers").textContent()) ?? "", /Remove the Bcc recipients before encrypting/);
  assert.deepEqual(errors, []);
  await page.close();
});
