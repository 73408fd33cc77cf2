/**
 * The three onboarding paths end to end in the simulator: import a .p12 (OpenSSL's AES default and the
 * legacy 3DES/RC2 one), request a certificate and pair the one an OpenSSL CA issued, a self-signed test
 * certificate. Each ends with a usable identity: stored with its encrypted key, the default, and its
 * key exportable into a backup that OpenSSL opens and whose key matches the certificate.
 */
import { beforeAll, test } from "@jest/globals";
import assert from "node:assert/strict";
import { join } from "node:path";
import { readFileSync, writeFileSync } from "node:fs";
import { openssl } from "../../helpers/openssl";
import { backupInOnboarding, openSettings, rawIdentities, rawPendingKeys, reopenSettings, saveDownload, waitForAnnouncement } from "../pages/settings";
import { browserSuite } from "../../helpers/suite";

const env = browserSuite({
  identities: {
    alice: ["alice", "alice@clinic.example"],
  },
});

let legacyP12: string;

beforeAll(async () => {
  legacyP12 = join(env.pki.dir, "alice-legacy.p12");
  openssl([
    "pkcs12", "-export", "-legacy", "-keypbe", "PBE-SHA1-3DES", "-certpbe", "PBE-SHA1-RC2-40",
    "-inkey", env.ids.alice.keyPath, "-in", env.ids.alice.certPath, "-certfile", env.pki.caCertPath, "-passout", "pass:legacy-pass", "-out", legacyP12,
  ]);
});

/** The OpenSSL modulus/public key of a PEM key equals the certificate's: the backup is a usable identity. */
function assertBackupUsable(p12: Buffer, password: string, email: string): void {
  const file = join(env.pki.dir, `check-${Date.now()}.p12`);
  writeFileSync(file, p12);
  const dump = openssl(["pkcs12", "-info", "-nodes", "-in", file, "-passin", `pass:${password}`]).toString();
  assert.match(dump, /BEGIN PRIVATE KEY/);
  const certPem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(dump)?.[0];
  const keyPem = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(dump)?.[0];
  assert.ok(certPem && keyPem);
  const fromCert = openssl(["x509", "-noout", "-pubkey"], { input: certPem }).toString();
  const fromKey = openssl(["pkey", "-pubout"], { input: keyPem }).toString();
  assert.equal(fromKey, fromCert, "the backup's key belongs to its certificate");
  assert.match(openssl(["x509", "-noout", "-ext", "subjectAltName"], { input: certPem }).toString(), new RegExp(email.replace(".", "\\.")));
}

for (const variant of ["aes", "legacy"] as const) {
  test(`import a .p12 (${variant === "aes" ? "OpenSSL default AES-256" : "legacy 3DES + RC2-40"}), then back up`, async () => {
    const { page, frame, errors } = await openSettings(env);
    assert.equal(await frame.getAttribute("[data-testid=onboarding]", "data-step"), "choose");
    await frame.click("[data-testid=choose-import]");
    await frame.setInputFiles("[data-testid=import-file]", variant === "aes" ? env.ids.alice.p12Path : legacyP12);
    // A wrong password first: a calm error, nothing stored.
    await frame.fill("[data-testid=import-password]", "wrong");
    await frame.click("[data-testid=import-submit]");
    await frame.waitForSelector("[data-testid=error]");
    assert.match(await frame.innerText("[data-testid=error]"), /password is not correct/);
    assert.deepEqual(await rawIdentities(frame), []);
    await frame.fill("[data-testid=import-password]", variant === "aes" ? "test-password" : "legacy-pass");
    await frame.click("[data-testid=import-submit]");
    await frame.waitForSelector('[data-testid=onboarding][data-step="backup"]');
    await waitForAnnouncement(frame, variant === "legacy" ? /ready\. The file used old encryption/ : /certificate for alice@clinic\.example is ready\.$/);
    const stored = await rawIdentities(frame);
    assert.equal(stored.length, 1);
    assert.equal(stored[0].email, "alice@clinic.example");
    assert.equal(stored[0].source, "pkcs12");
    assert.equal(stored[0].isDefault, true);
    assert.equal(stored[0].hasEncryptedKey, true);
    // A modern .p12 may itself serve as the backup; a legacy (RC2-40/3DES) one is not offered for that.
    assert.equal(await frame.locator("[data-testid=backup-keep-file]").count(), variant === "aes" ? 1 : 0);
    const p12 = await backupInOnboarding(page, frame, "backup-pass-1", join(env.pki.dir, `backup-${variant}.p12`));
    await frame.waitForSelector("[data-testid=identities-view]");
    assert.match(await frame.innerText("[data-testid=banner]"), /alice@clinic\.example can sign and encrypt/);
    assert.equal(await frame.locator("[data-testid=backup-reminder]").count(), 0);
    assert.ok((await rawIdentities(frame))[0].backedUpAt, "marked backed up");
    assertBackupUsable(p12, "backup-pass-1", "alice@clinic.example");
    assert.deepEqual(errors, []);
    await page.context().close();
  }, 45_000);
}

