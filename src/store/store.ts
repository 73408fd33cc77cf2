/** The IndexedDB-backed SpmStore. Crypto happens outside transactions; each transaction only touches IDB. */
import { toHex, randomBytes, wipe } from "../core/bytes";
import { SpmError, toSpmError } from "../core/errors";
import { publicKeyMatches } from "../core/keys";
import type { Identity } from "../core/types";
import { normalizeAddress, sameAddress } from "../core/mime";
import { checkKeyPair, describe } from "./certificate";
import { STORES, idbError, openDatabase, request, withTransaction } from "./idb";
import { Keyring, PBKDF2_ITERATIONS, type EncryptedKey, type KeyringRecord, type Sealed } from "./keyring";
import {
  evaluateLoss,
  localStorageLossMarker,
  parseMarker,
  serialiseMarker,
  withInstall,
  type LossDetails,
  type LossMarkerPort,
} from "./loss";
import { MAX_REQUEST_PEM_CHARS, pendingKeyContext, pendingKeyId } from "./pending";
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

export const DEFAULT_DB_NAME = "secure-patient-mail";
/** RFC 8551 §2.5.2: signing times further in the future than any reasonable clock skew are not accepted. */
export const MAX_SIGNING_TIME_SKEW_MS = 60 * 60 * 1000;

const META_INSTALL = "install";
const META_KEYRING = "keyring";
const ANCHORS_KEY = "organisation";

interface InstallRecord {
  installId: string;
  createdAt: Date;
}

interface StoredIdentity extends IdentityRecord {
  encryptedKey: EncryptedKey;
}

interface StoredPendingKey extends PendingKeyRecord {
  encryptedKey: EncryptedKey;
}

interface StoredAnchors extends OrganisationAnchors {
  sha256Hex: string[];
}

const IDENTITY_SOURCES: ReadonlySet<string> = new Set(["pkcs12", "generated", "self-signed"]);
const OID_PATTERN = /^[0-2](\.(0|[1-9]\d*))+$/;

function toPublicIdentity(stored: StoredIdentity): IdentityRecord {
  const { encryptedKey: _secret, ...record } = stored;
  return record;
}

function toPublicPending(stored: StoredPendingKey): PendingKeyRecord {
  return { id: stored.id, email: stored.email, requestPem: stored.requestPem, createdAt: stored.createdAt };
}

function requireEmail(email: unknown): string {
  if (typeof email !== "string") throw new SpmError("INVALID_ARGUMENT", "An e-mail address is required");
  // The one comparison form (core/mime/addresses.ts): entries found by it match the signer check exactly.
  const normalised = normalizeAddress(email);
  if (normalised === undefined) throw new SpmError("INVALID_ARGUMENT", "Not an e-mail address");
  return normalised;
}

function requireBytes(value: unknown, what: string): Uint8Array {
  if (!(value instanceof Uint8Array) || value.length === 0) throw new SpmError("INVALID_ARGUMENT", `${what} must be non-empty bytes`);
  return value;
}

function requireHex(value: unknown): string {
  if (typeof value !== "string" || !/^[0-9a-fA-F]{64}$/.test(value)) throw new SpmError("INVALID_ARGUMENT", "Expected a SHA-256 fingerprint in hex");
  return value.toLowerCase();
}

function requireCapabilities(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string" && OID_PATTERN.test(v))) {
    throw new SpmError("INVALID_ARGUMENT", "Capabilities must be a list of dotted OIDs");
  }
  return [...(value as string[])];
}

function byRecency(a: AddressBookEntry, b: AddressBookEntry): number {
  const ta = a.signingTime?.getTime() ?? -Infinity;
  const tb = b.signingTime?.getTime() ?? -Infinity;
  if (ta !== tb) return tb - ta;
  return b.updatedAt.getTime() - a.updatedAt.getTime();
}

function identityOrder(a: IdentityRecord, b: IdentityRecord): number {
  if (a.isDefault !== b.isDefault) return a.isDefault ? -1 : 1;
  return b.notAfter.getTime() - a.notAfter.getTime();
}

