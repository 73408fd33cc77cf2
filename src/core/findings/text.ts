/**
 * The one English/German table for findings and signature statuses. The CLI and every pane render from here
 * (core holds the sentences as data; it never builds them where it finds the problem). Parameters are facts
 * (names, addresses, dates, OIDs); an English `detail` from a parser may be quoted in English only.
 */
import type { Language, LocalizedText } from "../types";
import type { CertificateRef, CrlProblem, Finding, FindingCode, FindingParams, ProtectedField, SignatureStatus } from "./codes";

type Renderers = { [C in FindingCode]: (p: FindingParams[C]) => LocalizedText };

function who(ref: CertificateRef): LocalizedText {
  return ref.authority === undefined
    ? { en: "The sender's certificate", de: "Das Zertifikat des Absenders" }
    : { en: `The authority certificate "${ref.authority}"`, de: `Das Zertifikat der Stelle „${ref.authority}“` };
}

/** Both languages from one template over the certificate reference. */
function about(ref: CertificateRef, en: (w: string) => string, de: (w: string) => string): LocalizedText {
  const w = who(ref);
  return { en: en(w.en), de: de(w.de) };
}

const CRL_PROBLEMS: Record<CrlProblem, (detail: string) => LocalizedText> = {
  "issuer-may-not-sign-crls": () => ({ en: "the issuer may not sign CRLs", de: "die ausstellende Stelle darf keine Sperrlisten signieren" }),
  "signature-uncheckable": (d) => ({ en: `its signature could not be checked (${d})`, de: "ihre Signatur konnte nicht geprüft werden" }),
  "signature-invalid": () => ({ en: "its signature is not valid", de: "ihre Signatur ist ungültig" }),
  "dated-in-future": () => ({ en: "it is dated in the future", de: "sie ist in die Zukunft datiert" }),
  "out-of-date": () => ({ en: "it is out of date", de: "sie ist veraltet" }),
  "delta-unsupported": () => ({ en: "delta CRLs are not supported", de: "Delta-Sperrlisten werden nicht unterstützt" }),
  "distribution-point-malformed": () => ({ en: "its issuing distribution point is malformed", de: "ihr Verteilungspunkt ist beschädigt" }),
  "partitioned-unsupported": () => ({ en: "partitioned CRLs are not supported", de: "aufgeteilte Sperrlisten werden nicht unterstützt" }),
  "only-end-entity": () => ({ en: "it covers only end-entity certificates", de: "sie gilt nur für Endzertifikate" }),
  "only-ca": () => ({ en: "it covers only CA certificates", de: "sie gilt nur für CA-Zertifikate" }),
  "unknown-critical-extension": (d) => ({ en: `it has an unknown critical extension ${d}`, de: `sie enthält eine unbekannte kritische Erweiterung (${d})` }),
};

const FIELD_NAMES: Record<Exclude<ProtectedField, "from">, LocalizedText> = {
  sender: { en: "Sender", de: "Sender" },
  to: { en: "To", de: "An" },
  cc: { en: "Cc", de: "Cc" },
  "reply-to": { en: "Reply-To", de: "Antwort an" },
  subject: { en: "Subject", de: "Betreff" },
  date: { en: "Date", de: "Datum" },
};

/** "3 hours" / "3 Stunden" (minutes below two hours, days from two days). */
function duration(minutes: number): LocalizedText {
  if (minutes < 120) return { en: `${minutes} minutes`, de: `${minutes} Minuten` };
  const hours = Math.round(minutes / 60);
  if (hours < 48) return { en: `${hours} hours`, de: `${hours} Stunden` };
  const days = Math.round(hours / 24);
  return { en: `${days} days`, de: `${days} Tage` };
}

const reasonSuffix = (reason?: string) => (reason ? ` (${reason})` : "");
const list = (items: string[], none: string) => items.join(", ") || none;

