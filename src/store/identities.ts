/**
 * The user's identities (certificate + private key, encrypted at rest under the session's DEK) and the
 * pending keys of certificate requests waiting for the CA. Crypto happens before each transaction; a
 * transaction only touches IDB (idb.ts).
 */
import { wipe } from "../core/bytes";
import { SpmError, toSpmError } from "../core/errors";
import { publicKeyMatches } from "../core/keys";
import type { Identity } from "../core/types";
import { checkKeyPair, describe, type CertificateFacts } from "./certificate";
import type { StoreContext } from "./context";
import { STORES, records, type RecordStore, type StoredIdentity, type StoredPendingKey } from "./idb";
import { MAX_REQUEST_PEM_CHARS, pendingKeyContext, pendingKeyId } from "./pending";
import type { Session } from "./session";
import type { IdentityRecord, PendingKeyRecord } from "./types";
import { requireBytes, requireEmail, requireId } from "./validate";

const IDENTITY_SOURCES: ReadonlySet<string> = new Set(["pkcs12", "generated", "self-signed"]);

function toPublicIdentity(stored: StoredIdentity): IdentityRecord {
  const { encryptedKey: _secret, ...record } = stored;
  return record;
}

function toPublicPending(stored: StoredPendingKey): PendingKeyRecord {
  return { id: stored.id, email: stored.email, requestPem: stored.requestPem, createdAt: stored.createdAt };
}

/** Default first, then newest notAfter first. */
export function identityOrder(a: IdentityRecord, b: IdentityRecord): number {
  if (a.isDefault !== b.isDefault) return a.isDefault ? -1 : 1;
  return b.notAfter.getTime() - a.notAfter.getTime();
}

/** Pick the identity to become default after `removed` is gone: same address first, newest notAfter. */
function successor(remaining: StoredIdentity[], removed: StoredIdentity): StoredIdentity | undefined {
  const sorted = [...remaining].sort((a, b) => b.notAfter.getTime() - a.notAfter.getTime());
  return sorted.find((r) => r.email === removed.email) ?? sorted[0];
}

function noSuchIdentity(id: string): SpmError {
  return new SpmError("INVALID_ARGUMENT", "No such identity", { details: { id } });
}

interface NewIdentity {
  facts: CertificateFacts;
  certificate: Uint8Array;
  chain: Uint8Array[];
  source: IdentityRecord["source"];
  encryptedKey: StoredIdentity["encryptedKey"];
  now: Date;
}

/** Write one identity inside a transaction; returns it and the identity count afterwards. */
async function putIdentity(os: RecordStore<"identities">, add: NewIdentity): Promise<{ record: IdentityRecord; count: number }> {
  const { facts } = add;
  const id = facts.sha256Hex;
  const all = await os.getAll();
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
    certificate: add.certificate.slice(),
    chain: add.chain.map((c) => c.slice()),
    isDefault: becomesDefault,
    addedAt: existing?.addedAt ?? add.now,
    source: existing?.source ?? add.source,
    encryptedKey: add.encryptedKey,
  };
  if (existing?.backedUpAt) stored.backedUpAt = existing.backedUpAt;
  if (becomesDefault && currentDefault && currentDefault.id !== id) await os.put({ ...currentDefault, isDefault: false });
  await os.put(stored);
  return { record: toPublicIdentity(stored), count: existing ? all.length : all.length + 1 };
}

export class Identities {
  constructor(
    private readonly ctx: StoreContext,
    private readonly session: Session,
  ) {}

  readIdentities(): Promise<StoredIdentity[]> {
    return this.ctx.tx([STORES.identities], "readonly", "list identities", (tx) => records(tx, STORES.identities).getAll());
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
    const dek = await this.session.requireDek();
    const encryptedKey = await this.ctx.keyring.encryptPrivateKey(dek, facts.sha256Hex, privateKey);
    const add: NewIdentity = { facts, certificate, chain, source: meta.source, encryptedKey, now: this.ctx.now() };
    const { record, count } = await this.ctx.tx([STORES.identities], "readwrite", "add identity", (tx) =>
      putIdentity(records(tx, STORES.identities), add),
    );
    // Adding an identity is the restore (or the fresh start): the marker now describes this install.
    await this.session.recordIdentityCount(count);
    this.session.identitiesRestored();
    return record;
  }

  async listIdentities(): Promise<IdentityRecord[]> {
    return (await this.readIdentities()).map(toPublicIdentity).sort(identityOrder);
  }

