/**
 * The compose pane: who can receive the message encrypted, how it will be sent, what will happen, and the
 * one button. The pane decides and explains; flow.ts runs the actions (the draft only changes through the
 * host port, atomically), blockers.ts says why the button is disabled, delivery.ts how the mail is sent.
 */
import { Body1, Button, MessageBar, MessageBarBody, Title3 } from "@fluentui/react-components";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useAnnouncer } from "../shared/announce";
import { recipientsChangedMessage } from "../../core/policy";
import { errorText } from "../shared/errors";
import { useLanguage, useStrings } from "../shared/i18n";
import { ActionBar, actionLabel, stageLine, stagesFor } from "./action-bar";
import { composeBlockers, isAlreadyProtected } from "./blockers";
import { deliveryFor, graphLayoutFor, type DeliveryFormat } from "./delivery";
import { inlineImagePlan } from "./draft";
import { DeliveryChoice } from "./delivery-choice";
import { useComposeFlow, type Outcome } from "./flow";
import { FromSection } from "./from-section";
import { protectionOf } from "./notice";
import { Notices } from "./notices";
import { useRecipientWatch } from "./recipient-watch";
import { doneTitle, OutcomeView } from "./outcome";
import { RecipientList } from "./recipient-list";
import { ComposeServicesContext } from "./context";
import { strings, type Translate } from "./strings";
import { deliveryStrings, type DeliveryTranslate } from "./strings-delivery";
import { useComposeStyles } from "./styles";
import { ProtectionSwitches } from "./switches";
import { UnlockForm } from "./unlock-form";
import { BccWarning, ClassicSmimeNote, OutlookLimitWarning } from "./warnings";

function outcomeText(t: Translate, dt: DeliveryTranslate, outcome: Outcome): string {
  switch (outcome.kind) {
    case "done":
      return doneTitle(t, outcome.protection);
    case "failed":
      return t("failedTitle");
    case "undone":
      return t("undoneText");
    case "undo-failed":
      return t("undoFailed");
    case "sent":
      return dt("sentTitle");
    case "sent-open":
      return dt("sentOpenTitle");
    case "needs-sign-in":
      return dt("needsSignInTitle");
    case "unknown-outcome":
      return dt("unknownTitle");
  }
}

function Shell(props: { title: string; children: ReactNode }): ReactNode {
  const styles = useComposeStyles();
  return (
    <main className={styles.root}>
      <Title3 as="h1">{props.title}</Title3>
      {props.children}
    </main>
  );
}

/** Before the draft is read: "Reading the message…", or why it could not be read with a retry. */
function NotReady(props: { error: unknown; onRetry: () => void }): ReactNode {
  const language = useLanguage();
  const t = useStrings(strings);
  return (
    <Shell title={t("title")}>
      {props.error === undefined ? (
        <Body1 role="status">{t("loading")}</Body1>
      ) : (
        <>
          <MessageBar intent="error" role="alert">
            <MessageBarBody>{errorText(props.error, language)}</MessageBarBody>
          </MessageBar>
          <div>
            <Button onClick={props.onRetry}>{t("refresh")}</Button>
          </div>
        </>
      )}
    </Shell>
  );
}

