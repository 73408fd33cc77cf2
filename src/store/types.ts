/** Public shapes of the store. Dates are Date objects; bytes are DER unless said otherwise. */
import type { Identity } from "../core/types";
import type { LossDetails, LossMarkerPort } from "./loss";

export interface StoreOptions {
  indexedDB: IDBFactory;
  /** Database name, default "secure-patient-mail". */
  name?: string;
  /** Default globalThis.crypto. Needs `subtle` (a secure context). */
  crypto?: Crypto;
  /**
   * Survives what IndexedDB does not (the host implements it with Office roamingSettings, which live in
   * the mailbox). Without it the store falls back to localStorage when present (weak: usually cleared
   * together with IndexedDB), else loss detection is off (`lossDetails().channel === "none"`).
   */
  lossMarker?: LossMarkerPort;
  now?: () => Date;
}

export interface IdentityRecord {
  /** SHA-256 of the certificate, hex. Stable across re-imports of the same certificate. */
  id: string;
  email: string;
  subject: string;
  issuer: string;
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
  certificate: Uint8Array;
  chain: Uint8Array[];
  isDefault: boolean;
  addedAt: Date;
  backedUpAt?: Date;
  source: "pkcs12" | "generated" | "self-signed";
}

/**
 * A private key generated for a certificate request, waiting for the CA's certificate. The key itself is
 * encrypted at rest like an identity's and never leaves the store through this record.
 */
export interface PendingKeyRecord {
  /** SHA-256 (hex) of the key's SubjectPublicKeyInfo. */
  id: string;
  /** Lowercased address the request was made for. */
  email: string;
  /** The PKCS#10 request, PEM, to download again. */
  requestPem: string;
  createdAt: Date;
}

export interface AddressBookEntry {
  /** Lowercased. */
  email: string;
  certificate: Uint8Array;
  /** SHA-256 of the certificate, hex; with `email` it identifies the entry (see removeRecipient). */
  sha256Hex: string;
  source: "imported" | "collected" | "organisation";
  /** SMIMECapabilities OIDs, the sender's order (most preferred first). */
  capabilities: string[];
  /** Of the signature it was collected from. */
  signingTime?: Date;
  addedAt: Date;
  updatedAt: Date;
}

export interface Pin {
  email: string;
  certificate: Uint8Array;
  sha256Hex: string;
  createdAt: Date;
}

export interface OrganisationAnchors {
  certificates: Uint8Array[];
  /** Where they came from (e.g. the admin-configured URL or "manifest"), shown to the user. */
  source: string;
  fetchedAt: Date;
}

export interface StoreState {
  /** A passphrase is set and the key is not unlocked in this session. */
  locked: boolean;
  hasPassphrase: boolean;
  identityCount: number;
  /** Identities existed (per the loss marker) but this database has none: guide the user to restore. */
  storageLost: boolean;
  /** Some identity has never been backed up (markBackedUp). */
  needsBackup: boolean;
}

export interface CollectInput {
  certificate: Uint8Array;
  /** Addresses of the signer's certificate. */
  signerEmails: string[];
  /** The message's From address. */
  fromAddress: string;
  signatureValid: boolean;
  signingTime?: Date;
  capabilities: string[];
}

export interface SpmStore {
  state(): Promise<StoreState>;
  /** What the loss check found and through which channel (for the restore guidance). */
  lossDetails(): LossDetails;
  /** The user chose to start over without restoring: stop reporting the loss (rewrites the marker). */
  acknowledgeStorageLoss(): Promise<void>;

  // identities
  /** Keeps old identities (renewal keeps old keys so old mail stays readable). STORE_LOCKED when locked. */
  addIdentity(identity: Identity, meta: { source: IdentityRecord["source"] }): Promise<IdentityRecord>;
  /** Default first, then newest notAfter first. */
  listIdentities(): Promise<IdentityRecord[]>;
  /** PKCS#8; throws STORE_LOCKED when locked, INVALID_ARGUMENT for an unknown id. */
  getPrivateKey(id: string): Promise<Uint8Array>;
  /** For decryption: try every identity. */
  allKeyPairs(): Promise<{ record: IdentityRecord; privateKey: Uint8Array }[]>;
  setDefaultIdentity(id: string): Promise<void>;
  removeIdentity(id: string): Promise<void>;
  markBackedUp(id: string): Promise<void>;

  // pending keys (certificate requests waiting for the CA)
  /** Store the key of a new certificate request (PKCS#8). STORE_LOCKED when locked. Same key again: same record. */
  addPendingKey(privateKey: Uint8Array, meta: { email: string; requestPem: string }): Promise<PendingKeyRecord>;
  /** Oldest first. Works while locked (no key material). */
  listPendingKeys(): Promise<PendingKeyRecord[]>;
  /** Discard a pending key (the request can no longer be completed). Unknown ids are ignored. */
  removePendingKey(id: string): Promise<void>;
  /**
   * Pair the CA's certificate with the pending key it was issued for: adds the identity (source
   * "generated", same checks as addIdentity), then deletes the pending key. STORE_LOCKED when locked;
   * CERTIFICATE_UNUSABLE with details.reason "no-matching-pending-key" when no pending key matches.
   */
  completePendingKey(certificate: Uint8Array, chain: Uint8Array[]): Promise<IdentityRecord>;

  // passphrase lock
  /** Set, change (pass `current`) or remove (null, pass `current`) the passphrase. WRONG_PASSWORD if `current` is wrong. */
  setPassphrase(passphrase: string | null, current?: string): Promise<void>;
  /** WRONG_PASSWORD on failure. Resolves at once when no passphrase is set. */
  unlock(passphrase: string): Promise<void>;
  /** Forget the unwrapped key (only meaningful with a passphrase). */
  lock(): void;

  // address book
  importRecipientCertificate(certificate: Uint8Array, email: string, source?: "imported" | "organisation"): Promise<AddressBookEntry>;
  /**
   * RFC 8551 §2.5.2: only from a verified signature, only for the signer's own From address; a newer
   * signingTime replaces capabilities (and the collected certificate); an older one never overrides.
   * Returns the entry written, or undefined when nothing was written (not eligible, or not newer).
   */
  collectFromSignedMail(input: CollectInput): Promise<AddressBookEntry | undefined>;
  /** Newest first (signingTime, then updatedAt). */
  findRecipient(email: string): Promise<AddressBookEntry[]>;
  listAddressBook(): Promise<AddressBookEntry[]>;
  removeRecipient(email: string, sha256Hex: string): Promise<void>;

  // trust decisions
  pinCertificate(email: string, certificate: Uint8Array): Promise<Pin>;
  /** All pins, or those for one address. */
  listPins(email?: string): Promise<Pin[]>;
  removePin(email: string, sha256Hex: string): Promise<void>;

  // organisation anchors cache
  /** Replace the cached organisation trust anchors. */
  cacheOrganisationAnchors(certificates: Uint8Array[], source: string): Promise<void>;
  getOrganisationAnchors(): Promise<OrganisationAnchors | undefined>;

  // settings
  /** Stored value shallow-merged over `fallback` (new setting fields get their defaults). */
  getSettings<T extends object>(key: string, fallback: T): Promise<T>;
  setSettings(key: string, value: object): Promise<void>;
  close(): void;
}
