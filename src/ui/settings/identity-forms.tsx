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

/** Runs one async action with busy and error state; the action's errors are shown, not thrown. */
function useAction(): { busy: boolean; error: unknown; run: (action: () => Promise<void>) => Promise<void> } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
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
      <div className={styles.row}>
        <Button appearance="primary" type="submit" disabled={!file || busy} data-testid="import-submit">
          {props.submitLabel ?? t("importSubmit")}
        </Button>
        {busy && <Spinner size="tiny" label={t("working")} />}
      </div>
    </form>
  );
}

export function RequestForm(props: { defaultEmail?: string; onCreated: (pending: PendingKeyRecord) => void }): ReactNode {
  const t = useStrings(strings);
  const styles = useStyles();
  const services = Services.use();
  const [email, setEmail] = useState(props.defaultEmail ?? "");
  const [name, setName] = useState("");
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
      <Field label={t("emailLabel")} required>
        <Input type="email" value={email} autoComplete="email" data-testid="request-email" onChange={(_, d) => setEmail(d.value)} />
      </Field>
      <Field label={t("nameLabel")} hint={t("nameHint")}>
        <Input value={name} autoComplete="name" data-testid="request-name" onChange={(_, d) => setName(d.value)} />
      </Field>
      <Field label={t("keyKindLabel")} hint={t("keyKindHint")}>
        <Select value={keyKind} data-testid="request-keykind" onChange={(_, d) => setKeyKind(d.value as KeyKind)}>
          <option value="rsa3072">{t("keyRsa3072")}</option>
          <option value="p256">{t("keyP256")}</option>
        </Select>
      </Field>
      <ErrorBar error={error} />
      <div className={styles.row}>
        <Button appearance="primary" type="submit" disabled={!email.trim() || busy} data-testid="request-submit">
          {t("requestSubmit")}
        </Button>
        {busy && <Spinner size="tiny" label={t("generatingKey")} />}
      </div>
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
        <div className={styles.row}>
          <Button appearance="primary" type="submit" disabled={(!file && !pasted.trim()) || busy} data-testid="pair-submit">
            {t("pairSubmit")}
          </Button>
          {busy && <Spinner size="tiny" label={t("working")} />}
        </div>
      </form>
    </section>
  );
}

export function SelfSignedForm(props: { defaultEmail?: string; onCreated: (record: IdentityRecord) => void }): ReactNode {
  const t = useStrings(strings);
  const styles = useStyles();
  const services = Services.use();
  const [email, setEmail] = useState(props.defaultEmail ?? "");
  const [name, setName] = useState("");
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
      <Field label={t("emailLabel")} required>
        <Input type="email" value={email} autoComplete="email" data-testid="selfsigned-email" onChange={(_, d) => setEmail(d.value)} />
      </Field>
      <Field label={t("nameLabel")} hint={t("nameHint")}>
        <Input value={name} autoComplete="name" data-testid="selfsigned-name" onChange={(_, d) => setName(d.value)} />
      </Field>
      <ErrorBar error={error} />
      <div className={styles.row}>
        <Button appearance="primary" type="submit" disabled={!email.trim() || busy} data-testid="selfsigned-submit">
          {t("selfSignedSubmit")}
        </Button>
        {busy && <Spinner size="tiny" label={t("generatingKey")} />}
      </div>
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
