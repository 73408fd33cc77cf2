import { describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { openStore, PBKDF2_ITERATIONS, SCHEMA_VERSION, type SpmStore } from "../../../src/store";
import { Keyring } from "../../../src/store/keyring";
import { loadPki, type FixtureIdentity as TestIdentity } from "../../helpers/fixtures";
import { IDBFactory, MemoryMarker, containsBytes, errorCode, publicKeySha256, rawDump, rawGet, rawWrite } from "./helpers";

const pki = loadPki("basic");
const alice = pki.identity("alice-2024"); // "Alice@Example.org", 2024-01-01 .. 2026-01-01
const aliceRenewed = pki.identity("alice-2025"); // P-256, 2025-12-01 .. 2028-12-01
const bob = pki.identity("bob-p256");

const identityOf = (t: TestIdentity) => ({ certificate: t.certDer, privateKey: t.keyPkcs8, chain: [pki.caCertDer] });

async function fresh(factory = new IDBFactory()): Promise<{ store: SpmStore; factory: IDBFactory }> {
  return { store: await openStore({ indexedDB: factory, lossMarker: new MemoryMarker() }), factory };
}

describe("identities", () => {
  test("a fresh store is empty, unlocked and needs nothing", async () => {
    const { store, factory } = await fresh();
    assert.deepEqual(await store.state(), { locked: false, hasPassphrase: false, identityCount: 0, storageLost: false, needsBackup: false });
    store.close();
    const dump = await rawDump(factory);
    assert.deepEqual(Object.keys(dump).sort(), ["addressBook", "anchors", "identities", "meta", "pendingKeys", "pins", "settings"]);
    const probe = await new Promise<number>((resolve) => {
      const req = factory.open("secure-patient-mail");
      req.onsuccess = () => {
        resolve(req.result.version);
        req.result.close();
      };
    });
    assert.equal(probe, SCHEMA_VERSION);
  });

  test("addIdentity records the certificate facts and returns the private key intact", async () => {
    const { store } = await fresh();
    const record = await store.addIdentity(identityOf(alice), { source: "pkcs12" });
    // As `openssl x509 -fingerprint -sha256` and `-serial` reported them when the certificate was made.
    const fingerprint = alice.sha256Fingerprint;
    const serial = alice.serialHex;
    assert.equal(record.id, fingerprint);
    assert.equal(record.email, "alice@example.org");
    assert.match(record.subject, /CN=alice/);
    assert.match(record.issuer, /CN=SPM Test Root CA/);
    assert.equal(record.serialHex.replace(/^0+/, ""), serial.replace(/^0+/, ""));
    assert.equal(record.notBefore.toISOString(), "2024-01-01T00:00:00.000Z");
    assert.equal(record.notAfter.toISOString(), "2026-01-01T00:00:00.000Z");
    assert.equal(record.isDefault, true);
    assert.equal(record.source, "pkcs12");
    assert.deepEqual(record.chain, [pki.caCertDer]);
    assert.equal("encryptedKey" in record, false, "the public record must not carry key material");
    assert.deepEqual(await store.getPrivateKey(record.id), alice.keyPkcs8);
    // The key that comes back really is the key: node:crypto (OpenSSL's library) derives from it the public
    // key the OpenSSL binary read from the certificate.
    assert.equal(publicKeySha256(await store.getPrivateKey(record.id)), alice.spkiSha256);
    assert.deepEqual(await store.listIdentities(), [record]);
    store.close();
  });

  test("private keys are encrypted at rest under a non-extractable device key", async () => {
    const { store, factory } = await fresh();
    await store.addIdentity(identityOf(alice), { source: "pkcs12" });
    await store.addIdentity(identityOf(bob), { source: "generated" });
    store.close();
    const dump = await rawDump(factory);
    assert.equal(containsBytes(dump, alice.keyPkcs8), false, "alice's PKCS#8 must not be stored in clear");
    assert.equal(containsBytes(dump, bob.keyPkcs8), false, "bob's PKCS#8 must not be stored in clear");
    // Sanity check of the checker: the certificate IS stored in clear.
    assert.equal(containsBytes(dump, alice.certDer), true);
    const keyring = (await rawGet(factory, "meta", "keyring")) as { deviceKey: CryptoKey; wrappedDek: { data: Uint8Array } };
    assert.ok(keyring.deviceKey instanceof CryptoKey, "the device key is stored as a CryptoKey");
    assert.equal(keyring.deviceKey.extractable, false);
    assert.deepEqual([...keyring.deviceKey.usages].sort(), ["unwrapKey", "wrapKey"]);
    assert.equal(keyring.wrappedDek.data.length, 32 + 16, "AES-256 DEK wrapped with AES-GCM (key + tag)");
    await assert.rejects(crypto.subtle.exportKey("raw", keyring.deviceKey));
  });

  test("identities and keys persist across reopen", async () => {
    const { store, factory } = await fresh();
    const a = await store.addIdentity(identityOf(alice), { source: "pkcs12" });
    store.close();
    const again = await openStore({ indexedDB: factory, lossMarker: new MemoryMarker() });
    assert.deepEqual(await again.listIdentities(), [a]);
    assert.deepEqual(await again.getPrivateKey(a.id), alice.keyPkcs8);
    again.close();
  });

  test("renewal keeps the old identity and makes the newer one default; other addresses do not take over", async () => {
    const { store } = await fresh();
    const old = await store.addIdentity(identityOf(alice), { source: "pkcs12" });
    const renewed = await store.addIdentity(identityOf(aliceRenewed), { source: "generated" });
    assert.equal(renewed.isDefault, true);
    const other = await store.addIdentity(identityOf(bob), { source: "self-signed" });
    assert.equal(other.isDefault, false);
    const list = await store.listIdentities();
    assert.deepEqual(list.map((r) => r.id), [renewed.id, other.id, old.id], "default first, then newest expiry");
    assert.deepEqual(list.map((r) => r.isDefault), [true, false, false]);
    const pairs = await store.allKeyPairs();
    assert.equal(pairs.length, 3);
    for (const p of pairs) {
      const expected = [alice, aliceRenewed, bob].find((t) => Buffer.from(t.certDer).equals(Buffer.from(p.record.certificate)));
      assert.ok(expected);
      assert.deepEqual(p.privateKey, expected.keyPkcs8);
    }
    store.close();
  });

  test("setDefaultIdentity, removeIdentity with successor, markBackedUp and needsBackup", async () => {
    let clock = new Date("2026-03-01T10:00:00Z");
    const store = await openStore({ indexedDB: new IDBFactory(), lossMarker: new MemoryMarker(), now: () => clock });
    const old = await store.addIdentity(identityOf(alice), { source: "pkcs12" });
    const renewed = await store.addIdentity(identityOf(aliceRenewed), { source: "pkcs12" });
    const other = await store.addIdentity(identityOf(bob), { source: "pkcs12" });
    assert.equal((await store.state()).needsBackup, true);
    await store.setDefaultIdentity(other.id);
    assert.deepEqual((await store.listIdentities()).filter((r) => r.isDefault).map((r) => r.id), [other.id]);
    await store.setDefaultIdentity(renewed.id);
    // Removing the default promotes the same address first (alice's old key), not bob.
    await store.removeIdentity(renewed.id);
    assert.deepEqual((await store.listIdentities()).filter((r) => r.isDefault).map((r) => r.id), [old.id]);
    assert.equal(await errorCode(store.getPrivateKey(renewed.id)), "INVALID_ARGUMENT");
    clock = new Date("2026-03-02T10:00:00Z");
    await store.markBackedUp(old.id);
    assert.equal((await store.state()).needsBackup, true, "bob is not backed up yet");
    await store.markBackedUp(other.id);
    const state = await store.state();
    assert.equal(state.needsBackup, false);
    assert.equal(state.identityCount, 2);
    assert.equal((await store.listIdentities()).find((r) => r.id === old.id)?.backedUpAt?.toISOString(), "2026-03-02T10:00:00.000Z");
    // Re-adding the same certificate keeps one record and its history.
    const again = await store.addIdentity(identityOf(alice), { source: "generated" });
    assert.equal(again.source, "pkcs12");
    assert.equal(again.backedUpAt?.toISOString(), "2026-03-02T10:00:00.000Z");
    assert.equal(again.addedAt.toISOString(), "2026-03-01T10:00:00.000Z");
    assert.equal((await store.state()).identityCount, 2);
    for (const call of [() => store.setDefaultIdentity("nope"), () => store.removeIdentity("nope"), () => store.markBackedUp("nope")]) {
      assert.equal(await errorCode(call), "INVALID_ARGUMENT");
    }
    store.close();
  });

  test("bad input is rejected with typed errors", async () => {
    const { store } = await fresh();
    assert.equal(await errorCode(store.addIdentity({ certificate: alice.certDer, privateKey: alice.certDer, chain: [] }, { source: "pkcs12" })), "MALFORMED");
    assert.equal(await errorCode(store.addIdentity({ certificate: new Uint8Array([1, 2, 3]), privateKey: alice.keyPkcs8, chain: [] }, { source: "pkcs12" })), "MALFORMED");
    assert.equal(await errorCode(store.addIdentity(identityOf(alice), { source: "stolen" as never })), "INVALID_ARGUMENT");
    // A key that belongs to another certificate is refused (RSA and EC).
    assert.equal(await errorCode(store.addIdentity({ certificate: alice.certDer, privateKey: bob.keyPkcs8, chain: [] }, { source: "pkcs12" })), "INVALID_ARGUMENT");
    assert.equal(await errorCode(store.addIdentity({ certificate: bob.certDer, privateKey: aliceRenewed.keyPkcs8, chain: [] }, { source: "pkcs12" })), "INVALID_ARGUMENT");
    assert.equal(await errorCode(store.addIdentity({ ...identityOf(alice), chain: [new Uint8Array([0x30, 0])] }, { source: "pkcs12" })), "MALFORMED");
    const noEmail = pki.identity("no-email-san"); // x@example.org in the subject only; extensions: basicConstraints
    // The subject still carries emailAddress (the test PKI puts it there): then the address is found.
    const rec = await store.addIdentity(identityOf(noEmail), { source: "pkcs12" });
    assert.equal(rec.email, "x@example.org");
    assert.equal((await store.state()).identityCount, 1);
    store.close();
  });

  test("ciphertext is bound to its identity id (AAD)", async () => {
    const { store, factory } = await fresh();
    const a = await store.addIdentity(identityOf(alice), { source: "pkcs12" });
    const b = await store.addIdentity(identityOf(bob), { source: "pkcs12" });
    store.close();
    const recA = (await rawGet(factory, "identities", a.id)) as { encryptedKey: unknown };
    const recB = (await rawGet(factory, "identities", b.id)) as Record<string, unknown>;
    await rawWrite(factory, "identities", (os) => os.put({ ...recB, encryptedKey: recA.encryptedKey }));
    const again = await openStore({ indexedDB: factory, lossMarker: new MemoryMarker() });
    assert.equal(await errorCode(again.getPrivateKey(b.id)), "DECRYPTION_FAILED");
    assert.deepEqual(await again.getPrivateKey(a.id), alice.keyPkcs8);
    again.close();
  });
});

describe("passphrase lock", () => {
  test("set, lock, wrong passphrase, unlock, change, remove; persisted across reopen", async () => {
    const { store, factory } = await fresh();
    const a = await store.addIdentity(identityOf(alice), { source: "pkcs12" });
    await store.setPassphrase("correct horse battery staple");
    assert.deepEqual(await store.state(), { locked: false, hasPassphrase: true, identityCount: 1, storageLost: false, needsBackup: true });
    assert.deepEqual(await store.getPrivateKey(a.id), alice.keyPkcs8, "setting a passphrase leaves the session unlocked");
    store.lock();
    assert.equal((await store.state()).locked, true);
    assert.equal(await errorCode(store.getPrivateKey(a.id)), "STORE_LOCKED");
    assert.equal(await errorCode(store.allKeyPairs()), "STORE_LOCKED");
    assert.equal(await errorCode(store.addIdentity(identityOf(bob), { source: "pkcs12" })), "STORE_LOCKED");
    assert.deepEqual((await store.listIdentities()).map((r) => r.id), [a.id], "metadata stays readable while locked");
    assert.equal(await errorCode(store.unlock("Correct horse battery staple")), "WRONG_PASSWORD");
    assert.equal((await store.state()).locked, true);
    await store.unlock("correct horse battery staple");
    assert.deepEqual(await store.getPrivateKey(a.id), alice.keyPkcs8);
    store.close();

    // At rest: only the passphrase layer holds the DEK, with its parameters recorded.
    const keyring = (await rawGet(factory, "meta", "keyring")) as Record<string, never>;
    assert.equal(keyring.wrappedDek, undefined, "no device-only copy of the DEK may remain");
    const layer = keyring.passphrase as { kdf: { name: string; hash: string; iterations: number; salt: Uint8Array } };
    assert.equal(layer.kdf.name, "PBKDF2");
    assert.equal(layer.kdf.hash, "SHA-256");
    assert.equal(layer.kdf.iterations, 600_000);
    assert.equal(layer.kdf.salt.length, 16);

    const reopened = await openStore({ indexedDB: factory, lossMarker: new MemoryMarker() });
    assert.equal((await reopened.state()).locked, true, "a reopened store with a passphrase starts locked");
    assert.equal(await errorCode(reopened.getPrivateKey(a.id)), "STORE_LOCKED");
    assert.equal(await errorCode(reopened.setPassphrase("new one")), "INVALID_ARGUMENT", "changing needs the current passphrase");
    assert.equal(await errorCode(reopened.setPassphrase("new one", "wrong")), "WRONG_PASSWORD");
    await reopened.setPassphrase("new one", "correct horse battery staple");
    reopened.lock();
    assert.equal(await errorCode(reopened.unlock("correct horse battery staple")), "WRONG_PASSWORD");
    await reopened.unlock("new one");
    assert.equal(await errorCode(reopened.setPassphrase(""), ), "INVALID_ARGUMENT");
    await reopened.setPassphrase(null, "new one");
    reopened.close();

    const plain = await openStore({ indexedDB: factory, lossMarker: new MemoryMarker() });
    assert.deepEqual(await plain.state(), { locked: false, hasPassphrase: false, identityCount: 1, storageLost: false, needsBackup: true });
    assert.deepEqual(await plain.getPrivateKey(a.id), alice.keyPkcs8, "the same DEK survives passphrase changes");
    await plain.unlock("anything"); // nothing to unlock
    plain.lock(); // without a passphrase the key comes back from the device key
    assert.deepEqual(await plain.getPrivateKey(a.id), alice.keyPkcs8);
    plain.close();
  });

  test("a passphrase set in another tab locks this one too once it forgets its key", async () => {
    const factory = new IDBFactory();
    const pane = await openStore({ indexedDB: factory, lossMarker: new MemoryMarker() });
    const dialog = await openStore({ indexedDB: factory, lossMarker: new MemoryMarker() });
    const a = await pane.addIdentity(identityOf(alice), { source: "pkcs12" });
    assert.deepEqual(await dialog.getPrivateKey(a.id), alice.keyPkcs8);
    await pane.setPassphrase("pw");
    assert.equal((await dialog.state()).hasPassphrase, true);
    assert.deepEqual(await dialog.getPrivateKey(a.id), alice.keyPkcs8, "this session already held the (same) key");
    dialog.lock();
    assert.equal(await errorCode(dialog.getPrivateKey(a.id)), "STORE_LOCKED");
    await dialog.unlock("pw");
    assert.deepEqual(await dialog.getPrivateKey(a.id), alice.keyPkcs8);
    pane.close();
    dialog.close();
  });

  test("weaker recorded KDF parameters are raised on the next unlock", async () => {
    const { store, factory } = await fresh();
    const a = await store.addIdentity(identityOf(alice), { source: "pkcs12" });
    store.close();
    // Simulate a keyring sealed by an older build with 1,000 iterations.
    const keyring = (await rawGet(factory, "meta", "keyring")) as { deviceKey: CryptoKey; wrappedDek: { iv: Uint8Array; data: Uint8Array }; v: 1; createdAt: Date };
    const weak = await new Keyring(crypto.subtle).sealWithPassphrase(keyring.wrappedDek, "pw", 1000);
    await rawWrite(factory, "meta", (os) => os.put({ v: 1, deviceKey: keyring.deviceKey, createdAt: keyring.createdAt, passphrase: weak }, "keyring"));
    const again = await openStore({ indexedDB: factory, lossMarker: new MemoryMarker() });
    assert.equal((await again.state()).locked, true);
    await again.unlock("pw");
    assert.deepEqual(await again.getPrivateKey(a.id), alice.keyPkcs8);
    again.close();
    const raised = (await rawGet(factory, "meta", "keyring")) as { passphrase: { kdf: { iterations: number } } };
    assert.equal(raised.passphrase.kdf.iterations, PBKDF2_ITERATIONS);
    const third = await openStore({ indexedDB: factory, lossMarker: new MemoryMarker() });
    await third.unlock("pw");
    assert.deepEqual(await third.getPrivateKey(a.id), alice.keyPkcs8);
    third.close();
  });

  test("a closed store refuses work", async () => {
    const { store } = await fresh();
    store.close();
    assert.equal(await errorCode(store.state()), "INVALID_ARGUMENT");
    assert.equal(await errorCode(store.getPrivateKey("x")), "INVALID_ARGUMENT");
  });
});
