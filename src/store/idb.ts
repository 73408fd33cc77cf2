/**
 * IndexedDB plumbing: schema with numbered upgrades, promise wrappers, typed errors.
 *
 * Rule for callers: a transaction only stays alive while it has pending IDB requests. Never await
 * anything but IDB requests (no WebCrypto, no ports) inside `withTransaction`; do the crypto first.
 */
import { SpmError } from "../core/errors";
import type { EncryptedKey, KeyringRecord } from "./keyring";
import type { AddressBookEntry, IdentityRecord, OrganisationAnchors, PendingKeyRecord, Pin } from "./types";

export const STORES = {
  meta: "meta",
  identities: "identities",
  addressBook: "addressBook",
  pins: "pins",
  anchors: "anchors",
  settings: "settings",
  pendingKeys: "pendingKeys",
} as const;
export type StoreName = (typeof STORES)[keyof typeof STORES];

// ---------------------------------------------------------------- record shapes, one per object store

export interface InstallRecord {
  installId: string;
  createdAt: Date;
}

/** An identity as stored: the public record plus its private key, encrypted (keyring.ts). */
export interface StoredIdentity extends IdentityRecord {
  encryptedKey: EncryptedKey;
}

export interface StoredPendingKey extends PendingKeyRecord {
  encryptedKey: EncryptedKey;
}

export interface StoredAnchors extends OrganisationAnchors {
  sha256Hex: string[];
}

/** The `meta` store holds a few singletons under fixed out-of-line keys. */
export interface MetaRecords {
  install: InstallRecord;
  keyring: KeyringRecord;
}

/** What each object store holds, its key, and its indexes. The one place where IDB's `any` gets a type. */
interface Schema {
  identities: { value: StoredIdentity; key: string; index: "email" };
  addressBook: { value: AddressBookEntry; key: [email: string, sha256Hex: string]; index: "email" };
  pins: { value: Pin; key: [email: string, sha256Hex: string]; index: "email" };
  anchors: { value: StoredAnchors; key: "organisation"; index: never };
  /** Settings are whatever object the caller stored under its key; the reader merges it over defaults. */
  settings: { value: object; key: string; index: never };
  pendingKeys: { value: StoredPendingKey; key: string; index: never };
}
export type RecordStoreName = keyof Schema;

/** Current schema version. Add a step to UPGRADES and bump this; never edit a released step. */
export const SCHEMA_VERSION = 2;

/** Upgrade step `n` takes the database from version n-1 to n. Runs inside the versionchange transaction. */
const UPGRADES: Record<number, (db: IDBDatabase, tx: IDBTransaction) => void> = {
  1: (db) => {
    db.createObjectStore(STORES.meta); // out-of-line keys: "install", "keyring"
    const identities = db.createObjectStore(STORES.identities, { keyPath: "id" });
    identities.createIndex("email", "email", { unique: false });
    const book = db.createObjectStore(STORES.addressBook, { keyPath: ["email", "sha256Hex"] });
    book.createIndex("email", "email", { unique: false });
    const pins = db.createObjectStore(STORES.pins, { keyPath: ["email", "sha256Hex"] });
    pins.createIndex("email", "email", { unique: false });
    db.createObjectStore(STORES.anchors); // out-of-line keys: "organisation"
    db.createObjectStore(STORES.settings); // out-of-line keys: the settings key
  },
  // Keys generated for a certificate request, waiting for the CA's certificate (id = SHA-256 of the SPKI).
  2: (db) => {
    db.createObjectStore(STORES.pendingKeys, { keyPath: "id" });
  },
};

/** Turn an IDB/DOM failure into a typed error. Quota problems are a limit; the rest is the host failing. */
export function idbError(operation: string, e: unknown): SpmError {
  if (e instanceof SpmError) return e;
  const name = (e as { name?: string } | null)?.name ?? "UnknownError";
  if (name === "QuotaExceededError") {
    return new SpmError("LIMIT_EXCEEDED", `Browser storage is full (${operation})`, { cause: e, details: { operation, name } });
  }
  return new SpmError("HOST_ERROR", `Browser storage failed (${operation}: ${name})`, {
    cause: e,
    details: { operation, name, source: "indexeddb" },
  });
}

export function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error("IndexedDB request failed"));
  });
}

/**
 * A typed view of one object store inside a transaction. Stores with in-line keys (keyPath) take no key on
 * put/add; `anchors` and `settings` use out-of-line keys and pass one.
 */
