/**
 * Lost storage: IndexedDB cleared between two loads of the pane (the loss marker lives in the simulated
 * mailbox's roamingSettings, like in Outlook). The pane says what happened and restores from the backup;
 * or the user starts over after a confirmation.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { backupInOnboarding, openSettings, rawIdentities, reopenSettings } from "../pages/settings";
import { browserSuite } from "../../helpers/suite";

const env = browserSuite({
  identities: {
    erin: ["erin", "erin@clinic.example"],
  },
});

/** Unload the pane (it holds the database open), then delete the database as the browser would. */
async function wipeIndexedDb(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const iframe = document.getElementById("pane") as HTMLIFrameElement;
    await new Promise<void>((resolve) => {
      iframe.addEventListener("load", () => resolve(), { once: true });
      iframe.src = "about:blank";
    });
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.deleteDatabase("secure-patient-mail");
      req.onsuccess = () => resolve();
      req.onerror = () => reject(req.error ?? new Error("IndexedDB request failed"));
      req.onblocked = () => reject(new Error("deleteDatabase blocked: a connection is still open"));
    });
  });
}

async function setUpWithBackup(page: Page, frame: import("playwright-core").Frame, path: string): Promise<void> {
  await frame.click("[data-testid=choose-import]");
  await frame.setInputFiles("[data-testid=import-file]", env.ids.erin.p12Path);
  await frame.fill("[data-testid=import-password]", env.ids.erin.password);
  await frame.click("[data-testid=import-submit]");
  await frame.waitForSelector('[data-testid=onboarding][data-step="backup"]');
  await backupInOnboarding(page, frame, "restore-me-please", path);
  await frame.waitForSelector("[data-testid=identities-view]");
}

test("IndexedDB cleared: the pane detects it and restores from the backup", async () => {
  const { page, frame, errors } = await openSettings(env);
  const backupPath = join(env.pki.dir, "erin-backup.p12");
  await setUpWithBackup(page, frame, backupPath);
  const before = await rawIdentities(frame);
  await wipeIndexedDb(page);

  const lost = await reopenSettings(page);
  await lost.waitForSelector("[data-testid=lost-storage]");
  const text = await lost.innerText("[data-testid=lost-storage]");
  assert.match(text, /Your keys are missing on this device/);
  assert.match(text, /You had 1 key\(s\)/);
  assert.match(text, /Restore your key from the backup file/);
  assert.equal(await lost.locator("[data-testid=onboarding]").count(), 0, "no fresh start offered as the main path");

  await lost.setInputFiles("[data-testid=import-file]", backupPath);
  await lost.fill("[data-testid=import-password]", "restore-me-please");
  await lost.click("[data-testid=import-submit]");
  await lost.waitForSelector("[data-testid=identities-view]");
  assert.match(await lost.innerText("[data-testid=banner]"), /Restored: erin@clinic\.example/);
  const after = await rawIdentities(lost);
  assert.equal(after.length, 1);
  assert.equal(after[0].id, before[0].id);

  // The next load is normal again.
  const again = await reopenSettings(page);
  await again.waitForSelector("[data-testid=identities-view]");
  assert.deepEqual(errors, []);
  await page.context().close();
}, 45_000);

test("IndexedDB cleared, no backup: 'start over' after a confirmation, and the loss is not reported again", async () => {
  const { page, frame, errors } = await openSettings(env);
  await setUpWithBackup(page, frame, join(env.pki.dir, "erin-backup-2.p12"));
  await wipeIndexedDb(page);
  const lost = await reopenSettings(page);
  await lost.waitForSelector("[data-testid=lost-storage]");
  await lost.click("[data-testid=start-over]");
  assert.match(await lost.innerText("[data-testid=lost-storage]"), /cannot be recovered/);
  await lost.click("[data-testid=start-over-confirm]");
  await lost.waitForSelector('[data-testid=onboarding][data-step="choose"]');
  const again = await reopenSettings(page);
  await again.waitForSelector('[data-testid=onboarding][data-step="choose"]');
  assert.equal(await again.locator("[data-testid=lost-storage]").count(), 0);
  assert.deepEqual(errors, []);
  await page.context().close();
}, 45_000);