test("request a certificate, close the pane, sign it with an OpenSSL CA, reopen and pair it with the stored key", async () => {
  const opened = await openSettings(env);
  const { page, errors } = opened;
  let frame = opened.frame;
  await frame.click("[data-testid=choose-request]");
  await frame.fill("[data-testid=request-email]", "bob@clinic.example");
  await frame.fill("[data-testid=request-name]", "Dr. Bob Example");
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 30_000 }), frame.click("[data-testid=request-submit]")]);
  assert.equal(download.suggestedFilename(), "bob@clinic.example.csr");
  const reqPath = join(env.pki.dir, "bob.csr");
  const reqPem = (await saveDownload(download, reqPath)).toString();
  assert.match(reqPem, /^-----BEGIN CERTIFICATE REQUEST-----/);
  // The pane shows the same request, and OpenSSL verifies its signature.
  assert.equal((await frame.inputValue("[data-testid=request-pem]")).trim(), reqPem.trim());
  openssl(["req", "-in", reqPath, "-noout", "-verify"]); // throws when the signature does not verify
  const subject = openssl(["req", "-in", reqPath, "-noout", "-subject"]).toString();
  assert.match(subject, /emailAddress\s*=\s*bob@clinic\.example/);
  assert.doesNotMatch(await frame.innerText("[data-testid=pending-request]"), /keep this pane open/i);
  // The key is in the store, encrypted (nothing that looks like a PKCS#8 in the clear), not in the pane's memory.
  const rawPending = await rawPendingKeys(frame);
  assert.equal(rawPending.length, 1);
  assert.equal(rawPending[0].email, "bob@clinic.example");
  assert.equal(rawPending[0].hasEncryptedKey, true);

  // The user closes the pane; the CA takes its time. Reopening shows the waiting request.
  frame = await reopenSettings(page);
  assert.equal(await frame.getAttribute("[data-testid=onboarding]", "data-step"), "request");
  assert.equal(await frame.getAttribute("[data-testid=pending-item]", "data-email"), "bob@clinic.example");
  assert.equal((await frame.inputValue("[data-testid=request-pem]")).trim(), reqPem.trim());
  const [again] = await Promise.all([page.waitForEvent("download"), frame.click("[data-testid=request-download]")]);
  assert.equal((await saveDownload(again, join(env.pki.dir, "bob-again.csr"))).toString().trim(), reqPem.trim(), "download request again gives the same request");

  // A wrong certificate (someone else's) does not pair.
  await frame.setInputFiles("[data-testid=pair-file]", env.ids.alice.certPath);
  await frame.click("[data-testid=pair-submit]");
  await frame.waitForSelector("[data-testid=error]");
  assert.match(await frame.innerText("[data-testid=error]"), /cannot be used/);

  // The CA signs the request, copying its extensions (SAN e-mail, emailProtection EKU, key usage).
  const certPath = join(env.pki.dir, "bob-issued.pem");
  writeFileSync(join(env.pki.dir, "bob-ca.ext"), "[v3]\nbasicConstraints=critical,CA:FALSE\nauthorityKeyIdentifier=keyid\n");
  openssl([
    "x509", "-req", "-in", reqPath, "-CA", env.pki.caCertPath, "-CAkey", env.pki.caKeyPath, "-set_serial", "4242", "-sha256", "-days", "365",
    "-copy_extensions", "copy", "-extfile", join(env.pki.dir, "bob-ca.ext"), "-extensions", "v3", "-out", certPath,
  ]);
  const text = openssl(["x509", "-in", certPath, "-noout", "-text"]).toString();
  assert.match(text, /E-mail Protection/);
  assert.match(text, /email:bob@clinic\.example/);
  // The CA answers with the certificate and its chain in one PEM file.
  const chainPath = join(env.pki.dir, "bob-chain.pem");
  writeFileSync(chainPath, readFileSync(env.pki.caCertPath, "utf8") + readFileSync(certPath, "utf8"));
  await frame.setInputFiles("[data-testid=pair-file]", chainPath);
  await frame.click("[data-testid=pair-submit]");
  await frame.waitForSelector('[data-testid=onboarding][data-step="backup"]');
  const stored = await rawIdentities(frame);
  assert.equal(stored.length, 1);
  assert.equal(stored[0].email, "bob@clinic.example");
  assert.equal(stored[0].source, "generated");
  assert.match(stored[0].issuer, /SPM Test Root CA/);
  assert.deepEqual(await rawPendingKeys(frame), [], "the pending key became the identity's key");
  const p12 = await backupInOnboarding(page, frame, "backup-pass-2", join(env.pki.dir, "backup-bob.p12"));
  assertBackupUsable(p12, "backup-pass-2", "bob@clinic.example");
  assert.deepEqual(errors, []);
  await page.context().close();
}, 45_000);

