/**
 * Failures at each sign-in step (the fake NAA bridge behind the real msal-browser): silently at start
 * (bridge disabled, no network, an app ID the tenant does not know), in Outlook's sign-in window (blocked,
 * cancelled, consent refused, admin consent required), and silently at the click. Each ends in the
 * attachment format or a clear message with nothing sent and the draft as it was; a sign-in that works
 * then sends standard S/MIME.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { attachmentRadio, mainButton, openCompose, standardRadio } from "../pages/compose";
import { SimulatorPage, getDraft, waitForClosedDraft } from "../pages/simulator";
import { browserSuite } from "../../helpers/suite";

const env = browserSuite({
  identities: {
    alice: ["Dr. Alice", "alice@clinic.example"],
    bob: ["Bob Lab", "bob@lab.example"],
  },
});

const draft = { from: { displayName: "Dr. Alice", emailAddress: "alice@clinic.example" }, to: ["Bob Lab <bob@lab.example>"], subject: "Findings", bodyHtml: "<p>Findings for patient 4711.</p>" };

const sent = (page: Page) => page.evaluate(() => window.spmSimulator.sentMessages());

test("silent sign-in fails at start: bridge disabled, no network, an unknown app ID: the reason, the attachment format", async () => {
  const { page, errors } = await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.bob] });
  const cases = [
    [() => page.evaluate(() => window.spmSimulator.failNext("NAA.GetToken", "Disabled")), /this Outlook cannot sign the add-in in\./, false],
    [() => page.evaluate(() => window.spmSimulator.failNext("NAA.GetToken", "NoNetwork")), /you need to sign in once/, true],
    [() => page.evaluate(() => window.spmSimulator.setDelivery({ registeredClientId: "00000000-0000-4000-8000-000000000001" })), /signing in did not work \(invalid_client\)/, false],
  ] as const;
  for (const [prepare, reason, signInOffered] of cases) {
    await prepare();
    await page.evaluate((d) => window.spmSimulator.loadDraft(d), draft);
    const before = await getDraft(page);
    const frame = await openCompose(page);
    await frame.getByText(reason).first().waitFor({ timeout: 15_000 });
    assert.equal(await attachmentRadio(frame).isChecked(), true, String(reason));
    assert.equal(await frame.getByRole("button", { name: "Sign in", exact: true }).isVisible(), signInOffered, String(reason));
    assert.deepEqual(await getDraft(page), before);
  }
  assert.deepEqual(await sent(page), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test("Outlook's sign-in window fails: blocked, cancelled, consent refused, admin consent required: a clear message each, nothing sent", async () => {
  const { page, errors } = await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.bob] });
  await page.evaluate(() => window.spmSimulator.setDelivery({ consented: false }));
  const cases = [
    ["PopupBlocked", /The sign-in window could not open\. Allow pop-ups for Outlook and try again/],
    ["UserCancel", /Signing in was cancelled\./],
    ["ConsentDenied", /Signing in failed \(access_denied\)\./],
    ["AdminConsentRequired", /An administrator must first approve Secure Patient Mail for sending mail/],
  ] as const;
  for (const [fault, text] of cases) {
    await page.evaluate((d) => window.spmSimulator.loadDraft(d), draft);
    const before = await getDraft(page);
    const frame = await openCompose(page);
    await page.evaluate((f) => window.spmSimulator.failNext("NAA.GetTokenPopup", f), fault);
    await frame.getByRole("button", { name: "Sign in", exact: true }).click();
    const alert = frame.getByRole("alert").filter({ hasText: "The message was not sent" });
    await alert.waitFor({ timeout: 15_000 });
    const shown = (await alert.textContent()) ?? "";
    assert.match(shown, text, fault);
    assert.match(shown, /Nothing was sent and your draft is unchanged\./);
    assert.equal(await attachmentRadio(frame).isChecked(), true, fault);
    assert.deepEqual(await getDraft(page), before, fault);
  }
  assert.deepEqual(await sent(page), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test("silent sign-in fails at the click (consent withdrawn): 'Sign in and send' opens the window, then it is sent once", async () => {
  const { page, errors } = await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.bob] });
  // Short-lived tokens: MSAL asks Outlook again at the click instead of using its cache.
  await page.evaluate(() => window.spmSimulator.setDelivery({ tokenLifetimeSeconds: 60 }));
  await page.evaluate((d) => window.spmSimulator.loadDraft(d), draft);
  const before = await getDraft(page);
  const frame = await openCompose(page);
  assert.equal(await standardRadio(frame).isChecked(), true);
  await page.evaluate(() => window.spmSimulator.failNext("NAA.GetToken", "ConsentRequired"));
  await mainButton(frame).click();
  const alert = frame.getByRole("alert").filter({ hasText: "Sign in to send" });
  await alert.waitFor({ timeout: 15_000 });
  assert.match((await alert.textContent()) ?? "", /Nothing was sent and your draft is unchanged\./);
  assert.deepEqual(await getDraft(page), before);
  assert.deepEqual(await sent(page), []);
  await frame.getByRole("button", { name: "Sign in and send" }).click();
  await waitForClosedDraft(page);
  assert.equal((await sent(page)).length, 1);
  const log = await page.evaluate(() => window.spmSimulator.getEventLog().filter((e) => e.method.startsWith("NAA.")).map((e) => `${e.method}:${e.outcome}`));
  assert.deepEqual(log, ["NAA.GetToken:succeeded", "NAA.GetToken:failed", "NAA.GetTokenPopup:succeeded"]);
  assert.deepEqual(errors, []);
  await page.close();
});
