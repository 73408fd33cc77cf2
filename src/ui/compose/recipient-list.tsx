/**
 * Every To/Cc recipient with the state of their certificate, and for those without a usable one: import a
 * certificate file, or an explanation of how to ask for it. The import goes straight into the address book.
 */
import { Badge, Body1, Button, Caption1, MessageBar, MessageBarBody } from "@fluentui/react-components";
import { useRef, useState, type ReactNode } from "react";
import type { SpmStore } from "../../store";
import { errorText } from "../shared/errors";
import { formatDate, useLanguage, useStrings } from "../shared/i18n";
import { CERTIFICATE_FILE_TYPES, type RecipientStatus } from "./recipient-types";
import { strings, type Translate } from "./strings";
import { useComposeStyles } from "./styles";
import { PaneSection } from "./section";

export interface RecipientListProps {
  recipients: RecipientStatus[];
  store: SpmStore;
  busy: boolean;
  /** A certificate was imported: read again and tell the user. */
  onImported: (message: string) => void;
}

/** What each certificate state is called; any other state reads as unusable. */
const STATE_TEXT: Partial<Record<RecipientStatus["state"], Parameters<Translate>[0]>> = {
  found: "stateFound",
  missing: "stateMissing",
  expired: "stateExpired",
  "not-for-encryption": "stateNotForEncryption",
};

function stateText(t: Translate, r: RecipientStatus): string {
  return t(STATE_TEXT[r.state] ?? "stateUnusable");
}

export function RecipientList(props: RecipientListProps): ReactNode {
  const { recipients, busy } = props;
  const language = useLanguage();
  const t = useStrings(strings);
  const styles = useComposeStyles();
  const [askFor, setAskFor] = useState<string>();
  const [importError, setImportError] = useState<{ email: string; error: unknown }>();
  const importFor = useRef<RecipientStatus | undefined>(undefined);
  const fileInput = useRef<HTMLInputElement>(null);

  function pickFile(r: RecipientStatus): void {
    importFor.current = r;
    setImportError(undefined);
    fileInput.current?.click();
  }

  async function fileChosen(files: FileList | null): Promise<void> {
    const r = importFor.current;
    const file = files?.[0];
    if (fileInput.current) fileInput.current.value = "";
    if (!r || !file) return;
    try {
      const { importCertificateFile } = await import("./recipients");
      await importCertificateFile(props.store, new Uint8Array(await file.arrayBuffer()), r.email);
      props.onImported(t("imported", { name: r.displayName }));
    } catch (e) {
      setImportError({ email: r.email, error: e });
    }
  }

  return (
    <PaneSection id="spm-recipients" title={t("recipients")}>
      {recipients.length === 0 && <Body1>{t("noRecipients")}</Body1>}
      <ul className={styles.list}>
        {recipients.map((r, i) => (
          <li key={`${r.field}-${r.email}-${i}`} className={styles.recipient}>
            <div className={styles.row}>
              <Body1 className={styles.address}>
                <span>{r.field === "to" ? t("to") : t("cc")}: </span>
                {r.displayName !== r.email ? `${r.displayName} <${r.email}>` : r.email}
              </Body1>
            </div>
            <div className={styles.row}>
              <Badge appearance="tint" color={r.state === "found" ? "success" : r.state === "missing" ? "warning" : "danger"} data-state={r.state}>
                {stateText(t, r)}
              </Badge>
              {r.notAfter && <Caption1>{t("validUntil", { date: formatDate(r.notAfter, language) })}</Caption1>}
            </div>
            {r.state === "found" && r.trust === "none" && <Caption1>{t("stateFoundUntrusted")}</Caption1>}
            {r.state !== "found" && (
              <div className={styles.actions}>
                <Button size="small" aria-label={t("importCertificateFor", { name: r.displayName })} onClick={() => pickFile(r)} disabled={busy}>
                  {t("importCertificate")}
                </Button>
                <Button
                  size="small"
                  aria-label={t("askForCertificateFor", { name: r.displayName })}
                  aria-expanded={askFor === r.email}
                  onClick={() => setAskFor(askFor === r.email ? undefined : r.email)}
                >
                  {t("askForCertificate")}
                </Button>
              </div>
            )}
            {askFor === r.email && <Body1>{t("askExplanation", { name: r.displayName })}</Body1>}
            {importError?.email === r.email && (
              <MessageBar intent="error" role="alert">
                <MessageBarBody>{errorText(importError.error, language)}</MessageBarBody>
              </MessageBar>
            )}
          </li>
        ))}
      </ul>
      <input
        ref={fileInput}
        className={styles.hidden}
        type="file"
        accept={CERTIFICATE_FILE_TYPES}
        aria-hidden="true"
        tabIndex={-1}
        onChange={(e) => void fileChosen(e.currentTarget.files)}
      />
    </PaneSection>
  );
}
