/**
 * React error boundaries for the read pane (issue 13, weakness 4): whatever a hostile message makes the
 * content views do, the status chrome stays on screen. A content section that throws while rendering is
 * replaced by one calm sentence; the status bar sits outside every content boundary.
 */
import { MessageBar, MessageBarBody } from "@fluentui/react-components";
import { Component, type ReactNode } from "react";
import { useStrings } from "../shared";
import { strings } from "./strings";

interface BoundaryProps {
  /** Shown instead of the children once they threw. */
  fallback: ReactNode;
  children: ReactNode;
}

export class ErrorBoundary extends Component<BoundaryProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    // The error's name only: its message may quote message content.
    const name = typeof error === "object" && error !== null ? String((error as { name?: unknown }).name) : typeof error;
    console.error(`[read] a content view failed to render (${name})`);
  }

  override render(): ReactNode {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

function ContentFailed(): ReactNode {
  const t = useStrings(strings);
  return (
    <MessageBar intent="error" data-testid="content-error">
      <MessageBarBody>{t("contentFailed")}</MessageBarBody>
    </MessageBar>
  );
}

/** A content section: if it fails, "This part of the message could not be shown", and nothing else changes. */
export function ContentBoundary(props: { children: ReactNode }): ReactNode {
  return <ErrorBoundary fallback={<ContentFailed />}>{props.children}</ErrorBoundary>;
}
