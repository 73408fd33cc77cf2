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
  /** The recipients changed since the draft was encrypted: the send guard's text, in the pane's language. */
  recipientsChanged?: string;
  /** A reply to or forward of encrypted mail (encryption was switched on for it). */
  replyToEncrypted: boolean;
}

export function Notices(props: NoticesProps): ReactNode {
  const t = useStrings(strings);
  const dt = useStrings(deliveryStrings);
  // In this order, each shown while its condition holds; the late-attachment error and changed recipients are alerts.
  const notices: { id: string; show: boolean; intent: "error" | "warning" | "info"; text: () => string; alert?: boolean }[] = [
    { id: "late", show: props.lateProblems.length > 0, intent: "error", text: () => t("lateAttachment", { name: props.lateProblems.join(", ") }), alert: true },
    { id: "policy", show: props.policyFailed, intent: "warning", text: () => t("policyWarning") },
    { id: "anchors", show: props.anchorsFailed, intent: "warning", text: () => t("anchorsWarning") },
    { id: "recipients", show: props.recipientsChanged !== undefined, intent: "warning", text: () => props.recipientsChanged ?? "", alert: true },
    { id: "protected", show: props.alreadyProtected, intent: "info", text: () => t("alreadyProtected") },
    { id: "reply", show: props.replyToEncrypted, intent: "info", text: () => dt("replyEncrypted") },
  ];
  return (
    <>
      {notices
        .filter((n) => n.show)
        .map((n) => (
          <MessageBar key={n.id} intent={n.intent} {...(n.alert ? { role: "alert" } : {})}>
            <MessageBarBody>{n.text()}</MessageBarBody>
          </MessageBar>
        ))}
    </>
  );
}