/** Pick the identity to become default after `removed` is gone: same address first, newest notAfter. */
function successor(remaining: StoredIdentity[], removed: StoredIdentity): StoredIdentity | undefined {
  const sorted = [...remaining].sort((a, b) => b.notAfter.getTime() - a.notAfter.getTime());
  return sorted.find((r) => r.email === removed.email) ?? sorted[0];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

function defaultLossPort(): { port?: LossMarkerPort; error?: unknown } {
  try {
    const storage = (globalThis as { localStorage?: Storage }).localStorage;
    return storage ? { port: localStorageLossMarker(storage) } : {};
  } catch (e) {
    // Reading localStorage throws SecurityError in some sandboxed frames: detection is then off, and said so.
    return { error: e };
  }
}

function describeError(e: unknown): { code: string; message: string } {
  if (e instanceof SpmError) return { code: e.code, message: e.message };
  const err = e as { name?: string; message?: string } | null;
  return { code: err?.name ?? "Error", message: err?.message ?? String(e) };
}

export async function openStore(options: StoreOptions): Promise<SpmStore> {
  if (!options || typeof options.indexedDB?.open !== "function") throw new SpmError("INVALID_ARGUMENT", "openStore needs an IDBFactory");
  const cryptoImpl = options.crypto ?? globalThis.crypto;
  if (!cryptoImpl?.subtle) throw new SpmError("INVALID_ARGUMENT", "WebCrypto (crypto.subtle) is not available: a secure context is required");
  const now = options.now ?? (() => new Date());
  const { db } = await openDatabase(options.indexedDB, options.name ?? DEFAULT_DB_NAME);
  const store = new IdbStore(db, cryptoImpl.subtle, now, options.lossMarker);
  try {
    await store.initialise();
  } catch (e) {
    db.close();
    throw e;
  }
  return store;
}

class IdbStore implements SpmStore {
  private readonly keyring: Keyring;
  private readonly lossPort?: LossMarkerPort;
  private loss: LossDetails;
  private installId = "";
  private hasPassphrase = false;
  private dek?: CryptoKey;
  private closed = false;

  constructor(
    private readonly db: IDBDatabase,
    private readonly subtle: SubtleCrypto,
    private readonly now: () => Date,
    lossMarker: LossMarkerPort | undefined,
  ) {
    this.keyring = new Keyring(subtle);
    if (lossMarker) {
      this.lossPort = lossMarker;
      this.loss = { channel: "port", storageLost: false, knownInstalls: [] };
    } else {
      const fallback = defaultLossPort();
      this.lossPort = fallback.port;
      this.loss = { channel: fallback.port ? "localStorage" : "none", storageLost: false, knownInstalls: [] };
      if (fallback.error) this.loss.markerError = { operation: "get", ...describeError(fallback.error) };
    }
  }

  // ---------------------------------------------------------------- setup

  async initialise(): Promise<void> {
    this.installId = await this.ensureInstall();
    const record = await this.ensureKeyring();
    this.hasPassphrase = !!record.passphrase;
    if (!record.passphrase && record.wrappedDek) this.dek = await this.keyring.unwrapDek(record.deviceKey, record.wrappedDek);
    await this.checkLoss();
  }

  private async ensureInstall(): Promise<string> {
    const fresh: InstallRecord = { installId: toHex(randomBytes(16)), createdAt: this.now() };
    const install = await withTransaction(this.db, [STORES.meta], "readwrite", "read install id", async (tx) => {
      const meta = tx.objectStore(STORES.meta);
      const existing = (await request(meta.get(META_INSTALL))) as InstallRecord | undefined;
      if (existing) return existing;
      await request(meta.add(fresh, META_INSTALL));
      return fresh;
    });
    return install.installId;
  }

  private async readKeyring(): Promise<KeyringRecord | undefined> {
    return withTransaction(this.db, [STORES.meta], "readonly", "read keyring", async (tx) => {
      return (await request(tx.objectStore(STORES.meta).get(META_KEYRING))) as KeyringRecord | undefined;
    });
  }

  private async ensureKeyring(): Promise<KeyringRecord> {
    const existing = await this.readKeyring();
    if (existing) return this.checkKeyring(existing);
    const { record } = await this.keyring.create(this.now());
    // Another tab may have created one meanwhile: `add` keeps the first; we then use that one.
    return withTransaction(this.db, [STORES.meta], "readwrite", "create keyring", async (tx) => {
      const meta = tx.objectStore(STORES.meta);
      const current = (await request(meta.get(META_KEYRING))) as KeyringRecord | undefined;
      if (current) return this.checkKeyring(current);
      await request(meta.add(record, META_KEYRING));
      return record;
    });
  }

  private checkKeyring(record: KeyringRecord): KeyringRecord {
    if (record.v !== 1 || !record.deviceKey || (!record.wrappedDek && !record.passphrase)) {
      throw new SpmError("MALFORMED", "The stored keyring has an unknown format", { details: { version: record.v } });
    }
    return record;
  }

  private async checkLoss(): Promise<void> {
    if (!this.lossPort) return;
    const count = await this.countIdentities();
    let marker;
    try {
      marker = parseMarker(await this.lossPort.get());
    } catch (e) {
      this.loss.markerError = { operation: "get", ...describeError(e) };
      return;
    }
    Object.assign(this.loss, evaluateLoss(marker, this.installId, count));
    // Keep our own entry true (e.g. written by an older build, or a write that failed last time).
    const ours = marker?.installs.find((i) => i.installId === this.installId);
    if (count > 0 && ours?.identities !== count) await this.writeMarker(count);
  }

  /** Record our identity count in the marker. A failure is kept in lossDetails, not thrown: the data is safe. */
  private async writeMarker(count: number): Promise<void> {
    if (!this.lossPort) return;
    try {
      const text = await this.lossPort.get();
      let marker;
      try {
        marker = parseMarker(text);
      } catch (e) {
        // Unreadable: start it over rather than never record anything again. Kept as a reported fact.
        this.loss.markerError = { operation: "get", ...describeError(e) };
      }
      const next = withInstall(marker, { installId: this.installId, identities: count, at: this.now().toISOString() });
      await this.lossPort.set(serialiseMarker(next));
      delete this.loss.markerError;
    } catch (e) {
      this.loss.markerError = { operation: "set", ...describeError(e) };
    }
  }

  private ensureOpen(): void {
    if (this.closed) throw new SpmError("INVALID_ARGUMENT", "The store is closed");
  }

  private tx<T>(stores: (typeof STORES)[keyof typeof STORES][], mode: IDBTransactionMode, operation: string, body: (tx: IDBTransaction) => Promise<T>): Promise<T> {
    this.ensureOpen();
    return withTransaction(this.db, stores, mode, operation, body);
  }

  // ---------------------------------------------------------------- state

  async state(): Promise<StoreState> {
    const identities = await this.readIdentities();
    // Another tab (pane vs. dialog) may have set or removed the passphrase since we opened.
    this.hasPassphrase = !!(await this.currentKeyring()).passphrase;
    return {
      locked: this.hasPassphrase && !this.dek,
      hasPassphrase: this.hasPassphrase,
      identityCount: identities.length,
      storageLost: this.loss.storageLost,
      needsBackup: identities.some((i) => !i.backedUpAt),
    };
  }

  lossDetails(): LossDetails {
    return structuredClone(this.loss);
  }

  async acknowledgeStorageLoss(): Promise<void> {
    this.ensureOpen();
    if (!this.lossPort) return;
    let marker;
    try {
      marker = parseMarker(await this.lossPort.get());
    } catch (e) {
      // An unreadable marker is replaced: acknowledging is exactly the moment to start it over.
      this.loss.markerError = { operation: "get", ...describeError(e) };
    }
    const count = await this.countIdentities();
    const mark = { installId: this.installId, identities: count, at: this.now().toISOString() };
    // Forget the installs whose identities the user chose not to restore.
    const kept = (marker?.installs ?? []).filter((i) => i.installId !== this.installId && i.identities === 0);
    try {
      await this.lossPort.set(serialiseMarker(withInstall({ v: 1, installs: kept }, mark)));
      delete this.loss.markerError;
    } catch (e) {
      this.loss.markerError = { operation: "set", ...describeError(e) };
      throw new SpmError("HOST_ERROR", "Could not update the storage marker", { cause: e });
    }
    this.loss = { channel: this.loss.channel, storageLost: false, knownInstalls: [] };
  }

  // ---------------------------------------------------------------- identities

  private readIdentities(): Promise<StoredIdentity[]> {
    return this.tx([STORES.identities], "readonly", "list identities", async (tx) => {
      return (await request(tx.objectStore(STORES.identities).getAll())) as StoredIdentity[];
    });
  }

  private countIdentities(): Promise<number> {
    return this.tx([STORES.identities], "readonly", "count identities", (tx) => request(tx.objectStore(STORES.identities).count()));
  }

  /** The data-encryption key; re-derived from the device key when there is no passphrase. */
  private async requireDek(): Promise<CryptoKey> {
    this.ensureOpen();
    if (this.dek) return this.dek;
    if (this.hasPassphrase) throw new SpmError("STORE_LOCKED", "The key store is locked: enter the passphrase");
    const record = await this.readKeyring();
    if (!record?.wrappedDek) throw new SpmError("STORE_LOCKED", "The key store is locked: enter the passphrase");
    this.dek = await this.keyring.unwrapDek(record.deviceKey, record.wrappedDek);
    return this.dek;
  }

  async addIdentity(identity: Identity, meta: { source: IdentityRecord["source"] }): Promise<IdentityRecord> {
    if (!identity || typeof identity !== "object") throw new SpmError("INVALID_ARGUMENT", "An identity is required");
    const certificate = requireBytes(identity.certificate, "The certificate");
    const privateKey = requireBytes(identity.privateKey, "The private key");
    const chain = identity.chain ?? [];
    if (!Array.isArray(chain)) throw new SpmError("INVALID_ARGUMENT", "The chain must be a list of certificates");
    for (const c of chain) await describe(requireBytes(c, "A chain certificate"));
    if (!meta || !IDENTITY_SOURCES.has(meta.source)) throw new SpmError("INVALID_ARGUMENT", "Unknown identity source");
    const facts = await describe(certificate);
    await checkKeyPair(certificate, privateKey);
    if (facts.emails.length === 0) {
      throw new SpmError("CERTIFICATE_UNUSABLE", "The certificate has no e-mail address", { details: { subject: facts.subject } });
    }
    const id = facts.sha256Hex;
    const dek = await this.requireDek();
    const encryptedKey = await this.keyring.encryptPrivateKey(dek, id, privateKey);
    const now = this.now();

    const { record, count } = await this.tx([STORES.identities], "readwrite", "add identity", async (tx) => {
      const os = tx.objectStore(STORES.identities);
      const all = (await request(os.getAll())) as StoredIdentity[];
      const existing = all.find((r) => r.id === id);
      const currentDefault = all.find((r) => r.isDefault);
      // A renewal (same address, later expiry) takes over as default; old keys stay for old mail.
      const becomesDefault = existing
        ? existing.isDefault
        : !currentDefault || (currentDefault.email === facts.emails[0] && facts.notAfter > currentDefault.notAfter);
      const stored: StoredIdentity = {
        id,
        email: facts.emails[0],
        subject: facts.subject,
        issuer: facts.issuer,
        serialHex: facts.serialHex,
        notBefore: facts.notBefore,
        notAfter: facts.notAfter,
        certificate: certificate.slice(),
        chain: chain.map((c) => c.slice()),
        isDefault: becomesDefault,
        addedAt: existing?.addedAt ?? now,
        source: existing?.source ?? meta.source,
        encryptedKey,
      };
      if (existing?.backedUpAt) stored.backedUpAt = existing.backedUpAt;
      if (becomesDefault && currentDefault && currentDefault.id !== id) {
        await request(os.put({ ...currentDefault, isDefault: false }));
      }
      await request(os.put(stored));
      return { record: toPublicIdentity(stored), count: existing ? all.length : all.length + 1 };
    });
    // Adding an identity is the restore (or the fresh start): the marker now describes this install.
    await this.writeMarker(count);
    if (this.loss.storageLost) this.loss = { ...this.loss, storageLost: false, reason: undefined };
    return record;
  }

  async listIdentities(): Promise<IdentityRecord[]> {
    return (await this.readIdentities()).map(toPublicIdentity).sort(identityOrder);
  }

  private async getStoredIdentity(id: string): Promise<StoredIdentity> {
    if (typeof id !== "string" || id === "") throw new SpmError("INVALID_ARGUMENT", "An identity id is required");
    const stored = await this.tx([STORES.identities], "readonly", "read identity", async (tx) => {
      return (await request(tx.objectStore(STORES.identities).get(id))) as StoredIdentity | undefined;
    });
    if (!stored) throw new SpmError("INVALID_ARGUMENT", "No such identity", { details: { id } });
    return stored;
  }

  async getPrivateKey(id: string): Promise<Uint8Array> {
    const dek = await this.requireDek();
    const stored = await this.getStoredIdentity(id);
    return this.keyring.decryptPrivateKey(dek, stored.id, stored.encryptedKey);
  }

  async allKeyPairs(): Promise<{ record: IdentityRecord; privateKey: Uint8Array }[]> {
    const dek = await this.requireDek();
    const all = (await this.readIdentities()).sort(identityOrder);
    const out: { record: IdentityRecord; privateKey: Uint8Array }[] = [];
    for (const stored of all) {
      out.push({ record: toPublicIdentity(stored), privateKey: await this.keyring.decryptPrivateKey(dek, stored.id, stored.encryptedKey) });
    }
    return out;
  }

  async setDefaultIdentity(id: string): Promise<void> {
    await this.getStoredIdentity(id);
    await this.tx([STORES.identities], "readwrite", "set default identity", async (tx) => {
      const os = tx.objectStore(STORES.identities);
      const all = (await request(os.getAll())) as StoredIdentity[];
      if (!all.some((r) => r.id === id)) throw new SpmError("INVALID_ARGUMENT", "No such identity", { details: { id } });
      for (const r of all) {
        if (r.isDefault !== (r.id === id)) await request(os.put({ ...r, isDefault: r.id === id }));
      }
    });
  }

  async removeIdentity(id: string): Promise<void> {
    const removed = await this.getStoredIdentity(id);
    const count = await this.tx([STORES.identities], "readwrite", "remove identity", async (tx) => {
      const os = tx.objectStore(STORES.identities);
      await request(os.delete(removed.id));
      const remaining = (await request(os.getAll())) as StoredIdentity[];
      if (removed.isDefault && !remaining.some((r) => r.isDefault)) {
        const next = successor(remaining, removed);
        if (next) await request(os.put({ ...next, isDefault: true }));
      }
      return remaining.length;
    });
    // Deliberate removal must not later look like storage loss.
    await this.writeMarker(count);
  }

  async markBackedUp(id: string): Promise<void> {
    await this.getStoredIdentity(id);
    const at = this.now();
    await this.tx([STORES.identities], "readwrite", "mark backed up", async (tx) => {
      const os = tx.objectStore(STORES.identities);
      const stored = (await request(os.get(id))) as StoredIdentity | undefined;
      if (!stored) throw new SpmError("INVALID_ARGUMENT", "No such identity", { details: { id } });
      await request(os.put({ ...stored, backedUpAt: at }));
    });
  }

  // ---------------------------------------------------------------- pending keys

  async addPendingKey(privateKey: Uint8Array, meta: { email: string; requestPem: string }): Promise<PendingKeyRecord> {
    const pkcs8 = requireBytes(privateKey, "The private key");
    if (!meta || typeof meta !== "object") throw new SpmError("INVALID_ARGUMENT", "The request's e-mail address and PEM are required");
    const email = requireEmail(meta.email);
    const requestPem = meta.requestPem;
    if (typeof requestPem !== "string" || !requestPem.includes("-----BEGIN CERTIFICATE REQUEST-----") || requestPem.length > MAX_REQUEST_PEM_CHARS) {
      throw new SpmError("INVALID_ARGUMENT", "The certificate request must be PEM text");
    }
    const dek = await this.requireDek();
    const id = await pendingKeyId(this.subtle, pkcs8);
    const encryptedKey = await this.keyring.encryptPrivateKey(dek, pendingKeyContext(id), pkcs8);
    const now = this.now();
    const stored = await this.tx([STORES.pendingKeys], "readwrite", "add pending key", async (tx) => {
      const os = tx.objectStore(STORES.pendingKeys);
      const existing = (await request(os.get(id))) as StoredPendingKey | undefined;
      const record: StoredPendingKey = { id, email, requestPem, createdAt: existing?.createdAt ?? now, encryptedKey };
      await request(os.put(record));
      return record;
    });
    return toPublicPending(stored);
  }

  private readPendingKeys(): Promise<StoredPendingKey[]> {
    return this.tx([STORES.pendingKeys], "readonly", "list pending keys", async (tx) => {
      return (await request(tx.objectStore(STORES.pendingKeys).getAll())) as StoredPendingKey[];
    });
  }

  async listPendingKeys(): Promise<PendingKeyRecord[]> {
    const all = await this.readPendingKeys();
    return all.map(toPublicPending).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  async removePendingKey(id: string): Promise<void> {
    if (typeof id !== "string" || id === "") throw new SpmError("INVALID_ARGUMENT", "A pending key id is required");
    await this.tx([STORES.pendingKeys], "readwrite", "remove pending key", async (tx) => {
      await request(tx.objectStore(STORES.pendingKeys).delete(id));
    });
  }

  async completePendingKey(certificate: Uint8Array, chain: Uint8Array[]): Promise<IdentityRecord> {
    const leaf = requireBytes(certificate, "The certificate");
    if (!Array.isArray(chain)) throw new SpmError("INVALID_ARGUMENT", "The chain must be a list of certificates");
    const dek = await this.requireDek();
    await describe(leaf); // MALFORMED for anything that is not a certificate, before any key is decrypted
    let unreadable: unknown;
    for (const pending of await this.readPendingKeys()) {
      let privateKey: Uint8Array;
      try {
        privateKey = await this.keyring.decryptPrivateKey(dek, pendingKeyContext(pending.id), pending.encryptedKey);
      } catch (e) {
        // One damaged record must not block pairing the others; reported below if nothing else matches.
        unreadable = e;
        continue;
      }
      try {
        if (!(await publicKeyMatches(leaf, privateKey))) continue;
        // Identity first, then the pending key: a failure in between leaves the key twice, never nowhere.
        const record = await this.addIdentity({ certificate: leaf, privateKey, chain }, { source: "generated" });
        await this.removePendingKey(pending.id);
        return record;
      } finally {
        wipe(privateKey);
      }
    }
    if (unreadable !== undefined) throw toSpmError(unreadable, "DECRYPTION_FAILED", "A waiting key could not be read"); // it may have been this certificate's key
    throw new SpmError("CERTIFICATE_UNUSABLE", "The certificate does not belong to any key waiting for a certificate", {
      details: { reason: "no-matching-pending-key" },
    });
  }

  // ---------------------------------------------------------------- passphrase

  private async writeKeyring(record: KeyringRecord): Promise<void> {
    await this.tx([STORES.meta], "readwrite", "write keyring", async (tx) => {
      await request(tx.objectStore(STORES.meta).put(record, META_KEYRING));
    });
  }

  private async currentKeyring(): Promise<KeyringRecord> {
    this.ensureOpen();
    const record = await this.readKeyring();
    if (!record) throw new SpmError("MALFORMED", "The keyring is missing from the database");
    return this.checkKeyring(record);
  }

  async setPassphrase(passphrase: string | null, current?: string): Promise<void> {
    if (passphrase !== null && (typeof passphrase !== "string" || passphrase.trim() === "")) {
      throw new SpmError("INVALID_ARGUMENT", "The passphrase must not be empty");
    }
    const record = await this.currentKeyring();
    let inner: Sealed;
    if (record.passphrase) {
      if (typeof current !== "string") throw new SpmError("INVALID_ARGUMENT", "The current passphrase is required to change it");
      inner = await this.keyring.openPassphraseLayer(record.passphrase, current);
    } else {
      inner = record.wrappedDek as Sealed;
    }
    const dek = await this.keyring.unwrapDek(record.deviceKey, inner);
    const next: KeyringRecord = { v: record.v, deviceKey: record.deviceKey, createdAt: record.createdAt };
    if (passphrase === null) next.wrappedDek = inner;
    else next.passphrase = await this.keyring.sealWithPassphrase(inner, passphrase);
    await this.writeKeyring(next);
    this.hasPassphrase = passphrase !== null;
    this.dek = dek;
  }

  async unlock(passphrase: string): Promise<void> {
    if (typeof passphrase !== "string") throw new SpmError("INVALID_ARGUMENT", "A passphrase is required");
    const record = await this.currentKeyring();
    this.hasPassphrase = !!record.passphrase;
    if (!record.passphrase) {
      await this.requireDek();
      return;
    }
    const inner = await this.keyring.openPassphraseLayer(record.passphrase, passphrase);
    this.dek = await this.keyring.unwrapDek(record.deviceKey, inner);
    if (record.passphrase.kdf.iterations < PBKDF2_ITERATIONS) {
      // Parameters were raised since this passphrase was set: re-seal now that we know the passphrase.
      await this.writeKeyring({ ...record, passphrase: await this.keyring.sealWithPassphrase(inner, passphrase) });
    }
  }

  lock(): void {
    this.dek = undefined;
  }

  // ---------------------------------------------------------------- address book

  async importRecipientCertificate(certificate: Uint8Array, email: string, source: "imported" | "organisation" = "imported"): Promise<AddressBookEntry> {
    const address = requireEmail(email);
    if (source !== "imported" && source !== "organisation") throw new SpmError("INVALID_ARGUMENT", "Unknown address book source");
    const facts = await describe(requireBytes(certificate, "The certificate"));
    if (!facts.emails.includes(address)) {
      throw new SpmError("CERTIFICATE_UNUSABLE", "The certificate is not issued for this e-mail address", {
        details: { certificateEmails: facts.emails },
      });
    }
    const now = this.now();
    return this.tx([STORES.addressBook], "readwrite", "import recipient certificate", async (tx) => {
      const os = tx.objectStore(STORES.addressBook);
      const existing = (await request(os.get([address, facts.sha256Hex]))) as AddressBookEntry | undefined;
      const entry: AddressBookEntry = {
        email: address,
        certificate: certificate.slice(),
        sha256Hex: facts.sha256Hex,
        source,
        capabilities: existing?.capabilities ?? [],
        addedAt: existing?.addedAt ?? now,
        updatedAt: now,
      };
      if (existing?.signingTime) entry.signingTime = existing.signingTime;
      await request(os.put(entry));
      return entry;
    });
  }

  async collectFromSignedMail(input: CollectInput): Promise<AddressBookEntry | undefined> {
    this.ensureOpen();
    if (!input || typeof input !== "object") throw new SpmError("INVALID_ARGUMENT", "Collection input is required");
    if (input.signatureValid !== true) return undefined;
    if (typeof input.fromAddress !== "string" || !Array.isArray(input.signerEmails)) {
      throw new SpmError("INVALID_ARGUMENT", "fromAddress and signerEmails are required");
    }
    const from = normalizeAddress(input.fromAddress);
    if (from === undefined || !input.signerEmails.some((e) => typeof e === "string" && sameAddress(e, from))) return undefined;
    const capabilities = requireCapabilities(input.capabilities);
    const signingTime = input.signingTime;
    if (signingTime !== undefined && !(signingTime instanceof Date && !Number.isNaN(signingTime.getTime()))) {
      throw new SpmError("INVALID_ARGUMENT", "signingTime must be a valid Date");
    }
    const now = this.now();
    if (signingTime && signingTime.getTime() > now.getTime() + MAX_SIGNING_TIME_SKEW_MS) return undefined;
    const certificate = requireBytes(input.certificate, "The certificate");
    const facts = await describe(certificate);
    // signerEmails should come from this certificate; check it anyway, the address book is keyed by it.
    if (!facts.emails.some((e) => sameAddress(e, from))) return undefined;

    return this.tx([STORES.addressBook], "readwrite", "collect certificate", async (tx) => {
      const os = tx.objectStore(STORES.addressBook);
      const entries = (await request(os.index("email").getAll(from))) as AddressBookEntry[];
      const newest = entries.reduce<number | undefined>((max, e) => {
        const t = e.signingTime?.getTime();
        return t === undefined ? max : Math.max(max ?? t, t);
      }, undefined);
      // Once we hold a timed entry, only a strictly newer signature may change anything.
      if (newest !== undefined && (!signingTime || signingTime.getTime() <= newest)) return undefined;
      const same = entries.find((e) => e.sha256Hex === facts.sha256Hex);
      const entry: AddressBookEntry = {
        email: from,
        certificate: certificate.slice(),
        sha256Hex: facts.sha256Hex,
        source: same?.source ?? "collected",
        capabilities,
        addedAt: same?.addedAt ?? now,
        updatedAt: now,
      };
      if (signingTime) entry.signingTime = signingTime;
      await request(os.put(entry));
      // The newer certificate replaces older collected ones; the user's own imports stay.
      for (const old of entries) {
        if (old.sha256Hex !== facts.sha256Hex && old.source === "collected") await request(os.delete([old.email, old.sha256Hex]));
      }
      return entry;
    });
  }

  async findRecipient(email: string): Promise<AddressBookEntry[]> {
    const address = requireEmail(email);
    const entries = await this.tx([STORES.addressBook], "readonly", "find recipient", async (tx) => {
      return (await request(tx.objectStore(STORES.addressBook).index("email").getAll(address))) as AddressBookEntry[];
    });
    return entries.sort(byRecency);
  }

  async listAddressBook(): Promise<AddressBookEntry[]> {
    const entries = await this.tx([STORES.addressBook], "readonly", "list address book", async (tx) => {
      return (await request(tx.objectStore(STORES.addressBook).getAll())) as AddressBookEntry[];
    });
    return entries.sort((a, b) => a.email.localeCompare(b.email) || byRecency(a, b));
  }

  async removeRecipient(email: string, sha256HexValue: string): Promise<void> {
    const key = [requireEmail(email), requireHex(sha256HexValue)];
    await this.tx([STORES.addressBook], "readwrite", "remove recipient", async (tx) => {
      await request(tx.objectStore(STORES.addressBook).delete(key));
    });
  }

  // ---------------------------------------------------------------- pins

  async pinCertificate(email: string, certificate: Uint8Array): Promise<Pin> {
    const address = requireEmail(email);
    // A pin is the user's explicit decision, also for a certificate that does not name the address.
    const fingerprint = (await describe(requireBytes(certificate, "The certificate"))).sha256Hex;
    const now = this.now();
    return this.tx([STORES.pins], "readwrite", "pin certificate", async (tx) => {
      const os = tx.objectStore(STORES.pins);
      const existing = (await request(os.get([address, fingerprint]))) as Pin | undefined;
      if (existing) return existing;
      const pin: Pin = { email: address, certificate: certificate.slice(), sha256Hex: fingerprint, createdAt: now };
      await request(os.add(pin));
      return pin;
    });
  }

  async listPins(email?: string): Promise<Pin[]> {
    const address = email === undefined ? undefined : requireEmail(email);
    const pins = await this.tx([STORES.pins], "readonly", "list pins", async (tx) => {
      const os = tx.objectStore(STORES.pins);
      return (await request(address === undefined ? os.getAll() : os.index("email").getAll(address))) as Pin[];
    });
    return pins.sort((a, b) => a.email.localeCompare(b.email) || a.createdAt.getTime() - b.createdAt.getTime());
  }

  async removePin(email: string, sha256HexValue: string): Promise<void> {
    const key = [requireEmail(email), requireHex(sha256HexValue)];
    await this.tx([STORES.pins], "readwrite", "remove pin", async (tx) => {
      await request(tx.objectStore(STORES.pins).delete(key));
    });
  }

  // ---------------------------------------------------------------- organisation anchors

  async cacheOrganisationAnchors(certificates: Uint8Array[], source: string): Promise<void> {
    if (!Array.isArray(certificates)) throw new SpmError("INVALID_ARGUMENT", "Anchors must be a list of certificates");
    if (typeof source !== "string" || source === "") throw new SpmError("INVALID_ARGUMENT", "The anchors' source is required");
    const fingerprints: string[] = [];
    for (const c of certificates) {
      fingerprints.push((await describe(requireBytes(c, "An anchor certificate"))).sha256Hex);
    }
    const value: StoredAnchors = { certificates: certificates.map((c) => c.slice()), sha256Hex: fingerprints, source, fetchedAt: this.now() };
    await this.tx([STORES.anchors], "readwrite", "cache organisation anchors", async (tx) => {
      await request(tx.objectStore(STORES.anchors).put(value, ANCHORS_KEY));
    });
  }

  async getOrganisationAnchors(): Promise<OrganisationAnchors | undefined> {
    const stored = await this.tx([STORES.anchors], "readonly", "read organisation anchors", async (tx) => {
      return (await request(tx.objectStore(STORES.anchors).get(ANCHORS_KEY))) as StoredAnchors | undefined;
    });
    if (!stored) return undefined;
    return { certificates: stored.certificates, source: stored.source, fetchedAt: stored.fetchedAt };
  }

  // ---------------------------------------------------------------- settings

  async getSettings<T extends object>(key: string, fallback: T): Promise<T> {
    if (typeof key !== "string" || key === "") throw new SpmError("INVALID_ARGUMENT", "A settings key is required");
    const stored = await this.tx([STORES.settings], "readonly", "read settings", async (tx) => {
      return (await request(tx.objectStore(STORES.settings).get(key))) as unknown;
    });
    if (stored === undefined) return fallback;
    if (isPlainObject(stored) && isPlainObject(fallback)) return { ...fallback, ...stored };
    return stored as T;
  }

  async setSettings(key: string, value: object): Promise<void> {
    if (typeof key !== "string" || key === "") throw new SpmError("INVALID_ARGUMENT", "A settings key is required");
    if (typeof value !== "object" || value === null) throw new SpmError("INVALID_ARGUMENT", "Settings must be an object");
    try {
      await this.tx([STORES.settings], "readwrite", "write settings", async (tx) => {
        await request(tx.objectStore(STORES.settings).put(value, key));
      });
    } catch (e) {
      const cause = (e as { cause?: { name?: string } }).cause;
      if (cause?.name === "DataCloneError") throw new SpmError("INVALID_ARGUMENT", "Settings must be plain data (no functions or DOM objects)", { cause: e });
      throw idbError("write settings", e);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.dek = undefined;
    this.db.close();
  }
}
