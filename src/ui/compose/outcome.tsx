/**
 * The result of the last action: protected (with Undo), undone, Undo failed, failed; for standard S/MIME:
 * sent, sent but the draft stayed open, sign-in needed, and "perhaps sent" (check Sent Items).
 */
import { Button, MessageBar, MessageBarBody } from "@fluentui/react-components";
import { TitledBar } from "./titled-bar";
import type { ReactNode } from "react";
import { isSpmError } from "../../core/errors";
import { useStrings } from "../shared/i18n";
import { Failure, officeErrorName } from "./failure";
import type { Outcome } from "./flow";
import type { Protection } from "./notice";
import { strings, type Translate } from "./strings";
import { deliveryStrings, type DeliveryStringKey, type DeliveryTranslate } from "./strings-delivery";

export function doneTitle(t: Translate, p: Protection): string {
  return p === "both" ? t("doneTitleBoth") : p === "encrypt" ? t("doneTitleEncrypt") : t("doneTitleSign");
}

/** Sign-in problems (details.auth) that need no more than their sentence. */
const AUTH_FAILURE_TEXT = new Map<string, DeliveryStringKey>([
  ["cancelled", "failCancelled"],
  ["popup-blocked", "failPopup"],
  ["offline", "failOffline"],
  ["admin-consent-required", "failAdminConsent"],
  ["unavailable", "failUnavailable"],
  ["interaction-required", "needsSignInText"],
]);

/** Graph's answers to the send (details.delivery) that need no more than their sentence. */
const DELIVERY_FAILURE_TEXT = new Map<string, DeliveryStringKey>([
  ["unauthorized", "failUnauthorized"],
  ["forbidden", "failForbidden"],
  ["too-large", "failTooLarge"],
  ["offline", "failOffline"],
]);

/** The sentence for a failed sign-in or Graph send, or undefined for other errors. */
export function deliveryFailureText(dt: DeliveryTranslate, e: unknown): string | undefined {
  if (!isSpmError(e) || !e.details) return undefined;
  const d = e.details;
  const code = typeof d.graphCode === "string" ? d.graphCode : typeof d.authCode === "string" ? d.authCode : typeof d.status === "number" ? String(d.status) : "?";
  const auth = typeof d.auth === "string" ? AUTH_FAILURE_TEXT.get(d.auth) : undefined;
  if (auth) return dt(auth);
  if (d.auth === "failed") return dt("failSignIn", { code });
  const delivery = typeof d.delivery === "string" ? DELIVERY_FAILURE_TEXT.get(d.delivery) : undefined;
  if (delivery) return dt(delivery);
  if (d.delivery === "throttled") return dt("failThrottled", { seconds: typeof d.retryAfterSeconds === "number" ? d.retryAfterSeconds : 60 });
  if (d.delivery === "invalid-base64" || d.delivery === "rejected") return dt("failRejected", { code });
  return undefined;
}

export interface OutcomeViewProps {
  outcome: Outcome | undefined;
  onUndo: () => void;
  onSignInAndSend: () => void;
  /** After an unknown outcome: the user looked in Sent Items and wants to send once more. */
  onSendAgain: () => void;
}

export function OutcomeView(props: OutcomeViewProps): ReactNode {
  const t = useStrings(strings);
  const dt = useStrings(deliveryStrings);
  const { outcome } = props;
  if (!outcome) return null;
  switch (outcome.kind) {
    case "done":
      return (
        <TitledBar intent="success" title={doneTitle(t, outcome.protection)} actions={<Button onClick={props.onUndo}>{t("undo")}</Button>}>
          {t("doneText")}
          {outcome.unplacedImages?.length ? ` ${t("doneUnplaced", { names: outcome.unplacedImages.join(", ") })}` : ""}
        </TitledBar>
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
    case "sent":
      return (
        <TitledBar intent="success" title={dt("sentTitle")}>
          {dt("sentText")}
        </TitledBar>
      );
    case "sent-open":
      return (
        <TitledBar intent="warning" alert title={dt("sentOpenTitle")}>
          {outcome.failedSteps.length ? dt("sentOpenSteps", { steps: outcome.failedSteps.join(", ") }) : dt("sentOpenText")}
        </TitledBar>
      );
    case "needs-sign-in":
      return (
        <TitledBar
          intent="warning"
          alert
          title={dt("needsSignInTitle")}
          actions={
            <Button appearance="primary" onClick={props.onSignInAndSend}>
              {dt("signInAndSend")}
            </Button>
          }
        >
          {dt("needsSignInText")}
        </TitledBar>
      );
    case "unknown-outcome":
      return (
        <TitledBar intent="warning" alert title={dt("unknownTitle")} actions={<Button onClick={props.onSendAgain}>{dt("sendAgain")}</Button>}>
          {dt("unknownText")}
        </TitledBar>
      );
    case "failed": {
      const text = deliveryFailureText(dt, outcome.error);
      if (text === undefined) return <Failure error={outcome.error} />;
      return (
        <TitledBar intent="error" alert title={dt("sendFailedTitle")}>
          {text} {dt("nothingSent")}
        </TitledBar>
      );
    }
  }
}
