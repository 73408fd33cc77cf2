/**
 * Storage lost: the browser cleared this add-in's storage (or this is a new device of a mailbox that had
 * keys elsewhere). Guide to restoring from the backup .p12; "start over" only after a confirmation.
 */
import { Button, MessageBar, MessageBarBody, MessageBarTitle, Text } from "@fluentui/react-components";
import { useState, type ReactNode } from "react";
import type { LossDetails } from "../../store";
import { formatDate, useLanguage, useStrings } from "../shared";
import { ErrorBar, useStyles } from "./common";
import { ImportIdentityForm } from "./identity-forms";
import { Services } from "./services";
import { strings } from "./strings";
import { useAction } from "./use-action";

export function LostStorageView(props: { loss: LossDetails; onResolved: (message: string) => void }): ReactNode {
  const t = useStrings(strings);
  const language = useLanguage();
  const styles = useStyles();
  const services = Services.use();
  const [confirming, setConfirming] = useState(false);
  const { error, run } = useAction();
  const known = props.loss.knownInstalls.reduce((n, i) => n + i.identities, 0);
  const last = props.loss.knownInstalls[0]?.at;

  const startOver = () =>
    run(async () => {
      await (await services.store()).acknowledgeStorageLoss();
      props.onResolved(t("startedOver"));
    });

  return (
    <section className={styles.section} aria-labelledby="lost-title" data-testid="lost-storage">
      <h2 id="lost-title" style={{ margin: 0, fontSize: 20 }}>
        {t("lostTitle")}
      </h2>
      <MessageBar intent="warning">
        <MessageBarBody>
          <MessageBarTitle>{props.loss.reason === "install-replaced" ? t("lostReasonReplaced") : t("lostReasonMissing")}</MessageBarTitle>
          {last ? t("lostKnown", { count: known, date: formatDate(new Date(last), language) }) : null}
        </MessageBarBody>
      </MessageBar>
      <Text>{t("lostExplain")}</Text>
      <h3 style={{ margin: 0, fontSize: 16 }}>{t("lostRestoreTitle")}</h3>
      <ImportIdentityForm submitLabel={t("restoreSubmit")} onImported={(result) => props.onResolved(t("restored", { email: result.records[0].email }))} />
      <h3 style={{ margin: 0, fontSize: 16 }}>{t("lostNoBackupTitle")}</h3>
      <Text>{t("lostNoBackup")}</Text>
      {!confirming ? (
        <div className={styles.row}>
          <Button onClick={() => setConfirming(true)} data-testid="start-over">
            {t("startOver")}
          </Button>
        </div>
      ) : (
        <div role="group" aria-label={t("startOver")} className={styles.section}>
          <MessageBar intent="error">
            <MessageBarBody>{t("startOverConfirm")}</MessageBarBody>
          </MessageBar>
          <div className={styles.row}>
            <Button appearance="primary" onClick={() => void startOver()} data-testid="start-over-confirm">
              {t("startOverYes")}
            </Button>
            <Button onClick={() => setConfirming(false)}>{t("cancel")}</Button>
          </div>
        </div>
      )}
      <ErrorBar error={error} />
    </section>
  );
}
