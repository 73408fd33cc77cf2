/**
 * First run: (1) get a certificate (import a file, request one from a CA, or a self-signed test one),
 * (2) back up the key right away. The steps are a reducer (onboarding-model.ts); focus moves to each
 * step's heading so keyboard and screen-reader users land where the new content is.
 */
import { Button, Text } from "@fluentui/react-components";
import { useEffect, useReducer, useRef, type ReactNode } from "react";
import type { IdentityRecord, PendingKeyRecord } from "../../store";
import { useStrings } from "../shared";
import { useStyles } from "./common";
import { ImportIdentityForm, PendingRequestsView, RequestForm, SelfSignedForm } from "./identity-forms";
import { BackupStep } from "./onboarding-backup";
import { ChooseStep } from "./onboarding-choose";
import { STEP_TITLES, initialOnboarding, offersBack, onboardingReducer, showsPendingList, stepCounter } from "./onboarding-model";
import { strings } from "./strings";

export interface OnboardingProps {
  /** Requests waiting for the CA (their keys are in the store, so they survive closing the pane). */
  pending: PendingKeyRecord[];
  /** Open on the waiting requests (first run, no identity yet); otherwise they are shown in the identities tab. */
  startWithPending?: boolean;
  /** A pending key was added or removed: reload the list from the store. */
  onPendingChanged: () => Promise<void>;
  defaultEmail?: string;
  /** The user has an identity (and a backup, or chose later). */
  onFinished: (message: string) => void;
  /** Leave the guide (only offered when identities exist already). */
  onCancel?: () => void;
  announce: (text: string) => void;
}

export function Onboarding(props: OnboardingProps): ReactNode {
  const t = useStrings(strings);
  const styles = useStyles();
  const [state, dispatch] = useReducer(onboardingReducer, undefined, () => initialOnboarding(props.pending.length, !!props.startWithPending));
  const { step } = state;
  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    heading.current?.focus();
  }, [step]);

  const identityReady = (record: IdentityRecord, extra?: string, fromModernFile = false) => {
    dispatch({ type: "identity-ready", record, fromModernFile });
    props.announce(`${t("identityAdded", { email: record.email })}${extra ? ` ${extra}` : ""}`);
  };

  return (
    <section className={styles.section} aria-labelledby="onboarding-title" data-testid="onboarding" data-step={step}>
      <Text as="p" size={200}>
        {t(stepCounter(step))}
      </Text>
      <h2 id="onboarding-title" ref={heading} tabIndex={-1} style={{ margin: 0, fontSize: 20 }}>
        {t(STEP_TITLES[step])}
      </h2>

      {step === "choose" && (
        <ChooseStep
          onImport={() => dispatch({ type: "go", step: "import" })}
          onRequest={() => dispatch({ type: "request" })}
          onSelfSigned={() => dispatch({ type: "go", step: "selfsigned" })}
          onCancel={props.onCancel}
        />
      )}

      {step === "import" && (
        <ImportIdentityForm
          onImported={(result) => identityReady(result.records[0], result.legacyEncryption ? t("legacyImported") : undefined, !result.legacyEncryption)}
        />
      )}

      {step === "request" &&
        (showsPendingList(state, props.pending.length) ? (
          <PendingRequestsView
            pending={props.pending}
            onPaired={(record) => identityReady(record)}
            onRemoved={(remaining) => {
              void props.onPendingChanged();
              dispatch({ type: "pending-removed", remaining });
            }}
            announce={props.announce}
          />
        ) : (
          <RequestForm
            defaultEmail={props.defaultEmail}
            onCreated={() => {
              dispatch({ type: "request-created" });
              void props.onPendingChanged();
              props.announce(t("requestCreated"));
            }}
          />
        ))}

      {step === "selfsigned" && <SelfSignedForm defaultEmail={props.defaultEmail} onCreated={(record) => identityReady(record)} />}

      {step === "backup" && state.created && <BackupStep created={state.created} importedFile={state.importedFile} onFinished={props.onFinished} />}

      {offersBack(step) && (
        <div className={styles.row}>
          <Button appearance="subtle" onClick={() => dispatch({ type: "go", step: "choose" })} data-testid="onboarding-back">
            {t("back")}
          </Button>
        </div>
      )}
    </section>
  );
}
