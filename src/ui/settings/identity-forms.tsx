/**
 * Forms that create or save an identity: import a .p12/.pfx, request a certificate from a CA (and pair
 * the issued one), make a self-signed test certificate, export a backup. Used by onboarding, the
 * identities view and the lost-storage screen.
 */
import { Button, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Select, Spinner, Text, Textarea } from "@fluentui/react-components";
import { useState, type FormEvent, type ReactNode } from "react";
import type { KeyKind } from "../../core/keys";
import type { IdentityRecord, PendingKeyRecord } from "../../store";
import { formatDate, useLanguage, useStrings } from "../shared";
import { ErrorBar, FilePicker, NewPasswordFields, useStyles } from "./common";
import { readPickedFile, safeFileStem } from "./files";
import {
  createSelfSignedIdentity,
  exportBackup,
  importIdentityFile,
  pairIssuedCertificate,
  startCertificateRequest,
  type ImportResult,
} from "./flows";
import { Services } from "./services";
import { strings } from "./strings";
import { useAction } from "./use-action";

/** A form's primary button, with a spinner and its label while the form is busy. */
function SubmitRow(props: { label: string; disabled: boolean; busy: boolean; busyLabel: string; testId: string }): ReactNode {
  const styles = useStyles();
  return (
    <div className={styles.row}>
      <Button appearance="primary" type="submit" disabled={props.disabled} data-testid={props.testId}>
        {props.label}
      </Button>
      {props.busy && <Spinner size="tiny" label={props.busyLabel} />}
    </div>
  );
}

/** The e-mail address and name a new key is made for: their state, and their fields for the form. */
function useEmailAndName(defaultEmail: string | undefined, testIdPrefix: string): { email: string; name: string; fields: ReactNode } {
  const [email, setEmail] = useState(defaultEmail ?? "");
  const [name, setName] = useState("");
  return { email, name, fields: <EmailAndName testIdPrefix={testIdPrefix} email={email} name={name} onEmail={setEmail} onName={setName} /> };
}

/** The e-mail address (required) and name fields. */
function EmailAndName(props: { testIdPrefix: string; email: string; name: string; onEmail: (v: string) => void; onName: (v: string) => void }): ReactNode {
  const t = useStrings(strings);
  return (
    <>
      <Field label={t("emailLabel")} required>
        <Input type="email" value={props.email} autoComplete="email" data-testid={`${props.testIdPrefix}-email`} onChange={(_, d) => props.onEmail(d.value)} />
      </Field>
      <Field label={t("nameLabel")} hint={t("nameHint")}>
        <Input value={props.name} autoComplete="name" data-testid={`${props.testIdPrefix}-name`} onChange={(_, d) => props.onName(d.value)} />
      </Field>
    </>
  );
}

export function ImportIdentityForm(props: { onImported: (result: ImportResult) => void; submitLabel?: string }): ReactNode {
  const t = useStrings(strings);
  const services = Services.use();
  const styles = useStyles();
  const [file, setFile] = useState<File | undefined>();
  const [password, setPassword] = useState("");
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    void run(async () => {
      const store = await services.store();
      const result = await importIdentityFile(store, await readPickedFile(file), password);
      setPassword("");
      props.onImported(result);
    });
  };
  return (
    <form className={styles.section} onSubmit={submit} aria-label={t("importTitle")} data-testid="import-form">
      <FilePicker label={t("importFileLabel")} accept=".p12,.pfx,.pem,.asc,application/x-pkcs12" onFile={setFile} testId="import-file" hint={t("importFileHint")} />
      <Field label={t("importPasswordLabel")} hint={t("importPasswordHint")}>
        <Input type="password" value={password} autoComplete="off" data-testid="import-password" onChange={(_, d) => setPassword(d.value)} />
      </Field>
      <ErrorBar error={error} />
      <SubmitRow label={props.submitLabel ?? t("importSubmit")} disabled={!file || busy} busy={busy} busyLabel={t("working")} testId="import-submit" />
    </form>
  );
}

export function RequestForm(props: { defaultEmail?: string; onCreated: (pending: PendingKeyRecord) => void }): ReactNode {
  const t = useStrings(strings);
  const styles = useStyles();
  const services = Services.use();
  const { email, name, fields } = useEmailAndName(props.defaultEmail, "request");
  const [keyKind, setKeyKind] = useState<KeyKind>("rsa3072");
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const pending = await startCertificateRequest(await services.store(), email, name, keyKind);
      services.download(`${safeFileStem(pending.email)}.csr`, pending.requestPem, "application/pkcs10");
      props.onCreated(pending);
    });
  };
  return (
    <form className={styles.section} onSubmit={submit} aria-label={t("requestTitle")} data-testid="request-form">
      <Text>{t("requestIntro")}</Text>
      {fields}
      <Field label={t("keyKindLabel")} hint={t("keyKindHint")}>
        <Select value={keyKind} data-testid="request-keykind" onChange={(_, d) => setKeyKind(d.value as KeyKind)}>
          <option value="rsa3072">{t("keyRsa3072")}</option>
          <option value="p256">{t("keyP256")}</option>
        </Select>
      </Field>
      <ErrorBar error={error} />
      <SubmitRow label={t("requestSubmit")} disabled={!email.trim() || busy} busy={busy} busyLabel={t("generatingKey")} testId="request-submit" />
    </form>
  );
}

/**
 * Requests waiting for the CA (their keys are in the store): download a request again, remove one, and
 * import the issued certificate, which pairs with whichever stored key it was issued for.
 */
