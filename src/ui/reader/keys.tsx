/**
 * The keys the web reader can use: those this origin's key store already holds (the same store as the
 * add-in's panes when they run on this origin), or a .p12/.pfx imported with the settings pane's own form
 * (its code, not a copy), which stores it encrypted in this browser for this origin only.
 */
import { Text } from "@fluentui/react-components";
import { useCallback, useEffect, useState, type ReactNode } from "react";
import { errorText, useLanguage, useStrings } from "../shared";
import { ImportIdentityForm } from "../settings/identity-forms";
import { Services } from "../settings/services";
import type { ReaderServices } from "./services";
import { readerStrings } from "./strings";

export function KeySection(props: { services: ReaderServices; onImported: () => void }): ReactNode {
  const t = useStrings(readerStrings);
  const language = useLanguage();
  const [emails, setEmails] = useState<string[] | undefined>();
  const [error, setError] = useState<unknown>();
  const [imported, setImported] = useState<string[]>([]);
  const { services, onImported } = props;

  const refresh = useCallback(async () => {
    try {
      const list = await (await services.store()).listIdentities();
      setEmails([...new Set(list.map((r) => r.email))]);
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  }, [services]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return (
    <section aria-labelledby="reader-keys" data-testid="reader-keys" style={{ display: "flex", flexDirection: "column", gap: 6 }}>
      <h2 id="reader-keys" style={{ fontSize: 16, margin: "4px 0" }}>
        {t("keysHeading")}
      </h2>
      {emails !== undefined && (
        <Text data-testid="reader-keys-held">{emails.length ? t("keysHeld", { emails: emails.join(", ") }) : t("noKeys")}</Text>
      )}
      {error !== undefined && <Text role="alert">{errorText(error, language)}</Text>}
      {imported.length > 0 && <Text role="status">{t("imported", { emails: imported.join(", ") })}</Text>}
      <details open={emails !== undefined && emails.length === 0}>
        <summary>{t("importHeading")}</summary>
        <Text as="p" size={200}>
          {t("importHint")}
        </Text>
        <Services.Provider value={services.settings}>
          <ImportIdentityForm
            submitLabel={t("importSubmit")}
            onImported={(result) => {
              setImported(result.records.map((r) => r.email));
              void refresh();
              onImported();
            }}
          />
        </Services.Provider>
      </details>
    </section>
  );
}
