/**
 * After a 5xx, an unexpected 2xx, or a connection broken before or after Graph took the message, nobody can
 * know whether it went out: the pane never re-sends by itself, tells the user to look in Sent Items, keeps
 * the draft as it was and waits; sending again is the user's explicit choice.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import type { GraphFault } from "../../../src/simulator";
import { mainButton, signOnlyDraft } from "../pages/compose";
import { SimulatorPage, getDraft, waitForClosedDraft } from "../pages/simulator";
import { browserSuite } from "../../helpers/suite";

const env = browserSuite({
  identities: {
    alice: ["Dr. Alice", "alice@clinic.example"],
    bob: ["Bob Lab", "bob@lab.example"],
  },
});

const sent = (page: Page) => page.evaluate(() => window.spmSimulator.sentMessages());

test("500, a connection broken before or after Graph took the message, an unexpected 200: 'check Sent Items', never re-sent by itself", async () => {
  const cases: [GraphFault, number][] = [
    ["500", 0],
    ["network-before", 0],
    ["network-after", 1],
    ["200", 0],
  ];
  const { page, errors } = await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.bob] });
  let total = 0;
  for (const [fault, delivered] of cases) {
    const { frame, before } = await signOnlyDraft(page);
    await page.evaluate((f) => window.spmSimulator.failGraphNext(f), fault);
    await mainButton(frame).click();
    const alert = frame.getByRole("alert").filter({ hasText: "Perhaps sent: check Sent Items" });
    await alert.waitFor({ timeout: 15_000 });
    assert.match((await alert.textContent()) ?? "", /Look in Sent Items before you send it again\. Your draft is unchanged\./, fault);
    assert.equal(await mainButton(frame).isDisabled(), true, `${fault}: the button waits for the user`);
    // Longer than the simulated outage after a broken connection: nothing comes later either.
    await page.waitForTimeout(3200);
    total += delivered;
    assert.equal((await sent(page)).length, total, `${fault}: nothing sent again`);
    assert.deepEqual(await getDraft(page), before, `${fault}: draft untouched`);
    // Outlook's own Send of this draft could deliver the plain text a second time: the send guard stops it.
    const guard = await page.evaluate(() => window.spmSimulator.send());
    assert.equal(guard.allowEvent, false, fault);
    assert.match(String(guard.errorMessage), /may already have sent this message encrypted\. Check Sent Items/, fault);
  }
  // The user looked: not there. Sending again is their explicit choice.
  const { frame } = await signOnlyDraft(page);
  await page.evaluate(() => window.spmSimulator.failGraphNext("500"));
  await mainButton(frame).click();
  await frame.getByRole("button", { name: "Not in Sent Items: send again" }).click();
  await waitForClosedDraft(page);
  assert.equal((await sent(page)).length, total + 1);
  assert.deepEqual(errors, []);
  await page.close();
});
