/** The key store is locked and the user wants to sign: the passphrase, asked for right here. */
import { Button, Field, Input } from "@fluentui/react-components";
import { useState, type ReactNode } from "react";
import type { SpmStore } from "../../store";
import { errorText } from "../shared/errors";
import { useLanguage, useStrings } from "../shared/i18n";
import { strings } from "./strings";
import { useComposeStyles } from "./styles";
import { PaneSection } from "./section";

export function UnlockForm(props: { store: SpmStore; onUnlocked: (message: string) => void }): ReactNode {
  const language = useLanguage();
  const t = useStrings(strings);
  const styles = useComposeStyles();
  const [passphrase, setPassphrase] = useState("");
  const [unlockError, setUnlockError] = useState<unknown>();

  async function unlock(): Promise<void> {
    setUnlockError(undefined);
    try {
      await props.store.unlock(passphrase);
      setPassphrase("");
      props.onUnlocked(t("unlocked"));
    } catch (e) {
      setUnlockError(e);
    }
  }

  return (
    <PaneSection id="spm-locked" title={t("lockedTitle")}>
      <form
        className={styles.actions}
        onSubmit={(e) => {
          e.preventDefault();
          void unlock();
        }}
      >
        <Field label={t("passphrase")} validationMessage={unlockError !== undefined ? errorText(unlockError, language) : t("lockedText")} validationState={unlockError !== undefined ? "error" : "none"}>
          <Input type="password" value={passphrase} onChange={(_, d) => setPassphrase(d.value)} autoComplete="current-password" />
        </Field>
        <Button type="submit" appearance="primary" disabled={passphrase.length === 0}>
          {t("unlock")}
        </Button>
      </form>
    </PaneSection>
  );
}
