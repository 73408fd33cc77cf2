/**
 * The typed object-store views in idb.ts: what they write is what a raw IndexedDB reader finds, compound
 * keys and the email index work, the meta singletons keep the first writer, and a failing body commits nothing.
 */
import { describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { STORES, metaRecords, openDatabase, records, withTransaction, type StoredIdentity } from "../../../src/store/idb";
import type { AddressBookEntry } from "../../../src/store";
import { IDBFactory, errorCode, rawDump, rawGet } from "./helpers";

const NAME = "idb-test";

function entry(email: string, sha256Hex: string, at: number): AddressBookEntry {
  const when = new Date(at);
  return { email, certificate: new Uint8Array([1, 2, 3]), sha256Hex, source: "imported", capabilities: [], addedAt: when, updatedAt: when };
}

describe("typed object stores", () => {
  test("address book: compound keys, the email index, count and delete match a raw reader", async () => {
    const factory = new IDBFactory();
    const { db } = await openDatabase(factory, NAME);
    try {
      const a1 = entry("a@example.org", "a1".repeat(32), 1);
      const a2 = entry("a@example.org", "a2".repeat(32), 2);
      const b1 = entry("b@example.org", "b1".repeat(32), 3);
      await withTransaction(db, [STORES.addressBook], "readwrite", "test write", async (tx) => {
        const os = records(tx, STORES.addressBook);
        for (const e of [a1, a2, b1]) await os.put(e);
      });
      const seen = await withTransaction(db, [STORES.addressBook], "readonly", "test read", async (tx) => {
        const os = records(tx, STORES.addressBook);
        return {
          one: await os.get(["a@example.org", a2.sha256Hex]),
          missing: await os.get(["c@example.org", a2.sha256Hex]),
          forA: await os.getAllFromIndex("email", "a@example.org"),
          count: await os.count(),
        };
      });
      assert.equal(seen.one?.sha256Hex, a2.sha256Hex);
      assert.equal(seen.one?.updatedAt.getTime(), 2);
      assert.equal(seen.missing, undefined);
      assert.deepEqual(seen.forA.map((e) => e.sha256Hex).sort(), [a1.sha256Hex, a2.sha256Hex].sort());
      assert.equal(seen.count, 3);

      await withTransaction(db, [STORES.addressBook], "readwrite", "test delete", (tx) => records(tx, STORES.addressBook).delete([a1.email, a1.sha256Hex]));
    } finally {
      db.close();
    }
    const dump = await rawDump(factory, NAME);
    assert.deepEqual((dump.addressBook as AddressBookEntry[]).map((e) => e.sha256Hex).sort(), ["a2".repeat(32), "b1".repeat(32)]);
  });

  test("out-of-line keys: settings and anchors are stored under the key given", async () => {
    const factory = new IDBFactory();
    const { db } = await openDatabase(factory, NAME);
    try {
      await withTransaction(db, [STORES.settings, STORES.anchors], "readwrite", "test write", async (tx) => {
        await records(tx, STORES.settings).put({ autoLockMinutes: 5 }, "security");
        await records(tx, STORES.anchors).put({ certificates: [], sha256Hex: [], source: "test", fetchedAt: new Date(7) }, "organisation");
      });
    } finally {
      db.close();
    }
    assert.deepEqual(await rawGet(factory, STORES.settings, "security", NAME), { autoLockMinutes: 5 });
    assert.equal(((await rawGet(factory, STORES.anchors, "organisation", NAME)) as { source: string }).source, "test");
  });

  test("meta singletons: add keeps the first writer, a second add fails as a host error", async () => {
    const factory = new IDBFactory();
    const { db } = await openDatabase(factory, NAME);
    try {
      const first = { installId: "first", createdAt: new Date(1) };
      await withTransaction(db, [STORES.meta], "readwrite", "add install", (tx) => metaRecords(tx).add("install", first));
      const code = await errorCode(
        withTransaction(db, [STORES.meta], "readwrite", "add install again", (tx) => metaRecords(tx).add("install", { installId: "second", createdAt: new Date(2) })),
      );
      assert.equal(code, "HOST_ERROR");
      const read = await withTransaction(db, [STORES.meta], "readonly", "read install", (tx) => metaRecords(tx).get("install"));
      assert.equal(read?.installId, "first");
      assert.equal(await withTransaction(db, [STORES.meta], "readonly", "read keyring", (tx) => metaRecords(tx).get("keyring")), undefined);
    } finally {
      db.close();
    }
  });

  test("a body that fails after writing commits nothing", async () => {
    const factory = new IDBFactory();
    const { db } = await openDatabase(factory, NAME);
    const stored = { id: "x".repeat(64), email: "x@example.org" } as StoredIdentity; // only the key path matters here
    try {
      const code = await errorCode(
        withTransaction(db, [STORES.identities], "readwrite", "half write", async (tx) => {
          await records(tx, STORES.identities).put(stored);
          throw new Error("boom after the write");
        }),
      );
      assert.equal(code, "HOST_ERROR");
      const count = await withTransaction(db, [STORES.identities], "readonly", "count", (tx) => records(tx, STORES.identities).count());
      assert.equal(count, 0);
    } finally {
      db.close();
    }
  });
});
