/**
 * The "done" path: from nothing to a first encrypted mail through the UI alone. A newcomer
 * requests a certificate (the test's OpenSSL CA issues it), pairs it, backs up the key, imports a
 * colleague's certificate into the address book by pasting it, and encrypts a draft in the compose pane.
 * OpenSSL decrypts the result with the colleague's key and with the key from the pane's backup.
 * Clicks and typed fields on the way are counted (the numbers go into the closing note).
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { join } from "node:path";
import { readFileSync, writeFileSync } from "node:fs";
import type { Frame, Page } from "playwright-core";
import { paneFrame } from "../../helpers/browser";
import { openssl } from "../../helpers/openssl";
import { openSettings, saveDownload } from "../pages/settings";
import { browserSuite } from "../../helpers/suite";

const env = browserSuite({
  identities: {
    bob: ["Bob Lab", "bob@lab.example"],
  },
});

/** Counts what a user does: a click, or one field filled (typing, or choosing a file). */
function counted(frame: Frame) {
  const n = { clicks: 0, fields: 0 };
  return {
    n,
    click: async (testId: string) => {
      n.clicks++;
      await frame.click(`[data-testid=${testId}]`);
    },
    fill: async (testId: string, value: string) => {
      n.fields++;
      await frame.fill(`[data-testid=${testId}]`, value);
    },
    /** Picking a file: one click on the picker plus the file chosen in the dialog. */
    file: async (testId: string, path: string) => {
      n.clicks++;
      n.fields++;
      await frame.setInputFiles(`[data-testid=${testId}]`, path);
    },
  };
}

async function clickAndDownload(page: Page, action: () => Promise<void>, path: string): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 30_000 }), action()]);
  return saveDownload(download, path);
}

test("nothing -> CA certificate -> backup -> recipient -> first encrypted mail, UI only", async () => {
  const { page, frame, errors } = await openSettings(env);
  const user = counted(frame);

  // 1. Request: choose, e-mail, create (the request downloads).
  await user.click("choose-request");
  await user.fill("request-email", "newcomer@clinic.example");
  const csrPath = join(env.pki.dir, "newcomer.csr");
  await clickAndDownload(page, () => user.click("request-submit"), csrPath);
  const toRequest = { ...user.n };

  // The CA (out of band) issues the certificate from the request.
  const certPath = join(env.pki.dir, "newcomer.pem");
  openssl([
    "x509", "-req", "-in", csrPath, "-CA", env.pki.caCertPath, "-CAkey", env.pki.caKeyPath, "-set_serial", "777", "-sha256", "-days", "365",
    "-copy_extensions", "copy", "-out", certPath,
  ]);

  // 2. Pair: pick the certificate, import.
  await user.file("pair-file", certPath);
  await user.click("pair-submit");
  await frame.waitForSelector('[data-testid=onboarding][data-step="backup"]');
  const toIdentity = { ...user.n };

  // 3. Backup: password twice, download.
  await user.fill("backup-password-1", "my-backup-pass");
  await user.fill("backup-password-2", "my-backup-pass");
  const backupPath = join(env.pki.dir, "newcomer-backup.p12");
  await clickAndDownload(page, () => user.click("backup-submit"), backupPath);
  await frame.waitForSelector("[data-testid=identities-view]");
  const toBackup = { ...user.n };

  // 4. A colleague's certificate: address book tab, paste, import.
  await user.click("tab-addressbook");
  await user.fill("recipient-paste", env.ids.bob.certPem);
  await user.click("recipient-submit");
  await frame.waitForSelector('[data-testid=recipient][data-email="bob@lab.example"]');
  const toRecipient = { ...user.n };

  // 5. Compose: the draft is the user's; one click encrypts and signs.
  await page.evaluate(() =>
    window.spmSimulator.loadDraft({
      from: { displayName: "New Colleague", emailAddress: "newcomer@clinic.example" },
      to: [{ displayName: "Bob Lab", emailAddress: "bob@lab.example" }],
      subject: "First encrypted referral",
      bodyHtml: "<p>Hello Bob, the findings for patient 4711 follow.</p>",
    }),
  );
  await page.evaluate(() => window.spmSimulator.openPane("compose"));
  const compose = paneFrame(page);
  const button = compose.getByRole("button", { name: /^Encrypt/ }).first();
  await button.waitFor({ timeout: 15_000 });
  await button.click();
  user.n.clicks++;
  // Standard S/MIME is the default: the pane sends through (simulated) Microsoft Graph and closes the draft.
  await page.waitForFunction(() => window.spmSimulator.getDraft().closed, undefined, { timeout: 20_000 });
  const [sent] = await page.evaluate(() => window.spmSimulator.sentMessages());
  assert.equal(sent.itemClass, "IPM.Note.SMIME");
  const eml = join(env.pki.dir, "first.eml");
  writeFileSync(eml, Buffer.from(sent.mime, "latin1"));
  const forBob = openssl(["cms", "-decrypt", "-in", eml, "-recip", env.ids.bob.certPath, "-inkey", env.ids.bob.keyPath]);
  // The sender's own copy opens with the key from the pane's backup file.
  const ownKey = join(env.pki.dir, "newcomer-key.pem");
  openssl(["pkcs12", "-in", backupPath, "-nodes", "-passin", "pass:my-backup-pass", "-out", ownKey]);
  const forSender = openssl(["cms", "-decrypt", "-in", eml, "-recip", certPath, "-inkey", ownKey]);
  assert.ok(forBob.equals(forSender));
  const signed = join(env.pki.dir, "first-signed.eml");
  writeFileSync(signed, forBob);
  const inner = openssl(["cms", "-verify", "-in", signed, "-CAfile", env.pki.caCertPath]).toString("latin1");
  assert.match(inner, /findings for patient 4711/);
  assert.match(readFileSync(certPath, "latin1"), /BEGIN CERTIFICATE/);

  const total = user.n;
  console.log(
    `[first mail] clicks/fields: request ${toRequest.clicks}/${toRequest.fields}, usable identity ${toIdentity.clicks}/${toIdentity.fields}, ` +
      `backup ${toBackup.clicks}/${toBackup.fields}, recipient ${toRecipient.clicks}/${toRecipient.fields}, encrypted mail ${total.clicks}/${total.fields}`,
  );
  // Budgets: a regression that adds steps to the newcomer's path fails here.
  assert.deepEqual(toIdentity, { clicks: 4, fields: 2 });
  assert.deepEqual(total, { clicks: 8, fields: 5 });
  assert.deepEqual(errors, []);
  await page.context().close();
}, 55_000);
