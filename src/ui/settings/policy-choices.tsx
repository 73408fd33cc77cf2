/** The user's own choices within the admin's policy: default sign / encrypt and the send-guard level. */
import { Field, Select, Switch, Text } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { mergeUserSettings, type Policy, type SendGuardMode, type UserSettings } from "../../core/policy";
import { useStrings } from "../shared";
import { allowedSendGuardModes, mayTurnOff } from "./policy-model";
import { strings } from "./strings";

/** The user's default switches, in this order; each may be turned off only where the policy allows it. */
const DEFAULT_SWITCHES = [
  { key: "sign", label: "defaultSign" },
  { key: "encrypt", label: "defaultEncrypt" },
] as const;

export function UserChoices(props: { policy: Policy; user: UserSettings; onChange: (next: UserSettings) => void }): ReactNode {
  const t = useStrings(strings);
  const { policy, user } = props;
  const effective = mergeUserSettings(policy, user);
  return (
    <>
      <h3 style={{ margin: 0, fontSize: 16 }}>{t("policyMineTitle")}</h3>
      <Text size={200}>{policy.allowUserOverride ? t("policyMayLoosen") : t("policyMayTighten")}</Text>
      {DEFAULT_SWITCHES.map(({ key, label }) => (
        <Switch
          key={key}
          label={t(label)}
          checked={effective.defaults[key]}
          disabled={effective.defaults[key] && !mayTurnOff(policy, policy.defaults[key])}
          data-testid={`default-${key}`}
          onChange={(_, d) => props.onChange({ ...user, defaults: { ...user.defaults, [key]: d.checked } })}
        />
      ))}
      <Field label={t("policySendGuardMine")} hint={t("policySendGuardReload")}>
        <Select value={effective.sendGuard} data-testid="send-guard" onChange={(_, d) => props.onChange({ ...user, sendGuard: d.value as SendGuardMode })}>
          {allowedSendGuardModes(policy).map((m) => (
            <option key={m} value={m}>
              {t(`guard_${m}`)}
            </option>
          ))}
        </Select>
      </Field>
    </>
  );
}