export function PendingRequestsView(props: {
  pending: PendingKeyRecord[];
  onPaired: (record: IdentityRecord) => void;
  onRemoved: (remaining: number) => void;
  announce: (text: string) => void;
}): ReactNode {
  const t = useStrings(strings);
  const language = useLanguage();
  const styles = useStyles();
  const services = Services.use();
  const [file, setFile] = useState<File | undefined>();
  const [pasted, setPasted] = useState("");
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const store = await services.store();
      const issued = file ? await readPickedFile(file) : new TextEncoder().encode(pasted);
      props.onPaired(await pairIssuedCertificate(store, issued));
    });
  };
  const remove = (pending: PendingKeyRecord) =>
    void run(async () => {
      await (await services.store()).removePendingKey(pending.id);
      props.announce(t("pendingRemoved", { email: pending.email }));
      props.onRemoved(props.pending.length - 1);
    });
  const title = props.pending.length === 1 ? t("pendingTitle", { email: props.pending[0].email }) : t("pendingListTitle");
  return (
    <section className={styles.section} aria-labelledby="pending-title" data-testid="pending-request">
      <Text as="h3" weight="semibold" id="pending-title">
        {title}
      </Text>
      <MessageBar intent="info">
        <MessageBarBody>{t("pendingStoredNote")}</MessageBarBody>
      </MessageBar>
      <Text>{t("pendingSteps")}</Text>
      <ul className={styles.list} aria-label={t("pendingListTitle")}>
        {props.pending.map((pending) => (
          <li key={pending.id} className={styles.card} data-testid="pending-item" data-email={pending.email}>
            <Text weight="semibold">{pending.email}</Text>
            <Text size={200}>{t("pendingRequestedOn", { date: formatDate(pending.createdAt, language) })}</Text>
            <Field label={t("requestPemLabel")}>
              <Textarea readOnly value={pending.requestPem} rows={4} className={styles.mono} data-testid="request-pem" />
            </Field>
            <div className={styles.row}>
              <Button size="small" data-testid="request-download" onClick={() => services.download(`${safeFileStem(pending.email)}.csr`, pending.requestPem, "application/pkcs10")}>
                {t("requestDownloadAgain")}
              </Button>
              <Button size="small" onClick={() => remove(pending)} disabled={busy} data-testid="pending-discard">
                {t("pendingDiscard")}
              </Button>
            </div>
          </li>
        ))}
      </ul>
      <form className={styles.section} onSubmit={submit} aria-label={t("pairTitle")}>
        <Text as="h4" weight="semibold" style={{ margin: 0 }}>
          {t("pairTitle")}
        </Text>
        <FilePicker label={t("pairFileLabel")} accept=".cer,.crt,.pem,.der,.p7b,.p7c" onFile={setFile} testId="pair-file" />
        <Field label={t("pairPasteLabel")}>
          <Textarea value={pasted} rows={4} className={styles.mono} data-testid="pair-paste" onChange={(_, d) => setPasted(d.value)} />
        </Field>
        <ErrorBar error={error} />
        <SubmitRow label={t("pairSubmit")} disabled={(!file && !pasted.trim()) || busy} busy={busy} busyLabel={t("working")} testId="pair-submit" />
      </form>
    </section>
  );
}

export function SelfSignedForm(props: { defaultEmail?: string; onCreated: (record: IdentityRecord) => void }): ReactNode {
  const t = useStrings(strings);
  const styles = useStyles();
  const services = Services.use();
  const { email, name, fields } = useEmailAndName(props.defaultEmail, "selfsigned");
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      props.onCreated(await createSelfSignedIdentity(await services.store(), email, name));
    });
  };
  return (
    <form className={styles.section} onSubmit={submit} aria-label={t("selfSignedTitle")} data-testid="selfsigned-form">
      <MessageBar intent="warning">
        <MessageBarBody>
          <MessageBarTitle>{t("selfSignedWarningTitle")}</MessageBarTitle>
          {t("selfSignedWarning")}
        </MessageBarBody>
      </MessageBar>
      {fields}
      <ErrorBar error={error} />
      <SubmitRow label={t("selfSignedSubmit")} disabled={!email.trim() || busy} busy={busy} busyLabel={t("generatingKey")} testId="selfsigned-submit" />
    </form>
  );
}

export function BackupForm(props: { record: IdentityRecord; onDone: () => void; onCancel?: () => void; cancelLabel?: string }): ReactNode {
  const t = useStrings(strings);
  const styles = useStyles();
  const services = Services.use();
  const [password, setPassword] = useState<string | undefined>();
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!password) return;
    void run(async () => {
      const bytes = await exportBackup(await services.store(), props.record, password);
      services.download(`${safeFileStem(props.record.email)}-backup.p12`, bytes, "application/x-pkcs12");
      props.onDone();
    });
  };
  return (
    <form className={styles.section} onSubmit={submit} aria-label={t("backupTitle", { email: props.record.email })} data-testid="backup-form">
      <Text>{t("backupIntro")}</Text>
      <NewPasswordFields label={t("backupPasswordLabel")} testId="backup-password" onChange={setPassword} />
      <ErrorBar error={error} />
      <div className={styles.row}>
        <Button appearance="primary" type="submit" disabled={!password || busy} data-testid="backup-submit">
          {t("backupSubmit")}
        </Button>
        {props.onCancel && (
          <Button onClick={props.onCancel} disabled={busy} data-testid="backup-cancel">
            {props.cancelLabel ?? t("cancel")}
          </Button>
        )}
        {busy && <Spinner size="tiny" label={t("working")} />}
      </div>
    </form>
  );
}