const FINDING_TEXTS: Renderers = {
  "self-signed-broken": () => ({
    en: "The sender's self-made certificate has a broken signature.",
    de: "Das selbst ausgestellte Zertifikat des Absenders hat eine fehlerhafte Signatur.",
  }),
  "self-signed": () => ({
    en: "The certificate was issued by its owner, not by a trusted authority.",
    de: "Das Zertifikat wurde vom Inhaber selbst ausgestellt, nicht von einer vertrauenswürdigen Stelle.",
  }),
  "no-trusted-chain": (p) => ({
    en: `No chain to a trusted authority was found (the chain ends at "${p.issuer}").`,
    de: `Es wurde keine Kette zu einer vertrauenswürdigen Stelle gefunden (die Kette endet bei „${p.issuer}“).`,
  }),
  "damaged-extensions": (p) => about(p,
    (w) => `${w} has damaged extensions (${p.extensions.join(", ")}).`,
    (w) => `${w} hat beschädigte Erweiterungen (${p.extensions.join(", ")}).`),
  "issuer-signature-invalid": (p) => about(p,
    (w) => `${w} does not carry a valid signature of its issuer.`,
    (w) => `${w} trägt keine gültige Signatur seines Ausstellers.`),
  "issuer-signature-unverifiable": (p) => about(p,
    (w) => `${w} is signed with an algorithm that cannot be checked (${p.algorithm}).`,
    (w) => `${w} ist mit einem Verfahren signiert, das nicht geprüft werden kann (${p.algorithm}).`),
  "issuer-signature-unverifiable-weak": (p) => FINDING_TEXTS["issuer-signature-unverifiable"](p),
  "unknown-critical-extension": (p) => about(p,
    (w) => `${w} has a critical extension this program does not understand (${p.extensions.join(", ")}), so it must be rejected.`,
    (w) => `${w} enthält eine als kritisch markierte Erweiterung, die dieses Programm nicht kennt (${p.extensions.join(", ")}), und muss daher abgelehnt werden.`),
  "certificate-weak-signature": (p) => about(p,
    (w) => `${w} is signed with an outdated algorithm (${p.algorithm}).`,
    (w) => `${w} ist mit einem veralteten Verfahren signiert (${p.algorithm}).`),
  "key-too-short": (p) => about(p,
    (w) => `${w} has a key that is too short (RSA ${p.bits ?? "?"} bits; at least 2048 are required).`,
    (w) => `${w} hat einen zu kurzen Schlüssel (RSA ${p.bits ?? "?"} Bit; mindestens 2048 sind nötig).`),
  "certificate-expired": (p) => about(p,
    (w) => `${w} expired on ${p.date}${p.beforeSigning ? ", before the message was signed" : ""}.`,
    (w) => `${w} ist am ${p.date} abgelaufen${p.beforeSigning ? ", also vor dem Signieren der Nachricht" : ""}.`),
  "certificate-not-yet-valid": (p) => about(p,
    (w) => `${w} is valid only from ${p.date}${p.afterSigning ? ", after the message was signed" : ""}.`,
    (w) => `${w} gilt erst ab ${p.date}${p.afterSigning ? ", also nach dem Signieren der Nachricht" : ""}.`),
  "issuer-not-ca": (p) => about(p,
    (w) => `${w} is not a certificate authority but issued a certificate.`,
    (w) => `${w} ist keine Zertifizierungsstelle, hat aber ein Zertifikat ausgestellt.`),
  "issuer-may-not-sign-certificates": (p) => about(p,
    (w) => `${w} may not sign certificates (key usage).`,
    (w) => `${w} darf keine Zertifikate signieren (Schlüsselverwendung).`),
  "issuer-not-for-email": (p) => about(p,
    (w) => `${w} is restricted to other purposes than e-mail (${p.purposes.join(", ")}).`,
    (w) => `${w} ist auf andere Zwecke als E-Mail beschränkt (${p.purposes.join(", ")}).`),
  "path-length-exceeded": (p) => about(p,
    (w) => `${w} allows at most ${p.max} intermediate authorities below it, but the chain has ${p.actual}.`,
    (w) => `${w} erlaubt höchstens ${p.max} Zwischenstellen darunter, die Kette hat aber ${p.actual}.`),
  "name-constraints-violated": (p) => about(p,
    (w) => `${w} is outside the names ${p.constrainedBy} may certify: ${p.detail}.`,
    (w) => `${w} liegt außerhalb der Namen, die ${p.constrainedBy} bestätigen darf.`),
  "key-usage-no-signature": () => ({
    en: "The certificate is not allowed for signatures (key usage).",
    de: "Das Zertifikat ist nicht für Signaturen zugelassen (Schlüsselverwendung).",
  }),
  "key-usage-no-encryption": (p) => ({
    en: `The certificate is not allowed for encryption (key usage lacks ${p.needed}).`,
    de: `Das Zertifikat ist nicht für Verschlüsselung zugelassen (Schlüsselverwendung ohne ${p.needed}).`,
  }),
  "certificate-not-for-email": (p) => ({
    en: `The certificate is not issued for e-mail (extended key usage: ${list(p.purposes, "none")}).`,
    de: `Das Zertifikat ist nicht für E-Mail ausgestellt (erweiterte Schlüsselverwendung: ${list(p.purposes, "keine")}).`,
  }),
  "no-address-to-compare": () => ({
    en: "There is no sender address to compare with the certificate, so only the certificate itself was checked.",
    de: "Es gibt keine Absenderadresse zum Vergleich mit dem Zertifikat; geprüft wurde nur das Zertifikat selbst.",
  }),
  "no-sender-address": () => ({
    en: "The message has no sender address, so the signer cannot be matched to a sender.",
    de: "Die Nachricht hat keine Absenderadresse; der Unterzeichner kann keinem Absender zugeordnet werden.",
  }),
  "signer-address-mismatch": (p) => ({
    en: `The certificate belongs to ${list(p.certificateAddresses, "none")}, but the message names ${p.messageAddress ?? "an address that cannot be read"}.`,
    de: `Das Zertifikat gehört zu ${list(p.certificateAddresses, "keine")}, die Nachricht nennt aber ${p.messageAddress ?? "eine unlesbare Adresse"}.`,
  }),
  "certificate-ignored": (p) => ({
    en: `An unreadable ${p.role === "trust-anchor" ? "trust anchor" : "intermediate"} certificate was ignored (${p.detail}).`,
    de: p.role === "trust-anchor" ? "Ein unlesbarer Vertrauensanker wurde ignoriert." : "Ein unlesbares Zwischenzertifikat wurde ignoriert.",
  }),
  "signing-time-in-future": () => ({
    en: "The claimed signing time lies in the future; the certificate was checked against the current time.",
    de: "Der angegebene Signaturzeitpunkt liegt in der Zukunft; das Zertifikat wurde zum aktuellen Zeitpunkt geprüft.",
  }),
  pinned: () => ({
    en: "You decided to trust this exact certificate for this address. No certification authority has confirmed it, and its revocation cannot be checked.",
    de: "Sie haben entschieden, genau diesem Zertifikat für diese Adresse zu vertrauen. Keine Zertifizierungsstelle hat es bestätigt, und eine Sperrung kann nicht geprüft werden.",
  }),
  "expired-since-signing": () => ({
    en: "The certificate was valid when the message was signed but has expired since. The signature itself is still acceptable.",
    de: "Das Zertifikat war beim Signieren gültig, ist aber inzwischen abgelaufen. Die Signatur selbst ist weiterhin in Ordnung.",
  }),
  "crl-unreadable": (p) => ({
    en: `An unreadable revocation list was ignored (${p.detail}).`,
    de: "Eine unlesbare Sperrliste wurde ignoriert.",
  }),
  "crl-not-used": (p) => {
    const problem = CRL_PROBLEMS[p.problem](p.detail ?? "");
    return {
      en: `A revocation list from ${p.issuer} was not used: ${problem.en}.`,
      de: `Eine Sperrliste von ${p.issuer} wurde nicht verwendet: ${problem.de}.`,
    };
  },
  "crl-fetch-failed": (p) => ({
    en: `The revocation list at ${p.url} could not be used: ${p.detail}.`,
    de: `Die Sperrliste unter ${p.url} konnte nicht verwendet werden.`,
  }),
  "ocsp-failed": (p) => ({
    en: `The online revocation check (OCSP) for ${p.subject} failed: ${p.detail}.`,
    de: `Die Online-Sperrprüfung (OCSP) für ${p.subject} ist fehlgeschlagen.`,
  }),
  revoked: (p) => about(p,
    (w) => `${w} was revoked${p.date ? ` on ${p.date}` : ""}${p.reason ? ` (reason: ${p.reason})` : ""}.`,
    (w) => `${w} wurde${p.date ? ` am ${p.date}` : ""} gesperrt${p.reason ? ` (Grund: ${p.reason})` : ""}.`),
  "revocation-not-available": () => ({
    en: "The certificate names no revocation service and no revocation list was provided, so revocation was not checked.",
    de: "Das Zertifikat nennt keinen Sperrdienst und es wurde keine Sperrliste bereitgestellt; eine Sperrung wurde daher nicht geprüft.",
  }),
  "revocation-unknown": () => ({
    en: "Whether the certificate has been revoked could not be checked (no current revocation list or online answer was available).",
    de: "Ob das Zertifikat gesperrt wurde, konnte nicht geprüft werden (keine aktuelle Sperrliste oder Online-Auskunft verfügbar).",
  }),
  "signature-malformed": (p) => ({
    en: `The signature could not be read${reasonSuffix(p.reason)}.`,
    de: `Die Signatur konnte nicht gelesen werden${reasonSuffix(p.reason)}.`,
  }),
  "signature-invalid": (p) => ({
    en: `The signature does not match the message${reasonSuffix(p.reason)}.`,
    de: `Die Signatur passt nicht zur Nachricht${reasonSuffix(p.reason)}.`,
  }),
  "signature-weak-algorithm": () => ({
    en: "The signature uses an outdated algorithm.",
    de: "Die Signatur verwendet ein veraltetes Verfahren.",
  }),
  "signer-certificate-missing": () => ({
    en: "The signer's certificate was not found in the message, so the signer is unknown.",
    de: "Das Zertifikat des Unterzeichners fehlt in der Nachricht; der Unterzeichner ist daher unbekannt.",
  }),
  "not-a-mail-signature": (p) => ({
    en: `The signature was made for another kind of data (content type ${p.contentType}), not for an e-mail message, so it does not vouch for this message.`,
    de: `Die Signatur wurde für eine andere Art von Daten (Inhaltstyp ${p.contentType}) erstellt, nicht für eine E-Mail-Nachricht; für diese Nachricht bürgt sie nicht.`,
  }),
  "line-endings-canonicalized": () => ({
    en: "The signed text arrived with Unix line endings (LF); it was checked, and is shown, in the standard form with CRLF line endings. Nothing else was changed.",
    de: "Der signierte Text kam mit Unix-Zeilenenden (LF) an; er wurde in der Standardform mit CRLF-Zeilenenden geprüft und wird so angezeigt. Sonst wurde nichts verändert.",
  }),
  "from-missing": () => ({
    en: "The message has no From address, so the signature cannot be tied to a sender.",
    de: "Die Nachricht hat keine Absenderadresse; die Signatur lässt sich keinem Absender zuordnen.",
  }),
  "from-multiple": () => ({
    en: "The message names several From addresses, so the signature cannot be tied to one sender.",
    de: "Die Nachricht nennt mehrere Absenderadressen; die Signatur lässt sich keinem Absender eindeutig zuordnen.",
  }),
  "legacy-cipher": (p) => ({
    en: `This message uses the outdated cipher ${p.cipher}.`,
    de: `Diese Nachricht verwendet das veraltete Verfahren ${p.cipher}.`,
  }),
  "not-integrity-protected": () => ({
    en: "The content is encrypted but not integrity protected: it may have been altered on the way.",
    de: "Der Inhalt ist verschlüsselt, aber nicht gegen Veränderung geschützt: er könnte unterwegs verändert worden sein.",
  }),
  "layered-signatures": () => ({
    en: "The message has several signature layers with different results.",
    de: "Die Nachricht hat mehrere Signaturebenen mit unterschiedlichen Ergebnissen.",
  }),
  "nested-smime": () => ({
    en: "The message contains an encrypted or signed attachment. It was not opened automatically and is not covered by this status.",
    de: "Die Nachricht enthält einen verschlüsselten oder signierten Anhang. Er wurde nicht automatisch geöffnet und ist von diesem Status nicht erfasst.",
  }),
  "no-headers": () => ({
    en: "No e-mail headers were given, so the signer's address was not compared with a sender.",
    de: "Es lagen keine E-Mail-Kopfzeilen vor; die Adresse des Unterzeichners wurde mit keinem Absender verglichen.",
  }),
  "outer-signature-only": () => ({
    en: "The only signature covers the encrypted form of the message, not the decrypted text: it does not show who wrote this text, and the text may have been altered.",
    de: "Die einzige Signatur umfasst nur die verschlüsselte Form der Nachricht, nicht den entschlüsselten Text: Sie zeigt nicht, wer diesen Text verfasst hat, und der Text kann verändert worden sein.",
  }),
  "outer-signature-not-valid": (p) => ({
    en: `A signature around the encrypted part is not valid (${p.status}). It covers only the encrypted form, not this text, whose own signature inside was checked.`,
    de: `Eine Signatur um den verschlüsselten Teil ist nicht gültig (${p.status}). Sie umfasst nur die verschlüsselte Form, nicht diesen Text, dessen eigene Signatur innen geprüft wurde.`,
  }),
  "signing-time-date-mismatch": (p) =>
    p.differenceMinutes === undefined
      ? {
          en: `The message's date (${p.date}) cannot be read, so it cannot be compared with the time of the signature (${p.signingTime}). It may be an older signed message sent again.`,
          de: `Das Datum der Nachricht (${p.date}) ist nicht lesbar und lässt sich daher nicht mit dem Zeitpunkt der Signatur (${p.signingTime}) vergleichen. Es kann sich um eine ältere signierte Nachricht handeln, die erneut gesendet wurde.`,
        }
      : {
          en: `The message's date (${p.date}) is ${duration(p.differenceMinutes).en} away from the time it was signed (${p.signingTime}). It may be an older signed message sent again under a new date.`,
          de: `Das Datum der Nachricht (${p.date}) liegt ${duration(p.differenceMinutes).de} vom Zeitpunkt der Signatur (${p.signingTime}) entfernt. Es kann sich um eine ältere signierte Nachricht handeln, die unter neuem Datum erneut gesendet wurde.`,
        },
  "protected-from-mismatch": (p) => ({
    en: `The sender written inside the protected message (${p.inner.join(", ")}) differs from the sender shown (${list(p.outer, "(no sender)")}).`,
    de: `Der in der geschützten Nachricht genannte Absender (${p.inner.join(", ")}) weicht vom angezeigten Absender (${list(p.outer, "(kein Absender)")}) ab.`,
  }),
  "protected-header-mismatch": (p) => ({
    en: `The ${FIELD_NAMES[p.field].en} field inside the protected message (${p.inner || "none"}) differs from the one outside (${p.outer || "none"}).`,
    de: `Das Feld „${FIELD_NAMES[p.field].de}“ in der geschützten Nachricht (${p.inner || "keines"}) weicht vom äußeren Wert (${p.outer || "keiner"}) ab.`,
  }),
};

/** Both sentences of a finding. */
export function findingText(f: Finding): LocalizedText {
  return (FINDING_TEXTS[f.code] as (p: unknown) => LocalizedText)(f.params);
}

/** The sentence of a finding in one language. */
export function findingSentence(f: Finding, language: Language): string {
  return findingText(f)[language];
}

const STATUS_TEXTS: Record<SignatureStatus, LocalizedText> = {
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

/** One plain sentence per signature status, English and German. */
export function statusText(status: SignatureStatus): LocalizedText {
  return STATUS_TEXTS[status];
}
