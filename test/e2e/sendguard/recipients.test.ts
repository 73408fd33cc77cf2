/**
 * The send guard and the envelope's recipients (issue 17, item 5): the compose pane records the recipients it
 * encrypted for; a recipient added, swapped or moved afterwards is blocked at Send with "Encrypt again", in the
 * web runtime and in classic Outlook's JavaScript-only runtime, while the unchanged protected draft goes. Also
 * what the simulator enforces of Outlook here: only resolved recipients are returned, event.completed's
 * documented limits, and roaming settings as a snapshot the event runtime took when it loaded.
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
    carl: ["Carl Ward", "carl@clinic.example"],
  },
});

const POLICY = { sendGuard: "require", scope: "patient-data-or-external", internalDomains: ["clinic.example"], allowUserOverride: false };
const from = { displayName: "Dr. Alice", emailAddress: "alice@clinic.example" };

const send = (page: Page) => page.evaluate(() => window.spmSimulator.send());
const sendError = (page: Page) => page.evaluate(() => window.spmSimulator.send().then(() => "sent", (e: unknown) => String(e)));

async function protectedDraft(platform: "OfficeOnline" | "PC"): Promise<SimulatorPage> {
  const s = await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.bob, env.ids.carl] });
  await s.page.evaluate(
    ([p, policy]) => {
      window.spmSimulator.setPlatform(p);
      window.__spmSimulatorBackend!.roamingSettings["spm.policy"] = JSON.stringify(policy);
    },
    [platform, POLICY] as const,
  );
  await s.page.evaluate((f) => window.spmSimulator.loadDraft({ from: f, to: ["Bob Lab <bob@lab.example>"], subject: "Results", bodyHtml: "<p>Befund anbei.</p>" }), from);
  const frame = await openCompose(s.page, { format: "attachment" });
  await mainButton(frame).click();
  await frame.getByText("The message is encrypted and signed.").first().waitFor({ timeout: 30_000 });
  return s;
}

for (const platform of ["OfficeOnline", "PC"] as const) {
  const runtime = platform === "PC" ? "classic JavaScript-only runtime" : "web runtime";
  test(`${runtime}: unchanged protected draft goes; a recipient added, swapped or moved after encryption is blocked with Encrypt again`, async () => {
    const s = await protectedDraft(platform);
    const { page, errors } = s;
    assert.deepEqual(await send(page), { allowEvent: true });

    // Carl added in Cc (he has a certificate, but the message was not encrypted for him).
    await page.evaluate(() => window.spmSimulator.setRecipients("cc", ["Carl Ward <carl@clinic.example>"]));
    const added = await send(page);
    assert.equal(added.allowEvent, false);
    assert.match(String(added.errorMessage), /^The recipients changed after this message was encrypted \(added: carl@clinic\.example\)/);
    assert.equal(added.cancelLabel, "Encrypt again");
    assert.equal(added.commandId, "spmComposeOpenPane", "the button opens the compose pane: a control of manifest.xml");
    assert.equal(added.sendModeOverride, undefined, "no 'send anyway'");

    // Bob swapped for Carl: one removed, one added.
    await page.evaluate(() => {
      window.spmSimulator.setRecipients("cc", []);
      window.spmSimulator.setRecipients("to", ["carl@clinic.example"]);
    });
    assert.match(String((await send(page)).errorMessage), /added: carl@clinic\.example; removed: bob@lab\.example/);

    // Bob moved from To to Bcc.
    await page.evaluate(() => {
      window.spmSimulator.setRecipients("to", []);
      window.spmSimulator.setRecipients("bcc", ["bob@lab.example"]);
    });
    assert.match(String((await send(page)).errorMessage), /moved between To, Cc and Bcc: bob@lab\.example/);

    // The original recipients again (other spelling of the same address): it goes.
    await page.evaluate(() => {
      window.spmSimulator.setRecipients("bcc", []);
      window.spmSimulator.setRecipients("to", ["BOB@lab.example"]);
    });
    assert.deepEqual(await send(page), { allowEvent: true });
    assert.deepEqual(errors, []);
    await s.context.close();
  }, 90_000);
}

test("a name typed after encryption is not returned until Outlook resolves it; once resolved, Send is blocked (German Outlook)", async () => {
  const s = await protectedDraft("OfficeOnline");
  const { page, errors } = s;
  await page.evaluate(() => {
    window.spmSimulator.setDisplayLanguage("de-DE");
    window.spmSimulator.typeRecipients("to", ["eve@elsewhere.example"]);
  });
  // to.getAsync returns resolved recipients only: neither the guard nor any add-in sees Eve yet.
  assert.deepEqual(await send(page), { allowEvent: true });
  await page.evaluate(() => window.spmSimulator.resolveRecipients());
  const blocked = await send(page);
  assert.equal(blocked.allowEvent, false);
  assert.match(String(blocked.errorMessage), /^Die Empfänger wurden nach dem Verschlüsseln geändert \(hinzugefügt: eve@elsewhere\.example\)/);
  assert.equal(blocked.cancelLabel, "Neu verschlüsseln");
  assert.deepEqual(errors, []);
  await s.context.close();
}, 90_000);

/** A stand-in launchevent.js (ES2016) whose handler answers with `options`: to see what Outlook accepts. */
function handlerScript(options: Record<string, unknown>): string {
  return `Office.actions.associate("onMessageSendHandler", function (event) { event.completed(${JSON.stringify(options)}); });`;
}

