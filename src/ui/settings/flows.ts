/**
 * The settings pane's actions over the store and src/core/keys, free of React so they read as a list of
 * steps. Private keys are wiped from memory as soon as the store or the backup file has them.
 */
import { wipe } from "../../core/bytes";
import { SpmError } from "../../core/errors";
import {
  certificateRequestPem,
  createCertificateRequest,
  createSelfSignedCertificate,
  exportPkcs12,
  generatePrivateKey,
  importPkcs12,
  loadCertificates,
  type KeyKind,
} from "../../core/keys";
import { describeCertificate } from "../../core/pki";
import type { AddressBookEntry, IdentityRecord, PendingKeyRecord, SpmStore } from "../../store";

/** Backup and key-store passwords: long enough to resist guessing of a stolen file. */
export const MIN_PASSWORD_LENGTH = 8;

export interface ImportResult {
  records: IdentityRecord[];
  /** The file used pre-2010 encryption (3DES/RC2): imported, but worth re-exporting with our backup. */
  legacyEncryption: boolean;
}

/** Import every key + certificate of a .p12/.pfx into the store. NO_PRIVATE_KEY when there is none. */
export async function importIdentityFile(store: SpmStore, bytes: Uint8Array, password: string): Promise<ImportResult> {
  const contents = await importPkcs12(bytes, password);
  if (contents.identities.length === 0) throw new SpmError("NO_PRIVATE_KEY", "The file holds no private key with its certificate");
  const records: IdentityRecord[] = [];
  try {
    for (const identity of contents.identities) {
      records.push(await store.addIdentity(identity, { source: "pkcs12" }));
    }
  } finally {
    for (const identity of contents.identities) wipe(identity.privateKey);
  }
  return { records, legacyEncryption: contents.legacyEncryption };
}

/**
 * Create a key and its PKCS#10 request; the key goes straight into the store (encrypted, as a pending key)
 * so the request survives closing the pane. Returns the stored record (no key material).
 */
export async function startCertificateRequest(store: SpmStore, email: string, commonName: string, keyKind: KeyKind): Promise<PendingKeyRecord> {
  const privateKey = await generatePrivateKey(keyKind);
  try {
    const request = await createCertificateRequest(privateKey, { email: email.trim(), commonName: commonName.trim() || undefined });
    return await store.addPendingKey(privateKey, { email: email.trim(), requestPem: certificateRequestPem(request) });
  } finally {
    wipe(privateKey);
  }
}

const isNoMatch = (e: unknown) =>
  e instanceof SpmError && e.code === "CERTIFICATE_UNUSABLE" && (e.details as { reason?: string } | undefined)?.reason === "no-matching-pending-key";

/**
 * Pair the CA's answer (PEM, DER or PKCS#7 chain) with the stored pending key it was issued for: the
 * certificate whose public key matches becomes the identity, the others its chain. End-entity
 * certificates are tried first (a .p7b usually carries the CA's too). CERTIFICATE_UNUSABLE when none matches.
 */
export async function pairIssuedCertificate(store: SpmStore, issued: Uint8Array): Promise<IdentityRecord> {
  const certificates = loadCertificates(issued);
  const endEntity: Uint8Array[] = [];
  const authorities: Uint8Array[] = [];
  for (const der of certificates) ((await describeCertificate(der)).isCA ? authorities : endEntity).push(der);
  for (const leaf of [...endEntity, ...authorities]) {
    try {
      return await store.completePendingKey(leaf, certificates.filter((c) => c !== leaf));
    } catch (e) {
      // This certificate is not one we asked for: try the next one in the file; anything else is reported.
      if (!isNoMatch(e)) throw e;
    }
  }
  throw new SpmError("CERTIFICATE_UNUSABLE", "No certificate in the file belongs to a key waiting for a certificate", {
    details: { reason: "no-matching-pending-key", certificates: certificates.length },
  });
}

export async function createSelfSignedIdentity(store: SpmStore, email: string, commonName: string): Promise<IdentityRecord> {
  const privateKey = await generatePrivateKey("rsa3072");
  try {
    const certificate = await createSelfSignedCertificate(privateKey, { email: email.trim(), commonName: commonName.trim() || undefined });
    return await store.addIdentity({ certificate, privateKey, chain: [] }, { source: "self-signed" });
  } finally {
    wipe(privateKey);
  }
}

/** A password-protected .p12 of one identity (PBES2/AES-256, SHA-256 MAC); marks it backed up. */
export async function exportBackup(store: SpmStore, record: IdentityRecord, password: string): Promise<Uint8Array> {
  if (password.length < MIN_PASSWORD_LENGTH) throw new SpmError("INVALID_ARGUMENT", "The backup password is too short");
  const privateKey = await store.getPrivateKey(record.id);
  try {
    const bytes = await exportPkcs12({ certificate: record.certificate, privateKey, chain: record.chain }, password, { friendlyName: record.email });
    await store.markBackedUp(record.id);
    return bytes;
  } finally {
    wipe(privateKey);
  }
}

export interface RecipientImportResult {
  added: AddressBookEntry[];
  /** Certificates without any e-mail address (cannot be used for a recipient). */
  skipped: number;
}

/** Certificates from a file or pasted PEM into the address book, once under each of their addresses. */
export async function importRecipients(store: SpmStore, input: Uint8Array | string): Promise<RecipientImportResult> {
  const certificates = loadCertificates(input);
  const added: AddressBookEntry[] = [];
  let skipped = 0;
  for (const der of certificates) {
    const info = await describeCertificate(der);
    // CA certificates in a .p7b chain are not recipients.
    if (info.isCA || info.emails.length === 0) {
      skipped++;
      continue;
    }
    for (const email of info.emails) added.push(await store.importRecipientCertificate(der, email));
  }
  if (added.length === 0) throw new SpmError("CERTIFICATE_UNUSABLE", "No certificate with an e-mail address was found", { details: { skipped } });
  return { added, skipped };
}

/** Days until a certificate expires (negative when expired). */
export function daysLeft(notAfter: Date, now = new Date()): number {
  return Math.floor((notAfter.getTime() - now.getTime()) / 86_400_000);
}

export const EXPIRY_WARNING_DAYS = 30;
