/**
 * Certificate checks for S/MIME: RFC 5280 path validation, the RFC 8550 S/MIME profile, address binding,
 * pinning and revocation; the signature status precedence; the bundled
 * Mozilla e-mail trust anchors. Pure TypeScript (pkijs + asn1js + WebCrypto): runs in Node and the browser.
 *
 * Primary status = the worst (STATUS_PRECEDENCE) status among error/warning findings, "valid" if none.
 * Rules worth knowing:
 * - checkCertificate throws SpmError MALFORMED when the certificate itself does not parse (the caller reports
 *   "malformed"); unreadable intermediates, anchors or CRLs are ignored with an info finding.
 * - Expiry: judged at the claimed signing time (signatures) when it is not in the future, else now;
 *   expired now but valid at signing time = warning finding "expired-since-signing", status unaffected.
 * - Revocation: "valid" only when every certificate below the anchor was checked good (CRL or OCSP);
 *   otherwise "revocation-unknown". Revoked always wins over a pin and over the signing time.
 * - Unknown critical extension on any non-anchor certificate, broken chain signature, CA without CA rights,
 *   pathLen or name-constraint violation: "invalid".
 * - Address binding: every address given (From, and Sender if present) must be one of the certificate's
 *   e-mail addresses, case-insensitive on the whole address; [] = "signer-mismatch"; null = info finding
 *   "no-address-binding".
 */
export type { SignatureStatus, Finding } from "./status";
export { STATUS_PRECEDENCE } from "./status";
// Sentences for statuses and findings: src/core/findings (re-exported here for the panes that read both).
export { statusText, findingText, findingSentence } from "../findings";
export type { CertificateInfo } from "./cert";
export { describeCertificate } from "./cert";
export type { RevocationSources } from "./revocation";
export type { PinnedCertificate, CertificateCheckInput, CertificateCheck } from "./check";
export { checkCertificate, signatureStatus } from "./check";
// The bundled trust anchors (about 190 KB of certificates) are their own entry, "./anchors", so that a pane
// bundle loads them only when it needs them.
