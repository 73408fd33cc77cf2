/**
 * The IndexedDB-backed SpmStore: one facade over four parts that share a StoreContext (db, keyring, clock):
 * session.ts (keyring, lock, storage-loss marker), identities.ts (identities and pending keys),
 * address-book.ts (recipients and pins), org-config.ts (organisation anchors, settings).
 * Crypto happens outside transactions; each transaction only touches IDB.
 */
import { SpmError } from "../core/errors";
import type { Identity } from "../core/types";
import { AddressBook } from "./address-book";
import { StoreContext } from "./context";
import { openDatabase } from "./idb";
import { Identities } from "./identities";
import { Keyring } from "./keyring";
import type { LossDetails } from "./loss";
import { OrgConfig } from "./org-config";
import { Session } from "./session";
import type {
  AddressBookEntry,
  CollectInput,
  IdentityRecord,
  OrganisationAnchors,
  PendingKeyRecord,
  Pin,
  SpmStore,
  StoreOptions,
  StoreState,
} from "./types";

export { MAX_SIGNING_TIME_SKEW_MS } from "./address-book";
export const DEFAULT_DB_NAME = "secure-patient-mail";

export async function openStore(options: StoreOptions): Promise<SpmStore> {
  if (!options || typeof options.indexedDB?.open !== "function") throw new SpmError("INVALID_ARGUMENT", "openStore needs an IDBFactory");
  const cryptoImpl = options.crypto ?? globalThis.crypto;
  if (!cryptoImpl?.subtle) throw new SpmError("INVALID_ARGUMENT", "WebCrypto (crypto.subtle) is not available: a secure context is required");
  const now = options.now ?? (() => new Date());
  const { db } = await openDatabase(options.indexedDB, options.name ?? DEFAULT_DB_NAME);
  const ctx = new StoreContext(db, cryptoImpl.subtle, new Keyring(cryptoImpl.subtle), now);
  const session = new Session(ctx, options.lossMarker);
  try {
    await session.initialise();
  } catch (e) {
    db.close();
    throw e;
  }
  return new IdbStore(ctx, session);
}

/** Delegation only: each method's rules live in the part that owns the data. */
class IdbStore implements SpmStore {
  private readonly identities: Identities;
  private readonly book: AddressBook;
  private readonly config: OrgConfig;

  constructor(
    private readonly ctx: StoreContext,
    private readonly session: Session,
  ) {
    this.identities = new Identities(ctx, session);
    this.book = new AddressBook(ctx);
    this.config = new OrgConfig(ctx);
  }

  async state(): Promise<StoreState> {
    const identities = await this.identities.readIdentities();
    const { locked, hasPassphrase } = await this.session.lockState();
    return {
      locked,
      hasPassphrase,
      identityCount: identities.length,
      storageLost: this.session.storageLost,
      needsBackup: identities.some((i) => !i.backedUpAt),
    };
  }

  lossDetails(): LossDetails {
    return this.session.lossDetails();
  }
  acknowledgeStorageLoss(): Promise<void> {
    return this.session.acknowledgeStorageLoss();
  }

  // identities and pending keys
  addIdentity(identity: Identity, meta: { source: IdentityRecord["source"] }): Promise<IdentityRecord> {
    return this.identities.addIdentity(identity, meta);
  }
  listIdentities(): Promise<IdentityRecord[]> {
    return this.identities.listIdentities();
  }
  getPrivateKey(id: string): Promise<Uint8Array> {
    return this.identities.getPrivateKey(id);
  }
  allKeyPairs(): Promise<{ record: IdentityRecord; privateKey: Uint8Array }[]> {
    return this.identities.allKeyPairs();
  }
  setDefaultIdentity(id: string): Promise<void> {
    return this.identities.setDefaultIdentity(id);
  }
  removeIdentity(id: string): Promise<void> {
    return this.identities.removeIdentity(id);
  }
  markBackedUp(id: string): Promise<void> {
    return this.identities.markBackedUp(id);
  }
  addPendingKey(privateKey: Uint8Array, meta: { email: string; requestPem: string }): Promise<PendingKeyRecord> {
    return this.identities.addPendingKey(privateKey, meta);
  }
  listPendingKeys(): Promise<PendingKeyRecord[]> {
    return this.identities.listPendingKeys();
  }
  removePendingKey(id: string): Promise<void> {
    return this.identities.removePendingKey(id);
  }
  completePendingKey(certificate: Uint8Array, chain: Uint8Array[]): Promise<IdentityRecord> {
    return this.identities.completePendingKey(certificate, chain);
  }

  // passphrase lock
  setPassphrase(passphrase: string | null, current?: string): Promise<void> {
    return this.session.setPassphrase(passphrase, current);
  }
  unlock(passphrase: string): Promise<void> {
    return this.session.unlock(passphrase);
  }
  lock(): void {
    this.session.lock();
  }

  // address book and pins
  importRecipientCertificate(certificate: Uint8Array, email: string, source?: "imported" | "organisation"): Promise<AddressBookEntry> {
    return this.book.importRecipientCertificate(certificate, email, source);
  }
  collectFromSignedMail(input: CollectInput): Promise<AddressBookEntry | undefined> {
    return this.book.collectFromSignedMail(input);
  }
  findRecipient(email: string): Promise<AddressBookEntry[]> {
    return this.book.findRecipient(email);
  }
  listAddressBook(): Promise<AddressBookEntry[]> {
    return this.book.listAddressBook();
  }
  removeRecipient(email: string, sha256Hex: string): Promise<void> {
    return this.book.removeRecipient(email, sha256Hex);
  }
  pinCertificate(email: string, certificate: Uint8Array): Promise<Pin> {
    return this.book.pinCertificate(email, certificate);
  }
  listPins(email?: string): Promise<Pin[]> {
    return this.book.listPins(email);
  }
  removePin(email: string, sha256Hex: string): Promise<void> {
    return this.book.removePin(email, sha256Hex);
  }

  // organisation anchors and settings
  cacheOrganisationAnchors(certificates: Uint8Array[], source: string): Promise<void> {
    return this.config.cacheOrganisationAnchors(certificates, source);
  }
  getOrganisationAnchors(): Promise<OrganisationAnchors | undefined> {
    return this.config.getOrganisationAnchors();
  }
  getSettings<T extends object>(key: string, fallback: T): Promise<T> {
    return this.config.getSettings(key, fallback);
  }
  setSettings(key: string, value: object): Promise<void> {
    return this.config.setSettings(key, value);
  }

  close(): void {
    if (this.ctx.close()) this.session.lock();
  }
}
