/** Warnings under the recipient list: Bcc recipients (with the button that removes them), over Outlook's limit, classic Outlook's own S/MIME. */
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import type { ReactNode } from "react";
import type { Recipient } from "../../host";
import { formatSize, useLanguage, useStrings } from "../shared/i18n";
import { strings } from "./strings";
import { TitledBar } from "./titled-bar";

export function BccWarning(props: { bcc: Recipient[]; busy: boolean; onRemove: () => void }): ReactNode {
  const t = useStrings(strings);
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{t("bccTitle")}</MessageBarTitle>
        {t("bccText", { names: props.bcc.map((b) => b.emailAddress).join(", ") })}
      </MessageBarBody>
      <MessageBarActions>
        <Button onClick={props.onRemove} disabled={props.busy}>
          {t("bccRemove")}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}

export function OutlookLimitWarning(props: { estimate: number; limit: number }): ReactNode {
  const language = useLanguage();
  const t = useStrings(strings);
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{t("tooLargeTitle")}</MessageBarTitle>
        {t("tooLargeText", { size: formatSize(props.estimate, language), limit: formatSize(props.limit, language) })}
      </MessageBarBody>
    </MessageBar>
  );
}

/**
 * Classic Outlook on Windows and Mac accept our attachment with Outlook's own S/MIME switched on and then wrap
 * the message again when it is sent (office-js #3363); no Office.js API reports the switch, so say it here.
 */
export function ClassicSmimeNote(): ReactNode {
  const t = useStrings(strings);
  return (
    <TitledBar intent="info" title={t("classicSmimeTitle")}>
      {t("classicSmimeText")}
    </TitledBar>
  );
}
