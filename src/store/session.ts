/**
 * The store's session: this install's id, the keyring record (device key, optional passphrase layer), the
 * unlocked data-encryption key (DEK) of this tab, and the storage-loss marker (loss.ts) kept in step with the
 * number of identities.
 */
import { randomBytes, toHex } from "../core/bytes";
import { SpmError } from "../core/errors";
import type { StoreContext } from "./context";
import { STORES, metaRecords, records, type InstallRecord } from "./idb";
import { PBKDF2_ITERATIONS, type KeyringRecord, type Sealed } from "./keyring";
import {
  evaluateLoss,
  localStorageLossMarker,
  parseMarker,
  serialiseMarker,
  withInstall,
  type LossDetails,
  type LossMarkerPort,
  type Marker,
} from "./loss";

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

function checkKeyring(record: KeyringRecord): KeyringRecord {
  if (record.v !== 1 || !record.deviceKey || (!record.wrappedDek && !record.passphrase)) {
    throw new SpmError("MALFORMED", "The stored keyring has an unknown format", { details: { version: record.v } });
  }
  return record;
}

export class Session {
  private readonly lossPort?: LossMarkerPort;
  private loss: LossDetails;
  private installId = "";
  private hasPassphrase = false;
  private dek?: CryptoKey;

  constructor(
    private readonly ctx: StoreContext,
    lossMarker: LossMarkerPort | undefined,
  ) {
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
    if (!record.passphrase && record.wrappedDek) this.dek = await this.ctx.keyring.unwrapDek(record.deviceKey, record.wrappedDek);
    await this.checkLoss();
  }

  private async ensureInstall(): Promise<string> {
    const fresh: InstallRecord = { installId: toHex(randomBytes(16)), createdAt: this.ctx.now() };
    const install = await this.ctx.tx([STORES.meta], "readwrite", "read install id", async (tx) => {
      const meta = metaRecords(tx);
      const existing = await meta.get("install");
      if (existing) return existing;
      await meta.add("install", fresh);
      return fresh;
    });
    return install.installId;
  }

  private readKeyring(): Promise<KeyringRecord | undefined> {
    return this.ctx.tx([STORES.meta], "readonly", "read keyring", (tx) => metaRecords(tx).get("keyring"));
  }

  private async ensureKeyring(): Promise<KeyringRecord> {
    const existing = await this.readKeyring();
    if (existing) return checkKeyring(existing);
    const { record } = await this.ctx.keyring.create(this.ctx.now());
    // Another tab may have created one meanwhile: `add` keeps the first; we then use that one.
    return this.ctx.tx([STORES.meta], "readwrite", "create keyring", async (tx) => {
      const meta = metaRecords(tx);
      const current = await meta.get("keyring");
      if (current) return checkKeyring(current);
      await meta.add("keyring", record);
      return record;
    });
  }

  private async writeKeyring(record: KeyringRecord): Promise<void> {
    await this.ctx.tx([STORES.meta], "readwrite", "write keyring", (tx) => metaRecords(tx).put("keyring", record));
  }

  private async currentKeyring(): Promise<KeyringRecord> {
    this.ctx.ensureOpen();
    const record = await this.readKeyring();
    if (!record) throw new SpmError("MALFORMED", "The keyring is missing from the database");
    return checkKeyring(record);
  }

  // ---------------------------------------------------------------- lock

  /** Whether a passphrase is set (re-read: another tab, pane vs. dialog, may have changed it) and unlocked here. */
  async lockState(): Promise<{ locked: boolean; hasPassphrase: boolean }> {
    this.hasPassphrase = !!(await this.currentKeyring()).passphrase;
    return { locked: this.hasPassphrase && !this.dek, hasPassphrase: this.hasPassphrase };
  }

  /** The data-encryption key; re-derived from the device key when there is no passphrase. */
  async requireDek(): Promise<CryptoKey> {
    this.ctx.ensureOpen();
    if (this.dek) return this.dek;
    if (this.hasPassphrase) throw new SpmError("STORE_LOCKED", "The key store is locked: enter the passphrase");
    const record = await this.readKeyring();
    if (!record?.wrappedDek) throw new SpmError("STORE_LOCKED", "The key store is locked: enter the passphrase");
    this.dek = await this.ctx.keyring.unwrapDek(record.deviceKey, record.wrappedDek);
    return this.dek;
  }

