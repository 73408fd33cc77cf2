/**
 * "How it is sent": standard S/MIME or the Secure Patient Mail format, in plain words, before the click.
 * Shows why standard S/MIME cannot be used when it cannot, offers "Sign in" when that would help, and
 * shows a fixed choice as fixed when the organisation's policy says so.
 */
import { Button, Caption1, MessageBar, MessageBarActions, MessageBarBody, Radio, RadioGroup } from "@fluentui/react-components";
import type { ReactNode } from "react";
import type { Language } from "../../core/types";
import { GRAPH_MAX_BODY_CHARS } from "../../host";
import { formatSize, useLanguage, useStrings } from "../shared/i18n";
import type { AuthState, DeliveryDecision, DeliveryFormat, StandardUnavailable } from "./delivery";
import { deliveryStrings, type DeliveryTranslate } from "./strings-delivery";
import { PaneSection } from "./section";

/** Why standard S/MIME is not available, as the end of a sentence. */
export function reasonText(dt: DeliveryTranslate, reason: StandardUnavailable, auth: AuthState, graphEstimate: number | undefined, language: Language): string {
  switch (reason) {
    case "admin-attachment":
      return dt("fixedByAdmin");
    case "not-configured":
      return dt("reasonNotConfigured");
    case "naa-unsupported":
      return dt("reasonNaa");
    case "outlook-com":
      return dt("reasonOutlookCom");
    case "other-account":
      return dt("reasonOtherAccount");
    case "close-unsupported":
      return dt("reasonClose");
    case "no-sender":
      return dt("reasonNoSender");
    case "bcc":
      return dt("reasonBcc");
    case "too-large":
      return dt("reasonTooLarge", { size: formatSize(graphEstimate ?? 0, language), limit: formatSize(GRAPH_MAX_BODY_CHARS, language) });
    case "sign-in":
      return dt("reasonSignIn");
    case "sign-in-failed":
      if (auth.kind === "failed" && auth.problem === "admin-consent-required") return dt("reasonAdminConsent");
      if (auth.kind === "failed" && auth.problem === "unavailable") return dt("reasonUnavailable");
      return dt("reasonSignInFailed", { code: auth.kind === "failed" ? auth.code : "?" });
  }
}

export interface DeliveryChoiceProps {
  decision: DeliveryDecision;
  auth: AuthState;
  graphEstimate?: number;
  busy: boolean;
  locked: boolean;
  onPick: (format: DeliveryFormat) => void;
  onSignIn: () => void;
}

export function DeliveryChoice(props: DeliveryChoiceProps): ReactNode {
  const { decision } = props;
  const language = useLanguage();
  const dt = useStrings(deliveryStrings);
  const reason = decision.unavailable;
  const hint = decision.chosen === "standard" ? dt("formatStandardHint") : dt("formatAttachmentHint");
  const fixed = !decision.userMayChoose;
  return (
    <PaneSection id="spm-delivery" title={dt("deliveryTitle")}>
      <RadioGroup
        aria-labelledby="spm-delivery"
        value={decision.chosen}
        disabled={props.busy || props.locked}
        onChange={(_, d) => props.onPick(d.value as DeliveryFormat)}
      >
        <Radio value="standard" label={dt("formatStandard")} disabled={fixed && decision.chosen !== "standard"} />
        <Radio value="attachment" label={dt("formatAttachment")} disabled={fixed && decision.chosen !== "attachment"} />
      </RadioGroup>
      <Caption1>{hint}</Caption1>
      {reason === "admin-attachment" && <Caption1>{dt("fixedByAdmin")}</Caption1>}
      {reason && reason !== "admin-attachment" && (
        <MessageBar intent={decision.refused ? "error" : "info"} layout="multiline">
          <MessageBarBody>
            {decision.refused
              ? dt("refusedText", { reason: reasonText(dt, reason, props.auth, props.graphEstimate, language) })
              : dt("notAvailable", { reason: reasonText(dt, reason, props.auth, props.graphEstimate, language) })}
          </MessageBarBody>
          {decision.signInHelps && (
            <MessageBarActions>
              <Button onClick={props.onSignIn} disabled={props.busy}>
                {dt("signIn")}
              </Button>
            </MessageBarActions>
          )}
        </MessageBar>
      )}
    </PaneSection>
  );
}
