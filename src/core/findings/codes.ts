/**
 * The closed vocabulary of findings: what the core can say about a message or a certificate, as data.
 *
 * A finding is `{ code, status, severity, params }`. The core never builds sentences: `./text.ts` holds the one
 * English/German table that the CLI and every pane render from. `code` names exactly one sentence; `status` is
 * what the finding means for the signature status (a SignatureStatus, or an informational category), and with
 * `severity` it is fixed by the code (one table below), so a code can never be emitted with a wrong weight.
 */

export type SignatureStatus =
  | "valid" | "invalid" | "untrusted" | "unsigned" | "malformed" | "expired" | "not-yet-valid" | "revoked"
  | "revocation-unknown" | "signer-mismatch" | "bad-key-usage" | "weak-algorithm" | "self-signed";

/**
 * Statuses of a signature that holds: valid, or valid with revocation not checkable. Anything else is "not
 * valid" (the CLI's exit 1, never a green bar).
 */
export const TRUSTED_STATUSES: ReadonlySet<SignatureStatus> = new Set<SignatureStatus>(["valid", "revocation-unknown"]);

/** Statuses of findings that never decide the signature status (always severity info or warning). */
export type InformationalStatus =
  | "pinned" | "no-address-binding" | "not-integrity-protected" | "certificate-ignored" | "signing-time-in-future"
  | "expired-since-signing" | "crl-unusable" | "ocsp-unusable" | "revocation-not-available" | "layered-signatures"
  | "nested-smime" | "outer-signature-only" | "protected-header-mismatch" | "line-endings-canonicalized"
  | "signing-time-date-mismatch" | "outer-signature-not-valid";

export type FindingStatus = SignatureStatus | InformationalStatus;

export type Severity = "error" | "warning" | "info";

/** Which certificate a finding is about: absent `authority` = the sender's (leaf) certificate. */
export interface CertificateRef {
  /** Subject of the authority (CA) certificate, when the finding is about one. */
  authority?: string;
}

/** Why a given or fetched CRL was not used. */
export type CrlProblem =
  | "issuer-may-not-sign-crls" | "signature-uncheckable" | "signature-invalid" | "dated-in-future" | "out-of-date"
  | "delta-unsupported" | "distribution-point-malformed" | "partitioned-unsupported" | "only-end-entity"
  | "only-ca" | "unknown-critical-extension";

/** Header fields compared between the outside of a message and its protected (RFC 9788) inside. */
export type ProtectedField = "from" | "sender" | "to" | "cc" | "reply-to" | "subject" | "date";

/**
 * Parameters per code. Strings in params are facts (names, addresses, OIDs, ISO dates), never sentences;
 * `detail` is a technical English reason (from a library or a parser) that the English text may quote.
 */
