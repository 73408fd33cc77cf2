/**
 * Managing what exists: the address book (a DER .cer, a .p7b with a chain, pasted PEM; details; delete),
 * expiry warnings with advice, make-default, the policy view (admin policy read-only, only stricter user
 * choices allowed, saved across reloads; a broken policy file is reported).
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { openssl, type TestIdentity } from "../../helpers/openssl";
import { openSettings, rawIdentities, reopenSettings, waitForAnnouncement } from "../pages/settings";
import { browserSuite } from "../../helpers/suite";

const day = 86_400_000;
const env = browserSuite({
  identities: {
    bob: ["Bob Lab", "bob@lab.example"],
    carol: ["Carol Ward", "carol@ward.example", { keyType: "p256" }],
    soon: ["soon", "hanna@clinic.example", { notBefore: asn1Time(new Date(Date.now() - 300 * day)), notAfter: asn1Time(new Date(Date.now() + 10.5 * day)) }],
    expired: ["old", "hanna@clinic.example", { notBefore: asn1Time(new Date(Date.now() - 800 * day)), notAfter: asn1Time(new Date(Date.now() - 20 * day)) }],
  },
});

/** YYYYMMDDHHMMSSZ for `openssl ca`. */
function asn1Time(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, "").slice(0, 14) + "Z";
}


async function importP12(frame: import("playwright-core").Frame, identity: TestIdentity, first: boolean): Promise<void> {
  if (first) await frame.click("[data-testid=choose-import]");
  else {
    await frame.click("[data-testid=add-identity]");
    await frame.click("[data-testid=choose-import]");
  }
  await frame.setInputFiles("[data-testid=import-file]", identity.p12Path);
  await frame.fill("[data-testid=import-password]", identity.password);
  await frame.click("[data-testid=import-submit]");
  await frame.click("[data-testid=backup-cancel]");
  await frame.waitForSelector("[data-testid=identities-view]");
}

test("identities: expiry warning with advice, expired one kept for old mail, make default", async () => {
  const { page, frame, errors } = await openSettings(env);
  await importP12(frame, env.ids.soon, true);
  await importP12(frame, env.ids.expired, false);
  const cards = frame.locator("[data-testid=identity]");
  // The list re-reads the store after the import: wait for the second card rather than race it.
  await cards.nth(1).waitFor({ timeout: 10_000 });
  assert.equal(await cards.count(), 2);
  const soonCard = cards.filter({ has: frame.locator("[data-testid=expiry-warning]") });
  assert.match(await soonCard.innerText(), /Expires in 10 days\. Request a new certificate/);
  const oldCard = cards.filter({ has: frame.locator("[data-testid=expired]") });
  assert.match(await oldCard.innerText(), /still opens older mail/);
  assert.match(await soonCard.innerText(), /Default/);
  await oldCard.locator("[data-testid=make-default]").click();
  await waitForAnnouncement(frame, /is now your default certificate/);
  const stored = await rawIdentities(frame);
  const oldId = stored.find((r) => r.isDefault)?.id;
  assert.ok(oldId && stored.length === 2);
  assert.equal((await rawIdentities(frame)).filter((r) => r.isDefault).length, 1);
  assert.match(await frame.locator("[data-testid=backup-reminder]").innerText(), /2 of your certificates have no backup/);
  assert.deepEqual(errors, []);
  await page.context().close();
}, 45_000);

