/**
 * The web reader (public/reader.html): the read pane without Outlook. The user chooses or drops an .eml or
 * smime.p7m; it is decrypted and verified in this page with the keys this origin's key store holds (or a
 * .p12 imported with the settings pane's own form), and shown with the same status chrome and the same
 * sandboxed, sanitized content as in Outlook. The page shows its own address first (docs/decisions.md,
 * "The web reader and phishing").
 */
import { Field, MessageBar, MessageBarBody, ProgressBar, Text } from "@fluentui/react-components";
import { useCallback, useEffect, useRef, useState, type DragEvent, type ReactNode } from "react";
import { isSpmError, SpmError } from "../../core/errors";
import { safeFileName } from "../../core/mime";
import { ErrorBoundary } from "../read/boundary";
import { nestedKindOf } from "../read/content";
import { gatherTrust, isLegacyCipherRefusal, openBytes, type Opened, type Trust } from "../read/open-flow";
import { NestedItem, OpenedView } from "../read/opened-view";
import { ErrorView, UnlockForm } from "../read/state-views";
import { strings as readStrings } from "../read/strings";
import { useAnnouncer, useLanguage, useStrings, errorText } from "../shared";
import { KeySection } from "./keys";
import { planFile, type ReaderPlan } from "./open-file";
import type { ReaderServices } from "./services";
import { readerStrings } from "./strings";

/** The message files people save from mail programs are at most tens of MB; anything larger is refused. */
export const MAX_MESSAGE_FILE_BYTES = 64 * 1024 * 1024;

type ReaderState =
  | { phase: "idle" }
  | { phase: "opening"; name: string }
  | { phase: "not-smime"; name: string }
  | { phase: "nested-only"; name: string; plan: Extract<ReaderPlan, { kind: "nested-only" }>; trust: Trust }
  | { phase: "locked"; name: string }
  | { phase: "error"; name: string; error: unknown; storageLost: boolean }
  | { phase: "opened"; name: string; opened: Opened; trust: Trust; bare: boolean };

export function pageAddress(): string {
  const { origin, pathname } = globalThis.location;
  return origin + pathname;
}

async function readFile(file: File): Promise<Uint8Array> {
  if (file.size > MAX_MESSAGE_FILE_BYTES) throw new SpmError("LIMIT_EXCEEDED", "The file is too large", { details: { size: file.size } });
  return new Uint8Array(await file.arrayBuffer());
}

/** Opening files: the state, the last file (to open again after an import or unlock), and the actions. */
function useReaderFiles(services: ReaderServices): { state: ReaderState; choose: (file: File | undefined) => Promise<void>; reopen: () => void; reopenLegacy: () => void } {
  const [state, setState] = useState<ReaderState>({ phase: "idle" });
  const last = useRef<{ name: string; bytes: Uint8Array } | undefined>(undefined);
  const runId = useRef(0);

  useEffect(() => {
    // Load the trust anchors (bundled roots, config/anchors.pem) now, so opening a file fetches nothing at all.
    // A failure here is not lost: opening a file gathers trust again and shows that error.
    void gatherTrust(services).catch(() => undefined);
  }, [services]);

  const open = useCallback(
    async (name: string, bytes: Uint8Array, legacy = false) => {
      const id = ++runId.current;
      const set = (s: ReaderState) => {
        if (runId.current === id) setState(s);
      };
      last.current = { name, bytes };
      set({ phase: "opening", name });
      let storageLost = false;
      try {
        const plan = planFile(bytes);
        if (plan.kind === "not-smime") return set({ phase: "not-smime", name });
        const trust = await gatherTrust(services);
        storageLost = trust.storageLost;
        if (plan.kind === "nested-only") return set({ phase: "nested-only", name, plan, trust });
        const opened = await openBytes(plan.bytes, trust, plan.addresses, plan.fromShown, () => undefined, legacy ? { allowLegacy: true } : undefined);
        set({ phase: "opened", name, opened, trust, bare: plan.source === "bare-cms" });
      } catch (e) {
        if (isSpmError(e, "STORE_LOCKED")) set({ phase: "locked", name });
        else set({ phase: "error", name, error: e, storageLost });
      }
    },
    [services],
  );

  const choose = async (file: File | undefined) => {
    if (!file) return;
    try {
      await open(file.name, await readFile(file));
    } catch (e) {
      setState({ phase: "error", name: file.name, error: e, storageLost: false });
    }
  };

  const reopen = () => {
    if (last.current) void open(last.current.name, last.current.bytes);
  };
  /** The user chose to open this 3DES file with the legacy switch (for this file only). */
  const reopenLegacy = () => {
    if (last.current) void open(last.current.name, last.current.bytes, true);
  };
  return { state, choose, reopen, reopenLegacy };
}

