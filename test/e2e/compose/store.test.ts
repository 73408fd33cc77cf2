/**
 * The key store and the runtime: a locked store asks for the passphrase inline (wrong one: a calm error;
 * encrypting alone needs no key); without Web Workers the crypto runs on the main thread; German UI.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { paneFrame, startServer } from "../../helpers/browser";
import { b64, mainButton, openCompose } from "../pages/compose";
import { SimulatorPage, getDraft } from "../pages/simulator";
import { browserSuite } from "../../helpers/suite";

const env = browserSuite({
  identities: {
    alice: ["Dr. Alice Sender", "alice@clinic.example"],
    bob: ["Bob Lab", "bob@lab.example"],
  },
  server: () => startServer({ entries: { "set-passphrase": "test/e2e/compose/fixtures/set-passphrase.ts" }, staticDirs: ["test/e2e/compose/fixtures"] }),
});

const from = { displayName: "Dr. Alice Sender", emailAddress: "alice@clinic.example" };
const PASSPHRASE = "correct horse battery staple";


test("locked key store: passphrase asked inline; wrong one explained; encrypt-only needs no key; unlocked it signs", async () => {
  const { page, errors } = await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.bob] });
  await page.evaluate((p) => window.spmSimulator.openPane(`set-passphrase.html?p=${encodeURIComponent(p)}`), PASSPHRASE);
  await paneFrame(page).waitForFunction(() => (window as unknown as { passphraseSet?: boolean }).passphraseSet === true);
  await page.evaluate((f) => window.spmSimulator.loadDraft({ from: f, to: ["Bob Lab <bob@lab.example>"], subject: "x", bodyHtml: "<p>x</p>" }), from);
  const frame = await openCompose(page, { format: "attachment" });
  await frame.getByText("Your key store is locked").waitFor();
  assert.equal(await mainButton(frame).isDisabled(), true);

  // Encrypting alone uses only certificates: possible while locked.
  await frame.getByRole("switch", { name: "Sign" }).click();
  assert.equal(await frame.getByRole("button", { name: /^Encrypt$/ }).isEnabled(), true);
  await frame.getByRole("switch", { name: "Sign" }).click();

  const field = frame.getByLabel("Passphrase");
  await field.fill("wrong passphrase");
  await field.press("Enter");
  await frame.getByText("The password is not correct.").waitFor();
  await field.fill(PASSPHRASE);
  await field.press("Enter");
  await frame.getByText("Key store unlocked.").first().waitFor();
  const button = mainButton(frame);
  assert.equal(await button.isEnabled(), true);
  await button.click();
  await frame.getByText("The message is encrypted and signed.").first().waitFor({ timeout: 15_000 });
  assert.deepEqual((await getDraft(page)).attachments.map((a) => a.name), ["smime.p7m"]);
  assert.deepEqual(errors, []);
  await page.close();
});

test("no Web Worker available: a large draft is protected on the main thread", async () => {
  const { page, errors } = await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.bob] });
  await page.addInitScript(() => {
    // Only the pane: the simulator page itself keeps its globals.
    if (window.top !== window) delete (window as unknown as { Worker?: unknown }).Worker;
  });
  const workers: string[] = [];
  page.on("worker", (w) => workers.push(w.url()));
  await page.evaluate(
    ([f, data]) => window.spmSimulator.loadDraft({ from: f, to: ["Bob Lab <bob@lab.example>"], subject: "x", bodyHtml: "<p>x</p>", attachments: [{ name: "big.bin", contentBase64: data }] }),
    [from, b64(randomBytes(3_000_000))] as const,
  );
  const frame = await openCompose(page);
  assert.equal(await frame.evaluate(() => typeof (window as unknown as { Worker?: unknown }).Worker), "undefined");
  await mainButton(frame).click();
  await frame.getByText("The message is encrypted and signed.").first().waitFor({ timeout: 20_000 });
  assert.deepEqual(workers, []);
  assert.deepEqual((await getDraft(page)).attachments.map((a) => a.name), ["smime.p7m"]);
  assert.deepEqual(errors, []);
  await page.close();
});

test("German: the pane speaks German and the notice puts German first", async () => {
  const { page, errors } = await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.bob] });
  await page.evaluate(() => window.spmSimulator.setDisplayLanguage("de-DE"));
  await page.evaluate((f) => window.spmSimulator.loadDraft({ from: f, to: ["Bob Lab <bob@lab.example>"], subject: "x", bodyHtml: "<p>x</p>" }), from);
  const frame = await openCompose(page, { format: "attachment" });
  await frame.getByRole("heading", { name: "Diese Nachricht schützen" }).waitFor();
  const button = frame.getByRole("button", { name: "Verschlüsseln & signieren" });
  await button.click();
  await frame.getByText("Die Nachricht ist verschlüsselt und signiert.").first().waitFor({ timeout: 15_000 });
  const body = (await getDraft(page)).bodyHtml;
  assert.ok(body.indexOf("Diese Nachricht ist verschlüsselt") < body.indexOf("This message is encrypted"));
  assert.equal(await frame.getByRole("button", { name: "Rückgängig" }).isVisible(), true);
  assert.deepEqual(errors, []);
  await page.close();
});
