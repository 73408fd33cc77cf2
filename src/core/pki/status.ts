/**
 * Signature status vocabulary, its precedence, and the plain sentences (English, German) a clinician reads.
 *
 * Rule for the primary status: the worst (earliest in STATUS_PRECEDENCE) status among the findings whose
 * `status` is a SignatureStatus and whose severity is "error" or "warning"; "valid" when there is none.
 * Informational findings ("pinned", "no-address-binding", "expired-since-signing", ...) never change it.
 */
import type { LocalizedText } from "../types";

export type SignatureStatus =
  | "valid" | "invalid" | "untrusted" | "unsigned" | "malformed" | "expired" | "not-yet-valid" | "revoked"
  | "revocation-unknown" | "signer-mismatch" | "bad-key-usage" | "weak-algorithm" | "self-signed";

export interface Finding {
  // TODO(issue 14): a closed list of finding codes; until then `string` swallows the named ones.
  // eslint-disable-next-line @typescript-eslint/no-redundant-type-constituents
  status: SignatureStatus | "pinned" | "no-address-binding" | "not-integrity-protected" | string;
  severity: "error" | "warning" | "info";
  text: LocalizedText;
}

/**
 * Worst first. "malformed" and "invalid" say the signature itself cannot be relied on at all; "revoked"
 * is an explicit warning by the issuer; "signer-mismatch" is the classic spoofing case; then the
 * certificate-profile and trust problems; "revocation-unknown" is the positive-but-qualified state;
 * "valid" is the only unqualified good state. "unsigned" stands apart: it is only ever the status when
 * there is no signature at all (it is last so that it never wins over a real finding).
 */
export const STATUS_PRECEDENCE: SignatureStatus[] = [
  "malformed",
  "invalid",
  "revoked",
  "signer-mismatch",
  "bad-key-usage",
  "untrusted",
  "expired",
  "not-yet-valid",
  "self-signed",
  "weak-algorithm",
  "revocation-unknown",
  "valid",
  "unsigned",
];

const STATUS_SET = new Set<string>(STATUS_PRECEDENCE);

export function isSignatureStatus(s: string): s is SignatureStatus {
  return STATUS_SET.has(s);
}

/** Primary status from findings (see the rule at the top of this file). */
export function primaryStatus(findings: Finding[]): SignatureStatus {
  let best: SignatureStatus = "valid";
  for (const f of findings) {
    if (f.severity === "info" || !isSignatureStatus(f.status)) continue;
    if (STATUS_PRECEDENCE.indexOf(f.status) < STATUS_PRECEDENCE.indexOf(best)) best = f.status;
  }
  return best;
}

const TEXTS: Record<SignatureStatus, LocalizedText> = {
  valid: {
    en: "The signature is valid, and the sender's certificate is trusted and not revoked.",
    de: "Die Signatur ist gültig, und das Zertifikat des Absenders ist vertrauenswürdig und nicht gesperrt.",
  },
  "revocation-unknown": {
    en: "The signature is valid and the sender's certificate is trusted, but it could not be checked whether the certificate has been revoked.",
    de: "Die Signatur ist gültig und das Zertifikat des Absenders vertrauenswürdig, aber es konnte nicht geprüft werden, ob das Zertifikat gesperrt wurde.",
  },
  invalid: {
    en: "The signature is not valid: the message may have been changed, or the sender's certificate failed a security check. Do not rely on who sent it.",
    de: "Die Signatur ist ungültig: Die Nachricht wurde möglicherweise verändert, oder das Zertifikat des Absenders hat eine Sicherheitsprüfung nicht bestanden. Verlassen Sie sich nicht auf den angegebenen Absender.",
  },
  untrusted: {
    en: "The signature is intact, but the sender's certificate was not issued by an authority you trust, so the sender's identity is not confirmed.",
    de: "Die Signatur ist intakt, aber das Zertifikat des Absenders stammt nicht von einer vertrauenswürdigen Stelle. Die Identität des Absenders ist daher nicht bestätigt.",
  },
  unsigned: {
    en: "This message is not signed, so its sender and content cannot be confirmed.",
    de: "Diese Nachricht ist nicht signiert. Absender und Inhalt können daher nicht bestätigt werden.",
  },
  malformed: {
    en: "The signature is damaged or in a format that cannot be read, so it could not be checked.",
    de: "Die Signatur ist beschädigt oder hat ein unlesbares Format und konnte daher nicht geprüft werden.",
  },
  expired: {
    en: "The sender's certificate was expired when the message was signed, so the signature cannot be relied on.",
    de: "Das Zertifikat des Absenders war beim Signieren bereits abgelaufen. Auf die Signatur ist daher kein Verlass.",
  },
  "not-yet-valid": {
    en: "The sender's certificate was not yet valid when the message was signed, so the signature cannot be relied on. A clock may be set wrong.",
    de: "Das Zertifikat des Absenders war beim Signieren noch nicht gültig. Auf die Signatur ist daher kein Verlass. Möglicherweise geht eine Uhr falsch.",
  },
  revoked: {
    en: "The sender's certificate has been revoked by the authority that issued it. Do not trust this signature.",
    de: "Das Zertifikat des Absenders wurde von der ausstellenden Stelle gesperrt. Vertrauen Sie dieser Signatur nicht.",
  },
  "signer-mismatch": {
    en: "The message was signed with a certificate for a different e-mail address than the sender shown. It may not come from who it claims.",
    de: "Die Nachricht wurde mit einem Zertifikat für eine andere E-Mail-Adresse als die des angezeigten Absenders signiert. Sie stammt möglicherweise nicht von der angegebenen Person.",
  },
  "bad-key-usage": {
    en: "The sender's certificate is not approved for this use in e-mail, so it cannot be relied on.",
    de: "Das Zertifikat des Absenders ist für diese Verwendung in E-Mails nicht zugelassen. Darauf ist daher kein Verlass.",
  },
  "weak-algorithm": {
    en: "The signature or the certificate uses an outdated, weak security method, so it cannot be relied on.",
    de: "Die Signatur oder das Zertifikat verwendet ein veraltetes, unsicheres Verfahren. Darauf ist daher kein Verlass.",
  },
  "self-signed": {
    en: "The sender issued this certificate themselves; no trusted authority confirms their identity. Trust it only after checking it with the sender.",
    de: "Der Absender hat dieses Zertifikat selbst ausgestellt; keine vertrauenswürdige Stelle bestätigt seine Identität. Vertrauen Sie ihm nur, wenn Sie es mit dem Absender abgeglichen haben.",
  },
};

/** One plain sentence per status, English and German. */
export function statusText(status: SignatureStatus): LocalizedText {
  return TEXTS[status];
}

export function finding(status: Finding["status"], severity: Finding["severity"], en: string, de: string): Finding {
  return { status, severity, text: { en, de } };
}
