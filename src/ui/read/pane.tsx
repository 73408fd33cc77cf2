/**
 * The read pane: fetch the item's S/MIME payload, open it, show it. States: progress, not S/MIME,
 * an encrypted attachment in an ordinary message (user decides), locked store (passphrase inline, retry),
 * not for me (recipient list), other errors (one calm sentence by code), opened.
 */
import { Field, MessageBar, MessageBarBody, ProgressBar } from "@fluentui/react-components";
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { SpmError, isSpmError } from "../../core/errors";
import { safeFileName } from "../../core/mime";
import type { ItemInfo } from "../../host";
import { errorText, useAnnouncer, useLanguage, useStrings } from "../shared";
import { ErrorBoundary } from "./boundary";
import { nestedKindOf } from "./content";
import { fetchPayload, gatherTrust, isLegacyCipherRefusal, openPayload, type Opened, type Stage, type Trust } from "./open-flow";
import { NestedItem, OpenedView } from "./opened-view";
import type { ReadServices } from "./services";
import { ReplyActions } from "./reply-actions";
import { ErrorView, UnlockForm } from "./state-views";
import { strings } from "./strings";

type PaneState =
  | { phase: "loading"; stage: Stage }
  | { phase: "none" }
  /** An S/MIME item whose original bytes this client does not hand out: say so, never "invalid". */
  | { phase: "unavailable" }
  | { phase: "nested-only"; name: string; bytes: Uint8Array; trust: Trust; fromShown?: string }
  | { phase: "locked"; error?: unknown }
  | { phase: "error"; error: unknown; storageLost: boolean }
  | { phase: "opened"; opened: Opened; trust: Trust; info: ItemInfo };

const STAGE_KEYS = { fetch: "loadingFetch", decrypt: "loadingDecrypt", verify: "loadingVerify", prepare: "loadingPrepare" } as const;

export function ReadPane(props: { services: ReadServices }): ReactNode {
  const t = useStrings(strings);
  const language = useLanguage();
  const { announce, region } = useAnnouncer();
  const [state, setState] = useState<PaneState>({ phase: "loading", stage: "fetch" });
  const services = props.services;
  const runId = useRef(0);

  // legacy: the user chose to open this 3DES message with the allowLegacy switch (never remembered).
  const run = useCallback(async (legacy = false) => {
    const id = ++runId.current;
    const set = (s: PaneState) => {
      if (runId.current === id) setState(s);
    };
    set({ phase: "loading", stage: "fetch" });
    let storageLost = false;
    try {
      const info = services.port.itemInfo();
      const fetched = await fetchPayload(services.port, info);
      if (fetched.kind === "none") return set({ phase: /^IPM\.Note\.SMIME/i.test(info.itemClass) ? "unavailable" : "none" });
      const trust = await gatherTrust(services);
      storageLost = trust.storageLost;
      if (fetched.kind === "nested-only") return set({ phase: "nested-only", name: fetched.name, bytes: fetched.bytes, trust, fromShown: info.from?.emailAddress });
      const opened = await openPayload(fetched.smime, info, trust, (stage) => set({ phase: "loading", stage }), legacy ? { allowLegacy: true } : undefined);
      set({ phase: "opened", opened, trust, info });
    } catch (e) {
      if (isSpmError(e, "STORE_LOCKED")) set({ phase: "locked" });
      else set({ phase: "error", error: e, storageLost });
    }
  }, [services]);

  useEffect(() => {
    void run();
  }, [run]);

  useEffect(() => {
    if (state.phase === "error") announce(errorText(state.error, language));
    else if (state.phase === "locked") announce(t("lockedTitle"));
    else if (state.phase === "none") announce(t("notSmime"));
    else if (state.phase === "unavailable") announce(t("smimeUnavailable"));
  }, [state, announce, language, t]);

  return (
    <main style={{ padding: 12, display: "flex", flexDirection: "column", gap: 10 }} aria-busy={state.phase === "loading"}>
      {region}
      {state.phase === "loading" && (
        <Field label={t("progressLabel")} validationMessage={t(STAGE_KEYS[state.stage])} validationState="none" data-testid="progress">
          <ProgressBar />
        </Field>
      )}
      {state.phase === "none" && (
        <MessageBar intent="info" data-testid="not-smime">
          <MessageBarBody>{t("notSmime")}</MessageBarBody>
        </MessageBar>
      )}
      {state.phase === "unavailable" && (
        <MessageBar intent="warning" layout="multiline" data-testid="smime-unavailable">
          <MessageBarBody>{t("smimeUnavailable")}</MessageBarBody>
        </MessageBar>
      )}
      {state.phase === "nested-only" && (
        <>
          <MessageBar intent="warning" data-testid="nested-only" layout="multiline">
            <MessageBarBody>
              {t("nestedOnly", { name: safeFileName(state.name).display })} <strong data-testid="outside-not-covered">{t("outsideNotCovered")}</strong> {t("nestedHint")}
            </MessageBarBody>
          </MessageBar>
          <NestedItem
            nested={{ name: state.name, kind: nestedKindOf(state.bytes), bytes: state.bytes, forwarded: false }}
            trust={state.trust}
            services={services}
            depth={1}
            fromShown={state.fromShown}
          />
        </>
      )}
      {state.phase === "locked" && <UnlockForm services={services} onUnlocked={() => void run()} />}
      {state.phase === "error" && (
        <ErrorView
          error={state.error}
          storageLost={state.storageLost}
          onRetry={() => void run()}
          {...(isLegacyCipherRefusal(state.error) ? { onOpenLegacy: () => void run(true) } : {})}
        />
      )}
      {state.phase === "opened" && (
        <ErrorBoundary fallback={<ErrorView error={new SpmError("MALFORMED", "The opened message could not be shown")} storageLost={false} onRetry={() => void run()} />}>
          <OpenedView
            opened={state.opened}
            trust={state.trust}
            services={services}
            depth={0}
            onStatus={announce}
            onPinned={() => void run()}
            actions={
              services.reply && state.opened.report.encryption !== "none" ? (
                <ReplyActions
                  opened={state.opened}
                  context={{ ...(state.info.from ? { fromShown: state.info.from.emailAddress } : {}), toShown: state.info.to.map((r) => r.emailAddress), subjectShown: state.info.subject }}
                  reply={services.reply}
                  {...(services.conversations ? { conversations: services.conversations } : {})}
                />
              ) : undefined
            }
          />
        </ErrorBoundary>
      )}
    </main>
  );
}