test("self-signed test certificate: clearly labelled; 'later' leaves a backup reminder that leads to the backup", async () => {
  const { page, frame, errors } = await openSettings(env);
  await frame.click("[data-testid=choose-selfsigned]");
  assert.match(await frame.innerText("[data-testid=selfsigned-form]"), /For testing only/);
  await frame.fill("[data-testid=selfsigned-email]", "carol@clinic.example");
  await frame.click("[data-testid=selfsigned-submit]");
  await frame.waitForSelector('[data-testid=onboarding][data-step="backup"]', { timeout: 30_000 });
  await frame.click("[data-testid=backup-cancel]");
  await frame.waitForSelector("[data-testid=backup-reminder]");
  const card = frame.locator("[data-testid=identity]");
  assert.match(await card.innerText(), /Self-signed test/);
  assert.match(await card.innerText(), /Not trusted by others/);
  const stored = await rawIdentities(frame);
  assert.equal(stored[0].source, "self-signed");
  assert.equal(stored[0].backedUpAt, undefined);
  // The reminder survives reopening the pane, and its button opens the backup form.
  const again = await reopenSettings(page);
  await again.click("[data-testid=backup-reminder-button]");
  await again.fill("[data-testid=backup-password-1]", "backup-pass-3");
  await again.fill("[data-testid=backup-password-2]", "backup-pass-3");
  const [download] = await Promise.all([page.waitForEvent("download"), again.click("[data-testid=backup-submit]")]);
  assertBackupUsable(await saveDownload(download, join(env.pki.dir, "backup-carol.p12")), "backup-pass-3", "carol@clinic.example");
  await again.waitForSelector("[data-testid=backup-reminder]", { state: "detached" });
  assert.deepEqual(errors, []);
  await page.context().close();
}, 45_000);