  async setPassphrase(passphrase: string | null, current?: string): Promise<void> {
    if (passphrase !== null && (typeof passphrase !== "string" || passphrase.trim() === "")) {
      throw new SpmError("INVALID_ARGUMENT", "The passphrase must not be empty");
    }
    const { keyring } = this.ctx;
    const record = await this.currentKeyring();
    let inner: Sealed;
    if (record.passphrase) {
      if (typeof current !== "string") throw new SpmError("INVALID_ARGUMENT", "The current passphrase is required to change it");
      inner = await keyring.openPassphraseLayer(record.passphrase, current);
    } else {
      inner = record.wrappedDek as Sealed; // checkKeyring: without a passphrase layer the wrapped DEK is there
    }
    const dek = await keyring.unwrapDek(record.deviceKey, inner);
    const next: KeyringRecord = { v: record.v, deviceKey: record.deviceKey, createdAt: record.createdAt };
    if (passphrase === null) next.wrappedDek = inner;
    else next.passphrase = await keyring.sealWithPassphrase(inner, passphrase);
    await this.writeKeyring(next);
    this.hasPassphrase = passphrase !== null;
    this.dek = dek;
  }

  async unlock(passphrase: string): Promise<void> {
    if (typeof passphrase !== "string") throw new SpmError("INVALID_ARGUMENT", "A passphrase is required");
    const { keyring } = this.ctx;
    const record = await this.currentKeyring();
    this.hasPassphrase = !!record.passphrase;
    if (!record.passphrase) {
      await this.requireDek();
      return;
    }
    const inner = await keyring.openPassphraseLayer(record.passphrase, passphrase);
    this.dek = await keyring.unwrapDek(record.deviceKey, inner);
    if (record.passphrase.kdf.iterations < PBKDF2_ITERATIONS) {
      // Parameters were raised since this passphrase was set: re-seal now that we know the passphrase.
      await this.writeKeyring({ ...record, passphrase: await keyring.sealWithPassphrase(inner, passphrase) });
    }
  }

  lock(): void {
    this.dek = undefined;
  }

  // ---------------------------------------------------------------- storage-loss marker

  lossDetails(): LossDetails {
    return structuredClone(this.loss);
  }

  get storageLost(): boolean {
    return this.loss.storageLost;
  }

  private countIdentities(): Promise<number> {
    return this.ctx.tx([STORES.identities], "readonly", "count identities", (tx) => records(tx, STORES.identities).count());
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
    if (count > 0 && ours?.identities !== count) await this.recordIdentityCount(count);
  }

  /**
   * Record our identity count in the marker (after adding or deliberately removing identities, so a removal
   * never later looks like loss). A failure is kept in lossDetails, not thrown: the data is safe.
   */
  async recordIdentityCount(count: number): Promise<void> {
    if (!this.lossPort) return;
    try {
      const text = await this.lossPort.get();
      let marker: Marker | undefined;
      try {
        marker = parseMarker(text);
      } catch (e) {
        // Unreadable: start it over rather than never record anything again. Kept as a reported fact.
        this.loss.markerError = { operation: "get", ...describeError(e) };
      }
      const next = withInstall(marker, { installId: this.installId, identities: count, at: this.ctx.now().toISOString() });
      await this.lossPort.set(serialiseMarker(next));
      delete this.loss.markerError;
    } catch (e) {
      this.loss.markerError = { operation: "set", ...describeError(e) };
    }
  }

  /** An identity was added: that is the restore (or the fresh start), so the loss is no longer reported. */
  identitiesRestored(): void {
    if (this.loss.storageLost) this.loss = { ...this.loss, storageLost: false, reason: undefined };
  }

  async acknowledgeStorageLoss(): Promise<void> {
    this.ctx.ensureOpen();
    if (!this.lossPort) return;
    let marker: Marker | undefined;
    try {
      marker = parseMarker(await this.lossPort.get());
    } catch (e) {
      // An unreadable marker is replaced: acknowledging is exactly the moment to start it over.
      this.loss.markerError = { operation: "get", ...describeError(e) };
    }
    const count = await this.countIdentities();
    const mark = { installId: this.installId, identities: count, at: this.ctx.now().toISOString() };
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
}
