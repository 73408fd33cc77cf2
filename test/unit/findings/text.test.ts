/** The findings table: a closed list of codes, each rendered in English and German from its parameters. */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import {
  finding, FINDING_CODES, FINDING_DEFINITIONS, findingSentence, findingText, statusText,
  type Finding, type FindingCode, type FindingParams,
} from "../../../src/core/findings";
import { STATUS_PRECEDENCE } from "../../../src/core/pki";

/** Parameters with every optional field set, so that no template can print "undefined". */
const SAMPLE: { [C in FindingCode]: FindingParams[C] } = {
  "self-signed-broken": {},
  "self-signed": {},
  "no-trusted-chain": { issuer: "CN=Unknown CA" },
  "damaged-extensions": { authority: "CN=CA", extensions: ["2.5.29.15"] },
  "issuer-signature-invalid": { authority: "CN=CA" },
  "issuer-signature-unverifiable": { algorithm: "1.2.3" },
  "issuer-signature-unverifiable-weak": { algorithm: "md2WithRSAEncryption" },
  "unknown-critical-extension": { extensions: ["1.2.3.4"] },
  "certificate-weak-signature": { algorithm: "sha1WithRSAEncryption" },
  "key-too-short": { bits: 1024 },
  "certificate-expired": { date: "2020-01-01", beforeSigning: true },
  "certificate-not-yet-valid": { date: "2030-01-01", afterSigning: true },
  "issuer-not-ca": { authority: "CN=Leaf" },
  "issuer-may-not-sign-certificates": { authority: "CN=CA" },
  "issuer-not-for-email": { authority: "CN=CA", purposes: ["serverAuth"] },
  "path-length-exceeded": { authority: "CN=CA", max: 0, actual: 1 },
  "name-constraints-violated": { constrainedBy: "CN=CA", detail: "rfc822Name x@y is excluded" },
  "key-usage-no-signature": {},
  "key-usage-no-encryption": { needed: "keyEncipherment" },
  "certificate-not-for-email": { purposes: [] },
  "no-address-to-compare": {},
  "no-sender-address": {},
  "signer-address-mismatch": { certificateAddresses: ["alice@example.org"], messageAddress: "mallory@example.org" },
  "certificate-ignored": { role: "trust-anchor", detail: "bad DER" },
  "signing-time-in-future": {},
  pinned: {},
  "expired-since-signing": {},
  "crl-unreadable": { detail: "bad DER" },
  "crl-not-used": { issuer: "CN=CA", problem: "unknown-critical-extension", detail: "1.2.3" },
  "crl-fetch-failed": { url: "https://crl.example/ca.crl", detail: "timeout" },
  "ocsp-failed": { subject: "CN=Alice", detail: "the response is out of date" },
  revoked: { date: "2024-02-03", reason: "keyCompromise" },
  "revocation-not-available": {},
  "revocation-unknown": {},
  "signature-malformed": { reason: "truncated" },
  "signature-invalid": { reason: "digest mismatch" },
  "signature-weak-algorithm": {},
  "signer-certificate-missing": {},
  "not-a-mail-signature": { contentType: "1.2.840.113549.1.9.16.1.4" },
  "from-missing": {},
  "from-multiple": {},
  "legacy-cipher": { cipher: "des-ede3-cbc" },
  "not-integrity-protected": {},
  "layered-signatures": {},
  "nested-smime": {},
  "no-headers": {},
  "outer-signature-only": {},
  "line-endings-canonicalized": {},
  "outer-signature-not-valid": { status: "invalid" },
  "signing-time-date-mismatch": { date: "Fri, 4 Dec 2026 12:00:00 +0000", signingTime: "2026-12-04T09:00:00.000Z", differenceMinutes: 180 },
  "protected-from-mismatch": { inner: ["ceo@example.org"], outer: ["mallory@example.org"] },
  "protected-header-mismatch": { field: "subject", inner: "Results", outer: "Hello" },
};

test("every code has a status, a severity, and an English and a German sentence", () => {
  assert.equal(FINDING_CODES.length, Object.keys(SAMPLE).length);
  for (const code of FINDING_CODES) {
    const f = finding(code, SAMPLE[code] as never);
    assert.equal(f.code, code);
    assert.deepEqual({ status: f.status, severity: f.severity }, { ...FINDING_DEFINITIONS[code] });
    const text = findingText(f);
    for (const sentence of [text.en, text.de]) {
      assert.ok(sentence.length > 20 && /[.]$/.test(sentence), `${code}: ${sentence}`);
      assert.doesNotMatch(sentence, /undefined|\[object|NaN/, code);
    }
    assert.notEqual(text.en, text.de, code);
    assert.equal(findingSentence(f, "de"), text.de);
  }
});

test("warnings with a signature status are only revocation-unknown and the legacy cipher; the rest are errors or informational", () => {
  for (const code of FINDING_CODES) {
    const { status, severity } = FINDING_DEFINITIONS[code];
    if ((STATUS_PRECEDENCE as string[]).includes(status) && severity === "error") continue;
    // Warnings with a signature status: only the legacy cipher (reported on the message, not the signature).
    if ((STATUS_PRECEDENCE as string[]).includes(status)) assert.ok(["legacy-cipher", "revocation-unknown"].includes(code), code);
  }
});

test("sentences carry the facts from the parameters (sample: revoked, address mismatch)", () => {
  const revoked: Finding = finding("revoked", { authority: "CN=Sub CA", date: "2024-02-03", reason: "keyCompromise" });
  assert.equal(findingText(revoked).en, 'The authority certificate "CN=Sub CA" was revoked on 2024-02-03 (reason: keyCompromise).');
  assert.equal(findingText(revoked).de, "Das Zertifikat der Stelle „CN=Sub CA“ wurde am 2024-02-03 gesperrt (Grund: keyCompromise).");
  const leaf = finding("revoked", {});
  assert.equal(findingText(leaf).en, "The sender's certificate was revoked.");
  const mismatch = finding("signer-address-mismatch", { certificateAddresses: [] });
  assert.equal(findingText(mismatch).en, "The certificate belongs to none, but the message names an address that cannot be read.");
});

test("every signature status has its sentence", () => {
  for (const s of STATUS_PRECEDENCE) assert.ok(statusText(s).en.length > 20 && statusText(s).de.length > 20, s);
});
