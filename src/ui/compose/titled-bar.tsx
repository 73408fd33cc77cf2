/** The compose pane's titled notices (outcome, failure, notes): a multiline message bar with a title, text and actions. */
import { MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import type { ReactNode } from "react";

export function TitledBar(props: { intent: "success" | "info" | "warning" | "error"; title: string; alert?: boolean; actions?: ReactNode; children: ReactNode }): ReactNode {
  return (
    <MessageBar intent={props.intent} role={props.alert ? "alert" : undefined} layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{props.title}</MessageBarTitle>
        {props.children}
      </MessageBarBody>
      {props.actions !== undefined && <MessageBarActions>{props.actions}</MessageBarActions>}
    </MessageBar>
  );
}
