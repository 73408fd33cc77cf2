/**
 * The send guard in the simulator: pressing Send runs the real launchevent.js (as Outlook's event runtime
 * does) against the draft, and event.completed receives what the policy asks for. Drafts: encrypted by the
 * compose pane, unencrypted and harmless, unencrypted with patient data, and to an external recipient.
 */
import assert from "node:assert/strict";
import { test } from "@jest/globals";
import type { Page } from "playwright-core";
import { mainButton, openCompose } from "../pages/compose";
import { SimulatorPage } from "../pages/simulator";
import { browserSuite } from "../../helpers/suite";

const env = browserSuite({
  identities: {
    alice: ["Dr. Alice", "alice@clinic.example"],
    bob: ["Bob Lab", "bob@lab.example"],
  },
});

const POLICY = {
  sendGuard: "require",
  scope: "patient-data-or-external",
  internalDomains: ["clinic.example"],
  allowUserOverride: false,
  defaults: { sign: true, encrypt: true },
};
const from = { displayName: "Dr. Alice", emailAddress: "alice@clinic.example" };

async function withPolicy(page: Page): Promise<void> {
  // As the panes store it for the handler (roaming settings live in the mailbox).
  await page.evaluate((p) => {
    window.__spmSimulatorBackend!.roamingSettings["spm.policy"] = JSON.stringify(p);
  }, POLICY);
}

async function send(page: Page): Promise<Record<string, unknown>> {
  return page.evaluate(() => window.spmSimulator.send());
}

test("unencrypted, harmless, internal: sent; with patient data: blocked with the reason", async () => {
  const { page, errors } = await SimulatorPage.open(env, {});
  await withPolicy(page);
  await page.evaluate((f) => window.spmSimulator.loadDraft({ from: f, to: ["Carl <carl@clinic.example>"], subject: "Lunch", bodyHtml: "<p>Lunch at noon?</p>" }), from);
  assert.deepEqual(await send(page), { allowEvent: true });

  await page.evaluate((f) => window.spmSimulator.loadDraft({ from: f, to: ["Carl <carl@clinic.example>"], subject: "Frau M.", bodyHtml: "<p>Geburtsdatum: 03.04.1961, Diagnose F32.1</p>" }), from);
  const blocked = await send(page);
  assert.equal(blocked.allowEvent, false);
  assert.match(String(blocked.errorMessage), /date of birth|ICD-10|diagnos/i);
  // "require": the user cannot send it anyway; the button opens the compose pane.
  assert.notEqual(blocked.sendModeOverride, "promptUser");
  assert.equal(blocked.commandId, "spmComposeOpenPane");
  assert.deepEqual(errors, []);
  await page.close();
});

test("unencrypted to an external recipient: blocked; after Encrypt & sign in the pane: sent", async () => {
  const { page, errors } = await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.bob] });
  await withPolicy(page);
  await page.evaluate((f) => window.spmSimulator.loadDraft({ from: f, to: ["Bob Lab <bob@lab.example>"], subject: "Results", bodyHtml: "<p>See attached.</p>" }), from);
  const blocked = await send(page);
  assert.equal(blocked.allowEvent, false);
  assert.match(String(blocked.errorMessage), /external|outside|encrypt/i);

  // The Secure Patient Mail format: the draft is sent by Outlook and so passes the send guard.
  const frame = await openCompose(page, { format: "attachment" });
  await mainButton(frame).click();
  await frame.getByText("The message is encrypted and signed.").first().waitFor({ timeout: 30_000 });
  assert.deepEqual(await send(page), { allowEvent: true });
  assert.deepEqual(errors, []);
  await page.close();
});
