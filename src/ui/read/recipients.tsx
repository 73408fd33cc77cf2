/** The recipient identities an encrypted message names (shown when none of them is ours). */
import type { ReactNode } from "react";
import { useStrings } from "../shared";
import { strings } from "./strings";

export interface RecipientSummaryLike {
  kind: string;
  issuer?: string;
  serialNumberHex?: string;
  subjectKeyIdentifierHex?: string;
  keyAlgorithm?: string;
}

export function RecipientList(props: { recipients: RecipientSummaryLike[] }): ReactNode {
  const t = useStrings(strings);
  return (
    <div data-testid="recipients" style={{ marginTop: 6 }}>
      <span>{t("recipientsNamed")}</span>
      <ul style={{ margin: "4px 0 0", paddingLeft: 18 }}>
        {props.recipients.slice(0, 20).map((r, i) => (
          <li key={i}>
            {r.issuer !== undefined
              ? t("recipientEntry", { issuer: r.issuer, serial: r.serialNumberHex ?? "?" })
              : r.subjectKeyIdentifierHex
                ? t("recipientSki", { ski: r.subjectKeyIdentifierHex })
                : r.kind}
          </li>
        ))}
      </ul>
    </div>
  );
}