test("event.completed: the simulator refuses what Outlook does not accept, in both runtimes", async () => {
  const s = await SimulatorPage.open(env, {});
  const { page } = s;
  let options: Record<string, unknown> = {};
  await s.context.route(/\/launchevent\.js(\?|$)/, (route) => route.fulfill({ status: 200, contentType: "text/javascript", body: handlerScript(options) }));
  await page.evaluate(() => window.spmSimulator.loadDraft({ to: ["bob@lab.example"], subject: "x", bodyHtml: "<p>x</p>" }));
  const cases: [Record<string, unknown>, RegExp | Record<string, unknown>][] = [
    [{ allowEvent: false, errorMessage: "x".repeat(500) }, { allowEvent: false, errorMessage: "x".repeat(500) }],
    [{ allowEvent: false, errorMessage: "x".repeat(501) }, /errorMessage is 501 characters; Outlook allows 500/],
    [{ allowEvent: false, errorMessage: "x", cancelLabel: "Encrypt for everyone!", commandId: "spmComposeOpenPane" }, /cancelLabel is 21 characters; Outlook allows 20/],
    [{ allowEvent: false, errorMessage: "x", sendModeOverride: "block" }, /only promptUser/],
    [{ allowEvent: false, errorMessage: "x", errorMessageMarkdown: "**x**", stayOpen: true }, /unknown option stayOpen/],
    // A command id the manifest does not have: the button only cancels (documented), so Outlook drops it.
    [{ allowEvent: false, errorMessage: "x", cancelLabel: "Fix", commandId: "noSuchButton", contextData: "{}" }, { allowEvent: false, errorMessage: "x" }],
    [{ allowEvent: false, errorMessage: "x", cancelLabel: "Fix", commandId: "spmComposeSettings" }, { allowEvent: false, errorMessage: "x", cancelLabel: "Fix", commandId: "spmComposeSettings" }],
  ];
  for (const platform of ["OfficeOnline", "PC"] as const) {
    await page.evaluate((p) => window.spmSimulator.setPlatform(p), platform);
    for (const [given, expected] of cases) {
      options = given;
      await page.evaluate(() => window.spmSimulator.restartOutlook()); // loads the stand-in again
      if (expected instanceof RegExp) assert.match(await sendError(page), expected, `${platform}: ${JSON.stringify(given).slice(0, 80)}`);
      else assert.deepEqual(await send(page), expected, platform);
    }
    // Options newer than the client's requirement set: 1.14's button on a 1.12 client.
    await page.evaluate(() => window.spmSimulator.setRequirementSets(["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10", "1.11", "1.12"]));
    options = { allowEvent: false, errorMessage: "x", commandId: "spmComposeOpenPane" };
    await page.evaluate(() => window.spmSimulator.restartOutlook());
    assert.match(await sendError(page), /commandId needs Mailbox 1\.14/);
    await page.evaluate(() => window.spmSimulator.setRequirementSets(Array.from({ length: 16 }, (_, i) => `1.${i + 1}`)));
  }
  await s.context.close();
}, 90_000);

