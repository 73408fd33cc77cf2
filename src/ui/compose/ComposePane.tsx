/**
 * The compose pane: who can receive the message encrypted, what will happen, and the one button.
 * Every change to the draft goes through the host port (atomic with rollback); the pane only decides and explains.
 */
import {
  Badge,
  Body1,
  Button,
  Caption1,
  Field,
  Input,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Subtitle2,
  Switch,
  Title3,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { isSpmError } from "../../core/errors";
import { sameAddress } from "../../core/mime";
import { PROTECTION_MARKERS } from "../../core/policy";
import type { DraftSnapshot } from "../../host";
import type { IdentityRecord, StoreState } from "../../store";
import { errorText, formatDate, formatSize, useAnnouncer, useLanguage, useStrings } from "../shared";
import { protectionOf } from "./notice";
import type { FlowStage } from "./protect-flow";
import { allRecipientStatuses, CERTIFICATE_FILE_TYPES, importCertificateFile, type RecipientStatus } from "./recipients";
import { ComposeServicesContext } from "./services";
import { chooseLayout } from "./size";
import { strings } from "./strings";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: "12px", padding: "16px", maxWidth: "560px" },
  section: { display: "flex", flexDirection: "column", gap: "6px" },
  list: { listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "10px" },
  recipient: { display: "flex", flexDirection: "column", gap: "4px", paddingBottom: "8px", borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  row: { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "center" },
  address: { wordBreak: "break-all" },
  actions: { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "center" },
  hidden: { display: "none" },
});

interface Loaded {
  snapshot: DraftSnapshot;
  state: StoreState;
  identity?: IdentityRecord;
  recipients: RecipientStatus[];
}

type Outcome =
  | { kind: "done"; protection: "both" | "encrypt" | "sign"; original: DraftSnapshot }
  | { kind: "failed"; error: unknown }
  | { kind: "undone" }
  | { kind: "undo-failed"; error: unknown };

const STAGE_KEYS = {
  reading: "stageReading",
  building: "stageBuilding",
  signing: "stageSigning",
  encrypting: "stageEncrypting",
  attaching: "stageAttaching",
} as const;

function pickIdentity(identities: IdentityRecord[], from: string | undefined): IdentityRecord | undefined {
  return identities.find((i) => sameAddress(i.email, from)) ?? identities[0];
}

function isAlreadyProtected(snapshot: DraftSnapshot): boolean {
  return (
    snapshot.headers[PROTECTION_MARKERS.header] === "1" &&
    snapshot.attachments.some((a) => !a.isInline && a.name.toLowerCase() === PROTECTION_MARKERS.attachmentName)
  );
}

function officeErrorName(e: unknown): string | undefined {
  if (!isSpmError(e)) return undefined;
  const name = e.details?.officeError;
  return typeof name === "string" && name !== "Unknown" ? name : undefined;
}

