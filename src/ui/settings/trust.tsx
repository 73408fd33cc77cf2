/** Trust: bundled anchors (count, date), organisation anchors, the user's pinned certificates (revoke). */
import { Button, Text } from "@fluentui/react-components";
import { useEffect, useState, type ReactNode } from "react";
import { describeCertificate, type CertificateInfo } from "../../core/pki";
import type { Pin } from "../../store";
import { formatDate, useLanguage, useStrings } from "../shared";
import { ErrorBar, useStyles, ViewSection } from "./common";
import { CertificateDetails } from "./certificate-details";
import { Services } from "./services";
import { strings } from "./strings";
import { useAction } from "./use-action";

export function TrustView(props: { pins: Pin[]; onChanged: () => Promise<void>; announce: (text: string) => void }): ReactNode {
  const t = useStrings(strings);
  const language = useLanguage();
  const styles = useStyles();
  const services = Services.use();
  const [organisation, setOrganisation] = useState<{ anchors?: CertificateInfo[]; error?: unknown }>({});
  const { error, setError, run } = useAction();
  const [openPin, setOpenPin] = useState<string | undefined>();
  const [bundled, setBundled] = useState<{ count: number; generatedAt: string } | undefined>();

  useEffect(() => {
    let live = true;
    // The bundled roots (~190 KB) load on demand, not with the pane.
    import("../../core/pki/anchors").then(
      (m) => live && setBundled(m.BUNDLED_ANCHORS_INFO),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    let live = true;
    services
      .organisationAnchors()
      .then((ders) => Promise.all(ders.map((d) => describeCertificate(d))))
      .then(
        (anchors) => live && setOrganisation({ anchors }),
        (e: unknown) => live && setOrganisation({ error: e }),
      );
    return () => {
      live = false;
    };
  }, [services]);

  const revoke = (pin: Pin) =>
    run(async () => {
      await (await services.store()).removePin(pin.email, pin.sha256Hex);
      props.announce(t("pinRevoked", { email: pin.email }));
      await props.onChanged();
    });

  return (
    <ViewSection name="trust" title={t("trustTitle")}>
      <h3 style={{ margin: 0, fontSize: 16 }}>{t("bundledTitle")}</h3>
      {bundled && (
        <Text data-testid="bundled-anchors">{t("bundledInfo", { count: bundled.count, date: formatDate(new Date(bundled.generatedAt), language) })}</Text>
      )}
      <h3 style={{ margin: 0, fontSize: 16 }}>{t("organisationTitle")}</h3>
      {organisation.error !== undefined && <ErrorBar error={organisation.error} />}
      {organisation.anchors &&
        (organisation.anchors.length === 0 ? (
          <Text data-testid="organisation-anchors">{t("organisationNone")}</Text>
        ) : (
          <ul className={styles.list} data-testid="organisation-anchors" aria-label={t("organisationTitle")}>
            {organisation.anchors.map((a) => (
              <li key={a.sha256FingerprintHex} className={styles.card}>
                <Text weight="semibold">{a.subject}</Text>
                <Text size={200}>{t("validUntil", { date: formatDate(a.notAfter, language) })}</Text>
              </li>
            ))}
          </ul>
        ))}
      <h3 style={{ margin: 0, fontSize: 16 }}>{t("pinsTitle")}</h3>
      <Text size={200}>{t("pinsIntro")}</Text>
      <ErrorBar error={error} />
      {props.pins.length === 0 ? (
        <Text data-testid="pins-empty">{t("pinsNone")}</Text>
      ) : (
        <ul className={styles.list} aria-label={t("pinsTitle")}>
          {props.pins.map((pin) => {
            const key = `${pin.email}/${pin.sha256Hex}`;
            return (
              <li key={key} className={styles.card} data-testid="pin">
                <Text weight="semibold">{pin.email}</Text>
                <Text size={200}>{t("pinnedOn", { date: formatDate(pin.createdAt, language) })}</Text>
                <div className={styles.row}>
                  <Button size="small" aria-expanded={openPin === key} onClick={() => setOpenPin(openPin === key ? undefined : key)}>
                    {t("detailsButton")}
                  </Button>
                  <Button size="small" onClick={() => void revoke(pin)} data-testid="pin-revoke" aria-label={t("pinRevokeLabel", { email: pin.email })}>
                    {t("pinRevoke")}
                  </Button>
                </div>
                {openPin === key && <CertificateDetails der={pin.certificate} />}
              </li>
            );
          })}
        </ul>
      )}
    </ViewSection>
  );
}