export function Reader(props: { services: ReaderServices }): ReactNode {
  const t = useStrings(readerStrings);
  const tr = useStrings(readStrings);
  const language = useLanguage();
  const { services } = props;
  const { announce, region } = useAnnouncer();
  const [dragging, setDragging] = useState(false);
  const { state, choose, reopen, reopenLegacy } = useReaderFiles(services);

  useEffect(() => {
    // A file dropped beside the drop area must not make the browser navigate to it (and show it unprotected).
    const stop = (e: globalThis.DragEvent) => e.preventDefault();
    globalThis.addEventListener("dragover", stop);
    globalThis.addEventListener("drop", stop);
    return () => {
      globalThis.removeEventListener("dragover", stop);
      globalThis.removeEventListener("drop", stop);
    };
  }, []);

  useEffect(() => {
    if (state.phase === "error") announce(errorText(state.error, language));
    else if (state.phase === "not-smime") announce(t("notSmime"));
    else if (state.phase === "locked") announce(tr("lockedTitle"));
  }, [state, announce, language, t, tr]);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void choose(e.dataTransfer.files[0]);
  };

  return (
    <main
      style={{ maxWidth: 880, margin: "0 auto", padding: 16, display: "flex", flexDirection: "column", gap: 12, outline: dragging ? "3px dashed #0f6cbd" : "none" }}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      aria-busy={state.phase === "opening"}
    >
      {region}
      <OriginBanner />
      <h1 style={{ fontSize: 20, margin: "4px 0" }}>{t("title")}</h1>
      <MessageBar intent="success" layout="multiline" data-testid="local-only">
        <MessageBarBody>{t("localOnly")}</MessageBarBody>
      </MessageBar>
      <FilePickerRow onFile={(f) => void choose(f)} dragging={dragging} />
      <KeySection services={services} onImported={reopen} />
      <ReaderResult state={state} services={services} reopen={reopen} reopenLegacy={reopenLegacy} announce={announce} />
    </main>
  );
}

/** What the chosen file became: progress, not S/MIME, a nested part, locked, an error, or the opened message. */
function ReaderResult(props: { state: ReaderState; services: ReaderServices; reopen: () => void; reopenLegacy: () => void; announce: (text: string) => void }): ReactNode {
  const t = useStrings(readerStrings);
  const tr = useStrings(readStrings);
  const { state, services, reopen, reopenLegacy } = props;
  if (state.phase === "idle") return null;
  return (
    <>
      <Text as="p" size={200} data-testid="reader-file-name">
        {t("fileLabel", { name: safeFileName(state.name).display })}
      </Text>
      {state.phase === "opening" && (
        <Field label={t("opening", { name: safeFileName(state.name).display })} data-testid="progress">
          <ProgressBar />
        </Field>
      )}
      {state.phase === "not-smime" && (
        <MessageBar intent="info" data-testid="not-smime">
          <MessageBarBody>{t("notSmime")}</MessageBarBody>
        </MessageBar>
      )}
      {state.phase === "nested-only" && (
        <>
          <MessageBar intent="warning" layout="multiline" data-testid="nested-only">
            <MessageBarBody>
              {tr("nestedOnly", { name: safeFileName(state.plan.name).display })} <strong data-testid="outside-not-covered">{tr("outsideNotCovered")}</strong> {tr("nestedHint")}
            </MessageBarBody>
          </MessageBar>
          <NestedItem
            nested={{ name: state.plan.name, kind: nestedKindOf(state.plan.bytes), bytes: state.plan.bytes, forwarded: false }}
            trust={state.trust}
            services={services}
            depth={1}
            {...(state.plan.fromShown ? { fromShown: state.plan.fromShown } : {})}
          />
        </>
      )}
      {state.phase === "locked" && <UnlockForm services={services} onUnlocked={reopen} />}
      {state.phase === "error" && (
        <ErrorView error={state.error} storageLost={state.storageLost} onRetry={reopen} {...(isLegacyCipherRefusal(state.error) ? { onOpenLegacy: reopenLegacy } : {})} />
      )}
      {state.phase === "opened" && (
        <ErrorBoundary fallback={<ErrorView error={new SpmError("MALFORMED", "The opened message could not be shown")} storageLost={false} onRetry={reopen} />}>
          {state.bare && (
            <Text as="p" size={200} data-testid="bare-cms">
              {t("bareCms")}
            </Text>
          )}
          <OpenedView opened={state.opened} trust={state.trust} services={services} depth={0} onStatus={props.announce} onPinned={reopen} />
        </ErrorBoundary>
      )}
    </>
  );
}

/** The page's own address, first and large: the one thing to check before giving it a key file. */
function OriginBanner(): ReactNode {
  const t = useStrings(readerStrings);
  return (
    <div role="note" aria-label={t("originLabel")} style={{ border: "2px solid #0f6cbd", borderRadius: 6, padding: "10px 12px", background: "#ebf3fc", color: "#242424" }}>
      <div style={{ fontSize: 14 }}>{t("originLabel")}</div>
      <div data-testid="reader-origin" style={{ fontSize: 22, fontWeight: 700, fontFamily: "Consolas, 'Courier New', monospace", overflowWrap: "anywhere" }}>
        {globalThis.location.origin}
      </div>
      <div style={{ fontSize: 13, marginTop: 4 }}>{t("originCheck")}</div>
    </div>
  );
}

function FilePickerRow(props: { onFile: (file: File | undefined) => void; dragging: boolean }): ReactNode {
  const t = useStrings(readerStrings);
  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 4, padding: 12, border: "1px dashed #8a8886", borderRadius: 6 }}>
      <label htmlFor="reader-file" style={{ fontWeight: 600 }}>
        {t("chooseLabel")}
      </label>
      <input
        id="reader-file"
        type="file"
        accept=".eml,.p7m,.p7s,message/rfc822,application/pkcs7-mime,application/x-pkcs7-mime"
        data-testid="reader-file"
        aria-describedby="reader-file-hint"
        onChange={(e) => {
          props.onFile(e.currentTarget.files?.[0]);
          e.currentTarget.value = "";
        }}
      />
      <span id="reader-file-hint" style={{ fontSize: 12 }}>
        {props.dragging ? t("dropHere") : t("chooseHint")}
      </span>
    </div>
  );
}
