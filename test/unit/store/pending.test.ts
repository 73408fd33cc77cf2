/**
 * Pending keys (a certificate request waiting for the CA): stored encrypted, listed, removed, and paired
 * with the certificate a CA issued from our own PKCS#10 request.
 *
 * The keys here are made fresh in every run by the code under test (generatePrivateKey, as the settings pane
 * does), so their certificates cannot be committed: the committed test root signs them in this process
 * (test/helpers/test-ca.ts). That the OpenSSL binary accepts our requests and pairs its certificates with
 * our keys is tested in test/interop/keys/pem-csr.test.ts.
 */
import { describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { createCertificateRequest, certificateRequestPem, generatePrivateKey, type KeyKind } from "../../../src/core/keys";
import { openStore, SCHEMA_VERSION, type SpmStore } from "../../../src/store";
import { openDatabase } from "../../../src/store/idb";
import { loadPki } from "../../helpers/fixtures";
import { issueFromRequest } from "../../helpers/test-ca";
import { IDBFactory, MemoryMarker, certificateKeySha256, containsBytes, errorCode, publicKeySha256, rawDump, rawGet, rawWrite } from "./helpers";

let serial = 1000;

const pki = loadPki("basic");
const alice = pki.identity("alice");

interface Request {
  privateKey: Uint8Array;
  requestPem: string;
  email: string;
}

async function newRequest(email: string, kind: KeyKind = "p256"): Promise<Request> {
  const privateKey = await generatePrivateKey(kind);
  const requestPem = certificateRequestPem(await createCertificateRequest(privateKey, { email, commonName: "Test User" }));
  return { privateKey, requestPem, email };
}

/** The test CA signs the request, copying its extensions (SAN e-mail, EKU), as a real CA would. */
function issue(req: Request): Promise<Uint8Array> {
  return issueFromRequest(req.requestPem, { certDer: pki.caCertDer, keyPkcs8: pki.caKeyPkcs8 }, serial++);
}

/** SHA-256 of the request key's SPKI as node:crypto (OpenSSL's library) derives it: the pending key's id. */
function spkiSha256(req: Request): string {
  return publicKeySha256(req.privateKey);
}

async function fresh(factory = new IDBFactory()): Promise<{ store: SpmStore; factory: IDBFactory }> {
  return { store: await openStore({ indexedDB: factory, lossMarker: new MemoryMarker() }), factory };
}

describe("pending keys", () => {
  test("add, list (after reopening), remove; the id is the SPKI's SHA-256 as OpenSSL computes it", async () => {
    const { store, factory } = await fresh();
    const rsa = await newRequest("Bob@Example.org", "rsa3072");
    const ec = await newRequest("carol@example.org", "p256");
    const a = await store.addPendingKey(rsa.privateKey, { email: rsa.email, requestPem: rsa.requestPem });
    const b = await store.addPendingKey(ec.privateKey, { email: ec.email, requestPem: ec.requestPem });
    assert.equal(a.id, spkiSha256(rsa));
    assert.equal(b.id, spkiSha256(ec));
    assert.equal(a.email, "bob@example.org");
    assert.equal(a.requestPem, rsa.requestPem);
    assert.ok(a.createdAt instanceof Date);
    assert.equal("encryptedKey" in a, false, "the public record carries no key material");
    // The same key again keeps one record.
    const again = await store.addPendingKey(rsa.privateKey, { email: rsa.email, requestPem: rsa.requestPem });
    assert.equal(again.id, a.id);
    assert.equal(again.createdAt.getTime(), a.createdAt.getTime());
    store.close();

    const reopened = await openStore({ indexedDB: factory, lossMarker: new MemoryMarker() });
    const listed = await reopened.listPendingKeys();
    assert.deepEqual(listed.map((p) => p.id).sort(), [a.id, b.id].sort());
    assert.equal(listed.find((p) => p.id === b.id)?.requestPem, ec.requestPem);
    assert.equal("encryptedKey" in listed[0], false);
    await reopened.removePendingKey(a.id);
    assert.deepEqual((await reopened.listPendingKeys()).map((p) => p.id), [b.id]);
    assert.equal((await reopened.listIdentities()).length, 0, "pending keys are not identities");
    reopened.close();
  });

  test("invalid input is refused", async () => {
    const { store } = await fresh();
    const req = await newRequest("dave@example.org");
    assert.equal(await errorCode(store.addPendingKey(new Uint8Array(0), { email: req.email, requestPem: req.requestPem })), "INVALID_ARGUMENT");
    assert.equal(await errorCode(store.addPendingKey(new Uint8Array([48, 3, 2, 1, 0]), { email: req.email, requestPem: req.requestPem })), "INVALID_ARGUMENT");
    assert.equal(await errorCode(store.addPendingKey(req.privateKey, { email: "not an address", requestPem: req.requestPem })), "INVALID_ARGUMENT");
    assert.equal(await errorCode(store.addPendingKey(req.privateKey, { email: req.email, requestPem: "hello" })), "INVALID_ARGUMENT");
    assert.deepEqual(await store.listPendingKeys(), []);
    store.close();
  });

  test("the private key is encrypted at rest, bound to its record", async () => {
    const { store, factory } = await fresh();
    const req = await newRequest("erin@example.org", "rsa3072");
    const other = await newRequest("frank@example.org");
    const p = await store.addPendingKey(req.privateKey, { email: req.email, requestPem: req.requestPem });
    const q = await store.addPendingKey(other.privateKey, { email: other.email, requestPem: other.requestPem });
    store.close();
    const dump = await rawDump(factory);
    assert.equal(dump.pendingKeys.length, 2);
    assert.equal(containsBytes(dump, req.privateKey), false, "the PKCS#8 must not be stored in the clear");
    // Any 32-byte window of the key would do; the RSA modulus-bearing middle is the part that matters.
    assert.equal(containsBytes(dump, req.privateKey.slice(100, 132)), false);
    const raw = (await rawGet(factory, "pendingKeys", p.id)) as { encryptedKey: { alg: string; iv: Uint8Array } };
    assert.equal(raw.encryptedKey.alg, "AES-256-GCM");
    assert.equal(raw.encryptedKey.iv.length, 12);

    // A key moved to another record does not decrypt there (the record id is the GCM associated data).
    const rawQ = (await rawGet(factory, "pendingKeys", q.id)) as Record<string, unknown>;
    await rawWrite(factory, "pendingKeys", (os) => os.put({ ...rawQ, encryptedKey: raw.encryptedKey }));
    const reopened = await openStore({ indexedDB: factory, lossMarker: new MemoryMarker() });
    assert.equal(await errorCode(reopened.completePendingKey(await issue(other), [])), "DECRYPTION_FAILED");
    // The damaged record does not block the intact one.
    const paired = await reopened.completePendingKey(await issue(req), []);
    assert.deepEqual(await reopened.getPrivateKey(paired.id), req.privateKey);
    assert.deepEqual((await reopened.listPendingKeys()).map((x) => x.id), [q.id]);
    reopened.close();
  });

  test("complete: the issued certificate pairs with its stored key and becomes an identity; the pending key is gone", async () => {
    const { store, factory } = await fresh();
    const req = await newRequest("grace@example.org", "p256");
    const decoy = await newRequest("grace@example.org", "rsa3072");
    await store.addPendingKey(decoy.privateKey, { email: decoy.email, requestPem: decoy.requestPem });
    const pending = await store.addPendingKey(req.privateKey, { email: req.email, requestPem: req.requestPem });
    store.close();
    const certificate = await issue(req);

    // A later session (the pane was closed) completes it.
    const later = await openStore({ indexedDB: factory, lossMarker: new MemoryMarker() });
    const record = await later.completePendingKey(certificate, [pki.caCertDer]);
    assert.equal(record.email, "grace@example.org");
    assert.equal(record.source, "generated");
    assert.equal(record.isDefault, true);
    assert.deepEqual(record.certificate, certificate);
    assert.deepEqual(record.chain, [pki.caCertDer]);
    assert.deepEqual(await later.getPrivateKey(record.id), req.privateKey, "the identity holds the request's key");
    assert.deepEqual((await later.listPendingKeys()).map((p) => p.id), [spkiSha256(decoy)], "only the paired key leaves the pending list");
    assert.notEqual(pending.id, record.id);

    // OpenSSL's library agrees that the stored key belongs to the certificate.
    assert.equal(publicKeySha256(await later.getPrivateKey(record.id)), certificateKeySha256(certificate));

    // Completing again: the key is no longer pending.
    assert.equal(await errorCode(later.completePendingKey(certificate, [])), "CERTIFICATE_UNUSABLE");
    later.close();
  });

  test("a certificate that matches no pending key is refused, and nothing changes", async () => {
    const { store } = await fresh();
    const req = await newRequest("heidi@example.org");
    await store.addPendingKey(req.privateKey, { email: req.email, requestPem: req.requestPem });
    let caught: unknown;
    try {
      await store.completePendingKey(alice.certDer, [pki.caCertDer]);
    } catch (e) {
      caught = e;
    }
    assert.equal((caught as { code?: string }).code, "CERTIFICATE_UNUSABLE");
    assert.equal((caught as { details?: { reason?: string } }).details?.reason, "no-matching-pending-key");
    assert.equal(await errorCode(store.completePendingKey(pki.caCertDer, [])), "CERTIFICATE_UNUSABLE", "the CA certificate is not ours either");
    assert.equal(await errorCode(store.completePendingKey(new Uint8Array([1, 2, 3]), [])), "MALFORMED");
    assert.equal((await store.listIdentities()).length, 0);
    assert.equal((await store.listPendingKeys()).length, 1);
    store.close();
  });

  test("locked store: add and complete need the passphrase; list and remove do not", async () => {
    const { store } = await fresh();
    const req = await newRequest("ivan@example.org");
    const other = await newRequest("judy@example.org");
    const p = await store.addPendingKey(req.privateKey, { email: req.email, requestPem: req.requestPem });
    const o = await store.addPendingKey(other.privateKey, { email: other.email, requestPem: other.requestPem });
    await store.setPassphrase("a long passphrase");
    store.lock();
    const certificate = await issue(req);
    const extra = await newRequest("kim@example.org");
    assert.equal(await errorCode(store.addPendingKey(extra.privateKey, { email: extra.email, requestPem: extra.requestPem })), "STORE_LOCKED");
    assert.equal(await errorCode(store.completePendingKey(certificate, [])), "STORE_LOCKED");
    assert.equal((await store.listPendingKeys()).length, 2);
    await store.removePendingKey(o.id);
    assert.deepEqual((await store.listPendingKeys()).map((x) => x.id), [p.id]);
    await store.unlock("a long passphrase");
    const record = await store.completePendingKey(certificate, []);
    assert.deepEqual(await store.getPrivateKey(record.id), req.privateKey);
    assert.deepEqual(await store.listPendingKeys(), []);
    store.close();
  });
});

describe("schema upgrade", () => {
  test("a version 1 database (before pending keys) upgrades and keeps its identities and keys", async () => {
    assert.equal(SCHEMA_VERSION, 2);
    // Build the data with the current code, then lay it into a database created by upgrade step 1 only.
    const source = new IDBFactory();
    const { store: current } = await fresh(source);
    const identity = await current.addIdentity({ certificate: alice.certDer, privateKey: alice.keyPkcs8, chain: [pki.caCertDer] }, { source: "pkcs12" });
    await current.importRecipientCertificate(alice.certDer, "alice@example.org");
    current.close();
    const dump = await rawDump(source);

    const factory = new IDBFactory();
    const { db } = await openDatabase(factory, "secure-patient-mail", 1);
    assert.equal(db.version, 1);
    assert.deepEqual(Array.from(db.objectStoreNames).sort(), ["addressBook", "anchors", "identities", "meta", "pins", "settings"]);
    db.close();
    const metaKeys = ["install", "keyring"];
    for (const key of metaKeys) {
      const value = await rawGet(source, "meta", key);
      await rawWrite(factory, "meta", (os) => os.put(value, key));
    }
    await rawWrite(factory, "identities", (os) => dump.identities.forEach((r) => os.put(r)));
    await rawWrite(factory, "addressBook", (os) => dump.addressBook.forEach((r) => os.put(r)));

    const marker = new MemoryMarker();
    const upgraded = await openStore({ indexedDB: factory, lossMarker: marker });
    const identities = await upgraded.listIdentities();
    assert.deepEqual(identities.map((r) => r.id), [identity.id]);
    assert.deepEqual(await upgraded.getPrivateKey(identity.id), alice.keyPkcs8, "the old key still decrypts");
    assert.equal((await upgraded.listAddressBook()).length, 1);
    assert.deepEqual(await upgraded.listPendingKeys(), []);
    assert.equal((await upgraded.state()).storageLost, false);
    const req = await newRequest("alice@example.org");
    await upgraded.addPendingKey(req.privateKey, { email: req.email, requestPem: req.requestPem });
    assert.equal((await upgraded.listPendingKeys()).length, 1);
    upgraded.close();
    const after = await rawDump(factory);
    assert.ok("pendingKeys" in after);
    const version = await new Promise<number>((resolve, reject) => {
      const r = factory.open("secure-patient-mail");
      r.onsuccess = () => {
        resolve(r.result.version);
        r.result.close();
      };
      r.onerror = () => reject(r.error ?? new Error("IndexedDB request failed"));
    });
    assert.equal(version, 2);
  });
});
