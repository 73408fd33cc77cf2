/**
 * Step 2 of the guide: back up the new key right away (or later). After importing a modern .p12 the user
 * may keep that file as the backup instead.
 */
import { Button, MessageBar, MessageBarBody, Text } from "@fluentui/react-components";
import { useState, type ReactNode } from "react";
import type { IdentityRecord } from "../../store";
import { useStrings } from "../shared";
import { ErrorBar, useStyles } from "./common";
import { BackupForm } from "./identity-forms";
import { Services } from "./services";
import { strings } from "./strings";

export function BackupStep(props: { created: IdentityRecord; importedFile: boolean; onFinished: (message: string) => void }): ReactNode {
  const t = useStrings(strings);
  const styles = useStyles();
  const services = Services.use();
  const [keepError, setKeepError] = useState<unknown>();
  const { created } = props;

  const keepFile = () => {
    setKeepError(undefined);
    services
      .store()
      .then((store) => store.markBackedUp(created.id))
      .then(
        () => props.onFinished(t("readyWithFile", { email: created.email })),
        (e: unknown) => setKeepError(e),
      );
  };

  return (
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
      {props.importedFile && (
        <div className={styles.section}>
          <Text>{t("keepFileIntro")}</Text>
          <div className={styles.row}>
            <Button data-testid="backup-keep-file" onClick={keepFile}>
              {t("keepFile")}
            </Button>
          </div>
          <ErrorBar error={keepError} />
        </div>
      )}
    </>
  );
}
