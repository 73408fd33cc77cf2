/** The message layer: cipher and key-transport choice, input detection, protect -> open round trips. */
import assert from "node:assert/strict";
import { describe, it } from "@jest/globals";
import fc from "fast-check";
import { latin1Decode, toBase64, utf8Encode } from "../../../src/core/bytes";
import { buildDraftEntity } from "../../../src/core/mime";
import { OID } from "../../../src/core/oids";
import {
  chooseCipher,
  chooseKeyTransport,
  classifyInput,
  openMessage,
  peekContentType,
  protectEntity,
} from "../../../src/core/smime";
import { asIdentity, loadPki } from "../../helpers/fixtures";

const pki = loadPki("basic");
const alice = asIdentity(pki.identity("alice"));
const bob = asIdentity(pki.identity("bob"));
const bobEc = asIdentity(pki.identity("bob-p256"));

describe("chooseCipher", () => {
  it("defaults to AES-256-CBC when anything is unknown", () => {
    assert.deepEqual(chooseCipher([]), { cipher: "aes-256-cbc", reason: "default" });
    assert.equal(chooseCipher([{ capabilities: [OID.aes256GCM] }, {}]).cipher, "aes-256-cbc");
  });
  it("uses GCM only when every recipient advertised it", () => {
    assert.deepEqual(chooseCipher([{ capabilities: [OID.aes256GCM, OID.aes256CBC] }, { capabilities: [OID.aes128GCM, OID.aes256GCM] }]), { cipher: "aes-256-gcm", reason: "all-advertised" });
    assert.equal(chooseCipher([{ capabilities: [OID.aes256GCM] }, { capabilities: [OID.aes128CBC] }]).cipher, "aes-256-cbc");
  });
  it("honours explicit and per-recipient overrides (the weakest override wins)", () => {
    assert.equal(chooseCipher([], "aes-128-gcm").cipher, "aes-128-gcm");
    assert.equal(chooseCipher([{ override: "aes-256-gcm" }, { override: "aes-128-cbc" }]).cipher, "aes-128-cbc");
  });
});

describe("chooseKeyTransport", () => {
  it("OAEP only for recipients that advertised it", () => {
    assert.equal(chooseKeyTransport(undefined), "pkcs1");
    assert.equal(chooseKeyTransport([OID.aes256CBC]), "pkcs1");
    assert.equal(chooseKeyTransport([OID.rsaesOaep]), "oaep");
    assert.equal(chooseKeyTransport(undefined, "oaep"), "oaep");
  });
});

describe("classifyInput", () => {
  it("tells DER, PEM and base64 CMS from MIME", async () => {
    const signed = await protectEntity({ entity: utf8Encode("Content-Type: text/plain\r\n\r\nx\r\n"), signer: alice, opaqueSignature: true });
    assert.equal(classifyInput(signed.cms).kind, "cms");
    assert.equal(peekContentType(signed.cms), OID.signedData);
    const pem = `-----BEGIN PKCS7-----\n${toBase64(signed.cms).replace(/.{64}/g, "$&\n")}\n-----END PKCS7-----\n`;
    const fromPem = classifyInput(utf8Encode(pem));
    assert.equal(fromPem.kind, "cms");
    assert.deepEqual(fromPem.kind === "cms" && fromPem.der, signed.cms);
    const b64 = classifyInput(utf8Encode(toBase64(signed.cms)));
    assert.equal(b64.kind, "cms");
    assert.equal(classifyInput(utf8Encode("Subject: hi\r\n\r\nbody")).kind, "mime");
  });
});

describe("protect -> open", () => {
  const draft = {
    from: { address: "alice@example.org" },
    to: [{ address: "bob@example.org" }],
    cc: [],
    subject: "Befund",
    html: "<p>Grüße</p>",
    attachments: [{ name: "brief.pdf", content: new Uint8Array([1, 2, 3, 0, 255]) }],
  };

  it("sign-then-encrypt opens for the recipient and for the sender's own copy", async () => {
    const entity = buildDraftEntity(draft);
    const result = await protectEntity({ entity, signer: alice, recipients: [{ certificate: bob.certificate }, { certificate: bobEc.certificate }], cipher: "aes-256-gcm" });
    assert.equal(result.smimeType, "authEnveloped-data");
    for (const keys of [[bob], [bobEc], [alice]]) {
      const report = await openMessage(result.entity, { keys, anchors: [pki.caCertDer], addresses: ["alice@example.org"] });
      assert.equal(report.encryption, "aes-256-gcm");
      assert.equal(report.integrity, "authenticated-encryption");
      assert.equal(report.signature, "valid", JSON.stringify(report.findings));
      assert.equal(report.signer?.email, "alice@example.org");
      assert.deepEqual(report.content, entity);
      assert.deepEqual(report.layers.map((l) => l.type), ["authenticated-enveloped-data", "multipart-signed"]);
    }
  });

  it("a signer other than From is a signer-mismatch", async () => {
    const result = await protectEntity({ entity: buildDraftEntity(draft), signer: alice });
    const report = await openMessage(result.entity, { anchors: [pki.caCertDer], addresses: ["mallory@example.org"] });
    assert.equal(report.signature, "signer-mismatch");
  });

  it("round-trips arbitrary content (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), fc.constantFrom("aes-128-cbc", "aes-256-cbc", "aes-128-gcm", "aes-256-gcm" as const), async (bytes, cipher) => {
        const entity = buildDraftEntity({ ...draft, attachments: [{ name: "x.bin", content: bytes }] });
        const result = await protectEntity({ entity, recipients: [{ certificate: bob.certificate, keyTransport: "pkcs1" }], cipher });
        const report = await openMessage(result.entity, { keys: [bob] });
        assert.deepEqual(report.content, entity);
        assert.equal(report.encryption, cipher);
      }),
      { numRuns: 12 },
    );
  });

  it("refuses to do nothing", async () => {
    await assert.rejects(protectEntity({ entity: utf8Encode("Content-Type: text/plain\r\n\r\nx") }), { code: "INVALID_ARGUMENT" });
  });

  it("an encrypted message without keys is NOT_FOR_ME with the recipients listed", async () => {
    const result = await protectEntity({ entity: buildDraftEntity(draft), recipients: [{ certificate: bob.certificate }] });
    await assert.rejects(openMessage(result.entity, {}), (e: { code: string; details?: { recipients?: unknown[] } }) => {
      assert.equal(e.code, "NOT_FOR_ME");
      assert.equal(e.details?.recipients?.length, 1);
      return true;
    });
    await assert.rejects(openMessage(result.entity, { keys: [alice] }), { code: "NOT_FOR_ME" });
    assert.match(latin1Decode(result.entity), /smime-type=enveloped-data/);
  });
});
