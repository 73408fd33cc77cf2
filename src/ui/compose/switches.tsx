/** "What will happen": the Encrypt and Sign switches, their hints, and the size estimate. */
import { Caption1, Switch } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { formatSize, useLanguage, useStrings } from "../shared/i18n";
import { strings } from "./strings";
import { PaneSection } from "./section";

export interface SwitchesProps {
  sign: boolean;
  encrypt: boolean;
  disabled: boolean;
  estimate?: number;
  onSign: (on: boolean) => void;
  onEncrypt: (on: boolean) => void;
}

export function ProtectionSwitches(props: SwitchesProps): ReactNode {
  const language = useLanguage();
  const t = useStrings(strings);
  return (
    <PaneSection id="spm-what" title={t("whatHappens")}>
      <Switch checked={props.encrypt} disabled={props.disabled} label={t("encryptSwitch")} onChange={(_, d) => props.onEncrypt(d.checked)} />
      <Caption1>{props.encrypt ? `${t("encryptHint")} ${t("subjectHint")}` : t("encryptHint")}</Caption1>
      <Switch checked={props.sign} disabled={props.disabled} label={t("signSwitch")} onChange={(_, d) => props.onSign(d.checked)} />
      <Caption1>{t("signHint")}</Caption1>
      {props.estimate !== undefined && <Caption1>{t("sizeEstimate", { size: formatSize(props.estimate, language) })}</Caption1>}
    </PaneSection>
  );
}
