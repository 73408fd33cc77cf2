/** Shared test plumbing for the store: isolated fake IndexedDB per test, an in-memory marker port, raw reads. */
import { X509Certificate, createHash, createPrivateKey, createPublicKey } from "node:crypto";
import { IDBFactory } from "fake-indexeddb";
import type { LossMarkerPort } from "../../../src/store";

export { IDBFactory };

/** A marker port that survives "storage loss" because it lives in the test, like roamingSettings in the mailbox. */
export class MemoryMarker implements LossMarkerPort {
  value: string | undefined;
  writes = 0;
  failGet = false;
  failSet = false;
  async get(): Promise<string | undefined> {
    if (this.failGet) throw new Error("roamingSettings unavailable");
    return this.value;
  }
  async set(value: string): Promise<void> {
    if (this.failSet) throw new Error("saveAsync failed");
    this.writes++;
    this.value = value;
  }
  parsed(): { v: number; installs: { installId: string; identities: number; at: string }[] } {
    if (!this.value) throw new Error("no marker written");
    return JSON.parse(this.value.slice(this.value.indexOf(":") + 1)) as { v: number; installs: { installId: string; identities: number; at: string }[] };
  }
}

function rawOpen(factory: IDBFactory, name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = factory.open(name);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error("IndexedDB request failed"));
  });
}

/** Read every record of every object store, bypassing the store's API (what an attacker with the files sees). */
export async function rawDump(factory: IDBFactory, name = "secure-patient-mail"): Promise<Record<string, unknown[]>> {
  const db = await rawOpen(factory, name);
  const out: Record<string, unknown[]> = {};
  try {
    for (const storeName of Array.from(db.objectStoreNames)) {
      out[storeName] = await new Promise<unknown[]>((resolve, reject) => {
        const req = db.transaction(storeName).objectStore(storeName).getAll();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error ?? new Error("IndexedDB request failed"));
      });
    }
  } finally {
    db.close();
  }
  return out;
}

/** Run raw writes against the database (tampering, simulated partial loss). */
export async function rawWrite(factory: IDBFactory, storeName: string, fn: (os: IDBObjectStore) => void, name = "secure-patient-mail"): Promise<void> {
  const db = await rawOpen(factory, name);
  try {
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(storeName, "readwrite");
      fn(tx.objectStore(storeName));
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error("IndexedDB transaction failed"));
      tx.onabort = () => reject(tx.error ?? new Error("IndexedDB transaction aborted"));
    });
  } finally {
    db.close();
  }
}

export async function rawGet(factory: IDBFactory, storeName: string, key: IDBValidKey, name = "secure-patient-mail"): Promise<unknown> {
  const db = await rawOpen(factory, name);
  try {
    return await new Promise((resolve, reject) => {
      const req = db.transaction(storeName).objectStore(storeName).get(key);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error("IndexedDB request failed"));
    });
  } finally {
    db.close();
  }
}

export function deleteDatabase(factory: IDBFactory, name = "secure-patient-mail"): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = factory.deleteDatabase(name);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error ?? new Error("IndexedDB request failed"));
  });
}

/** Does `needle` occur inside any byte array reachable from `value`? */
export function containsBytes(value: unknown, needle: Uint8Array, seen = new Set<unknown>()): boolean {
  if (value === null || typeof value !== "object" || seen.has(value)) return false;
  seen.add(value);
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) {
    const hay = value instanceof Uint8Array ? value : new Uint8Array(value);
    outer: for (let i = 0; i + needle.length <= hay.length; i++) {
      for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
      return true;
    }
    return false;
  }
  return Object.values(value as Record<string, unknown>).some((v) => containsBytes(v, needle, seen));
}

/** Assert helper: run and return the SpmError code. */
export async function errorCode(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    return (e as { code?: string }).code ?? `non-SpmError: ${String(e)}`;
  }
  return "no error";
}

/** SHA-256 (hex) of the SubjectPublicKeyInfo of a PKCS#8 private key, derived by node:crypto (OpenSSL's library). */
export function publicKeySha256(pkcs8: Uint8Array): string {
  const spki = createPublicKey(createPrivateKey({ key: Buffer.from(pkcs8), format: "der", type: "pkcs8" })).export({ type: "spki", format: "der" });
  return createHash("sha256").update(spki).digest("hex");
}

/** SHA-256 (hex) of a certificate's SubjectPublicKeyInfo, read by node:crypto. */
export function certificateKeySha256(certDer: Uint8Array): string {
  return createHash("sha256").update(new X509Certificate(Buffer.from(certDer)).publicKey.export({ type: "spki", format: "der" })).digest("hex");
}
