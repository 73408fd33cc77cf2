/**
 * Policy: what the admin set (read-only) and the user's own choices where allowed (default sign /
 * encrypt, send guard level). Saved in store settings and mirrored to roamingSettings (ROAMING_KEYS),
 * where the OnMessageSend handler reads them; the validated admin policy is mirrored there too.
 */
import { Field, MessageBar, MessageBarBody, Select, Switch, Text } from "@fluentui/react-components";
import { useEffect, useState, type ReactNode } from "react";
import { DEFAULT_POLICY, ROAMING_KEYS, SEND_GUARD_MODES, mergeUserSettings, parsePolicy, type Policy, type SendGuardMode, type UserSettings } from "../../core/policy";
import { useLanguage, useStrings } from "../shared";
import { ErrorBar, useStyles } from "./common";
import { SETTINGS_KEYS, Services } from "./services";
import { strings } from "./strings";

type Loaded = { policy: Policy; fromOrganisation: boolean; user: UserSettings } | { error: unknown };

export function PolicyView(props: { announce: (text: string) => void }): ReactNode {
  const t = useStrings(strings);
  const language = useLanguage();
  const styles = useStyles();
  const services = Services.use();
  const [loaded, setLoaded] = useState<Loaded | undefined>();
  const [saveError, setSaveError] = useState<unknown>();
  const [roamingError, setRoamingError] = useState<unknown>();

  useEffect(() => {
    let live = true;
    (async () => {
      const raw = await services.organisationPolicy();
      const policy = raw === undefined ? DEFAULT_POLICY : parsePolicy(raw);
      const store = await services.store();
      const user = await store.getSettings<UserSettings>(SETTINGS_KEYS.userSettings, {});
      if (raw !== undefined && services.roaming) {
        // The send handler falls back to this copy when it cannot fetch config/policy.json itself.
        await services.roaming.set(ROAMING_KEYS.policy, JSON.stringify(policy)).catch((e: unknown) => live && setRoamingError(e));
      }
      return { policy, fromOrganisation: raw !== undefined, user };
    })().then(
      (l) => live && setLoaded(l),
      (error: unknown) => live && setLoaded({ error }),
    );
    return () => {
      live = false;
    };
  }, [services]);

  if (!loaded) return null;
  if ("error" in loaded) {
    return (
      <section className={styles.section} aria-labelledby="policy-title" data-testid="policy-view">
        <h2 id="policy-title" style={{ margin: 0, fontSize: 18 }}>
          {t("policyTitle")}
        </h2>
        <ErrorBar error={loaded.error} />
      </section>
    );
  }
  const { policy, user } = loaded;
  const effective = mergeUserSettings(policy, user);
  const rank = (m: SendGuardMode) => SEND_GUARD_MODES.indexOf(m);
  const allowedModes = SEND_GUARD_MODES.filter((m) => policy.allowUserOverride || rank(m) >= rank(policy.sendGuard));
  const mayTurnOff = (admin: boolean) => policy.allowUserOverride || !admin;

  const save = async (next: UserSettings) => {
    setSaveError(undefined);
    setRoamingError(undefined);
    // Show the choice at once (a controlled switch would otherwise snap back until the write finishes).
    setLoaded({ ...loaded, user: next });
    try {
      const store = await services.store();
      await store.setSettings(SETTINGS_KEYS.userSettings, next);
      if (services.roaming) await services.roaming.set(ROAMING_KEYS.userSettings, JSON.stringify(next)).catch((e: unknown) => setRoamingError(e));
      props.announce(t("saved"));
    } catch (e) {
      setLoaded({ ...loaded, user });
      setSaveError(e);
    }
  };

  const adminRows: [string, string][] = [
    [t("policySendGuard"), t(`guard_${policy.sendGuard}`)],
    [t("policyScope"), t(`scope_${policy.scope}`)],
    [t("policyDomains"), policy.internalDomains.join(", ") || t("policyNoDomains")],
    [t("policyPatterns"), policy.patterns.map((p) => p.label[language]).join(", ")],
    [t("policyDefaults"), `${t("sign")}: ${policy.defaults.sign ? t("on") : t("off")} · ${t("encrypt")}: ${policy.defaults.encrypt ? t("on") : t("off")}`],
    [t("policyOverride"), policy.allowUserOverride ? t("yes") : t("no")],
  ];

  return (
    <section className={styles.section} aria-labelledby="policy-title" data-testid="policy-view">
      <h2 id="policy-title" style={{ margin: 0, fontSize: 18 }}>
        {t("policyTitle")}
      </h2>
      <h3 style={{ margin: 0, fontSize: 16 }}>{t("policyAdminTitle")}</h3>
      <Text size={200}>{loaded.fromOrganisation ? t("policyFromOrganisation") : t("policyBuiltIn")}</Text>
      <dl className={styles.facts} data-testid="admin-policy">
        {adminRows.map(([term, value]) => (
          <div key={term} style={{ display: "contents" }}>
            <dt style={{ fontWeight: 600 }}>{term}</dt>
            <dd className={styles.factValue}>{value}</dd>
          </div>
        ))}
      </dl>
      <h3 style={{ margin: 0, fontSize: 16 }}>{t("policyMineTitle")}</h3>
      <Text size={200}>{policy.allowUserOverride ? t("policyMayLoosen") : t("policyMayTighten")}</Text>
      <Switch
        label={t("defaultSign")}
        checked={effective.defaults.sign}
        disabled={effective.defaults.sign && !mayTurnOff(policy.defaults.sign)}
        data-testid="default-sign"
        onChange={(_, d) => void save({ ...user, defaults: { ...user.defaults, sign: d.checked } })}
      />
      <Switch
        label={t("defaultEncrypt")}
        checked={effective.defaults.encrypt}
        disabled={effective.defaults.encrypt && !mayTurnOff(policy.defaults.encrypt)}
        data-testid="default-encrypt"
        onChange={(_, d) => void save({ ...user, defaults: { ...user.defaults, encrypt: d.checked } })}
      />
      <Field label={t("policySendGuardMine")}>
        <Select value={effective.sendGuard} data-testid="send-guard" onChange={(_, d) => void save({ ...user, sendGuard: d.value as SendGuardMode })}>
          {allowedModes.map((m) => (
            <option key={m} value={m}>
              {t(`guard_${m}`)}
            </option>
          ))}
        </Select>
      </Field>
      <ErrorBar error={saveError} />
      {!services.roaming ? (
        <MessageBar intent="info" data-testid="roaming-unavailable">
          <MessageBarBody>{t("roamingUnavailable")}</MessageBarBody>
        </MessageBar>
      ) : (
        roamingError !== undefined && (
          <MessageBar intent="warning" data-testid="roaming-error">
            <MessageBarBody>{t("roamingFailed")}</MessageBarBody>
          </MessageBar>
        )
      )}
    </section>
  );
}
