/**
 * Address book: recipients' certificates with source, status, expiry; import from .cer/.crt/.pem/.p7b/.p7c
 * files or pasted PEM; details; delete. The status follows the compose pane's rule: a certificate is
 * usable for encryption unless expired, revoked, broken or not meant for encryption; whether an authority
 * (bundled or organisation anchors) or the user (pin) confirms it is shown beside.
 */
import { Badge, Button, Field, Text, Textarea } from "@fluentui/react-components";
import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import type { FindingStatus } from "../../core/findings";
import { checkCertificate, type Finding } from "../../core/pki";
import type { AddressBookEntry, Pin } from "../../store";
import { formatDate, useLanguage, useStrings } from "../shared";
import { ErrorBar, FilePicker, useStyles, ViewSection } from "./common";
import { CertificateDetails, useCertificateInfo } from "./certificate-details";
import { readPickedFile } from "./files";
import { EXPIRY_WARNING_DAYS, daysLeft, importRecipients } from "./flows";
import { Services } from "./services";
import { strings } from "./strings";
import { useAction } from "./use-action";

type RecipientState = "trusted" | "pinned" | "unconfirmed" | "expired" | "not-for-encryption" | "unusable";

/** Same classification as the compose pane: from every error/warning finding, not only the primary status. */
function classify(findings: Finding[], validNow: boolean, trust: "anchor" | "pinned" | "none"): RecipientState {
  const statuses = new Set<FindingStatus>(findings.filter((f) => f.severity !== "info").map((f) => f.status));
  const has = (...names: FindingStatus[]) => names.some((n) => statuses.has(n));
  if (has("malformed", "invalid", "revoked", "signer-mismatch", "weak-algorithm")) return "unusable";
  if (has("bad-key-usage")) return "not-for-encryption";
  if (has("expired", "not-yet-valid") || !validNow) return "expired";
  return trust === "anchor" ? "trusted" : trust === "pinned" ? "pinned" : "unconfirmed";
}

/** Bundled anchors plus the organisation's (if they load; the trust view reports a broken file). */
function useAnchors(): Uint8Array[] | undefined {
  const services = Services.use();
  const [anchors, setAnchors] = useState<Uint8Array[] | undefined>();
  useEffect(() => {
    let live = true;
    // The bundled roots (~190 KB) load on demand, not with the pane.
    const bundled = import("../../core/pki/anchors").then((m) => m.loadBundledAnchors());
    Promise.all([bundled, services.organisationAnchors().catch(() => [] as Uint8Array[])]).then(
      ([roots, organisation]) => live && setAnchors([...roots, ...organisation]),
      () => live && setAnchors([]),
    );
    return () => {
      live = false;
    };
  }, [services]);
  return anchors;
}

export function AddressBookView(props: { entries: AddressBookEntry[]; pins: Pin[]; onChanged: () => Promise<void>; announce: (text: string) => void }): ReactNode {
  const t = useStrings(strings);
  const styles = useStyles();
  const services = Services.use();
  const [file, setFile] = useState<File | undefined>();
  const [pasted, setPasted] = useState("");
  const { busy, error, run } = useAction();
  const [fileKey, setFileKey] = useState(0);
  const anchors = useAnchors();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await run(async () => {
      const input = file ? await readPickedFile(file) : pasted;
      const result = await importRecipients(await services.store(), input);
      setPasted("");
      setFile(undefined);
      setFileKey((k) => k + 1);
      props.announce(t("recipientsImported", { count: result.added.length, emails: [...new Set(result.added.map((a) => a.email))].join(", ") }));
      await props.onChanged();
    });
  };

  return (
    <ViewSection name="addressbook" title={t("addressBookTitle")}>
      {props.entries.length === 0 ? (
        <Text>{t("addressBookEmpty")}</Text>
      ) : (
        <ul className={styles.list} aria-label={t("addressBookTitle")}>
          {props.entries.map((entry) => (
            <RecipientItem
              key={`${entry.email}/${entry.sha256Hex}`}
              entry={entry}
              anchors={anchors}
              pins={props.pins}
              onChanged={props.onChanged}
              announce={props.announce}
            />
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
    </ViewSection>
  );
}

function useRecipientState(entry: AddressBookEntry, anchors: Uint8Array[] | undefined, pins: Pin[]): RecipientState | undefined {
  const [state, setState] = useState<RecipientState | undefined>();
  useEffect(() => {
    if (!anchors) return;
    let live = true;
    const pinned = pins.filter((p) => p.email === entry.email).map((p) => ({ certificate: p.certificate, address: p.email }));
    checkCertificate({ certificate: entry.certificate, anchors, pinned, usage: "encryption", addresses: [entry.email] }).then(
      (check) => live && setState(classify(check.findings, check.validNow, check.trust)),
      () => live && setState("unusable"),
    );
    return () => {
      live = false;
    };
  }, [entry, anchors, pins]);
  return state;
}

const STATE_COLOR: Record<RecipientState, "success" | "informative" | "danger"> = {
  trusted: "success",
  pinned: "success",
  unconfirmed: "informative",
  expired: "danger",
  "not-for-encryption": "danger",
  unusable: "danger",
};

function RecipientItem(props: { entry: AddressBookEntry; anchors: Uint8Array[] | undefined; pins: Pin[]; onChanged: () => Promise<void>; announce: (text: string) => void }): ReactNode {
  const t = useStrings(strings);
  const language = useLanguage();
  const styles = useStyles();
  const services = Services.use();
  const { entry } = props;
  const { info } = useCertificateInfo(entry.certificate);
  const [open, setOpen] = useState(false);
  const { error, run } = useAction();
  const state = useRecipientState(entry, props.anchors, props.pins);
  const left = info ? daysLeft(info.notAfter) : undefined;
  const expiringSoon = left !== undefined && left >= 0 && left <= EXPIRY_WARNING_DAYS;
  const remove = () =>
    run(async () => {
      await (await services.store()).removeRecipient(entry.email, entry.sha256Hex);
      props.announce(t("recipientRemoved", { email: entry.email }));
      await props.onChanged();
    });
  return (
    <li className={styles.card} data-testid="recipient" data-email={entry.email} aria-label={entry.email}>
      <div className={styles.row}>
        <Text weight="semibold">{entry.email}</Text>
        <Badge appearance="outline">{t(`source_${entry.source}`)}</Badge>
        {state && (
          <Badge appearance="tint" color={STATE_COLOR[state]} data-testid="recipient-status" data-state={state}>
            {t(`state_${state}`)}
          </Badge>
        )}
        {expiringSoon && state !== "expired" && (
          <Badge appearance="tint" color="warning">
            {t("status_expiring")}
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
