/**
 * Certificate status of each To/Cc recipient from the address book: the newest entry that can be used
 * for encryption wins; when none can, the newest entry's problem is reported.
 *
 * Trust rule (see the report / decisions): a certificate the user imported or that was collected from a
 * verified signature is usable for encryption even when no trusted authority confirms it ("untrusted",
 * "self-signed"): the address book entry is itself the user's trust decision, and refusing would leave the
 * mail unencrypted. Expired, not-yet-valid, revoked, wrong key usage, wrong address, weak or broken
 * certificates are never used.
 */
import { isSpmError, SpmError } from "../../core/errors";
import { loadCertificates } from "../../core/keys";
import type { FindingStatus } from "../../core/findings";
import { checkCertificate, describeCertificate, type Finding } from "../../core/pki";
import { normalizeAddress, sameAddress } from "../../core/mime";
import type { Recipient } from "../../host";
import type { SpmStore } from "../../store";

import type { CertificateState, RecipientStatus } from "./recipient-types";

export type { CertificateState, RecipientStatus } from "./recipient-types";

/**
 * From every error/warning finding, not just the primary status: "untrusted" ranks above "expired" in the
 * signature vocabulary, but an expired certificate must never be used, trusted or not.
 */
function classify(findings: Finding[], validNow: boolean): CertificateState {
  const statuses = new Set<FindingStatus>(findings.filter((f) => f.severity !== "info").map((f) => f.status));
  const has = (...names: FindingStatus[]) => names.some((n) => statuses.has(n));
  if (has("malformed", "invalid", "revoked", "signer-mismatch", "weak-algorithm")) return "unusable";
  if (has("bad-key-usage")) return "not-for-encryption";
  if (has("expired", "not-yet-valid") || !validNow) return "expired";
  return "found";
}

export async function recipientStatus(
  store: SpmStore,
  anchors: Uint8Array[],
  recipient: Recipient,
  field: "to" | "cc",
  now: Date = new Date(),
): Promise<RecipientStatus> {
  const email = normalizeAddress(recipient.emailAddress) ?? recipient.emailAddress.trim();
  const base = { field, displayName: recipient.displayName || recipient.emailAddress, email };
  const entries = await store.findRecipient(email);
  if (entries.length === 0) return { ...base, state: "missing" };
  const pinned = (await store.listPins(email)).map((p) => ({ certificate: p.certificate, address: p.email }));
  let first: RecipientStatus | undefined;
  for (const entry of entries) {
    let result: RecipientStatus;
    try {
      const check = await checkCertificate({ certificate: entry.certificate, anchors, pinned, usage: "encryption", addresses: [email], now });
      const state = classify(check.findings, check.validNow);
      result = { ...base, state, trust: check.trust, notAfter: check.info.notAfter, checkStatus: check.status };
      if (state === "found") return { ...result, certificate: entry.certificate, capabilities: entry.capabilities };
    } catch (e) {
      if (!isSpmError(e, "MALFORMED")) throw e;
      result = { ...base, state: "unusable", checkStatus: "malformed" };
    }
    first ??= result;
  }
  return first ?? { ...base, state: "missing" };
}

export async function allRecipientStatuses(store: SpmStore, anchors: Uint8Array[], to: Recipient[], cc: Recipient[]): Promise<RecipientStatus[]> {
  const out: RecipientStatus[] = [];
  for (const r of to) out.push(await recipientStatus(store, anchors, r, "to"));
  for (const r of cc) out.push(await recipientStatus(store, anchors, r, "cc"));
  return out;
}

export { CERTIFICATE_FILE_TYPES } from "./recipient-types";
const MAX_CERTIFICATE_FILE_BYTES = 1024 * 1024;

/**
 * Import the certificate for `email` from a file's bytes into the address book. A bundle may hold a chain:
 * the one certificate issued for this address is taken. CERTIFICATE_UNUSABLE when none is for the address.
 */
export async function importCertificateFile(store: SpmStore, bytes: Uint8Array, email: string): Promise<void> {
  if (bytes.length > MAX_CERTIFICATE_FILE_BYTES) throw new SpmError("LIMIT_EXCEEDED", "The certificate file is too large");
  const address = normalizeAddress(email) ?? email.trim();
  const certificates = loadCertificates(bytes);
  const matching: Uint8Array[] = [];
  for (const der of certificates) {
    const info = await describeCertificate(der);
    if (info.emails.some((e) => sameAddress(e, address)) && !info.isCA) matching.push(der);
  }
  if (matching.length === 0) {
    throw new SpmError("CERTIFICATE_UNUSABLE", "The file holds no certificate for this address", { details: { reason: "no-match" } });
  }
  for (const der of matching) await store.importRecipientCertificate(der, address);
}
