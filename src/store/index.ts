/**
 * Secure Patient Mail persistence over IndexedDB: the user's identities (private keys encrypted at rest,
 * optional passphrase lock), the address book of recipients' certificates, trust pins, the organisation
 * anchors cache and settings, plus detection of storage loss through a host port.
 *
 * Imports only src/core; nothing here touches Office. The host passes ports (LossMarkerPort).
 *
 * Files: store.ts (openStore, the facade) over four parts sharing context.ts (db, keyring, clock):
 * session.ts (keyring, lock, loss marker), identities.ts (identities, pending keys), address-book.ts
 * (recipients, pins), org-config.ts (anchors, settings). idb.ts types each object store's records.
 *
 * Design in short (details in keyring.ts, loss.ts, idb.ts):
 * - Private keys: PKCS#8 encrypted with AES-256-GCM (AAD = identity id) under a data-encryption key (DEK).
 *   The DEK is wrapped by a non-extractable AES-256-GCM device key kept in IndexedDB as a CryptoKey; with a
 *   passphrase, that wrapped DEK is further sealed with PBKDF2-HMAC-SHA256 (600,000 iterations, 16-byte salt,
 *   parameters stored with it and raised on the next unlock when the default grows).
 * - Identity ids are the certificate's SHA-256 (hex). Certificates are parsed with src/core/pki.
 * - Pending keys (a certificate request waiting for the CA) live in their own object store, id = SHA-256 of
 *   the key's SPKI, key encrypted like an identity's (context "pending:" + id); completePendingKey turns one
 *   into an identity. They are not counted in the loss marker or state(): the loss guidance is "restore
 *   from your backup", and a pending key has no backup (the remedy is a new request).
 * - Loss detection: the host's LossMarkerPort (roamingSettings) holds a JSON list of installs with their
 *   identity counts; an empty database while some install recorded identities sets `storageLost`.
 *   A host implementation is three lines: get = roamingSettings.get(KEY), set = roamingSettings.set(KEY, v)
 *   then saveAsync (reject on failure).
 * - Schema: numbered upgrade steps (idb.ts); IDB failures become SpmError HOST_ERROR (quota: LIMIT_EXCEEDED).
 */
export { openStore, DEFAULT_DB_NAME, MAX_SIGNING_TIME_SKEW_MS } from "./store";
export type {
  StoreOptions,
  IdentityRecord,
  PendingKeyRecord,
  AddressBookEntry,
  Pin,
  OrganisationAnchors,
  StoreState,
  CollectInput,
  SpmStore,
} from "./types";
export type { LossMarkerPort, LossDetails, LossReason, InstallMark } from "./loss";
export { localStorageLossMarker } from "./loss";
export { PBKDF2_ITERATIONS, PBKDF2_SALT_BYTES } from "./keyring";
export { SCHEMA_VERSION } from "./idb";
