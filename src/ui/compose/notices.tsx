/** Message bars at the top of the compose pane: late attachments, unreadable configuration, state of the draft. */
import { MessageBar, MessageBarBody } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { useStrings } from "../shared/i18n";
import { strings } from "./strings";
import { deliveryStrings } from "./strings-delivery";

export interface NoticesProps {
  lateProblems: string[];
  policyFailed: boolean;
  anchorsFailed: boolean;
  alreadyProtected: boolean;
  /** A reply to or forward of encrypted mail (encryption was switched on for it). */
  replyToEncrypted: boolean;
}

export function Notices(props: NoticesProps): ReactNode {
  const t = useStrings(strings);
  const dt = useStrings(deliveryStrings);
  return (
    <>
      {props.lateProblems.length > 0 && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{t("lateAttachment", { name: props.lateProblems.join(", ") })}</MessageBarBody>
        </MessageBar>
      )}
      {props.policyFailed && (
        <MessageBar intent="warning">
          <MessageBarBody>{t("policyWarning")}</MessageBarBody>
        </MessageBar>
      )}
      {props.anchorsFailed && (
        <MessageBar intent="warning">
          <MessageBarBody>{t("anchorsWarning")}</MessageBarBody>
        </MessageBar>
      )}
      {props.alreadyProtected && (
        <MessageBar intent="info">
          <MessageBarBody>{t("alreadyProtected")}</MessageBarBody>
        </MessageBar>
      )}
      {props.replyToEncrypted && (
        <MessageBar intent="info">
          <MessageBarBody>{dt("replyEncrypted")}</MessageBarBody>
        </MessageBar>
      )}
    </>
  );
}
