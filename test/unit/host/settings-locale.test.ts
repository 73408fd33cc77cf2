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
  assert.equal(hostTheme(office).isDark, false);
  backend.officeTheme = { ...backend.officeTheme, bodyBackgroundColor: "#1f1f1f", isDarkTheme: undefined as unknown as boolean };
  assert.equal(hostTheme(office).isDark, true);
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
