/**
 * An opened message (or an attachment the user chose to open): status chrome first (with the address-book
 * offer), then the protected subject, the attachments, the body, and the protected attachments that are
 * only opened on request.
 */
import { Button, MessageBar, MessageBarBody, Spinner, Text } from "@fluentui/react-components";
import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from "react";
import { safeFileName } from "../../core/mime";
import { errorText, useAnnouncer, useLanguage, useStrings } from "../shared";
import { AttachmentList } from "./attachments";
import { ContentBoundary } from "./boundary";
import { MessageBody } from "./body";
import { CollectCertificate } from "./collect";
import type { NestedSmime } from "./content";
import { openBytes, type Opened, type Trust } from "./open-flow";
import type { ContentServices } from "./services";
import { describeStatus } from "./status";
import { StatusBar } from "./status-bar";
import { strings, type ReadStringKey } from "./strings";
import { TrustCertificate } from "./trust";

export interface OpenedViewProps {
  opened: Opened;
  trust: Trust;
  services: ContentServices;
  /** 0 for the message itself; nested attachments opened on request are deeper. */
  depth: number;
  onStatus?: (text: string) => void;
  /** The user pinned the signer's certificate: open the message again (only the top level offers pinning). */
  onPinned?: () => void;
  /** Shown under the status chrome (the Outlook pane's Reply / Reply all / Forward). */
  actions?: ReactNode;
}

export function OpenedView(props: OpenedViewProps): ReactNode {
  const t = useStrings(strings);
  const language = useLanguage();
  const id = useId().replace(/:/g, "");
  const { opened } = props;
  const status = useMemo(() => describeStatus(opened.report, opened.fromShown, language, opened.extraFindings), [opened, language]);
  const onStatus = props.onStatus;
  useEffect(() => {
    onStatus?.(`${status.title}. ${status.sentence}`);
  }, [status, onStatus]);
  const subject = opened.display.protectedHeaders?.subject;
  return (
    <div data-testid={props.depth === 0 ? "opened" : "opened-nested"} style={{ display: "flex", flexDirection: "column", gap: 10 }}>
      <StatusBar status={status} id={`spm-status-${id}`} />
      <ContentBoundary>
        {status.pinnable && props.onPinned && opened.fromShown && opened.report.signerCertificate && opened.report.signer && (
          <TrustCertificate
            address={opened.fromShown}
            certificate={opened.report.signerCertificate}
            fingerprintHex={opened.report.signer.sha256Fingerprint}
            services={props.services}
            onPinned={props.onPinned}
          />
        )}
        {status.collectable && opened.report.signer?.email && opened.report.signerCertificate && opened.fromShown && (
          <CollectCertificate report={opened.report} fromAddress={opened.fromShown} services={props.services} />
        )}
      </ContentBoundary>
      {props.actions && <ContentBoundary>{props.actions}</ContentBoundary>}
      <ContentBoundary>
        {opened.bareContent && <Text as="p">{t("bareContent")}</Text>}
        {subject !== undefined && (
          <Text as="p" weight="semibold" data-testid="protected-subject">
            {t("protectedSubject", { subject })}
          </Text>
        )}
      </ContentBoundary>
      <ContentBoundary>
        <AttachmentList attachments={opened.display.attachments} />
      </ContentBoundary>
      <ContentBoundary>
        <MessageBody display={opened.display} label={t("contentLabel")} />
      </ContentBoundary>
      {opened.display.nested.length > 0 && (
        <ContentBoundary>
          <section aria-labelledby={`spm-nested-${id}`}>
            <h2 id={`spm-nested-${id}`} style={{ fontSize: 14, margin: "8px 0" }}>
              {t("nestedHeading")}
            </h2>
            {opened.display.nested.map((n, i) => (
              <NestedItem key={i} nested={n} trust={props.trust} services={props.services} depth={props.depth + 1} fromShown={opened.fromShown} />
            ))}
          </section>
        </ContentBoundary>
      )}
    </div>
  );
}

function nestedButtonLabel(t: (key: ReadStringKey, vars?: Record<string, string>) => string, n: NestedSmime): string {
  const name = safeFileName(n.name).display;
  if (n.kind === "encrypted") return t("decryptAttachment", { name });
  if (n.kind === "signed") return t("verifyAttachment", { name });
  return t("openAttachment", { name });
}

/** A protected part below the top level: opened only when the user asks, and framed as "this part only". */
export function NestedItem(props: { nested: NestedSmime; trust: Trust; services: ContentServices; depth: number; fromShown?: string }): ReactNode {
  const t = useStrings(strings);
  const language = useLanguage();
  const [state, setState] = useState<{ phase: "idle" } | { phase: "busy" } | { phase: "open"; opened: Opened } | { phase: "error"; error: unknown }>({ phase: "idle" });
  const n = props.nested;
  // Attacker text: bidi and invisible characters removed before it is shown (core/mime safeFileName).
  const shownName = safeFileName(n.name).display;
  const { announce, region } = useAnnouncer();
  const sectionRef = useRef<HTMLElement>(null);
  useEffect(() => {
    // The button that opened it is gone: move focus to what it opened.
    if (state.phase === "open") sectionRef.current?.focus();
  }, [state.phase]);
  const run = async () => {
    setState({ phase: "busy" });
    try {
      // A forwarded message brings its own From; a part of this message belongs to the From shown.
      const addresses = n.forwarded ? undefined : props.fromShown ? [props.fromShown] : [];
      const opened = await openBytes(n.bytes, props.trust, addresses, n.forwarded ? n.forwardedFrom : props.fromShown, () => undefined);
      setState({ phase: "open", opened });
      announce(t("nestedFrameLabel", { name: shownName }));
    } catch (e) {
      setState({ phase: "error", error: e });
    }
  };
  if (props.depth > 4) return null;
  return (
    <div data-testid="nested-item" style={{ margin: "6px 0" }}>
      {region}
      {state.phase !== "open" && (
        <Button onClick={() => void run()} disabled={state.phase === "busy"}>
          {nestedButtonLabel(t, n)}
        </Button>
      )}
      {state.phase === "busy" && <Spinner size="tiny" label={t("loadingDecrypt")} />}
      {state.phase === "error" && (
        <MessageBar intent="error" data-testid="nested-error">
          <MessageBarBody>{errorText(state.error, language)}</MessageBarBody>
        </MessageBar>
      )}
      {state.phase === "open" && (
        <section
          ref={sectionRef}
          tabIndex={-1}
          aria-label={t("nestedFrameLabel", { name: shownName })}
          style={{ border: "2px dashed #8a8886", borderRadius: 6, padding: 10 }}
        >
          <Text as="p" weight="semibold">
            {t("nestedFrameLabel", { name: shownName })}
          </Text>
          <Text as="p" size={200}>
            {t("nestedOnlyThisPart")}
          </Text>
          <OpenedView opened={state.opened} trust={props.trust} services={props.services} depth={props.depth} />
        </section>
      )}
    </div>
  );
}
