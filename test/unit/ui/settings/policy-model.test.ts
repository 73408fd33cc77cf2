/**
 * The policy tab's logic (policy-model.ts): the admin policy is validated and mirrored to roamingSettings
 * for the send handler, the user's choices are stored and mirrored, and what the user may change.
 */
import { describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { DEFAULT_POLICY, ROAMING_KEYS, parsePolicy, type UserSettings } from "../../../../src/core/policy";
import { format } from "../../../../src/ui/shared/i18n";
import { adminPolicyRows, allowedSendGuardModes, loadPolicy, mayTurnOff, saveUserChoices } from "../../../../src/ui/settings/policy-model";
import type { RoamingWriter } from "../../../../src/ui/settings/services";
import { SETTINGS_KEYS } from "../../../../src/ui/settings/settings-keys";
import { strings, type SettingsStringKey } from "../../../../src/ui/settings/strings";
import { freshStore } from "./helpers";

class MemoryRoaming implements RoamingWriter {
  values = new Map<string, string>();
  fail = false;
  async set(name: string, value: string): Promise<void> {
    if (this.fail) throw new Error("saveAsync failed");
    this.values.set(name, value);
  }
}

const ORG_POLICY = { sendGuard: "require", scope: "external", internalDomains: ["Clinic.example"], allowUserOverride: false, defaults: { sign: true, encrypt: false } };

async function servicesWith(raw: unknown, roaming?: MemoryRoaming) {
  const store = await freshStore();
  return { store: async () => store, organisationPolicy: async () => raw, roaming, close: () => store.close() };
}

describe("policy model", () => {
  test("no policy file: the built-in default, nothing mirrored", async () => {
    const roaming = new MemoryRoaming();
    const services = await servicesWith(undefined, roaming);
    const loaded = await loadPolicy(services);
    assert.deepEqual(loaded.policy, DEFAULT_POLICY);
    assert.equal(loaded.fromOrganisation, false);
    assert.deepEqual(loaded.user, {});
    assert.equal(roaming.values.size, 0);
    services.close();
  });

  test("the organisation's policy is validated and that validated copy is mirrored for the send handler", async () => {
    const roaming = new MemoryRoaming();
    const services = await servicesWith(ORG_POLICY, roaming);
    const loaded = await loadPolicy(services);
    assert.equal(loaded.fromOrganisation, true);
    assert.deepEqual(loaded.policy, parsePolicy(ORG_POLICY));
    assert.deepEqual(loaded.policy.internalDomains, ["clinic.example"]);
    assert.deepEqual(JSON.parse(roaming.values.get(ROAMING_KEYS.policy) ?? "null"), JSON.parse(JSON.stringify(loaded.policy)));
    assert.equal(loaded.roamingError, undefined);
    services.close();
  });

  test("a failing mirror is reported, not thrown; a broken policy file is a typed error", async () => {
    const roaming = new MemoryRoaming();
    roaming.fail = true;
    const services = await servicesWith(ORG_POLICY, roaming);
    const loaded = await loadPolicy(services);
    assert.equal((loaded.roamingError as Error).message, "saveAsync failed");
    assert.equal(loaded.policy.sendGuard, "require");
    services.close();
    const broken = await servicesWith({ sendGuard: "sometimes" });
    await assert.rejects(loadPolicy(broken), (e: { code?: string }) => e.code === "MALFORMED");
    broken.close();
  });

  test("the user's choices are stored, mirrored, and read back; a failing mirror still saves", async () => {
    const roaming = new MemoryRoaming();
    const services = await servicesWith(undefined, roaming);
    const mine: UserSettings = { sendGuard: "require", defaults: { sign: true } };
    assert.deepEqual(await saveUserChoices(services, mine), {});
    assert.deepEqual(JSON.parse(roaming.values.get(ROAMING_KEYS.userSettings) ?? "null"), mine);
    assert.deepEqual((await loadPolicy(services)).user, mine);
    roaming.fail = true;
    const result = await saveUserChoices(services, { sendGuard: "warn" });
    assert.equal((result.roamingError as Error).message, "saveAsync failed");
    assert.deepEqual(await (await services.store()).getSettings(SETTINGS_KEYS.userSettings, {}), { sendGuard: "warn" });
    services.close();
  });

  test("without loosening the user may only tighten; with it, anything", () => {
    const strict = parsePolicy(ORG_POLICY);
    assert.deepEqual(allowedSendGuardModes(strict), ["require"]);
    assert.deepEqual(allowedSendGuardModes(parsePolicy({ sendGuard: "warn" })), ["warn", "require"]);
    assert.deepEqual(allowedSendGuardModes(parsePolicy({ sendGuard: "require", allowUserOverride: true })), ["off", "warn", "require"]);
    assert.equal(mayTurnOff(strict, strict.defaults.sign), false, "the admin's 'sign' stays on");
    assert.equal(mayTurnOff(strict, strict.defaults.encrypt), true, "what the admin left off may be switched either way");
    assert.equal(mayTurnOff(parsePolicy({ allowUserOverride: true }), true), true);
  });

  test("the admin policy reads as facts in English and German", () => {
    const policy = parsePolicy(ORG_POLICY);
    const rows = (language: "en" | "de") =>
      adminPolicyRows(policy, (key: SettingsStringKey, vars) => format(strings[language][key], vars), language);
    assert.deepEqual(rows("en").slice(0, 3), [
      ["Send check", "Do not send until encrypted"],
      ["Checked messages", "Messages to external recipients"],
      ["Internal domains", "clinic.example"],
    ]);
    assert.equal(rows("en")[4][1], "Sign: on · Encrypt: off");
    assert.equal(rows("de")[0][0], "Prüfung beim Senden");
    assert.equal(rows("en")[3][1], policy.patterns.map((p) => p.label.en).join(", "));
    const none = adminPolicyRows(DEFAULT_POLICY, (key) => strings.en[key], "en");
    assert.equal(none[2][1], "none (every recipient counts as external)");
  });
});