export interface FindingParams {
  // Certificate path (src/core/pki/check.ts)
  "self-signed-broken": Record<string, never>;
  "self-signed": Record<string, never>;
  "no-trusted-chain": { issuer: string };
  "damaged-extensions": CertificateRef & { extensions: string[] };
  "issuer-signature-invalid": CertificateRef;
  "issuer-signature-unverifiable": CertificateRef & { algorithm: string };
  "issuer-signature-unverifiable-weak": CertificateRef & { algorithm: string };
  "unknown-critical-extension": CertificateRef & { extensions: string[] };
  "certificate-weak-signature": CertificateRef & { algorithm: string };
  "key-too-short": CertificateRef & { bits?: number };
  "certificate-expired": CertificateRef & { date: string; beforeSigning: boolean };
  "certificate-not-yet-valid": CertificateRef & { date: string; afterSigning: boolean };
  "issuer-not-ca": CertificateRef;
  "issuer-may-not-sign-certificates": CertificateRef;
  "issuer-not-for-email": CertificateRef & { purposes: string[] };
  "path-length-exceeded": CertificateRef & { max: number; actual: number };
  "name-constraints-violated": CertificateRef & { constrainedBy: string; detail: string };
  // Leaf profile and address binding
  "key-usage-no-signature": Record<string, never>;
  "key-usage-no-encryption": { needed: string };
  "certificate-not-for-email": { purposes: string[] };
  "no-address-to-compare": Record<string, never>;
  "no-sender-address": Record<string, never>;
  "signer-address-mismatch": { certificateAddresses: string[]; messageAddress?: string };
  "certificate-ignored": { role: "trust-anchor" | "intermediate"; detail: string };
  "signing-time-in-future": Record<string, never>;
  "pinned": Record<string, never>;
  "expired-since-signing": Record<string, never>;
  // Revocation (src/core/pki/revocation.ts)
  "crl-unreadable": { detail: string };
  "crl-not-used": { issuer: string; problem: CrlProblem; detail?: string };
  "crl-fetch-failed": { url: string; detail: string };
  "ocsp-failed": { subject: string; detail: string };
  "revoked": CertificateRef & { date?: string; reason?: string };
  "revocation-not-available": Record<string, never>;
  "revocation-unknown": Record<string, never>;
  // The CMS signature itself
  "signature-malformed": { reason?: string };
  "signature-invalid": { reason?: string };
  "signature-weak-algorithm": Record<string, never>;
  "signer-certificate-missing": Record<string, never>;
  "not-a-mail-signature": { contentType: string };
  /** The content verified only after bare LF line endings were turned into CRLF (RFC 8551 §3.1.1). */
  "line-endings-canonicalized": Record<string, never>;
  // The message (src/core/smime/open.ts)
  "from-missing": Record<string, never>;
  "from-multiple": Record<string, never>;
  "legacy-cipher": { cipher: string };
  "not-integrity-protected": Record<string, never>;
  "layered-signatures": Record<string, never>;
  "nested-smime": Record<string, never>;
  "no-headers": Record<string, never>;
  "outer-signature-only": Record<string, never>;
  /** A signature outside the encryption that is not valid, while one inside speaks for the content. */
  "outer-signature-not-valid": { status: SignatureStatus };
  /**
   * The Date header and the signature's signingTime differ by more than CoreConfig.signingTimeDateToleranceMs
   * (`differenceMinutes`), or the Date cannot be read (no `differenceMinutes`). `date` as written.
   */
  "signing-time-date-mismatch": { date: string; signingTime: string; differenceMinutes?: number };
  "protected-from-mismatch": { inner: string[]; outer: string[] };
  /** `inner`: what the protected part says the field is (for encrypted mail: its HP-Outer record); "" = absent. */
  "protected-header-mismatch": { field: Exclude<ProtectedField, "from">; inner: string; outer: string };
}

export type FindingCode = keyof FindingParams;

