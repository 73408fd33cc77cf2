/**
 * The compose pane: who can receive the message encrypted, what will happen, and the one button.
 * Every change to the draft goes through the host port (atomic with rollback); the pane only decides and
 * explains. Flow state: flow.ts; why the button is disabled: blockers.ts; sub-views in their own files.
 */
import {
  Body1,
  Button,
  Caption1,
  Field,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Subtitle2,
  Switch,
  Title3,
} from "@fluentui/react-components";
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { Language } from "../../core/types";
import { errorText, formatDate, formatSize, useAnnouncer, useLanguage, useStrings } from "../shared";
import { composeBlockers, isAlreadyProtected, type Blocker } from "./blockers";
import { useComposeFlow, type Outcome, type RunChoice } from "./flow";
import { protectionOf } from "./notice";
import { doneTitle, OutcomeView } from "./outcome";
import type { FlowStage } from "./protect-flow";
import { RecipientList } from "./recipient-list";
import { ComposeServicesContext } from "./services";
import { strings, type Translate } from "./strings";
import { useComposeStyles } from "./styles";
import { UnlockForm } from "./unlock-form";

const STAGE_KEYS = {
  reading: "stageReading",
  building: "stageBuilding",
  signing: "stageSigning",
  encrypting: "stageEncrypting",
  attaching: "stageAttaching",
} as const;

function stagesFor(sign: boolean, encrypt: boolean): FlowStage[] {
  return ["reading", "building", ...(sign ? (["signing"] as const) : []), ...(encrypt ? (["encrypting"] as const) : []), "attaching"];
}

function stageLine(t: Translate, stage: FlowStage, sign: boolean, encrypt: boolean): string {
  const stages = stagesFor(sign, encrypt);
  return t("stepOf", { n: stages.indexOf(stage) + 1, total: stages.length, stage: t(STAGE_KEYS[stage]) });
}

export function blockerText(t: Translate, b: Blocker, language: Language): string {
  switch (b.code) {
    case "no-identity":
      return t("noIdentityText");
    case "storage-lost":
      return t("storageLostText");
    case "identity-expired":
      return t("identityExpired", { date: formatDate(b.notAfter, language) });
    case "nothing-selected":
      return t("nothingSelected");
    case "item-attachments":
      return t("itemAttachments", { names: b.names.join(", ") });
    case "locked":
      return t("lockedText");
    case "no-recipients":
      return t("needRecipientsForEncryption");
    case "missing-certificates":
      return `${t("missingSummary", { names: b.names.join(", ") })} ${t("noFewerRecipients")}`;
    case "bcc":
      return t("bccBlocks");
    case "too-large":
      return t("tooLargeTitle");
  }
}

function outcomeText(t: Translate, outcome: Outcome): string {
  switch (outcome.kind) {
    case "done":
      return doneTitle(t, outcome.protection);
    case "failed":
      return t("failedTitle");
    case "undone":
      return t("undoneText");
    case "undo-failed":
      return t("undoFailed");
  }
}

export function ComposePane(): ReactNode {
  const services = ComposeServicesContext.use();
  const language = useLanguage();
  const t = useStrings(strings);
  const styles = useComposeStyles();
  const { announce, region } = useAnnouncer();
  const [encrypt, setEncrypt] = useState(services.defaults.encrypt);
  const [sign, setSign] = useState(services.defaults.sign);
  const resultRef = useRef<HTMLDivElement>(null);

  const flow = useComposeFlow(services, {
    announce,
    stageText: (stage, choice: RunChoice) => stageLine(t, stage, choice.sign, choice.encrypt),
    outcomeText: (outcome) => outcomeText(t, outcome),
  });
  const { facts, loadError, lateProblems, stage, outcome, info } = flow.state;
  const { load } = flow;

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (outcome) resultRef.current?.focus();
  }, [outcome]);

  async function removeBcc(): Promise<void> {
    try {
      await services.port.clearBcc();
      await flow.changed(t("bccRemoved"));
    } catch (e) {
      flow.fail(e);
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
  if (!facts) {
    return (
      <main className={styles.root}>
        <Title3 as="h1">{t("title")}</Title3>
        <Body1 role="status">{t("loading")}</Body1>
      </main>
    );
  }

  const { snapshot, state, identity, recipients } = facts;
  const protection = protectionOf(sign, encrypt);
  const actionLabel = protection === "both" ? t("actionBoth") : protection === "encrypt" ? t("actionEncrypt") : t("actionSign");
  const busy = stage !== undefined;
  const { blockers, layout } = composeBlockers({ ...facts, sign, encrypt, limitChars: services.attachmentLimitChars, now: new Date() });
  const estimate = layout?.estimate;
  const alreadyProtected = isAlreadyProtected(snapshot) && outcome?.kind !== "done";
  const canRun = blockers.length === 0 && !busy && outcome?.kind !== "done" && !alreadyProtected;
  const blockersId = "spm-blockers";
  const stages = stagesFor(sign, encrypt);

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
        {identity && sign && snapshot.from && identity.email.toLowerCase() !== snapshot.from.emailAddress.toLowerCase() && (
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

      {identity && sign && state.locked && <UnlockForm store={services.store} onUnlocked={(message) => void flow.changed(message)} />}

      <RecipientList recipients={recipients} store={services.store} busy={busy} onImported={(message) => void flow.changed(message)} />

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
        <Button
          appearance="primary"
          disabled={!canRun}
          aria-describedby={blockers.length ? blockersId : undefined}
          onClick={() => {
            if (canRun && identity) void flow.run({ sign, encrypt, language });
          }}
        >
          {actionLabel}
        </Button>
        <Button onClick={() => void load()} disabled={busy}>
          {t("refresh")}
        </Button>
      </div>
      {blockers.length > 0 && !alreadyProtected && (
        <ul id={blockersId} className={styles.list}>
          {blockers.map((b) => {
            const text = blockerText(t, b, language);
            return (
              <li key={text}>
                <Caption1>{text}</Caption1>
              </li>
            );
          })}
        </ul>
      )}

      {stage && (
        <Field label={stageLine(t, stage, sign, encrypt)}>
          <ProgressBar value={(stages.indexOf(stage) + 1) / (stages.length + 1)} />
        </Field>
      )}

      {info && !outcome && <Body1 role="status">{info}</Body1>}

      <div ref={resultRef} tabIndex={-1}>
        <OutcomeView outcome={outcome} onUndo={() => void flow.undo()} />
      </div>
    </main>
  );
}
