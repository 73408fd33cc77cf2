/** The result of the last action: protected (with Undo), undone, Undo failed, or failed. */
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { useStrings } from "../shared";
import { Failure, officeErrorName } from "./failure";
import type { Outcome } from "./flow";
import type { Protection } from "./notice";
import { strings, type Translate } from "./strings";

export function doneTitle(t: Translate, p: Protection): string {
  return p === "both" ? t("doneTitleBoth") : p === "encrypt" ? t("doneTitleEncrypt") : t("doneTitleSign");
}

export function OutcomeView(props: { outcome: Outcome | undefined; onUndo: () => void }): ReactNode {
  const t = useStrings(strings);
  const { outcome } = props;
  if (!outcome) return null;
  switch (outcome.kind) {
    case "done":
      return (
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{doneTitle(t, outcome.protection)}</MessageBarTitle>
            {t("doneText")}
          </MessageBarBody>
          <MessageBarActions>
            <Button onClick={props.onUndo}>{t("undo")}</Button>
          </MessageBarActions>
        </MessageBar>
      );
    case "undone":
      return (
        <MessageBar intent="info">
          <MessageBarBody>{t("undoneText")}</MessageBarBody>
        </MessageBar>
      );
    case "undo-failed": {
      const name = officeErrorName(outcome.error);
      return (
        <MessageBar intent="error" role="alert" layout="multiline">
          <MessageBarBody>
            {t("undoFailed")} {name ? t("officeError", { name }) : ""}
          </MessageBarBody>
        </MessageBar>
      );
    }
    case "failed":
      return <Failure error={outcome.error} />;
  }
}
