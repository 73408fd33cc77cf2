/**
 * Address book: recipients' certificates with source, status (by validity dates), expiry; import from
 * .cer/.crt/.pem/.p7b/.p7c files or pasted PEM; details; delete.
 */
import { Badge, Button, Field, Text, Textarea } from "@fluentui/react-components";
import { useState, type FormEvent, type ReactNode } from "react";
import type { AddressBookEntry } from "../../store";
import { formatDate, useLanguage, useStrings } from "../shared";
import { ErrorBar, FilePicker, useStyles } from "./common";
import { CertificateDetails, useCertificateInfo } from "./certificate-details";
import { readPickedFile } from "./files";
import { EXPIRY_WARNING_DAYS, daysLeft, importRecipients } from "./flows";
import { Services } from "./services";
import { strings } from "./strings";

export function AddressBookView(props: { entries: AddressBookEntry[]; onChanged: () => Promise<void>; announce: (text: string) => void }): ReactNode {
  const t = useStrings(strings);
  const styles = useStyles();
  const services = Services.use();
  const [file, setFile] = useState<File | undefined>();
  const [pasted, setPasted] = useState("");
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [fileKey, setFileKey] = useState(0);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const input = file ? await readPickedFile(file) : pasted;
      const result = await importRecipients(await services.store(), input);
      setPasted("");
      setFile(undefined);
      setFileKey((k) => k + 1);
      props.announce(t("recipientsImported", { count: result.added.length, emails: [...new Set(result.added.map((a) => a.email))].join(", ") }));
      await props.onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className={styles.section} aria-labelledby="addressbook-title" data-testid="addressbook-view">
      <h2 id="addressbook-title" style={{ margin: 0, fontSize: 18 }}>
        {t("addressBookTitle")}
      </h2>
      {props.entries.length === 0 ? (
        <Text>{t("addressBookEmpty")}</Text>
      ) : (
        <ul className={styles.list} aria-label={t("addressBookTitle")}>
          {props.entries.map((entry) => (
            <RecipientItem key={`${entry.email}/${entry.sha256Hex}`} entry={entry} onChanged={props.onChanged} announce={props.announce} />
          ))}
        </ul>
      )}
      <form className={styles.section} onSubmit={(e) => void submit(e)} aria-labelledby="recipient-import-title">
        <h3 id="recipient-import-title" style={{ margin: 0, fontSize: 16 }}>
          {t("recipientImportTitle")}
        </h3>
        <FilePicker key={fileKey} label={t("recipientFileLabel")} accept=".cer,.crt,.pem,.der,.p7b,.p7c" onFile={setFile} testId="recipient-file" />
        <Field label={t("recipientPasteLabel")}>
          <Textarea value={pasted} rows={4} className={styles.mono} data-testid="recipient-paste" onChange={(_, d) => setPasted(d.value)} />
        </Field>
        <ErrorBar error={error} />
        <div className={styles.row}>
          <Button appearance="primary" type="submit" disabled={busy || (!file && !pasted.trim())} data-testid="recipient-submit">
            {t("recipientImportSubmit")}
          </Button>
        </div>
      </form>
    </section>
  );
}

function RecipientItem(props: { entry: AddressBookEntry; onChanged: () => Promise<void>; announce: (text: string) => void }): ReactNode {
  const t = useStrings(strings);
  const language = useLanguage();
  const styles = useStyles();
  const services = Services.use();
  const { entry } = props;
  const { info } = useCertificateInfo(entry.certificate);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>();
  const left = info ? daysLeft(info.notAfter) : undefined;
  const status = left === undefined ? undefined : left < 0 ? "expired" : left <= EXPIRY_WARNING_DAYS ? "expiring" : "valid";
  const remove = async () => {
    setError(undefined);
    try {
      await (await services.store()).removeRecipient(entry.email, entry.sha256Hex);
      props.announce(t("recipientRemoved", { email: entry.email }));
      await props.onChanged();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <li className={styles.card} data-testid="recipient" data-email={entry.email} aria-label={entry.email}>
      <div className={styles.row}>
        <Text weight="semibold">{entry.email}</Text>
        <Badge appearance="outline">{t(`source_${entry.source}`)}</Badge>
        {status && (
          <Badge appearance="tint" color={status === "valid" ? "success" : status === "expiring" ? "warning" : "danger"}>
            {t(`status_${status}`)}
          </Badge>
        )}
      </div>
      {info && <Text size={200}>{t("validUntil", { date: formatDate(info.notAfter, language) })}</Text>}
      <div className={styles.row}>
        <Button size="small" onClick={() => setOpen(!open)} aria-expanded={open} data-testid="recipient-details">
          {t("detailsButton")}
        </Button>
        <Button size="small" onClick={() => void remove()} data-testid="recipient-remove" aria-label={t("recipientRemoveLabel", { email: entry.email })}>
          {t("removeButton")}
        </Button>
      </div>
      <ErrorBar error={error} />
      {open && <CertificateDetails der={entry.certificate} />}
    </li>
  );
}