test("the product stays within the limits on a Mailbox 1.12 client (no 1.14 options), in both runtimes", async () => {
  const s = await SimulatorPage.open(env, {});
  const { page, errors } = s;
  await page.evaluate((policy) => {
    window.__spmSimulatorBackend!.roamingSettings["spm.policy"] = JSON.stringify(policy);
    window.spmSimulator.setRequirementSets(["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10", "1.11", "1.12"]);
  }, POLICY);
  await page.evaluate((f) => window.spmSimulator.loadDraft({ from: f, to: ["bob@lab.example"], subject: "Results", bodyHtml: "<p>x</p>" }), from);
  for (const platform of ["OfficeOnline", "PC"] as const) {
    await page.evaluate((p) => window.spmSimulator.setPlatform(p), platform);
    const blocked = await send(page);
    assert.deepEqual(Object.keys(blocked).sort(), ["allowEvent", "errorMessage"], platform);
  }
  assert.deepEqual(errors, []);
  await s.context.close();
}, 60_000);

test("roaming settings: the event runtime keeps the snapshot it loaded; a changed send-guard setting applies after Outlook reloads", async () => {
  const s = await SimulatorPage.open(env, {});
  const { page, errors } = s;
  await page.evaluate((policy) => void (window.__spmSimulatorBackend!.roamingSettings["spm.policy"] = JSON.stringify(policy)), POLICY);
  await page.evaluate((f) => window.spmSimulator.loadDraft({ from: f, to: ["bob@lab.example"], subject: "Results", bodyHtml: "<p>x</p>" }), from);
  for (const platform of ["OfficeOnline", "PC"] as const) {
    await page.evaluate((p) => window.spmSimulator.setPlatform(p), platform);
    assert.equal((await send(page)).allowEvent, false, `${platform}: external, unencrypted, require`);
    // The settings change reaches the mailbox, not the runtime that is already loaded.
    await page.evaluate((policy) => void (window.__spmSimulatorBackend!.roamingSettings["spm.policy"] = JSON.stringify({ ...policy, sendGuard: "off" })), POLICY);
    assert.equal((await send(page)).allowEvent, false, `${platform}: still the loaded snapshot`);
    await page.evaluate(() => window.spmSimulator.restartOutlook());
    assert.deepEqual(await send(page), { allowEvent: true }, `${platform}: after the reload`);
    await page.evaluate((policy) => {
      window.__spmSimulatorBackend!.roamingSettings["spm.policy"] = JSON.stringify(policy);
      window.spmSimulator.restartOutlook();
    }, POLICY);
  }
  assert.deepEqual(errors, []);
  await s.context.close();
}, 60_000);

test("the open compose pane notices a recipient change after encryption at once, and that it is undone", async () => {
  const s = await protectedDraft("OfficeOnline");
  const { page, errors } = s;
  const frame = page.frame({ url: /compose\.html/ })!;
  const warning = frame.getByRole("alert").filter({ hasText: "The recipients changed after this message was encrypted" });
  assert.equal(await warning.count(), 0);
  await page.evaluate(() => window.spmSimulator.setRecipients("cc", ["Carl Ward <carl@clinic.example>"]));
  await warning.waitFor({ timeout: 15_000 });
  assert.match((await warning.textContent()) ?? "", /added: carl@clinic\.example/);
  await page.evaluate(() => window.spmSimulator.setRecipients("cc", []));
  await warning.waitFor({ state: "detached", timeout: 15_000 });
  // A pane opened later on the changed draft says it too (no event needed).
  await page.evaluate(() => window.spmSimulator.setRecipients("to", ["bob@lab.example", "eve@elsewhere.example"]));
  await page.evaluate(() => window.spmSimulator.openPane("compose"));
  const again = page.frame({ url: /compose\.html/ })!.getByRole("alert").filter({ hasText: "added: eve@elsewhere.example" });
  await again.waitFor({ timeout: 15_000 });
  assert.deepEqual(errors, []);
  await s.context.close();
}, 90_000);
