/**
 * Signature status precedence. The vocabulary (codes, statuses) and its sentences live in src/core/findings.
 *
 * Rule for the primary status: the worst (earliest in STATUS_PRECEDENCE) status among the findings whose
 * `status` is a SignatureStatus and whose severity is "error" or "warning"; "valid" when there is none.
 * Findings with an informational status ("pinned", "no-address-binding", ...) never change it.
 */
import type { Finding, SignatureStatus } from "../findings";

export type { Finding, SignatureStatus };

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

function isSignatureStatus(s: string): s is SignatureStatus {
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
