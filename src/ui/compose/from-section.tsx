/** The sender, the certificate that signs, and what is missing when there is none. */
import { Body1, Button, Caption1, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { formatDate, useLanguage, useStrings } from "../shared/i18n";
import { sameAddress } from "../../core/mime";
import type { ComposeFacts } from "./blockers";
import { strings } from "./strings";
import { useComposeStyles } from "./styles";
import { PaneSection } from "./section";

export function FromSection(props: { facts: ComposeFacts; sign: boolean; openSettings: () => void }): ReactNode {
  const { snapshot, state, identity } = props.facts;
  const language = useLanguage();
  const t = useStrings(strings);
  const styles = useComposeStyles();
  return (
    <>
      <PaneSection id="spm-from" title={t("from")}>
        <Body1 className={styles.address}>{snapshot.from ? `${snapshot.from.displayName} <${snapshot.from.emailAddress}>` : "–"}</Body1>
        {identity && <Caption1>{t("signingAs", { name: `${identity.email}, ${t("validUntil", { date: formatDate(identity.notAfter, language) })}` })}</Caption1>}
        {identity && props.sign && snapshot.from && !sameAddress(identity.email, snapshot.from.emailAddress) && (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>{t("identityMismatch", { certificate: identity.email, from: snapshot.from.emailAddress })}</MessageBarBody>
          </MessageBar>
        )}
      </PaneSection>
      {!identity && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t("noIdentityTitle")}</MessageBarTitle>
            {state.storageLost ? t("storageLostText") : t("noIdentityText")}
          </MessageBarBody>
          <MessageBarActions>
            <Button onClick={props.openSettings}>{t("openSettings")}</Button>
          </MessageBarActions>
        </MessageBar>
      )}
    </>
  );
}
