/**
 * The policy tab's logic, free of React (unit-tested in Node): load the admin policy and the user's
 * choices, mirror them to roamingSettings for the OnMessageSend handler, and what the user may change.
 */
import { DEFAULT_POLICY, ROAMING_KEYS, SEND_GUARD_MODES, parsePolicy, type Policy, type SendGuardMode, type UserSettings } from "../../core/policy";
import type { Language } from "../../core/types";
import type { TranslateFn } from "../shared/i18n";
import type { SettingsServices } from "./services";
import { SETTINGS_KEYS } from "./settings-keys";
import type { SettingsStringKey } from "./strings";

type PolicyServices = Pick<SettingsServices, "store" | "organisationPolicy" | "roaming">;

export interface LoadedPolicy {
  policy: Policy;
  fromOrganisation: boolean;
  user: UserSettings;
  /** The admin policy could not be mirrored to roamingSettings; the pane still works. */
  roamingError?: unknown;
}

/**
 * The admin policy (validated; the built-in default when the organisation has none) and the user's stored
 * choices. The validated admin policy is mirrored to roamingSettings: the send handler falls back to that
 * copy when it cannot fetch config/policy.json itself. A failing mirror is reported, not thrown.
 */
export async function loadPolicy(services: PolicyServices): Promise<LoadedPolicy> {
  const raw = await services.organisationPolicy();
  const policy = raw === undefined ? DEFAULT_POLICY : parsePolicy(raw);
  const store = await services.store();
  const user = await store.getSettings<UserSettings>(SETTINGS_KEYS.userSettings, {});
  const loaded: LoadedPolicy = { policy, fromOrganisation: raw !== undefined, user };
  if (raw !== undefined && services.roaming) {
    await services.roaming.set(ROAMING_KEYS.policy, JSON.stringify(policy)).catch((e: unknown) => {
      loaded.roamingError = e;
    });
  }
  return loaded;
}

/**
 * Store the user's choices and mirror them to roamingSettings. A store failure throws (nothing was saved);
 * a roaming failure is returned (saved for the panes, but the send handler may not see it yet).
 */
export async function saveUserChoices(services: PolicyServices, next: UserSettings): Promise<{ roamingError?: unknown }> {
  const store = await services.store();
  await store.setSettings(SETTINGS_KEYS.userSettings, next);
  if (!services.roaming) return {};
  try {
    await services.roaming.set(ROAMING_KEYS.userSettings, JSON.stringify(next));
    return {};
  } catch (e) {
    return { roamingError: e };
  }
}

/** Send-guard levels offered to the user: any when the admin allows loosening, else only as strict or stricter. */
export function allowedSendGuardModes(policy: Policy): SendGuardMode[] {
  const rank = (m: SendGuardMode) => SEND_GUARD_MODES.indexOf(m);
  return SEND_GUARD_MODES.filter((m) => policy.allowUserOverride || rank(m) >= rank(policy.sendGuard));
}

/** May the user switch off a default (sign, encrypt) that the admin set to `adminDefault`? */
export function mayTurnOff(policy: Policy, adminDefault: boolean): boolean {
  return policy.allowUserOverride || !adminDefault;
}

type Translate = TranslateFn<SettingsStringKey>;

/** The admin policy as term/value rows, in the user's language. */
export function adminPolicyRows(policy: Policy, t: Translate, language: Language): [string, string][] {
  const onOff = (on: boolean) => (on ? t("on") : t("off"));
  return [
    [t("policySendGuard"), t(`guard_${policy.sendGuard}`)],
    [t("policyScope"), t(`scope_${policy.scope}`)],
    [t("policyDomains"), policy.internalDomains.join(", ") || t("policyNoDomains")],
    [t("policyPatterns"), policy.patterns.map((p) => p.label[language]).join(", ")],
    [t("policyDefaults"), `${t("sign")}: ${onOff(policy.defaults.sign)} · ${t("encrypt")}: ${onOff(policy.defaults.encrypt)}`],
    [t("policyOverride"), policy.allowUserOverride ? t("yes") : t("no")],
  ];
}
