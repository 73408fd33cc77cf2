/** A plain, accessible view of a certificate's facts (describeCertificate), as a description list. */
import { Spinner } from "@fluentui/react-components";
import { useEffect, useState, type ReactNode } from "react";
import { describeCertificate, type CertificateInfo } from "../../core/pki";
import { formatDate, useLanguage, useStrings } from "../shared";
import { ErrorBar, useStyles } from "./common";
import { strings } from "./strings";

export function keyDescription(info: CertificateInfo): string {
  if (info.keyAlgorithm === "EC") return `ECC ${info.namedCurve ?? ""}`.trim();
  return info.keyBits ? `${info.keyAlgorithm} ${info.keyBits}` : info.keyAlgorithm;
}

/** Fingerprints in groups of two hex digits, as certificate viewers show them. */
function groupHex(hex: string): string {
  return hex.toUpperCase().replace(/(..)(?!$)/g, "$1:");
}

export function useCertificateInfo(der: Uint8Array): { info?: CertificateInfo; error?: unknown } {
  const [state, setState] = useState<{ info?: CertificateInfo; error?: unknown }>({});
  useEffect(() => {
    let live = true;
    describeCertificate(der).then(
      (info) => live && setState({ info }),
      (error: unknown) => live && setState({ error }),
    );
    return () => {
      live = false;
    };
  }, [der]);
  return state;
}

export function CertificateDetails(props: { der: Uint8Array; testId?: string }): ReactNode {
  const t = useStrings(strings);
  const language = useLanguage();
  const styles = useStyles();
  const { info, error } = useCertificateInfo(props.der);
  if (error) return <ErrorBar error={error} />;
  if (!info) return <Spinner size="tiny" label={t("working")} />;
  const rows: [string, string][] = [
    [t("detailSubject"), info.subject],
    [t("detailIssuer"), info.issuer],
    [t("detailEmails"), info.emails.join(", ") || "-"],
    [t("detailValidFrom"), formatDate(info.notBefore, language, true)],
    [t("detailValidTo"), formatDate(info.notAfter, language, true)],
    [t("detailKey"), keyDescription(info)],
    [t("detailUsage"), [...info.keyUsage, ...info.extKeyUsage].join(", ") || "-"],
    [t("detailSerial"), info.serialHex.toUpperCase()],
    [t("detailSignatureAlgorithm"), info.signatureAlgorithm],
    [t("detailFingerprint"), groupHex(info.sha256FingerprintHex)],
  ];
  return (
    <dl className={styles.facts} data-testid={props.testId ?? "certificate-details"}>
      {rows.map(([term, value]) => (
        <div key={term} style={{ display: "contents" }}>
          <dt style={{ fontWeight: 600 }}>{term}</dt>
          <dd className={`${styles.factValue} ${term === t("detailFingerprint") || term === t("detailSerial") ? styles.mono : ""}`}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
