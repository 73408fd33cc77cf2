/**
 * The message body. HTML goes into a sandboxed iframe (no scripts, no same origin) as srcdoc, sanitized
 * first and with its own CSP (sanitize.ts); plain text is rendered as text by React, never as HTML.
 */
import { Text } from "@fluentui/react-components";
import { useCallback, useMemo, type ReactNode } from "react";
import { useStrings } from "../shared";
import type { DisplayContent } from "./content";
import { buildFrameDocument, FRAME_SANDBOX } from "./sanitize";
import { strings } from "./strings";

export function MessageBody(props: { display: DisplayContent; label: string }): ReactNode {
  const t = useStrings(strings);
  const { body, inlineImages } = props.display;
  const frame = useMemo(() => (body.kind === "html" ? buildFrameDocument(body.html, inlineImages) : undefined), [body, inlineImages]);
  // srcdoc is a Trusted Types sink: it gets the policy-made value (sanitize.ts), never a string through React.
  const frameRef = useCallback(
    (el: HTMLIFrameElement | null) => {
      if (el && frame) (el as unknown as { srcdoc: unknown }).srcdoc = frame.trustedSrcdoc;
    },
    [frame],
  );
  if (body.kind === "none") {
    return (
      <Text as="p" italic>
        {t("emptyBody")}
      </Text>
    );
  }
  if (body.kind === "text") {
    return (
      <div
        role="document"
        aria-label={props.label}
        data-testid="text-body"
        style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere", fontFamily: "inherit", padding: 12, border: "1px solid #d1d1d1", borderRadius: 4 }}
      >
        {body.text}
      </div>
    );
  }
  return (
    <div>
      {frame && (frame.blockedRemote > 0 || frame.inertLinks > 0) && (
        <Text as="p" size={200} data-testid="blocked-note">
          {frame.blockedRemote > 0 ? t("remoteBlocked") : ""} {frame.inertLinks > 0 ? t("linksInert") : ""}
        </Text>
      )}
      <iframe
        sandbox={FRAME_SANDBOX}
        ref={frameRef}
        title={props.label}
        referrerPolicy="no-referrer"
        data-testid="html-body"
        style={{ width: "100%", height: "60vh", minHeight: 240, border: "1px solid #d1d1d1", borderRadius: 4, background: "#fff" }}
      />
    </div>
  );
}