test("address book: .cer (DER), .p7b chain, pasted PEM; details; delete", async () => {
  const { page, frame, errors } = await openSettings(env);
  await frame.click("[data-testid=choose-selfsigned]");
  await frame.fill("[data-testid=selfsigned-email]", "ida@clinic.example");
  await frame.click("[data-testid=selfsigned-submit]");
  await frame.click("[data-testid=backup-cancel]");
  await frame.click("[data-testid=tab-addressbook]");
  assert.match(await frame.innerText("[data-testid=addressbook-view]"), /No recipient certificates yet/);

  const cer = join(env.pki.dir, "bob.cer");
  openssl(["x509", "-in", env.ids.bob.certPath, "-outform", "DER", "-out", cer]);
  await frame.setInputFiles("[data-testid=recipient-file]", cer);
  await frame.click("[data-testid=recipient-submit]");
  await frame.waitForSelector('[data-testid=recipient][data-email="bob@lab.example"]');

  // A .p7b with Carol's certificate and the CA: the CA is skipped, Carol is added.
  const p7b = join(env.pki.dir, "carol.p7b");
  openssl(["crl2pkcs7", "-nocrl", "-certfile", env.ids.carol.certPath, "-certfile", env.pki.caCertPath, "-outform", "DER", "-out", p7b]);
  await frame.setInputFiles("[data-testid=recipient-file]", p7b);
  await frame.click("[data-testid=recipient-submit]");
  await frame.waitForSelector('[data-testid=recipient][data-email="carol@ward.example"]');
  await waitForAnnouncement(frame, /Imported 1 certificate\(s\): carol@ward\.example/);

  // Garbage pasted: a calm error.
  await frame.fill("[data-testid=recipient-paste]", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
  await frame.click("[data-testid=recipient-submit]");
  await frame.waitForSelector("[data-testid=addressbook-view] [data-testid=error]");
  // The CA alone (no e-mail address): not a recipient.
  await frame.fill("[data-testid=recipient-paste]", env.pki.caCertPem);
  await frame.click("[data-testid=recipient-submit]");
  await frame.waitForFunction(() => /cannot be used/.test(document.querySelector("[data-testid=addressbook-view] [data-testid=error]")?.textContent ?? ""));
  assert.equal(await frame.locator("[data-testid=recipient]").count(), 2);

  const bobItem = frame.locator('[data-testid=recipient][data-email="bob@lab.example"]');
  assert.match(await bobItem.innerText(), /Imported[\s\S]*Not confirmed by an authority[\s\S]*Valid until/);
  await bobItem.locator("[data-testid=recipient-details]").click();
  const details = await bobItem.locator("[data-testid=certificate-details]").innerText();
  assert.match(details, /CN=Bob Lab/);
  assert.match(details, /SPM Test Root CA/);
  const fingerprint = openssl(["x509", "-in", env.ids.bob.certPath, "-noout", "-fingerprint", "-sha256"]).toString().split("=")[1].trim();
  assert.ok(details.includes(fingerprint), "SHA-256 fingerprint as OpenSSL prints it");
  const carolItem = frame.locator('[data-testid=recipient][data-email="carol@ward.example"]');
  await carolItem.locator("[data-testid=recipient-details]").click();
  assert.match(await carolItem.locator("[data-testid=certificate-details]").innerText(), /ECC P-256/);

  await bobItem.locator("[data-testid=recipient-remove]").click();
  await frame.waitForSelector('[data-testid=recipient][data-email="bob@lab.example"]', { state: "detached" });
  assert.equal(await frame.locator("[data-testid=recipient]").count(), 1);
  // Pasted PEM brings Bob back.
  await frame.fill("[data-testid=recipient-paste]", env.ids.bob.certPem);
  await frame.click("[data-testid=recipient-submit]");
  await frame.waitForSelector('[data-testid=recipient][data-email="bob@lab.example"]');

  // The organisation adds the test CA as an anchor: Bob's certificate is now confirmed, and the trust view lists it.
  await page.route(/\/config\/anchors\.pem(\?.*)?$/, (route) => route.fulfill({ status: 200, contentType: "application/x-pem-file", body: env.pki.caCertPem }));
  const withAnchors = await reopenSettings(page);
  await withAnchors.click("[data-testid=tab-addressbook]");
  await withAnchors.waitForSelector('[data-testid=recipient][data-email="bob@lab.example"] [data-testid=recipient-status][data-state="trusted"]');
  assert.match(await withAnchors.innerText('[data-testid=recipient][data-email="bob@lab.example"]'), /Confirmed by an authority/);
  await withAnchors.click("[data-testid=tab-trust]");
  await withAnchors.waitForSelector("ul[data-testid=organisation-anchors]");
  assert.match(await withAnchors.innerText("[data-testid=organisation-anchors]"), /CN=SPM Test Root CA/);
  assert.deepEqual(errors, []);
  await page.context().close();
}, 45_000);

async function servePolicy(page: Page, body: string): Promise<void> {
  await page.route(/\/config\/policy\.json(\?.*)?$/, (route) => route.fulfill({ status: 200, contentType: "application/json", body }));
}

test("policy: admin settings read-only, only stricter own choices, saved across reloads; a broken file is reported", async () => {
  const { page, frame, errors } = await openSettings(env, {
    setup: (p) => servePolicy(p, JSON.stringify({ sendGuard: "warn", internalDomains: ["clinic.example"], allowUserOverride: false, defaults: { sign: true, encrypt: false } })),
  });
  await frame.click("[data-testid=choose-selfsigned]");
  await frame.fill("[data-testid=selfsigned-email]", "jan@clinic.example");
  await frame.click("[data-testid=selfsigned-submit]");
  await frame.click("[data-testid=backup-cancel]");
  await frame.click("[data-testid=tab-policy]");
  await frame.waitForSelector("[data-testid=admin-policy]");
  const admin = await frame.innerText("[data-testid=admin-policy]");
  assert.match(admin, /Send check\s+Warn me/);
  assert.match(admin, /clinic\.example/);
  // Only "warn" and the stricter "require" are offered; signing cannot be switched off, encrypting can be switched on.
  assert.deepEqual(await frame.$$eval("[data-testid=send-guard] option", (os) => os.map((o) => (o as HTMLOptionElement).value)), ["warn", "require"]);
  assert.equal(await frame.isDisabled("[data-testid=default-sign]"), true);
  assert.equal(await frame.isDisabled("[data-testid=default-encrypt]"), false);
  await frame.check("[data-testid=default-encrypt]");
  await waitForAnnouncement(frame, /Saved\./);
  await frame.selectOption("[data-testid=send-guard]", "require");
  // Outlook's event runtime keeps the roaming settings it loaded: the pane says when the change applies.
  await frame.getByText("A changed send check takes effect after Outlook restarts (in Outlook on the web: after the page is reloaded).").waitFor();
  // Written to the store (read raw from IndexedDB) before the pane is reloaded.
  await frame.waitForFunction(
    () =>
      new Promise<boolean>((res) => {
        const req = indexedDB.open("secure-patient-mail");
        req.onsuccess = () => {
          const get = req.result.transaction("settings").objectStore("settings").get("userSettings");
          get.onsuccess = () => {
            req.result.close();
            const v = get.result as { sendGuard?: string; defaults?: { encrypt?: boolean } } | undefined;
            res(v?.sendGuard === "require" && v.defaults?.encrypt === true);
          };
          get.onerror = () => res(false);
        };
        req.onerror = () => res(false);
      }),
  );
  // Mirrored into Office roaming settings, where the send guard reads them (and the admin policy copy too).
  assert.equal(await frame.locator("[data-testid=roaming-unavailable]").count(), 0);
  const roaming = await page.evaluate(() => ({ ...window.__spmSimulatorBackend!.roamingSettings }));
  const mirrored = JSON.parse(String(roaming["spm.userSettings"])) as { sendGuard?: string; defaults?: { encrypt?: boolean } };
  assert.equal(mirrored.sendGuard, "require");
  assert.equal(mirrored.defaults?.encrypt, true);
  assert.equal(typeof roaming["spm.policy"], "string", "the admin policy copy for the send guard");

  const again = await reopenSettings(page);
  await again.click("[data-testid=tab-policy]");
  await again.waitForSelector("[data-testid=admin-policy]");
  assert.equal(await again.inputValue("[data-testid=send-guard]"), "require");
  assert.equal(await again.isChecked("[data-testid=default-encrypt]"), true);
  assert.deepEqual(errors, []);

  await page.unroute(/\/config\/policy\.json(\?.*)?$/);
  await servePolicy(page, JSON.stringify({ sendGuard: "sometimes" }));
  const broken = await reopenSettings(page);
  await broken.click("[data-testid=tab-policy]");
  await broken.waitForSelector("[data-testid=policy-view] [data-testid=error]");
  assert.match(await broken.innerText("[data-testid=policy-view] [data-testid=error]"), /damaged/);
  await page.context().close();
}, 45_000);
