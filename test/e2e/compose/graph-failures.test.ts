/**
 * A failure injected at each step of a standard S/MIME send through the simulated Graph leaves the draft
 * exactly as it was (not closed, nothing changed) with a clear message; 429/503 are retried once after
 * Retry-After; when Outlook cannot close the sent draft, the draft is emptied so it cannot go out again.
 * (Unknown outcomes: graph-unknown.test.ts.)
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import type { Frame, Page } from "playwright-core";
import type { GraphFault } from "../../../src/simulator";
import { mainButton, signOnlyDraft } from "../pages/compose";
import { type SimDraft, SimulatorPage, getDraft, waitForClosedDraft } from "../pages/simulator";
import { browserSuite } from "../../helpers/suite";

const env = browserSuite({
  identities: {
    alice: ["Dr. Alice", "alice@clinic.example"],
    bob: ["Bob Lab", "bob@lab.example"],
  },
});

async function ready(reuse?: { page: Page; errors: string[] }): Promise<{ page: Page; errors: string[]; frame: Frame; before: SimDraft }> {
  const session = reuse ?? (await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.bob] }));
  return { ...session, ...(await signOnlyDraft(session.page)) };
}

const sent = (page: Page) => page.evaluate(() => window.spmSimulator.sentMessages());

test("401, 403, 413, bad base64, a long Retry-After: a clear message each, nothing sent, the draft exactly as it was", async () => {
  const cases: [GraphFault, RegExp][] = [
    ["401", /Microsoft 365 did not accept the sign-in\. Sign in again, then send\./],
    ["403", /Microsoft 365 refused to send for this mailbox: the app may not send mail \(Mail\.Send\)/],
    ["413", /The message is larger than Microsoft 365 accepts for S\/MIME/],
    ["invalid-base64", /Microsoft 365 refused the message \(ErrorMimeContentInvalidBase64String\)/],
    ["429-long", /Microsoft 365 is busy right now\. Try again in about 600 seconds\./],
  ];
  const session = await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.bob] });
  for (const [fault, text] of cases) {
    const { page, errors, frame, before } = await ready(session);
    await page.evaluate((f) => window.spmSimulator.failGraphNext(f), fault);
    assert.equal(await mainButton(frame).textContent(), "Sign & send");
    await mainButton(frame).click();
    const alert = frame.getByRole("alert").filter({ hasText: "The message was not sent" });
    await alert.waitFor({ timeout: 15_000 });
    const shown = (await alert.textContent()) ?? "";
    assert.match(shown, text, fault);
    assert.match(shown, /Nothing was sent and your draft is unchanged\./, fault);
    assert.deepEqual(await getDraft(page), before, `${fault}: draft untouched`);
    assert.deepEqual(await sent(page), [], fault);
    // A definite failure leaves no delivery marker: Outlook's Send is judged on the draft alone again.
    const guard = await page.evaluate(() => window.spmSimulator.send());
    assert.doesNotMatch(typeof guard.errorMessage === "string" ? guard.errorMessage : "", /Secure Patient Mail (is sending|has already sent|may already have sent)/, fault);
    assert.deepEqual(errors, []);
  }
  await session.page.close();
});

test("429 and 503 with a short Retry-After: retried once, sent once, draft closed", async () => {
  const session = await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.bob] });
  for (const [i, fault] of (["429", "503"] as const).entries()) {
    const { page, errors, frame } = await ready(session);
    await page.evaluate((f) => window.spmSimulator.failGraphNext(f), fault);
    await mainButton(frame).click();
    await waitForClosedDraft(page);
    const messages = await sent(page);
    assert.equal(messages.length, i + 1, fault);
    assert.equal(messages[i].itemClass, "IPM.Note.SMIME.MultipartSigned");
    assert.deepEqual(errors, []);
  }
  await session.page.close();
});

test("offline: nothing sent, the draft unchanged", async () => {
  const { page, errors, frame, before } = await ready();
  await page.context().setOffline(true);
  await mainButton(frame).click();
  await frame.getByText(/You are offline\. Nothing was sent and your draft is unchanged\./).waitFor({ timeout: 15_000 });
  await page.context().setOffline(false);
  assert.deepEqual(await getDraft(page), before);
  assert.deepEqual(await sent(page), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test("Outlook does not close the sent draft: it is emptied (no recipients, no attachments, a note) and the pane says so", async () => {
  const { page, errors, frame } = await ready();
  await page.evaluate(() => window.spmSimulator.failNext("closeAsync", "InternalError"));
  await mainButton(frame).click();
  const alert = frame.getByRole("alert").filter({ hasText: "Sent, but Outlook did not close the draft" });
  await alert.waitFor({ timeout: 15_000 });
  assert.match((await alert.textContent()) ?? "", /The draft was emptied so it cannot be sent a second time: delete it\./);
  assert.equal((await sent(page)).length, 1);
  const after = await getDraft(page);
  assert.equal(after.closed, false);
  assert.deepEqual([after.to, after.cc, after.bcc, after.attachments], [[], [], [], []]);
  assert.equal(after.subject, "[...]");
  assert.match(after.bodyHtml, /This draft was sent with Secure Patient Mail as standard S\/MIME/);
  assert.doesNotMatch(after.bodyHtml, /4711/);
  assert.equal(await mainButton(frame).isDisabled(), true);
  assert.deepEqual(errors, []);
  await page.close();
});
