/**
 * My identities: e-mail, issuer, validity (warning 30 days ahead, with what to do), key algorithm;
 * make default, back up, remove (with confirmation, and a stronger one when there is no backup).
 * Expired identities stay listed: their keys still open old mail.
 */
import { Badge, Button, MessageBar, MessageBarBody, Text } from "@fluentui/react-components";
import { useState, type ReactNode } from "react";
import type { IdentityRecord, PendingKeyRecord } from "../../store";
import { formatDate, useLanguage, useStrings } from "../shared";
import { ErrorBar, useStyles, ViewSection } from "./common";
import { CertificateDetails, keyDescription, useCertificateInfo } from "./certificate-details";
import { EXPIRY_WARNING_DAYS, daysLeft } from "./flows";
import { BackupForm, PendingRequestsView } from "./identity-forms";
import { Services } from "./services";
import { strings } from "./strings";
import { useAction } from "./use-action";

function commonName(dn: string): string {
  const m = /(?:^|,\s*)CN=([^,]+)/.exec(dn);
  return m ? m[1] : dn;
}

export function IdentitiesView(props: {
  identities: IdentityRecord[];
  /** Certificate requests waiting for the CA (e.g. a renewal): shown with the import of the issued certificate. */
  pending: PendingKeyRecord[];
  onChanged: () => Promise<void>;
  onAdd: () => void;
  onPaired: (record: IdentityRecord) => void;
  announce: (text: string) => void;
  backupFor?: string;
}): ReactNode {
  const t = useStrings(strings);
  const styles = useStyles();
  return (
    <ViewSection name="identities" title={t("identitiesTitle")}>
      <ul className={styles.list} aria-label={t("identitiesTitle")}>
        {props.identities.map((record) => (
          <IdentityItem key={record.id} record={record} onChanged={props.onChanged} announce={props.announce} startWithBackup={props.backupFor === record.id} />
        ))}
      </ul>
      {props.pending.length > 0 && (
        <PendingRequestsView pending={props.pending} onPaired={props.onPaired} onRemoved={() => void props.onChanged()} announce={props.announce} />
      )}
      <div className={styles.row}>
        <Button onClick={props.onAdd} data-testid="add-identity">
          {t("addIdentity")}
        </Button>
      </div>
    </ViewSection>
  );
}

type Mode = "idle" | "backup" | "confirm-remove" | "details";

function IdentityItem(props: { record: IdentityRecord; onChanged: () => Promise<void>; announce: (text: string) => void; startWithBackup: boolean }): ReactNode {
  const t = useStrings(strings);
  const language = useLanguage();
  const styles = useStyles();
  const services = Services.use();
  const { record } = props;
  const { info } = useCertificateInfo(record.certificate);
  const [mode, setMode] = useState<Mode>(props.startWithBackup ? "backup" : "idle");
  const { error, run } = useAction();
  const left = daysLeft(record.notAfter);
  const selfSigned = record.source === "self-signed";

  const act = (action: () => Promise<void>, done: string) =>
    run(async () => {
      await action();
      props.announce(done);
      setMode("idle");
      await props.onChanged();
    });

  return (
    <li className={styles.card} data-testid="identity" data-email={record.email} aria-label={record.email}>
      <div className={styles.row}>
        <Text weight="semibold">{record.email}</Text>
        {record.isDefault && <Badge appearance="tint" color="brand">{t("defaultBadge")}</Badge>}
        {selfSigned && <Badge appearance="tint" color="warning">{t("selfSignedBadge")}</Badge>}
        {!record.backedUpAt && <Badge appearance="tint" color="danger">{t("noBackupBadge")}</Badge>}
      </div>
      <Text size={200}>{t("issuedBy", { issuer: commonName(record.issuer) })}</Text>
      <Text size={200}>
        {t("validUntil", { date: formatDate(record.notAfter, language) })}
        {info ? ` · ${keyDescription(info)}` : ""}
      </Text>
      {record.backedUpAt && <Text size={200}>{t("backedUpOn", { date: formatDate(record.backedUpAt, language) })}</Text>}
      {left < 0 ? (
        <MessageBar intent="warning" data-testid="expired">
          <MessageBarBody>{t("expiredAdvice", { date: formatDate(record.notAfter, language) })}</MessageBarBody>
        </MessageBar>
      ) : left <= EXPIRY_WARNING_DAYS ? (
        <MessageBar intent="warning" data-testid="expiry-warning">
          <MessageBarBody>{t("expiresSoonAdvice", { days: left })}</MessageBarBody>
        </MessageBar>
      ) : null}
      {selfSigned && <Text size={200}>{t("selfSignedNote")}</Text>}
      <div className={styles.row}>
        {!record.isDefault && (
          <Button size="small" onClick={() => void act(() => services.store().then((s) => s.setDefaultIdentity(record.id)), t("defaultSet", { email: record.email }))} data-testid="make-default">
            {t("makeDefault")}
          </Button>
        )}
        <Button size="small" onClick={() => setMode(mode === "backup" ? "idle" : "backup")} aria-expanded={mode === "backup"} data-testid="backup-open">
          {t("backupButton")}
        </Button>
        <Button size="small" onClick={() => setMode(mode === "details" ? "idle" : "details")} aria-expanded={mode === "details"} data-testid="details-open">
          {t("detailsButton")}
        </Button>
        <Button size="small" onClick={() => setMode("confirm-remove")} data-testid="remove-open">
          {t("removeButton")}
        </Button>
      </div>
      <ErrorBar error={error} />
      {mode === "details" && <CertificateDetails der={record.certificate} />}
      {mode === "backup" && (
        <BackupForm
          record={record}
          onDone={() => {
            setMode("idle");
            props.announce(t("backupDone", { email: record.email }));
            void props.onChanged();
          }}
          onCancel={() => setMode("idle")}
        />
      )}
      {mode === "confirm-remove" && (
        <div role="group" aria-label={t("removeConfirmTitle")} className={styles.section} data-testid="remove-confirm">
          <MessageBar intent={record.backedUpAt ? "warning" : "error"}>
            <MessageBarBody>{record.backedUpAt ? t("removeConfirm") : t("removeNoBackup")}</MessageBarBody>
          </MessageBar>
          <div className={styles.row}>
            {!record.backedUpAt && (
              <Button appearance="primary" onClick={() => setMode("backup")} data-testid="remove-backup-first">
                {t("backupFirst")}
              </Button>
            )}
            <Button
              appearance={record.backedUpAt ? "primary" : "secondary"}
              onClick={() => void act(() => services.store().then((s) => s.removeIdentity(record.id)), t("removed", { email: record.email }))}
              data-testid="remove-confirm-button"
            >
              {record.backedUpAt ? t("removeYes") : t("removeAnyway")}
            </Button>
            <Button onClick={() => setMode("idle")} data-testid="remove-cancel">
              {t("cancel")}
            </Button>
          </div>
        </div>
      )}
    </li>
  );
}