/** Status and severity of every code. The `satisfies` makes this table and FindingParams list the same codes. */
export const FINDING_DEFINITIONS = {
  "self-signed-broken": { status: "invalid", severity: "error" },
  "self-signed": { status: "self-signed", severity: "error" },
  "no-trusted-chain": { status: "untrusted", severity: "error" },
  "damaged-extensions": { status: "malformed", severity: "error" },
  "issuer-signature-invalid": { status: "invalid", severity: "error" },
  "issuer-signature-unverifiable": { status: "invalid", severity: "error" },
  "issuer-signature-unverifiable-weak": { status: "weak-algorithm", severity: "error" },
  "unknown-critical-extension": { status: "invalid", severity: "error" },
  "certificate-weak-signature": { status: "weak-algorithm", severity: "error" },
  "key-too-short": { status: "weak-algorithm", severity: "error" },
  "certificate-expired": { status: "expired", severity: "error" },
  "certificate-not-yet-valid": { status: "not-yet-valid", severity: "error" },
  "issuer-not-ca": { status: "invalid", severity: "error" },
  "issuer-may-not-sign-certificates": { status: "invalid", severity: "error" },
  "issuer-not-for-email": { status: "bad-key-usage", severity: "error" },
  "path-length-exceeded": { status: "invalid", severity: "error" },
  "name-constraints-violated": { status: "invalid", severity: "error" },
  "key-usage-no-signature": { status: "bad-key-usage", severity: "error" },
  "key-usage-no-encryption": { status: "bad-key-usage", severity: "error" },
  "certificate-not-for-email": { status: "bad-key-usage", severity: "error" },
  "no-address-to-compare": { status: "no-address-binding", severity: "info" },
  "no-sender-address": { status: "signer-mismatch", severity: "error" },
  "signer-address-mismatch": { status: "signer-mismatch", severity: "error" },
  "certificate-ignored": { status: "certificate-ignored", severity: "info" },
  "signing-time-in-future": { status: "signing-time-in-future", severity: "warning" },
  "pinned": { status: "pinned", severity: "info" },
  "expired-since-signing": { status: "expired-since-signing", severity: "warning" },
  "crl-unreadable": { status: "crl-unusable", severity: "info" },
  "crl-not-used": { status: "crl-unusable", severity: "info" },
  "crl-fetch-failed": { status: "crl-unusable", severity: "info" },
  "ocsp-failed": { status: "ocsp-unusable", severity: "info" },
  "revoked": { status: "revoked", severity: "error" },
  "revocation-not-available": { status: "revocation-not-available", severity: "info" },
  "revocation-unknown": { status: "revocation-unknown", severity: "warning" },
  "signature-malformed": { status: "malformed", severity: "error" },
  "signature-invalid": { status: "invalid", severity: "error" },
  "signature-weak-algorithm": { status: "weak-algorithm", severity: "error" },
  "signer-certificate-missing": { status: "untrusted", severity: "error" },
  "not-a-mail-signature": { status: "invalid", severity: "error" },
  "line-endings-canonicalized": { status: "line-endings-canonicalized", severity: "info" },
  "from-missing": { status: "signer-mismatch", severity: "error" },
  "from-multiple": { status: "signer-mismatch", severity: "error" },
  "legacy-cipher": { status: "weak-algorithm", severity: "warning" },
  "not-integrity-protected": { status: "not-integrity-protected", severity: "warning" },
  "layered-signatures": { status: "layered-signatures", severity: "warning" },
  "nested-smime": { status: "nested-smime", severity: "info" },
  "no-headers": { status: "no-address-binding", severity: "info" },
  "outer-signature-only": { status: "outer-signature-only", severity: "warning" },
  "outer-signature-not-valid": { status: "outer-signature-not-valid", severity: "info" },
  "signing-time-date-mismatch": { status: "signing-time-date-mismatch", severity: "warning" },
  "protected-from-mismatch": { status: "signer-mismatch", severity: "error" },
  "protected-header-mismatch": { status: "protected-header-mismatch", severity: "warning" },
} as const satisfies { [C in FindingCode]: { status: FindingStatus; severity: Severity } };

/** Every code, for tests and tables (closed: a new code must be added to FindingParams and the table). */
export const FINDING_CODES = Object.keys(FINDING_DEFINITIONS) as FindingCode[];

/** One finding; a discriminated union on `code`, so `params` is typed by the code. */
export type Finding = {
  [C in FindingCode]: {
    code: C;
    status: (typeof FINDING_DEFINITIONS)[C]["status"];
    severity: (typeof FINDING_DEFINITIONS)[C]["severity"];
    params: FindingParams[C];
  };
}[FindingCode];

type NoParams<C extends FindingCode> = FindingParams[C] extends Record<string, never> ? C : never;
type CodesWithoutParams = { [C in FindingCode]: NoParams<C> }[FindingCode];

/** Make a finding; status and severity come from the code. */
export function finding<C extends CodesWithoutParams>(code: C): Finding;
export function finding<C extends FindingCode>(code: C, params: FindingParams[C]): Finding;
export function finding(code: FindingCode, params: object = {}): Finding {
  const def = FINDING_DEFINITIONS[code];
  return { code, status: def.status, severity: def.severity, params } as Finding;
}
