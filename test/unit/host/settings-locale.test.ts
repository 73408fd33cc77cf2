import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { createLossMarkerPort, LOSS_MARKER_SETTING } from "../../../src/host/settings";
import { hostLanguage, hostTheme, languageFromTag } from "../../../src/host/locale";
import { waitForOffice, supportsMailbox } from "../../../src/host/office-ready";
import { isSpmError } from "../../../src/core/errors";
import { fakeOutlook } from "./fake";

test("loss marker round-trips through roaming settings and is saved", async () => {
  const { office, backend } = fakeOutlook();
  const port = createLossMarkerPort(office);
  assert.equal(await port.get(), undefined);
  await port.set("store-1");
  assert.equal(backend.roamingSettings[LOSS_MARKER_SETTING], "store-1");
  assert.ok(backend.getEventLog().some((e) => e.method === "roamingSettings.saveAsync" && e.outcome === "succeeded"));
  assert.equal(await createLossMarkerPort(office).get(), "store-1");
  await port.set(undefined);
  assert.equal(await port.get(), undefined);
});

test("a failing save is reported as HOST_ERROR", async () => {
  const { office, backend } = fakeOutlook();
  backend.failNext("roamingSettings.saveAsync", "GenericSettingsError");
  await assert.rejects(createLossMarkerPort(office).set("x"), (e: unknown) => isSpmError(e, "HOST_ERROR") && e.details?.officeError === "GenericSettingsError");
});

test("display language maps to en/de; theme is read", () => {
  assert.equal(languageFromTag("de-CH"), "de");
  assert.equal(languageFromTag("de"), "de");
  assert.equal(languageFromTag("en-US"), "en");
  assert.equal(languageFromTag("fr-FR"), "en");
  assert.equal(languageFromTag("dex"), "en");
  const { office, backend } = fakeOutlook();
  assert.equal(hostLanguage(office), "en");
  backend.displayLanguage = "de-DE";
  assert.equal(hostLanguage(office), "de");
  // This add-in has event-based activation: Outlook gives it no officeTheme, so the webview's scheme decides.
  assert.equal(office.context.officeTheme, undefined);
  assert.equal(hostTheme(office).isDark, false);
  assert.equal(hostTheme(office, () => true).isDark, true);
  // An add-in without LaunchEvents on Mailbox 1.14 gets the colours (never isDarkTheme): the background's luminance.
  backend.eventBasedActivation = false;
  backend.officeTheme = { ...backend.officeTheme, bodyBackgroundColor: "#1f1f1f" };
  assert.equal(hostTheme(office, () => false).isDark, true);
  backend.officeTheme = { ...backend.officeTheme, bodyBackgroundColor: "#fafafa" };
  assert.equal(hostTheme(office, () => true).isDark, false);
  backend.requirementSets = ["1.13"];
  assert.equal(hostTheme(office, () => true).isDark, true, "below 1.14 there is no theme");
});

test("waitForOffice resolves with the platform; requirement sets are honoured", async () => {
  const { office, backend } = fakeOutlook({ platform: "Mac" });
  assert.deepEqual(await waitForOffice(office), { host: "Outlook", platform: "Mac" });
  assert.equal(supportsMailbox(office, "1.14"), true);
  backend.requirementSets = ["1.1", "1.8"];
  assert.equal(supportsMailbox(office, "1.8"), true);
  assert.equal(supportsMailbox(office, "1.11"), false);
  await assert.rejects(waitForOffice(undefined), (e: unknown) => isSpmError(e, "HOST_ERROR"));
});
