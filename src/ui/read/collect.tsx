/**
 * The signer's certificate into the address book: offered as a button, or added at once when the user's
 * read setting says so (store settings "read": { autoCollect }). The store enforces RFC 8551 §2.5.2
 * (valid signature, the signer's own From address, newer signing time only).
 */
import { Button, Text } from "@fluentui/react-components";
import { useEffect, useState, type ReactNode } from "react";
import type { OpenReport } from "../../core/smime";
import { errorText, useLanguage, useStrings } from "../shared";
import type { ContentServices } from "./services";
import { strings } from "./strings";

export const READ_SETTINGS_KEY = "read";
export const READ_SETTINGS_DEFAULTS = { autoCollect: false };

type CollectState = { phase: "checking" } | { phase: "offer" } | { phase: "present" } | { phase: "added"; auto: boolean } | { phase: "not-added" } | { phase: "error"; error: unknown };

export function CollectCertificate(props: { report: OpenReport; fromAddress: string; services: ContentServices }): ReactNode {
  const t = useStrings(strings);
  const language = useLanguage();
  const [state, setState] = useState<CollectState>({ phase: "checking" });
  const { report, fromAddress, services } = props;
  const email = report.signer?.email ?? "";

  const collect = async (auto: boolean) => {
    try {
      const store = await services.store();
      const entry = await store.collectFromSignedMail({
        certificate: report.signerCertificate!,
        signerEmails: report.signer?.emails ?? [],
        fromAddress,
        signatureValid: true,
        ...(report.signingTime ? { signingTime: new Date(report.signingTime) } : {}),
        capabilities: report.signerCapabilities ?? [],
      });
      setState(entry ? { phase: "added", auto } : { phase: "not-added" });
    } catch (e) {
      setState({ phase: "error", error: e });
    }
  };

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      try {
        const store = await services.store();
        const fingerprint = (report.signerInfo?.sha256FingerprintHex ?? "").toLowerCase().replace(/[^0-9a-f]/g, "");
        const existing = await store.findRecipient(fromAddress);
        if (cancelled) return;
        if (existing.some((e) => e.sha256Hex.toLowerCase() === fingerprint)) return setState({ phase: "present" });
        const settings = await store.getSettings(READ_SETTINGS_KEY, READ_SETTINGS_DEFAULTS);
        if (cancelled) return;
        if (settings.autoCollect) await collect(true);
        else setState({ phase: "offer" });
      } catch (e) {
        if (!cancelled) setState({ phase: "error", error: e });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [report, fromAddress]);

  return (
    <div data-testid="collect" data-phase={state.phase}>
      {state.phase === "offer" && <Button onClick={() => void collect(false)}>{t("addToAddressBook", { email })}</Button>}
      {state.phase === "present" && <Text size={200}>{t("alreadyInAddressBook", { email })}</Text>}
      {state.phase === "added" && <Text size={200} role="status">{state.auto ? t("autoAdded") : t("addedToAddressBook", { email })}</Text>}
      {state.phase === "not-added" && <Text size={200} role="status">{t("notAddedToAddressBook")}</Text>}
      {state.phase === "error" && <Text size={200} role="alert">{errorText(state.error, language)}</Text>}
    </div>
  );
}