export interface RecordStore<S extends RecordStoreName> {
  get(key: Schema[S]["key"]): Promise<Schema[S]["value"] | undefined>;
  getAll(): Promise<Schema[S]["value"][]>;
  getAllFromIndex(index: Schema[S]["index"], key: IDBValidKey): Promise<Schema[S]["value"][]>;
  count(): Promise<number>;
  put(value: Schema[S]["value"], key?: Schema[S]["key"]): Promise<void>;
  add(value: Schema[S]["value"], key?: Schema[S]["key"]): Promise<void>;
  delete(key: Schema[S]["key"]): Promise<void>;
}

export function records<S extends RecordStoreName>(tx: IDBTransaction, name: S): RecordStore<S> {
  type Value = Schema[S]["value"];
  const os = tx.objectStore(name);
  return {
    // IDB returns `any`: the schema above is what was written through this same typed view.
    get: async (key) => (await request<unknown>(os.get(key))) as Value | undefined,
    getAll: async () => (await request<unknown[]>(os.getAll())) as Value[],
    getAllFromIndex: async (index, key) => (await request<unknown[]>(os.index(index).getAll(key))) as Value[],
    count: () => request(os.count()),
    put: async (value, key) => {
      await request(key === undefined ? os.put(value) : os.put(value, key));
    },
    add: async (value, key) => {
      await request(key === undefined ? os.add(value) : os.add(value, key));
    },
    delete: async (key) => {
      await request(os.delete(key));
    },
  };
}

/** The `meta` singletons, typed by their key. */
export interface MetaStore {
  get<K extends keyof MetaRecords>(key: K): Promise<MetaRecords[K] | undefined>;
  put<K extends keyof MetaRecords>(key: K, value: MetaRecords[K]): Promise<void>;
  add<K extends keyof MetaRecords>(key: K, value: MetaRecords[K]): Promise<void>;
}

export function metaRecords(tx: IDBTransaction): MetaStore {
  const os = tx.objectStore(STORES.meta);
  return {
    get: async <K extends keyof MetaRecords>(key: K) => (await request<unknown>(os.get(key))) as MetaRecords[K] | undefined,
    put: async (key, value) => {
      await request(os.put(value, key));
    },
    add: async (key, value) => {
      await request(os.add(value, key));
    },
  };
}

export interface OpenResult {
  db: IDBDatabase;
  /** The database did not exist before this open (oldVersion 0). */
  created: boolean;
}

/** `version` below SCHEMA_VERSION only for tests that build a database as an older release left it. */
export async function openDatabase(factory: IDBFactory, name: string, version = SCHEMA_VERSION): Promise<OpenResult> {
  let created = false;
  try {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = factory.open(name, version);
      req.onupgradeneeded = (event) => {
        const db = req.result;
        const tx = req.transaction;
        if (!tx) throw new Error("versionchange transaction missing");
        const from = event.oldVersion;
        created = from === 0;
        for (let v = from + 1; v <= version; v++) UPGRADES[v](db, tx);
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error("IndexedDB request failed"));
      // Another tab holds an older version open; it closes on its versionchange event (see below).
      req.onblocked = () => undefined;
    });
    // Let a newer version of the add-in in another tab upgrade: we step aside.
    db.onversionchange = () => db.close();
    return { db, created };
  } catch (e) {
    throw idbError("open", e);
  }
}

/**
 * Run `body` in one transaction and resolve with its result once the transaction has COMMITTED
 * (not when the last request succeeded), so callers never report a write that was rolled back.
 */
export async function withTransaction<T>(
  db: IDBDatabase,
  stores: StoreName[],
  mode: IDBTransactionMode,
  operation: string,
  body: (tx: IDBTransaction) => Promise<T>,
): Promise<T> {
  let tx: IDBTransaction;
  try {
    tx = db.transaction(stores, mode);
  } catch (e) {
    throw idbError(operation, e);
  }
  const done = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error("IndexedDB transaction failed"));
    tx.onabort = () => reject(tx.error ?? new DOMException("Transaction aborted", "AbortError"));
  });
  // Observed below; this handler only stops an abort that happens mid-body from counting as unhandled.
  done.catch(() => undefined);
  let result: T;
  try {
    result = await body(tx);
  } catch (e) {
    // A failed body must not half-commit: abort if still running, then report the body's error.
    try {
      tx.abort();
    } catch (abortError) {
      // Already finished or aborted by the failing request: the original error is the one to report.
      void abortError;
    }
    await done.catch((txError: unknown) => txError);
    throw idbError(operation, e);
  }
  try {
    await done;
  } catch (e) {
    throw idbError(operation, e);
  }
  return result;
}
