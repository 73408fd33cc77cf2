/**
 * Keyboard only: from the first Tab into the pane to a self-signed identity and its backup, without the
 * mouse; focus order follows the reading order and moves to each new step's heading.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { openSettings, rawIdentities, waitForAnnouncement } from "../pages/settings";
import { browserSuite } from "../../helpers/suite";

const env = browserSuite();

test("keyboard only: a self-signed identity and its backup without the mouse", async () => {
  const { page, frame, errors } = await openSettings(env);
  const focused = () => frame.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? document.activeElement?.tagName ?? "");
  const tabTo = async (testId: string) => {
    // The simulator's own controls come first in the tab order, then the pane's iframe.
    for (let i = 0; i < 40; i++) {
      if ((await focused()) === testId) return;
      await page.keyboard.press("Tab");
    }
    if ((await focused()) === testId) return;
    throw new Error(`Tab never reached ${testId}; focus is on ${await focused()}`);
  };
  await tabTo("choose-import");
  // Focus order follows the reading order: import first, then the two "I need a certificate" choices.
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "choose-request");
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "choose-selfsigned");
  await page.keyboard.press("Enter");
  // Focus moved to the step heading; the next Tab stops are the e-mail field, the name, the button.
  assert.equal(await frame.evaluate(() => document.activeElement?.id), "onboarding-title");
  await tabTo("selfsigned-email");
  await page.keyboard.type("kim@clinic.example");
  await tabTo("selfsigned-submit");
  await page.keyboard.press("Enter");
  await frame.waitForSelector('[data-testid=onboarding][data-step="backup"]', { timeout: 30_000 });
  await tabTo("backup-password-1");
  await page.keyboard.type("keyboard-pass");
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "backup-password-2");
  await page.keyboard.type("keyboard-pass");
  const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
  assert.equal(download.suggestedFilename(), "kim@clinic.example-backup.p12");
  await frame.waitForSelector("[data-testid=identities-view]");
  // Focus lands on the outcome, not on the document body.
  await frame.waitForFunction(() => document.activeElement?.id === "settings-banner");
  await waitForAnnouncement(frame, /kim@clinic\.example can sign and encrypt, and your backup was downloaded/);
  assert.ok((await rawIdentities(frame))[0].backedUpAt);
  assert.deepEqual(errors, []);
  await page.context().close();
}, 45_000);
