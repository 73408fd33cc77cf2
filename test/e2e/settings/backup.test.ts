/**
 * Backups: the pane's .p12 export opens in OpenSSL (PBES2 AES-256, SHA-256 MAC, key matching the
 * certificate), re-imports into a fresh profile through the pane's own import, and removing an identity
 * asks for confirmation, more firmly when it was never backed up.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { openssl } from "../../helpers/openssl";
import { openSettings, rawIdentities, saveDownload } from "../pages/settings";
import { browserSuite } from "../../helpers/suite";

const env = browserSuite({
  identities: {
    dora: ["dora", "dora@clinic.example", { keyType: "p256" }],
  },
});

test("backup: OpenSSL reads it; a fresh profile restores it through the pane; removal asks first", async () => {
  // Profile A: import, choose "later", then back up from the identity card.
  const a = await openSettings(env);
  await a.frame.click("[data-testid=choose-import]");
  await a.frame.setInputFiles("[data-testid=import-file]", env.ids.dora.p12Path);
  await a.frame.fill("[data-testid=import-password]", env.ids.dora.password);
  await a.frame.click("[data-testid=import-submit]");
  await a.frame.click("[data-testid=backup-cancel]");
  await a.frame.waitForSelector("[data-testid=backup-reminder]");
  await a.frame.click("[data-testid=backup-open]");
  // Too short, then mismatching: the button stays disabled.
  await a.frame.fill("[data-testid=backup-password-1]", "short");
  assert.equal(await a.frame.isDisabled("[data-testid=backup-submit]"), true);
  await a.frame.fill("[data-testid=backup-password-1]", "Backup-Passw0rd!");
  await a.frame.fill("[data-testid=backup-password-2]", "Backup-Passw0rd?");
  assert.equal(await a.frame.isDisabled("[data-testid=backup-submit]"), true);
  await a.frame.fill("[data-testid=backup-password-2]", "Backup-Passw0rd!");
  const [download] = await Promise.all([a.page.waitForEvent("download"), a.frame.click("[data-testid=backup-submit]")]);
  assert.equal(download.suggestedFilename(), "dora@clinic.example-backup.p12");
  const backupPath = join(env.pki.dir, "dora-backup.p12");
  const backup = await saveDownload(download, backupPath);
  assert.equal(backup[0], 0x30, "a DER PFX");
  await a.frame.waitForSelector("[data-testid=backup-reminder]", { state: "detached" });
  assert.match(await a.frame.innerText("[data-testid=identity]"), /Backed up on/);
  const original = (await rawIdentities(a.frame))[0];
  assert.ok(original.backedUpAt);
  await a.page.context().close();

  // OpenSSL: the modern layout, the right password only, and the key belongs to the certificate.
  const info = openssl(["pkcs12", "-info", "-nodes", "-in", backupPath, "-passin", "pass:Backup-Passw0rd!"], {}).toString();
  assert.match(info, /BEGIN PRIVATE KEY/);
  // `pkcs12 -info` writes the structure to stderr.
  const run = spawnSync("openssl", ["pkcs12", "-info", "-noout", "-in", backupPath, "-passin", "pass:Backup-Passw0rd!"], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  const details = run.stderr + run.stdout;
  assert.match(details, /MAC: sha256/);
  assert.match(details, /PBES2, PBKDF2, AES-256-CBC/);
  assert.throws(() => openssl(["pkcs12", "-info", "-noout", "-in", backupPath, "-passin", "pass:wrong"]));
  const certPem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(info)?.[0] ?? "";
  const keyPem = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(info)?.[0] ?? "";
  assert.equal(openssl(["pkey", "-pubout"], { input: keyPem }).toString(), openssl(["x509", "-noout", "-pubkey"], { input: certPem }).toString());
  assert.equal(openssl(["x509", "-noout", "-fingerprint", "-sha256"], { input: certPem }).toString(), openssl(["x509", "-noout", "-fingerprint", "-sha256", "-in", env.ids.dora.certPath]).toString());
  // OpenSSL can sign with the restored key (a usable S/MIME identity).
  writeFileSync(join(env.pki.dir, "dora-restored.pem"), keyPem + "\n" + certPem + "\n");
  const signed = openssl(["cms", "-sign", "-signer", join(env.pki.dir, "dora-restored.pem"), "-md", "sha256"], { input: "hello" });
  assert.ok(signed.length > 0);

  // Profile B (a new browser context = a new device): restore through the pane's import.
  const b = await openSettings(env);
  await b.frame.click("[data-testid=choose-import]");
  await b.frame.setInputFiles("[data-testid=import-file]", backupPath);
  await b.frame.fill("[data-testid=import-password]", "Backup-Passw0rd!");
  await b.frame.click("[data-testid=import-submit]");
  await b.frame.waitForSelector('[data-testid=onboarding][data-step="backup"]');
  const restored = await rawIdentities(b.frame);
  assert.equal(restored.length, 1);
  assert.equal(restored[0].id, original.id, "same certificate");
  assert.equal(restored[0].hasEncryptedKey, true);
  await b.frame.click("[data-testid=backup-cancel]");

  // Remove: never backed up in this profile -> the firm warning with "back up first"; cancel keeps it.
  await b.frame.click("[data-testid=remove-open]");
  assert.match(await b.frame.innerText("[data-testid=remove-confirm]"), /never backed up/);
  assert.equal(await b.frame.locator("[data-testid=remove-backup-first]").count(), 1);
  await b.frame.click("[data-testid=remove-cancel]");
  assert.equal((await rawIdentities(b.frame)).length, 1);
  await b.frame.click("[data-testid=remove-open]");
  await b.frame.click("[data-testid=remove-confirm-button]");
  // The last identity is gone: the guide is back.
  await b.frame.waitForSelector('[data-testid=onboarding][data-step="choose"]');
  assert.deepEqual(await rawIdentities(b.frame), []);
  assert.deepEqual([...a.errors, ...b.errors], []);
  await b.page.context().close();
}, 55_000);

test("a modern imported .p12 can count as the backup: no reminder afterwards", async () => {
  const { page, frame, errors } = await openSettings(env);
  await frame.click("[data-testid=choose-import]");
  await frame.setInputFiles("[data-testid=import-file]", env.ids.dora.p12Path);
  await frame.fill("[data-testid=import-password]", env.ids.dora.password);
  await frame.click("[data-testid=import-submit]");
  await frame.click("[data-testid=backup-keep-file]");
  await frame.waitForSelector("[data-testid=identities-view]");
  assert.match(await frame.innerText("[data-testid=banner]"), /Keep the imported file and its password safe/);
  assert.equal(await frame.locator("[data-testid=backup-reminder]").count(), 0);
  assert.ok((await rawIdentities(frame))[0].backedUpAt);
  assert.deepEqual(errors, []);
  await page.context().close();
}, 30_000);