export function ComposePane(): ReactNode {
  const services = ComposeServicesContext.use();
  const language = useLanguage();
  const t = useStrings(strings);
  const dt = useStrings(deliveryStrings);
  const { announce, region } = useAnnouncer();
  const styles = useComposeStyles();
  const [encrypt, setEncrypt] = useState(services.defaults.encrypt);
  const [sign, setSign] = useState(services.defaults.sign);
  const [pick, setPick] = useState<DeliveryFormat>();
  const resultRef = useRef<HTMLDivElement>(null);
  const flow = useComposeFlow(services, {
    announce,
    stageText: (stage, choice) => stageLine(t, dt, stage, choice.sign, choice.encrypt, choice.delivery),
    outcomeText: (outcome) => outcomeText(t, dt, outcome),
  });
  const { facts, loadError, lateProblems, stage, outcome, info, auth } = flow.state;
  const { load, checkSignIn } = flow;

  useEffect(() => {
    void load();
    // Ask for the token silently right away: the pane then says before the click whether sign-in is needed.
    void checkSignIn();
  }, [load, checkSignIn]);
  useEffect(() => {
    if (outcome) resultRef.current?.focus();
  }, [outcome]);
  useRecipientWatch(services, load, stage !== undefined);

  if (loadError !== undefined || !facts) return <NotReady error={loadError} onRetry={() => void load()} />;

  const { snapshot, state, identity } = facts;
  const busy = stage !== undefined;
  const finished = outcome?.kind === "done" || outcome?.kind === "sent" || outcome?.kind === "sent-open";
  const decision = deliveryFor(services.delivery, facts, { sign, encrypt, ...(pick ? { pick } : {}) }, auth);
  const { blockers, layout } = composeBlockers({ ...facts, sign, encrypt, limitChars: services.attachmentLimitChars, budget: services.attachmentBudget, now: new Date(), delivery: decision });
  const graphEstimate = graphLayoutFor(facts, sign, encrypt)?.estimate;
  const estimate = decision.chosen === "standard" ? graphEstimate : layout?.estimate;
  const alreadyProtected = isAlreadyProtected(snapshot) && outcome?.kind !== "done";
  // After a send whose outcome is unknown the button waits: the user checks Sent Items first (OutcomeView).
  const canRun = blockers.length === 0 && !busy && !finished && !alreadyProtected && outcome?.kind !== "unknown-outcome";
  const choice = { sign, encrypt, language, delivery: decision.chosen, ...(pick ? { pick } : {}) };
  const tooLargeForOutlook = blockers.find((b) => b.code === "too-large");

  return (
    <main className={styles.root}>
      {region}
      <Title3 as="h1">{t("title")}</Title3>
      <Notices
        lateProblems={lateProblems}
        policyFailed={services.policyFailed}
        anchorsFailed={services.anchorsFailed}
        alreadyProtected={alreadyProtected}
        {...(facts.recipientChange ? { recipientsChanged: recipientsChangedMessage(facts.recipientChange)[language] } : {})}
        replyToEncrypted={services.origin.replyToEncrypted}
        unplacedImages={inlineImagePlan(snapshot).unplaced}
      />
      <FromSection facts={facts} sign={sign} openSettings={() => services.openSettings()} />
      {identity && sign && state.locked && <UnlockForm store={services.store} onUnlocked={(message) => void flow.changed(message)} />}
      <RecipientList recipients={facts.recipients} store={services.store} busy={busy} onImported={(message) => void flow.changed(message)} />
      {encrypt && snapshot.bcc.length > 0 && <BccWarning bcc={snapshot.bcc} busy={busy} onRemove={() => void removeBcc()} />}
      <ProtectionSwitches sign={sign} encrypt={encrypt} disabled={busy || finished} estimate={estimate} onSign={setSign} onEncrypt={setEncrypt} />
      <DeliveryChoice
        decision={decision}
        auth={auth}
        graphEstimate={graphEstimate}
        busy={busy}
        locked={finished}
        onPick={setPick}
        onSignIn={() => void flow.signIn(dt("signedIn"))}
      />
      {tooLargeForOutlook && <OutlookLimitWarning estimate={tooLargeForOutlook.estimate} limit={tooLargeForOutlook.limit} />}
      {services.outlookWrapsOwnSmime && decision.chosen === "attachment" && !finished && <ClassicSmimeNote />}
      <ActionBar
        label={actionLabel(t, dt, protectionOf(sign, encrypt), decision.chosen)}
        canRun={canRun}
        busy={busy}
        blockers={blockers}
        showBlockers={!alreadyProtected}
        auth={auth}
        stage={stage}
        stages={stagesFor(sign, encrypt, decision.chosen)}
        stageText={stage ? stageLine(t, dt, stage, sign, encrypt, decision.chosen) : undefined}
        onRun={() => {
          if (canRun && identity) void flow.run(choice);
        }}
        onRefresh={() => void load()}
      />
      {info && !outcome && <Body1 role="status">{info}</Body1>}
      <div ref={resultRef} tabIndex={-1}>
        <OutcomeView
          outcome={outcome}
          onUndo={() => void flow.undo()}
          onSignInAndSend={() => void flow.run({ ...choice, delivery: "standard", interactive: true })}
          onSendAgain={() => {
            if (blockers.length === 0 && identity) void flow.run(choice);
          }}
        />
      </div>
    </main>
  );

  async function removeBcc(): Promise<void> {
    try {
      await services.port.clearBcc();
      await flow.changed(t("bccRemoved"));
    } catch (e) {
      flow.fail(e);
    }
  }
}
