/**
 * Issue 13 #5 in the settings pane: a .p12 that asks for more key-derivation work than the budget, or holds
 * more encrypted items than the cap, is refused quickly and the pane says which, in the user's language;
 * nothing is stored and the user can pick another file.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import type { Frame } from "playwright-core";
import { openssl } from "../../helpers/openssl";
import { DEFAULT_CONFIG } from "../../../src/core/config";
import { buildPfx, certBag, shroudedKeyBag } from "../../interop/keys/pkcs12-builder";
import { openSettings, rawIdentities } from "../pages/settings";
import { browserSuite } from "../../helpers/suite";

const env = browserSuite({
  identities: {
    erik: ["erik", "erik@clinic.example", { keyType: "p256" }],
  },
});

async function importThrough(frame: Frame, path: string, password: string): Promise<string> {
  await frame.click("[data-testid=choose-import]");
  await frame.setInputFiles("[data-testid=import-file]", path);
  await frame.fill("[data-testid=import-password]", password);
  await frame.click("[data-testid=import-submit]");
  const error = frame.locator("[data-testid=import-form] [data-testid=error]");
  await error.waitFor({ timeout: 20_000 });
  return (await error.innerText()).trim();
}

test("a .p12 over the key-derivation budget: the pane says so, stores nothing, and the next file works", async () => {
  // Two 3,000,000-iteration PBKDF2 derivations: each under the per-derivation cap, together over the budget.
  const heavy = join(env.pki.dir, "heavy.p12");
  openssl(["pkcs12", "-export", "-inkey", env.ids.erik.keyPath, "-in", env.ids.erik.certPath, "-out", heavy, "-passout", "pass:pw", "-iter", "3000000", "-nomaciter"]);
  const { page, frame, errors } = await openSettings(env);
  const t0 = Date.now();
  const text = await importThrough(frame, heavy, "pw");
  const ms = Date.now() - t0;
  assert.match(text, /^This file asks for more key-derivation work than allowed, so it was not opened\./);
  assert.doesNotMatch(text, /message/i, "not the message-size sentence");
  assert.deepEqual(await rawIdentities(frame), []);
  console.log(`settings pane: over-budget .p12 refused in ${ms} ms`);
  // The same form takes a normal file right after.
  await frame.setInputFiles("[data-testid=import-file]", env.ids.erik.p12Path);
  await frame.fill("[data-testid=import-password]", env.ids.erik.password);
  await frame.click("[data-testid=import-submit]");
  await frame.waitForSelector('[data-testid=onboarding][data-step="backup"]');
  assert.equal((await rawIdentities(frame)).length, 1);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test("a .p12 with more encrypted items than allowed: said in German for a German Outlook", async () => {
  const bags = [certBag(env.ids.erik.certDer)];
  for (let i = 0; i < DEFAULT_CONFIG.maxPkcs12EncryptedBags + 1; i++) bags.push(await shroudedKeyBag(env.ids.erik.keyPkcs8, "pw", 1));
  const many = join(env.pki.dir, "many.p12");
  writeFileSync(many, await buildPfx(bags, "pw", 1));
  const { page, frame, errors } = await openSettings(env, { displayLanguage: "de-DE" });
  const text = await importThrough(frame, many, "pw");
  assert.match(text, /^Diese Datei enthält mehr verschlüsselte Teile, als eine Zertifikatsdatei braucht/);
  assert.deepEqual(await rawIdentities(frame), []);
  assert.deepEqual(errors, []);
  await page.context().close();
});
