/**
 * Auto-lock: with a passphrase set, the pane locks the key store after the chosen idle time and asks
 * for the passphrase again; activity restarts the timer. Time runs on Playwright's fake clock.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { paneFrame } from "../../helpers/browser";
import { reopenSettings } from "../pages/settings";
import { SimulatorPage } from "../pages/simulator";
import { browserSuite } from "../../helpers/suite";

const env = browserSuite();

test("the key store locks after the idle time; activity postpones it", async () => {
  const sim = await SimulatorPage.open(env, { clock: true });
  const { page, errors } = sim;
  let frame = await reopenSettings(page);
  await frame.click("[data-testid=choose-selfsigned]");
  await frame.fill("[data-testid=selfsigned-email]", "lena@clinic.example");
  await frame.click("[data-testid=selfsigned-submit]");
  await frame.waitForSelector('[data-testid=onboarding][data-step="backup"]', { timeout: 30_000 });
  await frame.click("[data-testid=backup-cancel]");
  await frame.click("[data-testid=tab-security]");
  await frame.fill("[data-testid=passphrase-new-1]", "idle passphrase");
  await frame.fill("[data-testid=passphrase-new-2]", "idle passphrase");
  await frame.click("[data-testid=passphrase-submit]");
  await frame.waitForSelector("[data-testid=lock-now]");
  await frame.selectOption("[data-testid=autolock]", "5");
  await frame.waitForFunction(() => (document.querySelector("[data-testid=autolock]") as HTMLSelectElement).value === "5");

  // 4 minutes idle, then activity, then 4 more: still unlocked (the timer restarted).
  await page.clock.runFor(4 * 60_000);
  await frame.click("[data-testid=tab-policy]");
  await page.clock.runFor(4 * 60_000);
  assert.equal(await frame.locator("[data-testid=unlock-view]").count(), 0);
  // Past 5 minutes without activity: locked.
  await page.clock.runFor(90_000);
  await frame.waitForSelector("[data-testid=unlock-view]");
  frame = paneFrame(page);
  // Let time run normally again for the unlock (its work and the UI use ordinary timers).
  await page.clock.resume();
  await frame.fill("[data-testid=unlock-passphrase]", "idle passphrase");
  await frame.click("[data-testid=unlock-submit]");
  // Back where the user was.
  await frame.waitForSelector("[data-testid=policy-view]", { timeout: 20_000 });
  assert.deepEqual(errors, []);
  await sim.close();
}, 50_000);