export function ComposePane(): ReactNode {
  const services = ComposeServicesContext.use();
  const language = useLanguage();
  const t = useStrings(strings);
  const styles = useStyles();
  const { announce, region } = useAnnouncer();

  const [loaded, setLoaded] = useState<Loaded>();
  const [loadError, setLoadError] = useState<unknown>();
  const [lateProblems, setLateProblems] = useState<string[]>([]);
  const [encrypt, setEncrypt] = useState(services.defaults.encrypt);
  const [sign, setSign] = useState(services.defaults.sign);
  const [stage, setStage] = useState<FlowStage>();
  const [outcome, setOutcome] = useState<Outcome>();
  const [info, setInfo] = useState<string>();
  const [askFor, setAskFor] = useState<string>();
  const [passphrase, setPassphrase] = useState("");
  const [unlockError, setUnlockError] = useState<unknown>();
  const [importError, setImportError] = useState<{ email: string; error: unknown }>();
  const importFor = useRef<RecipientStatus | undefined>(undefined);
  const fileInput = useRef<HTMLInputElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    setLoadError(undefined);
    try {
      const snapshot = await services.port.readSnapshot();
      const state = await services.store.state();
      const identities = state.identityCount > 0 ? await services.store.listIdentities() : [];
      const identity = pickIdentity(identities, snapshot.from?.emailAddress);
      const recipients = await allRecipientStatuses(services.store, services.anchors, snapshot.to, snapshot.cc);
      setLoaded({ snapshot, state, identity, recipients });
      // An attachment Outlook added after the port gave up on it, which could not be removed again.
      setLateProblems(services.port.lateAttachmentProblems());
      return { snapshot, state, identity, recipients };
    } catch (e) {
      setLoadError(e);
      return undefined;
    }
  }, [services]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (outcome) resultRef.current?.focus();
  }, [outcome]);

  const protection = protectionOf(sign, encrypt);
  const actionLabel = protection === "both" ? t("actionBoth") : protection === "encrypt" ? t("actionEncrypt") : t("actionSign");
  const busy = stage !== undefined;

  const layout = useMemo(() => {
    if (!loaded?.identity || (!sign && !encrypt)) return undefined;
    const chainBytes = loaded.identity.chain.reduce((n, c) => n + c.length, loaded.identity.certificate.length);
    return chooseLayout(
      { snapshot: loaded.snapshot, sign, encrypt, recipientCount: loaded.recipients.length + 1, signerCertificateBytes: chainBytes },
      services.attachmentLimitChars,
    );
  }, [loaded, sign, encrypt, services.attachmentLimitChars]);
  const estimate = layout?.estimate;

  // Why the main button cannot run, in the order the user should fix things.
  const blockers: string[] = [];
  if (loaded) {
    const { snapshot, state, identity, recipients } = loaded;
    if (!identity) blockers.push(state.storageLost ? t("storageLostText") : t("noIdentityText"));
    else if (identity.notAfter.getTime() < Date.now()) blockers.push(t("identityExpired", { date: formatDate(identity.notAfter, language) }));
    if (!sign && !encrypt) blockers.push(t("nothingSelected"));
    // The port refuses these (they could not be rolled back); say so before any work.
    const items = snapshot.attachments.filter((a) => a.format !== "base64");
    if (items.length) blockers.push(t("itemAttachments", { names: items.map((a) => a.name).join(", ") }));
    if (sign && state.locked && identity) blockers.push(t("lockedText"));
    if (encrypt) {
      if (recipients.length === 0) blockers.push(t("needRecipientsForEncryption"));
      const missing = recipients.filter((r) => r.state !== "found");
      if (missing.length) blockers.push(`${t("missingSummary", { names: missing.map((r) => r.displayName).join(", ") })} ${t("noFewerRecipients")}`);
      if (snapshot.bcc.length) blockers.push(t("bccBlocks"));
    }
    if (estimate !== undefined && estimate > services.attachmentLimitChars) blockers.push(t("tooLargeTitle"));
  }
  const alreadyProtected = loaded ? isAlreadyProtected(loaded.snapshot) && outcome?.kind !== "done" : false;
  const canRun = loaded !== undefined && blockers.length === 0 && !busy && outcome?.kind !== "done" && !alreadyProtected;

  const onStage = useCallback(
    (s: FlowStage) => {
      setStage(s);
      const stages = stagesFor(sign, encrypt);
      announce(t("stepOf", { n: stages.indexOf(s) + 1, total: stages.length, stage: t(STAGE_KEYS[s]) }));
    },
    [announce, t, sign, encrypt],
  );

  async function run(): Promise<void> {
    if (!canRun || !loaded?.identity) return;
    setOutcome(undefined);
    setInfo(undefined);
    onStage("reading");
    try {
      // Read again: the user may have changed the draft since the pane opened.
      const fresh = await load();
      if (!fresh?.identity) throw new Error("The draft could not be read again");
      const stillOk =
        (!encrypt || (fresh.recipients.length > 0 && fresh.recipients.every((r) => r.state === "found") && fresh.snapshot.bcc.length === 0)) &&
        !(sign && fresh.state.locked);
      if (!stillOk) {
        setStage(undefined);
        return; // the blockers now explain what changed
      }
      // The crypto code loads on the first click, not with the pane.
      const { protectDraft } = await import("./protect-flow");
      await protectDraft(services, {
        snapshot: fresh.snapshot,
        recipients: fresh.recipients,
        identity: fresh.identity,
        sign,
        encrypt,
        language,
        compact: layout?.compact === true,
        onStage,
      });
      setOutcome({ kind: "done", protection, original: fresh.snapshot });
      announce(doneTitle(protection));
    } catch (e) {
      setOutcome({ kind: "failed", error: e });
      announce(t("failedTitle"));
    } finally {
      setStage(undefined);
    }
  }

  function doneTitle(p: "both" | "encrypt" | "sign"): string {
    return p === "both" ? t("doneTitleBoth") : p === "encrypt" ? t("doneTitleEncrypt") : t("doneTitleSign");
  }

  async function undo(): Promise<void> {
    if (outcome?.kind !== "done") return;
    try {
      await services.port.restore(outcome.original);
      setOutcome({ kind: "undone" });
      announce(t("undoneText"));
      await load();
    } catch (e) {
      setOutcome({ kind: "undo-failed", error: e });
      announce(t("undoFailed"));
    }
  }

  async function unlock(): Promise<void> {
    setUnlockError(undefined);
    try {
      await services.store.unlock(passphrase);
      setPassphrase("");
      await load();
      setInfo(t("unlocked"));
      announce(t("unlocked"));
    } catch (e) {
      setUnlockError(e);
    }
  }

  async function removeBcc(): Promise<void> {
    try {
      await services.port.clearBcc();
      await load();
      setInfo(t("bccRemoved"));
      announce(t("bccRemoved"));
    } catch (e) {
      setOutcome({ kind: "failed", error: e });
    }
  }

  function pickFile(r: RecipientStatus): void {
    importFor.current = r;
    setImportError(undefined);
    fileInput.current?.click();
  }

  async function fileChosen(files: FileList | null): Promise<void> {
    const r = importFor.current;
    const file = files?.[0];
    if (fileInput.current) fileInput.current.value = "";
    if (!r || !file) return;
    try {
      await importCertificateFile(services.store, new Uint8Array(await file.arrayBuffer()), r.email);
      await load();
      const message = t("imported", { name: r.displayName });
      setInfo(message);
      announce(message);
    } catch (e) {
      setImportError({ email: r.email, error: e });
    }
  }

  if (loadError !== undefined) {
    return (
      <main className={styles.root}>
        <Title3 as="h1">{t("title")}</Title3>
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{errorText(loadError, language)}</MessageBarBody>
        </MessageBar>
        <div>
          <Button onClick={() => void load()}>{t("refresh")}</Button>
        </div>
      </main>
    );
  }
  if (!loaded) {
    return (
      <main className={styles.root}>
        <Title3 as="h1">{t("title")}</Title3>
        <Body1 role="status">{t("loading")}</Body1>
      </main>
    );
  }

  const { snapshot, state, identity, recipients } = loaded;
  const stages = stagesFor(sign, encrypt);
  const blockersId = "spm-blockers";

  return (
    <main className={styles.root}>
      {region}
      <Title3 as="h1">{t("title")}</Title3>

      {lateProblems.length > 0 && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{t("lateAttachment", { name: lateProblems.join(", ") })}</MessageBarBody>
        </MessageBar>
      )}

      {services.policyFailed && (
        <MessageBar intent="warning">
          <MessageBarBody>{t("policyWarning")}</MessageBarBody>
        </MessageBar>
      )}

      {services.anchorsFailed && (
        <MessageBar intent="warning">
          <MessageBarBody>{t("anchorsWarning")}</MessageBarBody>
        </MessageBar>
      )}

      {alreadyProtected && (
        <MessageBar intent="info">
          <MessageBarBody>{t("alreadyProtected")}</MessageBarBody>
        </MessageBar>
      )}

      <section className={styles.section} aria-labelledby="spm-from">
        <Subtitle2 as="h2" id="spm-from">
          {t("from")}
        </Subtitle2>
        <Body1 className={styles.address}>{snapshot.from ? `${snapshot.from.displayName} <${snapshot.from.emailAddress}>` : "–"}</Body1>
        {identity && <Caption1>{t("signingAs", { name: `${identity.email}, ${t("validUntil", { date: formatDate(identity.notAfter, language) })}` })}</Caption1>}
        {identity && sign && snapshot.from && !sameAddress(identity.email, snapshot.from.emailAddress) && (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>{t("identityMismatch", { certificate: identity.email, from: snapshot.from.emailAddress })}</MessageBarBody>
          </MessageBar>
        )}
      </section>

      {!identity && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t("noIdentityTitle")}</MessageBarTitle>
            {state.storageLost ? t("storageLostText") : t("noIdentityText")}
          </MessageBarBody>
          <MessageBarActions>
            <Button onClick={() => services.openSettings()}>{t("openSettings")}</Button>
          </MessageBarActions>
        </MessageBar>
      )}

      {identity && sign && state.locked && (
        <section className={styles.section} aria-labelledby="spm-locked">
          <Subtitle2 as="h2" id="spm-locked">
            {t("lockedTitle")}
          </Subtitle2>
          <form
            className={styles.actions}
            onSubmit={(e) => {
              e.preventDefault();
              void unlock();
            }}
          >
            <Field label={t("passphrase")} validationMessage={unlockError !== undefined ? errorText(unlockError, language) : t("lockedText")} validationState={unlockError !== undefined ? "error" : "none"}>
              <Input type="password" value={passphrase} onChange={(_, d) => setPassphrase(d.value)} autoComplete="current-password" />
            </Field>
            <Button type="submit" appearance="primary" disabled={passphrase.length === 0}>
              {t("unlock")}
            </Button>
          </form>
        </section>
      )}

      <section className={styles.section} aria-labelledby="spm-recipients">
        <Subtitle2 as="h2" id="spm-recipients">
          {t("recipients")}
        </Subtitle2>
        {recipients.length === 0 && <Body1>{t("noRecipients")}</Body1>}
        <ul className={styles.list}>
          {recipients.map((r, i) => (
            <li key={`${r.field}-${r.email}-${i}`} className={styles.recipient}>
              <div className={styles.row}>
                <Body1 className={styles.address}>
                  <span>{r.field === "to" ? t("to") : t("cc")}: </span>
                  {r.displayName !== r.email ? `${r.displayName} <${r.email}>` : r.email}
                </Body1>
              </div>
              <div className={styles.row}>
                <Badge appearance="tint" color={r.state === "found" ? "success" : r.state === "missing" ? "warning" : "danger"} data-state={r.state}>
                  {stateText(r)}
                </Badge>
                {r.notAfter && <Caption1>{t("validUntil", { date: formatDate(r.notAfter, language) })}</Caption1>}
              </div>
              {r.state === "found" && r.trust === "none" && <Caption1>{t("stateFoundUntrusted")}</Caption1>}
              {r.state !== "found" && (
                <div className={styles.actions}>
                  <Button size="small" aria-label={t("importCertificateFor", { name: r.displayName })} onClick={() => pickFile(r)} disabled={busy}>
                    {t("importCertificate")}
                  </Button>
                  <Button
                    size="small"
                    aria-label={t("askForCertificateFor", { name: r.displayName })}
                    aria-expanded={askFor === r.email}
                    onClick={() => setAskFor(askFor === r.email ? undefined : r.email)}
                  >
                    {t("askForCertificate")}
                  </Button>
                </div>
              )}
              {askFor === r.email && <Body1>{t("askExplanation", { name: r.displayName })}</Body1>}
              {importError?.email === r.email && (
                <MessageBar intent="error" role="alert">
                  <MessageBarBody>{errorText(importError.error, language)}</MessageBarBody>
                </MessageBar>
              )}
            </li>
          ))}
        </ul>
        <input
          ref={fileInput}
          className={styles.hidden}
          type="file"
          accept={CERTIFICATE_FILE_TYPES}
          aria-hidden="true"
          tabIndex={-1}
          onChange={(e) => void fileChosen(e.currentTarget.files)}
        />
      </section>

      {encrypt && snapshot.bcc.length > 0 && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t("bccTitle")}</MessageBarTitle>
            {t("bccText", { names: snapshot.bcc.map((b) => b.emailAddress).join(", ") })}
          </MessageBarBody>
          <MessageBarActions>
            <Button onClick={() => void removeBcc()} disabled={busy}>
              {t("bccRemove")}
            </Button>
          </MessageBarActions>
        </MessageBar>
      )}

      <section className={styles.section} aria-labelledby="spm-what">
        <Subtitle2 as="h2" id="spm-what">
          {t("whatHappens")}
        </Subtitle2>
        <Switch checked={encrypt} disabled={busy || outcome?.kind === "done"} label={t("encryptSwitch")} onChange={(_, d) => setEncrypt(d.checked)} />
        <Caption1>{encrypt ? `${t("encryptHint")} ${t("subjectHint")}` : t("encryptHint")}</Caption1>
        <Switch checked={sign} disabled={busy || outcome?.kind === "done"} label={t("signSwitch")} onChange={(_, d) => setSign(d.checked)} />
        <Caption1>{t("signHint")}</Caption1>
        {estimate !== undefined && <Caption1>{t("sizeEstimate", { size: formatSize(estimate, language) })}</Caption1>}
      </section>

      {estimate !== undefined && estimate > services.attachmentLimitChars && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t("tooLargeTitle")}</MessageBarTitle>
            {t("tooLargeText", { size: formatSize(estimate, language), limit: formatSize(services.attachmentLimitChars, language) })}
          </MessageBarBody>
        </MessageBar>
      )}

      <div className={styles.actions}>
        <Button appearance="primary" disabled={!canRun} aria-describedby={blockers.length ? blockersId : undefined} onClick={() => void run()}>
          {actionLabel}
        </Button>
        <Button onClick={() => void load()} disabled={busy}>
          {t("refresh")}
        </Button>
      </div>
      {blockers.length > 0 && !alreadyProtected && (
        <ul id={blockersId} className={styles.list}>
          {blockers.map((b) => (
            <li key={b}>
              <Caption1>{b}</Caption1>
            </li>
          ))}
        </ul>
      )}

      {stage && (
        <Field label={t("stepOf", { n: stages.indexOf(stage) + 1, total: stages.length, stage: t(STAGE_KEYS[stage]) })}>
          <ProgressBar value={(stages.indexOf(stage) + 1) / (stages.length + 1)} />
        </Field>
      )}

      {info && !outcome && <Body1 role="status">{info}</Body1>}

      <div ref={resultRef} tabIndex={-1}>
        {outcome?.kind === "done" && (
          <MessageBar intent="success" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{doneTitle(outcome.protection)}</MessageBarTitle>
              {t("doneText")}
            </MessageBarBody>
            <MessageBarActions>
              <Button onClick={() => void undo()}>{t("undo")}</Button>
            </MessageBarActions>
          </MessageBar>
        )}
        {outcome?.kind === "undone" && (
          <MessageBar intent="info">
            <MessageBarBody>{t("undoneText")}</MessageBarBody>
          </MessageBar>
        )}
        {outcome?.kind === "undo-failed" && (
          <MessageBar intent="error" role="alert" layout="multiline">
            <MessageBarBody>
              {t("undoFailed")} {officeErrorName(outcome.error) ? t("officeError", { name: officeErrorName(outcome.error)! }) : ""}
            </MessageBarBody>
          </MessageBar>
        )}
        {outcome?.kind === "failed" && <Failure error={outcome.error} />}
      </div>
    </main>
  );

  function stateText(r: RecipientStatus): string {
    switch (r.state) {
      case "found":
        return t("stateFound");
      case "missing":
        return t("stateMissing");
      case "expired":
        return t("stateExpired");
      case "not-for-encryption":
        return t("stateNotForEncryption");
      default:
        return t("stateUnusable");
    }
  }
}

function stagesFor(sign: boolean, encrypt: boolean): FlowStage[] {
  return ["reading", "building", ...(sign ? (["signing"] as const) : []), ...(encrypt ? (["encrypting"] as const) : []), "attaching"];
}

/** What went wrong, calmly: the error's sentence, Outlook's error name, and whether the draft is as it was. */
function Failure(props: { error: unknown }): ReactNode {
  const language = useLanguage();
  const t = useStrings(strings);
  const e = props.error;
  const details = isSpmError(e) ? (e.details ?? {}) : {};
  if (details.nativeSmimeSuspected) {
    return (
      <MessageBar intent="error" role="alert" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{t("nativeSmimeTitle")}</MessageBarTitle>
          {t("nativeSmimeText")}
        </MessageBarBody>
      </MessageBar>
    );
  }
  const name = officeErrorName(e);
  const state = details.rollbackFailed ? t("rollbackFailed") : details.rolledBack ? t("draftUnchanged") : t("nothingChanged");
  return (
    <MessageBar intent="error" role="alert" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{t("failedTitle")}</MessageBarTitle>
        {errorText(e, language)} {name ? t("officeError", { name }) : ""} {state}
      </MessageBarBody>
    </MessageBar>
  );
}
