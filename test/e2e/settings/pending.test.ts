/**
 * Renewal through a CA while an identity exists: the request's key waits in the store; after reopening the
 * pane the identities tab lists the waiting request (download again, remove) and imports the issued
 * certificate, which pairs with the stored key and opens the new identity's backup form.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { join } from "node:path";
import { openssl } from "../../helpers/openssl";
import { openSettings, rawIdentities, rawPendingKeys, reopenSettings, saveDownload } from "../pages/settings";
import { browserSuite } from "../../helpers/suite";

const env = browserSuite({
  identities: {
    hanna: ["Hanna", "hanna@clinic.example", { keyType: "p256", days: 365 }],
  },
});

test("renewal: two requests wait across reopening; one removed, the other paired from the identities tab", async () => {
  const opened = await openSettings(env);
  const { page, errors } = opened;
  let frame = opened.frame;
  await frame.click("[data-testid=choose-import]");
  await frame.setInputFiles("[data-testid=import-file]", env.ids.hanna.p12Path);
  await frame.fill("[data-testid=import-password]", env.ids.hanna.password);
  await frame.click("[data-testid=import-submit]");
  await frame.click("[data-testid=backup-cancel]");
  await frame.waitForSelector("[data-testid=identities-view]");

  // Two requests (say, the first one was sent to the wrong CA); both keys go into the store.
  const csrPaths: string[] = [];
  for (const n of [1, 2]) {
    await frame.click("[data-testid=add-identity]");
    await frame.click("[data-testid=choose-request]");
    await frame.fill("[data-testid=request-email]", "hanna@clinic.example");
    await frame.selectOption("[data-testid=request-keykind]", "p256");
    const [download] = await Promise.all([page.waitForEvent("download", { timeout: 30_000 }), frame.click("[data-testid=request-submit]")]);
    const path = join(env.pki.dir, `hanna-${n}.csr`);
    await saveDownload(download, path);
    csrPaths.push(path);
    await frame.waitForSelector("[data-testid=pending-request]");
    frame = await reopenSettings(page);
  }
  assert.equal((await rawPendingKeys(frame)).length, 2);

  // Reopened with an identity: the identities tab lists both waiting requests.
  await frame.waitForSelector("[data-testid=identities-view]");
  const items = frame.locator("[data-testid=pending-item]");
  await items.nth(1).waitFor({ timeout: 10_000 });
  assert.equal(await items.count(), 2);
  assert.match(await frame.innerText("[data-testid=pending-request]"), /Requested on/);
  const firstPem = (await frame.inputValue("[data-testid=pending-item] >> nth=0 >> [data-testid=request-pem]")).trim();
  const secondPem = (await frame.inputValue("[data-testid=pending-item] >> nth=1 >> [data-testid=request-pem]")).trim();
  const onDisk = csrPaths.map((p) => openssl(["req", "-in", p]).toString().trim());
  assert.deepEqual([firstPem, secondPem].sort(), [...onDisk].sort());

  // The first request is withdrawn: its key is deleted.
  const withdrawn = onDisk[0];
  const index = firstPem === withdrawn ? 0 : 1;
  await frame.click(`[data-testid=pending-item] >> nth=${index} >> [data-testid=pending-discard]`);
  await frame.waitForFunction(() => document.querySelectorAll("[data-testid=pending-item]").length === 1);
  assert.equal((await rawPendingKeys(frame)).length, 1);
  assert.equal((await frame.inputValue("[data-testid=request-pem]")).trim(), onDisk[1]);

  // The CA issues from the withdrawn request: it no longer pairs.
  const stale = join(env.pki.dir, "hanna-stale.pem");
  openssl(["x509", "-req", "-in", csrPaths[0], "-CA", env.pki.caCertPath, "-CAkey", env.pki.caKeyPath, "-set_serial", "901", "-days", "365", "-copy_extensions", "copy", "-out", stale]);
  await frame.setInputFiles("[data-testid=pair-file]", stale);
  await frame.click("[data-testid=pair-submit]");
  await frame.waitForSelector("[data-testid=error]");
  assert.equal((await rawIdentities(frame)).length, 1);

  // The CA answers the kept request with a .p7b (certificate + CA): it pairs, and the backup form opens.
  const issued = join(env.pki.dir, "hanna-new.pem");
  openssl(["x509", "-req", "-in", csrPaths[1], "-CA", env.pki.caCertPath, "-CAkey", env.pki.caKeyPath, "-set_serial", "902", "-days", "730", "-copy_extensions", "copy", "-out", issued]);
  const p7b = join(env.pki.dir, "hanna-new.p7b");
  openssl(["crl2pkcs7", "-nocrl", "-certfile", env.pki.caCertPath, "-certfile", issued, "-outform", "DER", "-out", p7b]);
  await frame.setInputFiles("[data-testid=pair-file]", p7b);
  await frame.click("[data-testid=pair-submit]");
  await frame.waitForSelector("[data-testid=backup-form]");
  await frame.waitForSelector("[data-testid=pending-request]", { state: "detached" });
  assert.deepEqual(await rawPendingKeys(frame), []);
  const stored = await rawIdentities(frame);
  assert.equal(stored.length, 2);
  const renewed = stored.find((r) => r.source === "generated");
  assert.ok(renewed?.hasEncryptedKey);
  assert.equal(renewed?.email, "hanna@clinic.example");
  assert.equal(renewed?.isDefault, true, "the renewal (later expiry, same address) becomes the default");
  assert.deepEqual(errors, []);
  await page.context().close();
}, 55_000);
