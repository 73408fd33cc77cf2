/**
 * First run: (1) get a certificate (import a file, request one from a CA, or a self-signed test one),
 * (2) back up the key right away. Focus moves to each step's heading so keyboard and screen-reader
 * users land where the new content is.
 */
import { Button, MessageBar, MessageBarBody, Text } from "@fluentui/react-components";
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { IdentityRecord, PendingKeyRecord } from "../../store";
import { useStrings } from "../shared";
import { ErrorBar, useStyles } from "./common";
import { BackupForm, ImportIdentityForm, PendingRequestsView, RequestForm, SelfSignedForm } from "./identity-forms";
import { Services } from "./services";
import { strings } from "./strings";

type Step = "choose" | "import" | "request" | "selfsigned" | "backup";

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
  const [step, setStep] = useState<Step>(props.startWithPending && props.pending.length > 0 ? "request" : "choose");
  /** The user chose "request" explicitly: show the form even when other requests are waiting. */
  const [requestForm, setRequestForm] = useState(false);
  const [created, setCreated] = useState<IdentityRecord | undefined>();
  /** Imported from a modern (PBES2) .p12: that file already is a backup the user may keep instead. */
  const [importedFile, setImportedFile] = useState(false);
  const [keepError, setKeepError] = useState<unknown>();
  const services = Services.use();
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
    setCreated(record);
    setImportedFile(fromModernFile);
    setStep("backup");
    props.announce(`${t("identityAdded", { email: record.email })}${extra ? ` ${extra}` : ""}`);
  };

  const titles: Record<Step, string> = {
    choose: t("onboardingTitle"),
    import: t("importTitle"),
    request: t("requestTitle"),
    selfsigned: t("selfSignedTitle"),
    backup: t("backupStepTitle"),
  };

  return (
    <section className={styles.section} aria-labelledby="onboarding-title" data-testid="onboarding" data-step={step}>
      <Text as="p" size={200}>
        {t(step === "backup" ? "stepTwoOfTwo" : "stepOneOfTwo")}
      </Text>
      <h2 id="onboarding-title" ref={heading} tabIndex={-1} style={{ margin: 0, fontSize: 20 }}>
        {titles[step]}
      </h2>

      {step === "choose" && (
        <>
          <Text>{t("onboardingIntro")}</Text>
          <div className={styles.section}>
            <Button appearance="primary" size="large" onClick={() => setStep("import")} data-testid="choose-import">
              {t("chooseImport")}
            </Button>
            <h3 style={{ margin: "8px 0 0", fontSize: 16 }}>{t("chooseNeedHeading")}</h3>
            <Button
              size="large"
              onClick={() => {
                setRequestForm(true);
                setStep("request");
              }}
              data-testid="choose-request"
            >
              {t("chooseRequest")}
            </Button>
            <Button size="large" onClick={() => setStep("selfsigned")} data-testid="choose-selfsigned">
              {t("chooseSelfSigned")}
            </Button>
          </div>
          {props.onCancel && (
            <div className={styles.row}>
              <Button appearance="subtle" onClick={props.onCancel} data-testid="onboarding-cancel">
                {t("cancel")}
              </Button>
            </div>
          )}
        </>
      )}

      {step === "import" && (
        <ImportIdentityForm
          onImported={(result) => identityReady(result.records[0], result.legacyEncryption ? t("legacyImported") : undefined, !result.legacyEncryption)}
        />
      )}

      {step === "request" &&
        (props.pending.length > 0 && !requestForm ? (
          <PendingRequestsView
            pending={props.pending}
            onPaired={(record) => identityReady(record)}
            onRemoved={(remaining) => {
              void props.onPendingChanged();
              if (remaining === 0) setStep("choose");
            }}
            announce={props.announce}
          />
        ) : (
          <RequestForm
            defaultEmail={props.defaultEmail}
            onCreated={() => {
              setRequestForm(false);
              void props.onPendingChanged();
              props.announce(t("requestCreated"));
            }}
          />
        ))}

      {step === "selfsigned" && <SelfSignedForm defaultEmail={props.defaultEmail} onCreated={(record) => identityReady(record)} />}

      {step === "backup" && created && (
        <>
          <MessageBar intent="success">
            <MessageBarBody>{t("identityAdded", { email: created.email })}</MessageBarBody>
          </MessageBar>
          <BackupForm
            record={created}
            onDone={() => props.onFinished(t("readyWithBackup", { email: created.email }))}
            onCancel={() => props.onFinished(t("readyWithoutBackup", { email: created.email }))}
            cancelLabel={t("backupLater")}
          />
          {importedFile && (
            <div className={styles.section}>
              <Text>{t("keepFileIntro")}</Text>
              <div className={styles.row}>
                <Button
                  data-testid="backup-keep-file"
                  onClick={() => {
                    setKeepError(undefined);
                    services
                      .store()
                      .then((store) => store.markBackedUp(created.id))
                      .then(
                        () => props.onFinished(t("readyWithFile", { email: created.email })),
                        (e: unknown) => setKeepError(e),
                      );
                  }}
                >
                  {t("keepFile")}
                </Button>
              </div>
              <ErrorBar error={keepError} />
            </div>
          )}
        </>
      )}

      {step !== "choose" && step !== "backup" && (
        <div className={styles.row}>
          <Button appearance="subtle" onClick={() => setStep("choose")} data-testid="onboarding-back">
            {t("back")}
          </Button>
        </div>
      )}
    </section>
  );
}
