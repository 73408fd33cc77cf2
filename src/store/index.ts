/**
 * Secure Patient Mail persistence over IndexedDB: the user's identities (private keys encrypted at rest,
 * optional passphrase lock), the address book of recipients' certificates, trust pins, the organisation
 * anchors cache and settings, plus detection of storage loss through a host port.
 *
 * Imports only src/core; nothing here touches Office. The host passes ports (LossMarkerPort).
 */
export { openStore, DEFAULT_DB_NAME, MAX_SIGNING_TIME_SKEW_MS } from "./store";
export type {
  StoreOptions,
  IdentityRecord,
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
