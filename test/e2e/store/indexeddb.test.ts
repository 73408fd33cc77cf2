/**
 * The store against real IndexedDB and WebCrypto in Chromium: a CryptoKey in IndexedDB survives a browser
 * restart on the same profile, keys decrypt after it, the passphrase layer works with Chromium's PBKDF2,
 * and clearing IndexedDB is detected through a marker port that lives outside the browser (as
 * roamingSettings live in the mailbox).
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { launchPersistentBrowser } from "../../helpers/browser";
import type { SpmStore } from "../../../src/store";
import { browserSuite } from "../../helpers/suite";

const env = browserSuite({
  identities: {
    grace: ["grace", "grace@clinic.example"],
  },
  work: true,
  // Each test launches Chromium itself on a profile folder it closes and reopens.
  launch: false,
});

/** What the page puts on `window.t` (test/helpers/pages/store-page.ts). */
interface PageHelpers {
  b64(s: string): Uint8Array;
  hex(u: Uint8Array): string;
  open(): Promise<SpmStore>;
  code(p: Promise<unknown>): Promise<string>;
  raw(): Promise<{ identities: { encryptedKey: { data: Uint8Array } }[]; keyring: { deviceKey: CryptoKey } }>;
}

let marker: string | undefined;


async function launch(profile: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await launchPersistentBrowser(profile);
  await context.exposeFunction("markerGet", () => marker ?? null);
  await context.exposeFunction("markerSet", (v: string) => {
    marker = v;
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await load(page);
  return { context, page };
}

async function load(page: Page): Promise<void> {
  await page.goto(`${env.server.url}/store-page.html`);
  await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
}

test("identities persist across a browser restart, keys are encrypted at rest, loss of IndexedDB is detected", async () => {
  const profile = join(env.work, "profile");
  const cert = Buffer.from(env.ids.grace.certDer).toString("base64");
  const key = Buffer.from(env.ids.grace.keyPkcs8).toString("base64");
  const keyHex = Buffer.from(env.ids.grace.keyPkcs8).toString("hex");

  // 1. Add an identity; look at what IndexedDB really holds.
  let { context, page } = await launch(profile);
  const first = await page.evaluate(async ({ cert, key, keyHex }) => {
    const t = (window as unknown as { t: PageHelpers }).t;
    const store = await t.open();
    const rec = await store.addIdentity({ certificate: t.b64(cert), privateKey: t.b64(key), chain: [] }, { source: "pkcs12" });
    const state = await store.state();
    store.close();
    const raw = await t.raw();
    const blob = raw.identities[0].encryptedKey.data;
    return {
      id: rec.id,
      email: rec.email,
      state,
      ciphertextContainsKey: t.hex(blob).includes(keyHex),
      ciphertextLength: blob.length,
      deviceKeyIsCryptoKey: raw.keyring.deviceKey instanceof CryptoKey,
      deviceKeyExtractable: raw.keyring.deviceKey.extractable,
      exportRefused: await crypto.subtle.exportKey("raw", raw.keyring.deviceKey).then(() => false, () => true),
    };
  }, { cert, key, keyHex });
  assert.equal(first.email, "grace@clinic.example");
  assert.deepEqual(first.state, { locked: false, hasPassphrase: false, identityCount: 1, storageLost: false, needsBackup: true });
  assert.equal(first.ciphertextContainsKey, false);
  assert.equal(first.ciphertextLength, env.ids.grace.keyPkcs8.length + 16, "AES-GCM ciphertext plus tag");
  assert.equal(first.deviceKeyIsCryptoKey, true);
  assert.equal(first.deviceKeyExtractable, false);
  assert.equal(first.exportRefused, true);
  assert.ok(marker?.includes('"identities":1'), "the marker port recorded the identity");
  await context.close();

  // 2. Restart the browser on the same profile: the identity and its key (via the stored CryptoKey) are back.
  ({ context, page } = await launch(profile));
  const second = await page.evaluate(async ({ id }) => {
    const t = (window as unknown as { t: PageHelpers }).t;
    const store = await t.open();
    const list = await store.listIdentities();
    const pkcs8 = await store.getPrivateKey(id);
    await store.setPassphrase("ein langes Passwort");
    const state = await store.state();
    store.close();
    return { ids: list.map((r) => r.id), keyHex: t.hex(pkcs8), state };
  }, { id: first.id });
  assert.deepEqual(second.ids, [first.id]);
  assert.equal(second.keyHex, keyHex);
  assert.equal(second.state.hasPassphrase, true);

  // 3. New page load: locked; Chromium's PBKDF2 opens it with the right passphrase only.
  await load(page);
  const third = await page.evaluate(async ({ id }) => {
    const t = (window as unknown as { t: PageHelpers }).t;
    const store = await t.open();
    const lockedState = await store.state();
    const whileLocked = await t.code(store.getPrivateKey(id));
    const wrong = await t.code(store.unlock("ein kurzes Passwort"));
    await store.unlock("ein langes Passwort");
    const pkcs8 = await store.getPrivateKey(id);
    store.close();
    return { locked: lockedState.locked, whileLocked, wrong, keyHex: t.hex(pkcs8) };
  }, { id: first.id });
  assert.deepEqual(third, { locked: true, whileLocked: "STORE_LOCKED", wrong: "WRONG_PASSWORD", keyHex });

  // 4. The browser clears IndexedDB: the marker outside says identities existed.
  await load(page); // a fresh page holds no open connection that would block the delete
  const deleted = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const req = indexedDB.deleteDatabase("secure-patient-mail");
        req.onsuccess = () => resolve("deleted");
        req.onerror = () => resolve(`error ${req.error?.name}`);
        req.onblocked = () => resolve("blocked");
      }),
  );
  assert.equal(deleted, "deleted");
  await load(page);
  const fourth = await page.evaluate(async () => {
    const t = (window as unknown as { t: PageHelpers }).t;
    const store = await t.open();
    const state = await store.state();
    const details = store.lossDetails();
    store.close();
    return { state, reason: details.reason, known: details.knownInstalls.map((i) => i.identities) };
  });
  assert.deepEqual(fourth.state, { locked: false, hasPassphrase: false, identityCount: 0, storageLost: true, needsBackup: false });
  assert.equal(fourth.reason, "install-replaced");
  assert.deepEqual(fourth.known, [1]);
  await context.close();
}, 60_000);