  private async getStoredIdentity(id: string): Promise<StoredIdentity> {
    const key = requireId(id, "An identity id");
    const stored = await this.ctx.tx([STORES.identities], "readonly", "read identity", (tx) => records(tx, STORES.identities).get(key));
    if (!stored) throw noSuchIdentity(key);
    return stored;
  }

  async getPrivateKey(id: string): Promise<Uint8Array> {
    const dek = await this.session.requireDek();
    const stored = await this.getStoredIdentity(id);
    return this.ctx.keyring.decryptPrivateKey(dek, stored.id, stored.encryptedKey);
  }

  async allKeyPairs(): Promise<{ record: IdentityRecord; privateKey: Uint8Array }[]> {
    const dek = await this.session.requireDek();
    const all = (await this.readIdentities()).sort(identityOrder);
    const out: { record: IdentityRecord; privateKey: Uint8Array }[] = [];
    for (const stored of all) {
      out.push({ record: toPublicIdentity(stored), privateKey: await this.ctx.keyring.decryptPrivateKey(dek, stored.id, stored.encryptedKey) });
    }
    return out;
  }

  async setDefaultIdentity(id: string): Promise<void> {
    await this.getStoredIdentity(id);
    await this.ctx.tx([STORES.identities], "readwrite", "set default identity", async (tx) => {
      const os = records(tx, STORES.identities);
      const all = await os.getAll();
      if (!all.some((r) => r.id === id)) throw noSuchIdentity(id);
      for (const r of all) {
        if (r.isDefault !== (r.id === id)) await os.put({ ...r, isDefault: r.id === id });
      }
    });
  }

  async removeIdentity(id: string): Promise<void> {
    const removed = await this.getStoredIdentity(id);
    const count = await this.ctx.tx([STORES.identities], "readwrite", "remove identity", async (tx) => {
      const os = records(tx, STORES.identities);
      await os.delete(removed.id);
      const remaining = await os.getAll();
      if (removed.isDefault && !remaining.some((r) => r.isDefault)) {
        const next = successor(remaining, removed);
        if (next) await os.put({ ...next, isDefault: true });
      }
      return remaining.length;
    });
    // Deliberate removal must not later look like storage loss.
    await this.session.recordIdentityCount(count);
  }

  async markBackedUp(id: string): Promise<void> {
    await this.getStoredIdentity(id);
    const at = this.ctx.now();
    await this.ctx.tx([STORES.identities], "readwrite", "mark backed up", async (tx) => {
      const os = records(tx, STORES.identities);
      const stored = await os.get(id);
      if (!stored) throw noSuchIdentity(id);
      await os.put({ ...stored, backedUpAt: at });
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
    const dek = await this.session.requireDek();
    const id = await pendingKeyId(this.ctx.subtle, pkcs8);
    const encryptedKey = await this.ctx.keyring.encryptPrivateKey(dek, pendingKeyContext(id), pkcs8);
    const now = this.ctx.now();
    const stored = await this.ctx.tx([STORES.pendingKeys], "readwrite", "add pending key", async (tx) => {
      const os = records(tx, STORES.pendingKeys);
      const existing = await os.get(id);
      const record: StoredPendingKey = { id, email, requestPem, createdAt: existing?.createdAt ?? now, encryptedKey };
      await os.put(record);
      return record;
    });
    return toPublicPending(stored);
  }

  private readPendingKeys(): Promise<StoredPendingKey[]> {
    return this.ctx.tx([STORES.pendingKeys], "readonly", "list pending keys", (tx) => records(tx, STORES.pendingKeys).getAll());
  }

  async listPendingKeys(): Promise<PendingKeyRecord[]> {
    const all = await this.readPendingKeys();
    return all.map(toPublicPending).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  async removePendingKey(id: string): Promise<void> {
    const key = requireId(id, "A pending key id");
    await this.ctx.tx([STORES.pendingKeys], "readwrite", "remove pending key", (tx) => records(tx, STORES.pendingKeys).delete(key));
  }

  async completePendingKey(certificate: Uint8Array, chain: Uint8Array[]): Promise<IdentityRecord> {
    const leaf = requireBytes(certificate, "The certificate");
    if (!Array.isArray(chain)) throw new SpmError("INVALID_ARGUMENT", "The chain must be a list of certificates");
    const dek = await this.session.requireDek();
    await describe(leaf); // MALFORMED for anything that is not a certificate, before any key is decrypted
    let unreadable: unknown;
    for (const pending of await this.readPendingKeys()) {
      let privateKey: Uint8Array;
      try {
        privateKey = await this.ctx.keyring.decryptPrivateKey(dek, pendingKeyContext(pending.id), pending.encryptedKey);
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
}
