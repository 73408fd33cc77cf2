/**
 * "Trust this certificate for <address>": the user's own decision (a pin, like a browser exception) for an
 * intact signature whose certificate has no path to a trust anchor. A security decision, so a confirmation
 * step shows the SHA-256 fingerprint to compare with the sender. After pinning, the pane opens the message again
 * and the core reports the signer as pinned.
 */
import { Button, Text } from "@fluentui/react-components";
import { useState, type ReactNode } from "react";
import { errorText, useLanguage, useStrings } from "../shared";
import type { ContentServices } from "./services";
import { strings } from "./strings";

type TrustState = { phase: "offer" } | { phase: "confirm" } | { phase: "busy" } | { phase: "error"; error: unknown };

/** Hex in pairs (AB:CD:...), as certificate viewers show it, so it can be read out on the phone. */
function groupedFingerprint(hex: string): string {
  return (hex.toUpperCase().replace(/[^0-9A-F]/g, "").match(/.{1,2}/g) ?? []).join(":");
}

export function TrustCertificate(props: { address: string; certificate: Uint8Array; fingerprintHex: string; services: ContentServices; onPinned: () => void }): ReactNode {
  const t = useStrings(strings);
  const language = useLanguage();
  const [state, setState] = useState<TrustState>({ phase: "offer" });

  const pin = async () => {
    setState({ phase: "busy" });
    try {
      await (await props.services.store()).pinCertificate(props.address, props.certificate);
      props.onPinned();
    } catch (e) {
      setState({ phase: "error", error: e });
    }
  };

  return (
    <div data-testid="trust" data-phase={state.phase} style={{ display: "flex", flexDirection: "column", gap: 6, alignItems: "flex-start" }}>
      {state.phase === "offer" && (
        <>
          <Button onClick={() => setState({ phase: "confirm" })}>{t("trustCertificate", { email: props.address })}</Button>
          <Text size={200}>{t("trustExplanation")}</Text>
        </>
      )}
      {(state.phase === "confirm" || state.phase === "busy") && (
        <div role="group" aria-label={t("trustCertificate", { email: props.address })} style={{ display: "flex", flexDirection: "column", gap: 6 }}>
          <Text>{t("trustExplanation")}</Text>
          <Text>{t("trustConfirmQuestion")}</Text>
          <Text font="monospace" data-testid="trust-fingerprint" style={{ wordBreak: "break-all" }}>
            {groupedFingerprint(props.fingerprintHex)}
          </Text>
          <div style={{ display: "flex", gap: 8 }}>
            <Button appearance="primary" disabled={state.phase === "busy"} onClick={() => void pin()}>
              {t("trustConfirm")}
            </Button>
            <Button disabled={state.phase === "busy"} onClick={() => setState({ phase: "offer" })}>
              {t("trustCancel")}
            </Button>
          </div>
        </div>
      )}
      {state.phase === "error" && (
        <Text size={200} role="alert">
          {errorText(state.error, language)}
        </Text>
      )}
    </div>
  );
}
