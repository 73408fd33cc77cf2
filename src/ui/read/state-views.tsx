/**
 * The read views for states other than an opened message: the locked key store (passphrase inline, then
 * retry) and a failed open (one calm sentence by code, the recipients a message names when it is not for
 * us). Shared by the Outlook pane and the web reader.
 */
import { Button, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Text } from "@fluentui/react-components";
import { useState, type ReactNode } from "react";
import { SpmError } from "../../core/errors";
import { errorCode, errorText, useLanguage, useStrings } from "../shared";
import { RecipientList, type RecipientSummaryLike } from "./recipients";
import type { ContentServices } from "./services";
import { strings } from "./strings";

export function UnlockForm(props: { services: ContentServices; onUnlocked: () => void }): ReactNode {
  const t = useStrings(strings);
  const language = useLanguage();
  const [passphrase, setPassphrase] = useState("");
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      await (await props.services.store()).unlock(passphrase);
      setPassphrase("");
      props.onUnlocked();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      data-testid="locked"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      style={{ display: "flex", flexDirection: "column", gap: 8 }}
    >
      <MessageBar intent="warning">
        <MessageBarBody>
          <MessageBarTitle>{t("lockedTitle")}</MessageBarTitle>
          {errorText(new SpmError("STORE_LOCKED", "The key store is locked"), language)}
        </MessageBarBody>
      </MessageBar>
      <Field label={t("passphrase")} validationMessage={error ? errorText(error, language) : undefined} validationState={error ? "error" : "none"}>
        <Input type="password" value={passphrase} onChange={(_, d) => setPassphrase(d.value)} autoFocus data-testid="passphrase" />
      </Field>
      <Button appearance="primary" type="submit" disabled={busy || passphrase === ""}>
        {t("unlockAndRetry")}
      </Button>
    </form>
  );
}

/**
 * `onOpenLegacy`: the error is a 3DES message refused because the legacy switch is off; the view explains the
 * method and offers to open this message with it (the opened status then carries the legacy-cipher warning).
 */
export function ErrorView(props: { error: unknown; storageLost: boolean; onRetry: () => void; onOpenLegacy?: () => void; children?: ReactNode }): ReactNode {
  const t = useStrings(strings);
  const language = useLanguage();
  const code = errorCode(props.error);
  const recipients = code === "NOT_FOR_ME" ? ((props.error as { details?: { recipients?: RecipientSummaryLike[] } }).details?.recipients ?? []) : [];
  if (props.onOpenLegacy) {
    return (
      <MessageBar intent="warning" layout="multiline" data-testid="legacy-cipher" data-code={code}>
        <MessageBarBody>
          <MessageBarTitle>{t("legacyTitle")}</MessageBarTitle>
          <span data-testid="legacy-text">{t("legacyExplain")}</span>
          <div style={{ marginTop: 6 }}>
            <Button size="small" data-testid="open-legacy" onClick={props.onOpenLegacy}>
              {t("openLegacy")}
            </Button>
          </div>
        </MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <MessageBar intent="error" layout="multiline" data-testid="error" data-code={code}>
      <MessageBarBody>
        <MessageBarTitle>{t("errorTitle")}</MessageBarTitle>
        <span data-testid="error-text">{errorText(props.error, language)}</span>
        {code === "NOT_FOR_ME" && recipients.length > 0 && <RecipientList recipients={recipients} />}
        {code === "NOT_FOR_ME" && props.storageLost && <Text as="p">{t("restoreHint")}</Text>}
        {props.children}
        {code !== "NOT_FOR_ME" && code !== "MALFORMED" && code !== "UNSUPPORTED_ALGORITHM" && code !== "DECRYPTION_FAILED" && (
          <div style={{ marginTop: 6 }}>
            <Button size="small" onClick={props.onRetry}>
              {t("retry")}
            </Button>
          </div>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}
