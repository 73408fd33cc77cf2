import { describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { openStore } from "../../../src/store";
import { loadPki, type FixtureIdentity as TestIdentity } from "../../helpers/fixtures";
import { IDBFactory, MemoryMarker, deleteDatabase, errorCode, rawGet, rawWrite } from "./helpers";

const pki = loadPki("basic");
const erin = pki.identity("erin-clinic"); // P-256, erin@clinic.example
const frank = pki.identity("frank-clinic");

const identityOf = (t: TestIdentity) => ({ certificate: t.certDer, privateKey: t.keyPkcs8, chain: [] });
const now = () => new Date("2026-07-01T08:00:00Z");

describe("storage loss detection", () => {
  test("marker follows the identity count; a wiped database is reported as lost until restored", async () => {
    const marker = new MemoryMarker();
    const factory = new IDBFactory();
    const store = await openStore({ indexedDB: factory, lossMarker: marker, now });
    assert.equal(marker.value, undefined, "nothing to protect yet, nothing written");
    const rec = await store.addIdentity(identityOf(erin), { source: "pkcs12" });
    const install = ((await rawGet(factory, "meta", "install")) as { installId: string }).installId;
    assert.deepEqual(marker.parsed(), { v: 1, installs: [{ installId: install, identities: 1, at: "2026-07-01T08:00:00.000Z" }] });
    assert.deepEqual(store.lossDetails(), { channel: "port", storageLost: false, knownInstalls: [] });
    store.close();

    // The browser clears IndexedDB; the mailbox-side marker survives.
    await deleteDatabase(factory);
    const after = await openStore({ indexedDB: factory, lossMarker: marker, now });
    const state = await after.state();
    assert.equal(state.storageLost, true);
    assert.equal(state.identityCount, 0);
    const details = after.lossDetails();
    assert.equal(details.reason, "install-replaced");
    assert.deepEqual(details.knownInstalls.map((i) => [i.installId, i.identities]), [[install, 1]]);
    // Restoring (adding the identity back from the backup) ends the loss state and rewrites the marker.
    await after.addIdentity(identityOf(erin), { source: "pkcs12" });
    assert.equal((await after.state()).storageLost, false);
    after.close();
    const third = await openStore({ indexedDB: factory, lossMarker: marker, now });
    assert.equal((await third.state()).storageLost, false);
    assert.equal(rec.id, (await third.listIdentities())[0].id);
    third.close();
  });

  test("identities missing from our own install are reported with that reason", async () => {
    const marker = new MemoryMarker();
    const factory = new IDBFactory();
    const store = await openStore({ indexedDB: factory, lossMarker: marker, now });
    await store.addIdentity(identityOf(erin), { source: "pkcs12" });
    store.close();
    await rawWrite(factory, "identities", (os) => os.clear());
    const again = await openStore({ indexedDB: factory, lossMarker: marker, now });
    assert.equal((await again.state()).storageLost, true);
    assert.equal(again.lossDetails().reason, "identities-missing");
    again.close();
  });

  test("deliberate removal is not loss; acknowledging a loss stops the warning for good", async () => {
    const marker = new MemoryMarker();
    const factory = new IDBFactory();
    const store = await openStore({ indexedDB: factory, lossMarker: marker, now });
    const rec = await store.addIdentity(identityOf(erin), { source: "pkcs12" });
    await store.removeIdentity(rec.id);
    assert.equal(marker.parsed().installs[0].identities, 0);
    store.close();
    const again = await openStore({ indexedDB: factory, lossMarker: marker, now });
    assert.equal((await again.state()).storageLost, false);
    await again.addIdentity(identityOf(erin), { source: "pkcs12" });
    again.close();

    await deleteDatabase(factory);
    const lost = await openStore({ indexedDB: factory, lossMarker: marker, now });
    assert.equal((await lost.state()).storageLost, true);
    await lost.acknowledgeStorageLoss();
    assert.equal((await lost.state()).storageLost, false);
    lost.close();
    const later = await openStore({ indexedDB: factory, lossMarker: marker, now });
    assert.equal((await later.state()).storageLost, false, "acknowledged: not reported again");
    later.close();
  });

  test("two devices of one mailbox share the marker without overwriting each other", async () => {
    const marker = new MemoryMarker();
    const deviceA = new IDBFactory();
    const deviceB = new IDBFactory();
    const a = await openStore({ indexedDB: deviceA, lossMarker: marker, now });
    await a.addIdentity(identityOf(erin), { source: "pkcs12" });
    a.close();
    // First start on B: indistinguishable from a wipe, same guidance (restore from backup).
    const b = await openStore({ indexedDB: deviceB, lossMarker: marker, now });
    assert.equal((await b.state()).storageLost, true);
    await b.addIdentity(identityOf(frank), { source: "generated" });
    assert.equal(marker.parsed().installs.length, 2);
    b.close();
    const a2 = await openStore({ indexedDB: deviceA, lossMarker: marker, now });
    assert.equal((await a2.state()).storageLost, false);
    a2.close();
  });

  test("a failing or garbled marker never blocks the store and is reported", async () => {
    const marker = new MemoryMarker();
    marker.failSet = true;
    const factory = new IDBFactory();
    const store = await openStore({ indexedDB: factory, lossMarker: marker, now });
    await store.addIdentity(identityOf(erin), { source: "pkcs12" });
    assert.equal(store.lossDetails().markerError?.operation, "set");
    store.close();
    marker.failSet = false;
    // On the next open the store repairs its own entry.
    const repaired = await openStore({ indexedDB: factory, lossMarker: marker, now });
    assert.equal(marker.parsed().installs[0].identities, 1);
    assert.equal(repaired.lossDetails().markerError, undefined);
    repaired.close();

    marker.failGet = true;
    const noRead = await openStore({ indexedDB: factory, lossMarker: marker, now });
    assert.equal(noRead.lossDetails().markerError?.operation, "get");
    assert.equal((await noRead.state()).storageLost, false);
    noRead.close();

    marker.failGet = false;
    marker.value = "something else";
    const garbled = await openStore({ indexedDB: new IDBFactory(), lossMarker: marker, now });
    assert.equal(garbled.lossDetails().markerError?.code, "MALFORMED");
    await garbled.addIdentity(identityOf(erin), { source: "pkcs12" });
    assert.equal(marker.parsed().installs[0].identities, 1, "an unreadable marker is started over");
    assert.equal(garbled.lossDetails().markerError, undefined);
    garbled.close();
  });

  test("without a port: localStorage fallback when present, otherwise detection is off and says so", async () => {
    const none = await openStore({ indexedDB: new IDBFactory(), now });
    assert.equal(none.lossDetails().channel, "none");
    await none.addIdentity(identityOf(erin), { source: "pkcs12" });
    none.close();

    const items = new Map<string, string>();
    const fakeStorage = {
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => void items.set(k, v),
    } as unknown as Storage;
    const g = globalThis as { localStorage?: Storage };
    g.localStorage = fakeStorage;
    try {
      const factory = new IDBFactory();
      const store = await openStore({ indexedDB: factory, now });
      assert.equal(store.lossDetails().channel, "localStorage");
      await store.addIdentity(identityOf(erin), { source: "pkcs12" });
      assert.equal(items.size, 1);
      store.close();
      await deleteDatabase(factory);
      const again = await openStore({ indexedDB: factory, now });
      assert.equal((await again.state()).storageLost, true);
      again.close();
    } finally {
      delete g.localStorage;
    }
  });

  test("a database from a newer schema is refused with a typed error, not damaged", async () => {
    const factory = new IDBFactory();
    await new Promise<void>((resolve, reject) => {
      const req = factory.open("secure-patient-mail", 99);
      req.onsuccess = () => {
        req.result.close();
        resolve();
      };
      req.onerror = () => reject(req.error ?? new Error("IndexedDB request failed"));
    });
    assert.equal(await errorCode(openStore({ indexedDB: factory, lossMarker: new MemoryMarker() })), "HOST_ERROR");
    assert.equal(await errorCode(openStore({ indexedDB: undefined as never })), "INVALID_ARGUMENT");
  });
});
