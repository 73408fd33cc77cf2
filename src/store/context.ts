/**
 * What every part of the store shares: the open database, the keyring (WebCrypto), the clock, and whether
 * the store was closed. The parts (session, identities, address book, organisation config) hold no other
 * shared state; the unlocked key lives in the session and is asked for through `Session.requireDek`.
 */
import { SpmError } from "../core/errors";
import { withTransaction, type StoreName } from "./idb";
import type { Keyring } from "./keyring";

export class StoreContext {
  private closed = false;

  constructor(
    readonly db: IDBDatabase,
    readonly subtle: SubtleCrypto,
    readonly keyring: Keyring,
    readonly now: () => Date,
  ) {}

  ensureOpen(): void {
    if (this.closed) throw new SpmError("INVALID_ARGUMENT", "The store is closed");
  }

  /** One transaction (see idb.ts: only IDB requests inside `body`), refused once the store is closed. */
  tx<T>(stores: StoreName[], mode: IDBTransactionMode, operation: string, body: (tx: IDBTransaction) => Promise<T>): Promise<T> {
    this.ensureOpen();
    return withTransaction(this.db, stores, mode, operation, body);
  }

  /** Idempotent. Returns false when it was already closed. */
  close(): boolean {
    if (this.closed) return false;
    this.closed = true;
    this.db.close();
    return true;
  }
}
