import { describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { openStore, type SpmStore } from "../../../src/store";
import { loadPki, type FixtureIdentity as TestIdentity } from "../../helpers/fixtures";
import { IDBFactory, MemoryMarker, errorCode } from "./helpers";

const AES256_CBC = "2.16.840.1.101.3.4.1.42";
const AES128_CBC = "2.16.840.1.101.3.4.1.2";
const AES256_GCM = "2.16.840.1.101.3.4.1.46";

const pki = loadPki("basic");
const carol = pki.identity("carol-clinic"); // P-256, carol@clinic.example
const carolRenewed = pki.identity("carol-2-clinic"); // P-256, the same address
const dave = pki.identity("dave-clinic");

/** The certificate's SHA-256 fingerprint as `openssl x509 -fingerprint -sha256` reported it. */
const fingerprint = (t: TestIdentity) => t.sha256Fingerprint;

let clock: Date;
async function fresh(factory = new IDBFactory()): Promise<SpmStore> {
  clock = new Date("2026-06-01T12:00:00Z");
  return openStore({ indexedDB: factory, lossMarker: new MemoryMarker(), now: () => clock });
}

const at = (iso: string) => new Date(iso);

describe("address book: import", () => {
  test("imports a certificate for its own address, lowercased, and finds it", async () => {
    const store = await fresh();
    const entry = await store.importRecipientCertificate(carol.certDer, " Carol@Clinic.EXAMPLE ");
    assert.equal(entry.email, "carol@clinic.example");
    assert.equal(entry.source, "imported");
    assert.equal(entry.sha256Hex, fingerprint(carol));
    assert.deepEqual(entry.certificate, carol.certDer);
    assert.deepEqual(entry.capabilities, []);
    assert.deepEqual(await store.findRecipient("CAROL@clinic.example"), [entry]);
    assert.deepEqual(await store.findRecipient("nobody@clinic.example"), []);
    const org = await store.importRecipientCertificate(dave.certDer, "dave@clinic.example", "organisation");
    assert.equal(org.source, "organisation");
    assert.deepEqual((await store.listAddressBook()).map((e) => e.email), ["carol@clinic.example", "dave@clinic.example"]);
    await store.removeRecipient("carol@clinic.example", entry.sha256Hex);
    assert.deepEqual(await store.findRecipient("carol@clinic.example"), []);
    await store.removeRecipient("carol@clinic.example", entry.sha256Hex); // idempotent
    store.close();
  });

  test("refuses a certificate for another address and garbage", async () => {
    const store = await fresh();
    assert.equal(await errorCode(store.importRecipientCertificate(carol.certDer, "dave@clinic.example")), "CERTIFICATE_UNUSABLE");
    assert.equal(await errorCode(store.importRecipientCertificate(new Uint8Array([0x30, 0x03, 1, 2, 3]), "carol@clinic.example")), "MALFORMED");
    assert.equal(await errorCode(store.importRecipientCertificate(carol.certDer, "not an address")), "INVALID_ARGUMENT");
    assert.equal(await errorCode(store.removeRecipient("carol@clinic.example", "abc")), "INVALID_ARGUMENT");
    assert.deepEqual(await store.listAddressBook(), []);
    store.close();
  });
});

describe("address book: collection from signed mail (RFC 8551 §2.5.2)", () => {
  const signed = (t: TestIdentity, signingTime: Date | undefined, capabilities: string[], extra: Partial<{ fromAddress: string; signatureValid: boolean; signerEmails: string[] }> = {}) => ({
    certificate: t.certDer,
    signerEmails: [t.email],
    fromAddress: t.email.toUpperCase(),
    signatureValid: true,
    signingTime,
    capabilities,
    ...extra,
  });

  test("collects only from a valid signature of the sender's own address", async () => {
    const store = await fresh();
    assert.equal(await store.collectFromSignedMail(signed(carol, at("2026-05-01T00:00:00Z"), [AES256_CBC], { signatureValid: false })), undefined);
    assert.equal(await store.collectFromSignedMail(signed(carol, at("2026-05-01T00:00:00Z"), [AES256_CBC], { fromAddress: "dave@clinic.example" })), undefined);
    // The signer claims the From address, but the certificate does not carry it.
    assert.equal(
      await store.collectFromSignedMail(signed(carol, at("2026-05-01T00:00:00Z"), [AES256_CBC], { fromAddress: "dave@clinic.example", signerEmails: ["dave@clinic.example"] })),
      undefined,
    );
    // Signing time far in the future (beyond clock skew) is not accepted.
    assert.equal(await store.collectFromSignedMail(signed(carol, at("2026-06-03T00:00:00Z"), [AES256_CBC])), undefined);
    assert.deepEqual(await store.listAddressBook(), []);
    const entry = await store.collectFromSignedMail(signed(carol, at("2026-05-01T00:00:00Z"), [AES256_GCM, AES256_CBC]));
    assert.ok(entry);
    assert.equal(entry.email, "carol@clinic.example");
    assert.equal(entry.source, "collected");
    assert.deepEqual(entry.capabilities, [AES256_GCM, AES256_CBC]);
    assert.equal(entry.signingTime?.toISOString(), "2026-05-01T00:00:00.000Z");
    assert.deepEqual(await store.findRecipient("carol@clinic.example"), [entry]);
    assert.equal(await errorCode(store.collectFromSignedMail(signed(carol, at("2026-05-02T00:00:00Z"), ["aes"]))), "INVALID_ARGUMENT");
    store.close();
  });

  test("newer signing time replaces capabilities and certificate; older never overrides", async () => {
    const store = await fresh();
    await store.collectFromSignedMail(signed(carol, at("2026-05-01T00:00:00Z"), [AES256_CBC]));
    // Older message, other capabilities: ignored.
    assert.equal(await store.collectFromSignedMail(signed(carol, at("2026-04-01T00:00:00Z"), [AES128_CBC])), undefined);
    // Same time: not newer, ignored.
    assert.equal(await store.collectFromSignedMail(signed(carol, at("2026-05-01T00:00:00Z"), [AES128_CBC])), undefined);
    // Without a signing time, a timed entry is not overridden.
    assert.equal(await store.collectFromSignedMail(signed(carol, undefined, [AES128_CBC])), undefined);
    assert.deepEqual((await store.findRecipient(carol.email)).map((e) => e.capabilities), [[AES256_CBC]]);
    // Newer, same certificate: capabilities updated.
    clock = new Date("2026-06-01T13:00:00Z");
    const updated = await store.collectFromSignedMail(signed(carol, at("2026-05-10T00:00:00Z"), [AES256_GCM]));
    assert.deepEqual(updated?.capabilities, [AES256_GCM]);
    assert.equal(updated?.addedAt.toISOString(), "2026-06-01T12:00:00.000Z", "same entry, first seen kept");
    assert.equal(updated?.updatedAt.toISOString(), "2026-06-01T13:00:00.000Z");
    // Older message with a different (renewed) certificate: not added.
    assert.equal(await store.collectFromSignedMail(signed(carolRenewed, at("2026-05-05T00:00:00Z"), [AES128_CBC])), undefined);
    assert.deepEqual((await store.findRecipient(carol.email)).map((e) => e.sha256Hex), [fingerprint(carol)]);
    // Newer message with the renewed certificate: replaces the collected one.
    const renewed = await store.collectFromSignedMail(signed(carolRenewed, at("2026-05-20T00:00:00Z"), [AES256_CBC]));
    assert.equal(renewed?.sha256Hex, fingerprint(carolRenewed));
    assert.deepEqual((await store.findRecipient(carol.email)).map((e) => e.sha256Hex), [fingerprint(carolRenewed)]);
    store.close();
  });

  test("the user's own imports survive collection, and a collected signature refreshes an imported entry", async () => {
    const store = await fresh();
    await store.importRecipientCertificate(carol.certDer, carol.email);
    const collected = await store.collectFromSignedMail(signed(carolRenewed, at("2026-05-20T00:00:00Z"), [AES256_CBC]));
    assert.equal(collected?.source, "collected");
    const found = await store.findRecipient(carol.email);
    assert.deepEqual(found.map((e) => [e.sha256Hex, e.source]), [
      [fingerprint(carolRenewed), "collected"],
      [fingerprint(carol), "imported"],
    ], "newest signature first, the import kept");
    // A still newer signature with the imported certificate updates that entry and keeps its source;
    // the collected (other) certificate it replaces is dropped.
    const refreshed = await store.collectFromSignedMail(signed(carol, at("2026-05-25T00:00:00Z"), [AES256_GCM]));
    assert.equal(refreshed?.source, "imported");
    assert.deepEqual(refreshed?.capabilities, [AES256_GCM]);
    assert.deepEqual((await store.findRecipient(carol.email)).map((e) => e.sha256Hex), [fingerprint(carol)]);
    // Re-importing keeps capabilities learnt from mail.
    const reimported = await store.importRecipientCertificate(carol.certDer, carol.email);
    assert.deepEqual(reimported.capabilities, [AES256_GCM]);
    assert.equal(reimported.signingTime?.toISOString(), "2026-05-25T00:00:00.000Z");
    store.close();
  });

  test("collection without any signing time stores, and persists across reopen", async () => {
    const factory = new IDBFactory();
    const store = await fresh(factory);
    const entry = await store.collectFromSignedMail(signed(dave, undefined, [AES256_CBC]));
    assert.equal(entry?.signingTime, undefined);
    store.close();
    const again = await fresh(factory);
    assert.deepEqual(await again.findRecipient(dave.email), [entry]);
    // With no timed entry yet, a timed signature is accepted.
    const timed = await again.collectFromSignedMail(signed(dave, at("2026-01-01T00:00:00Z"), [AES128_CBC]));
    assert.deepEqual(timed?.capabilities, [AES128_CBC]);
    again.close();
  });
});

describe("pins", () => {
  test("pin, list, list by address, idempotent, remove", async () => {
    const store = await fresh();
    const p1 = await store.pinCertificate("Carol@clinic.example", carol.certDer);
    assert.equal(p1.email, "carol@clinic.example");
    assert.equal(p1.sha256Hex, fingerprint(carol));
    assert.equal(p1.createdAt.toISOString(), "2026-06-01T12:00:00.000Z");
    clock = new Date("2026-06-02T12:00:00Z");
    assert.deepEqual(await store.pinCertificate("carol@clinic.example", carol.certDer), p1, "pinning again keeps the first decision");
    // A pin is an explicit decision, also for a certificate that names another address.
    const p2 = await store.pinCertificate("carol@clinic.example", dave.certDer);
    const p3 = await store.pinCertificate("dave@clinic.example", dave.certDer);
    assert.deepEqual(await store.listPins(), [p1, p2, p3]);
    assert.deepEqual(await store.listPins("CAROL@clinic.example"), [p1, p2]);
    await store.removePin("carol@clinic.example", p1.sha256Hex.toUpperCase());
    assert.deepEqual(await store.listPins(), [p2, p3]);
    assert.equal(await errorCode(store.pinCertificate("carol@clinic.example", new Uint8Array([1]))), "MALFORMED");
    assert.equal(await errorCode(store.removePin("carol@clinic.example", "zz")), "INVALID_ARGUMENT");
    store.close();
  });
});

describe("organisation anchors cache", () => {
  test("caches, replaces, and validates", async () => {
    const factory = new IDBFactory();
    const store = await fresh(factory);
    assert.equal(await store.getOrganisationAnchors(), undefined);
    await store.cacheOrganisationAnchors([pki.caCertDer], "https://pki.clinic.example/anchors.p7c");
    store.close();
    const again = await fresh(factory);
    assert.deepEqual(await again.getOrganisationAnchors(), {
      certificates: [pki.caCertDer],
      source: "https://pki.clinic.example/anchors.p7c",
      fetchedAt: new Date("2026-06-01T12:00:00Z"),
    });
    await again.cacheOrganisationAnchors([], "manifest");
    assert.deepEqual((await again.getOrganisationAnchors())?.certificates, []);
    assert.equal(await errorCode(again.cacheOrganisationAnchors([new Uint8Array([5])], "x")), "MALFORMED");
    assert.equal(await errorCode(again.cacheOrganisationAnchors([pki.caCertDer], "")), "INVALID_ARGUMENT");
    assert.equal((await again.getOrganisationAnchors())?.source, "manifest", "a failed update leaves the cache as it was");
    again.close();
  });
});

describe("settings", () => {
  test("fallback, shallow merge with new defaults, overwrite, persistence, validation", async () => {
    const factory = new IDBFactory();
    const store = await fresh(factory);
    const defaults = { encryptByDefault: true, cipher: "aes-256-cbc", language: "en" };
    assert.deepEqual(await store.getSettings("compose", defaults), defaults);
    await store.setSettings("compose", { encryptByDefault: false, cipher: "aes-256-cbc" });
    store.close();
    const again = await fresh(factory);
    assert.deepEqual(await again.getSettings("compose", defaults), { encryptByDefault: false, cipher: "aes-256-cbc", language: "en" });
    await again.setSettings("compose", { encryptByDefault: true });
    assert.deepEqual(await again.getSettings("compose", {}), { encryptByDefault: true });
    assert.deepEqual(await again.getSettings("list", [1]), [1]);
    await again.setSettings("list", [2, 3]);
    assert.deepEqual(await again.getSettings("list", [1]), [2, 3], "arrays are replaced, not merged");
    assert.equal(await errorCode(again.setSettings("bad", { f: () => 1 })), "INVALID_ARGUMENT");
    assert.equal(await errorCode(again.setSettings("", {})), "INVALID_ARGUMENT");
    assert.equal(await errorCode(again.setSettings("null", null as never)), "INVALID_ARGUMENT");
    again.close();
  });
});
