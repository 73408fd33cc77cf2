/**
 * Messages built by hand in the test (node:crypto for the cryptography, our DER writer for the
 * structure) to reach paths that OpenSSL does not produce: authenticated attributes in
 * AuthEnvelopedData (RFC 5083: MACed as a DER SET), GCM inside EnvelopedData, CBC inside
 * AuthEnvelopedData, unknown algorithms and recipient kinds.
 */
import { describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { constants, createCipheriv, publicEncrypt, randomBytes } from "node:crypto";
import { loadPki, type FixtureIdentity as TestIdentity } from "../../helpers/fixtures";
import { listEnvelopeRecipients, openEnvelope } from "../../../src/core/cms/enveloped";
import {
  algorithmIdentifier,
  constructed,
  explicit,
  integer,
  octetString,
  oid,
  primitive,
  raw,
  sequence,
  serialize,
  setOf,
  type DerElement,
} from "../../../src/core/cms/enveloped/der-writer";
import { readCertificate } from "../../../src/core/cms/enveloped/certificate-info";
import { OID } from "../../../src/core/oids";

const keyOf = (id: TestIdentity) => ({ certificate: id.certDer, privateKey: id.keyPkcs8 });

const alice = loadPki("basic").identity("alice"); // RSA 2048

function ktriFor(id: TestIdentity, cek: Uint8Array): DerElement {
  const cert = readCertificate(id.certDer);
  const encryptedKey = publicEncrypt({ key: id.certPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" }, cek);
  const oaep = algorithmIdentifier(
    OID.rsaesOaep,
    sequence(explicit(0, algorithmIdentifier(OID.sha256)), explicit(1, algorithmIdentifier(OID.mgf1, algorithmIdentifier(OID.sha256)))),
  );
  return sequence(integer(0), sequence(raw(cert.issuerDer), primitive(0x02, cert.serial)), oaep, octetString(encryptedKey));
}

const contentTypeAttribute = () => sequence(oid(OID.contentType), setOf([oid(OID.data)]));

function gcm(cek: Uint8Array, nonce: Uint8Array, content: Uint8Array, aad?: Uint8Array) {
  const c = createCipheriv(`aes-${cek.length * 8}-gcm` as "aes-128-gcm", cek, nonce);
  if (aad) c.setAAD(aad);
  const ciphertext = Buffer.concat([c.update(content), c.final()]);
  return { ciphertext, tag: c.getAuthTag() };
}

interface AuthOptions {
  authAttrs?: DerElement[];
  macAad?: (authAttrsSet: Uint8Array) => Uint8Array;
  contentAlgorithmOid?: string;
  tamperAttrs?: boolean;
}

function authEnveloped(content: Uint8Array, options: AuthOptions = {}): Uint8Array {
  const cek = randomBytes(16);
  const nonce = randomBytes(12);
  const attrsSet = options.authAttrs ? serialize(setOf(options.authAttrs)) : undefined;
  const aad = attrsSet ? (options.macAad ?? ((s) => s))(attrsSet) : undefined;
  const { ciphertext, tag } = gcm(cek, nonce, content, aad);
  const fields: DerElement[] = [
    integer(0),
    setOf([ktriFor(alice, cek)]),
    sequence(
      oid(OID.data),
      algorithmIdentifier(options.contentAlgorithmOid ?? OID.aes128GCM, sequence(octetString(nonce), integer(16))),
      primitive(0x80, ciphertext),
    ),
  ];
  if (attrsSet) {
    const implicit = attrsSet.slice();
    implicit[0] = 0xa1; // [1] IMPLICIT SET OF Attribute
    if (options.tamperAttrs) implicit[implicit.length - 1] ^= 1;
    fields.push(raw(implicit));
  }
  fields.push(octetString(tag));
  return serialize(sequence(oid(OID.authEnvelopedData), explicit(0, sequence(...fields))));
}

describe("AuthEnvelopedData authenticated attributes", () => {
  test("authAttrs MACed as DER SET open; tampered attributes or a MAC over other bytes fail", async () => {
    const content = new TextEncoder().encode("with attributes");
    const ok = authEnveloped(content, { authAttrs: [contentTypeAttribute()] });
    const opened = await openEnvelope(ok, [keyOf(alice)]);
    assert.deepEqual(opened.content, content);
    assert.equal(opened.integrityProtected, true);

    const tampered = authEnveloped(content, { authAttrs: [contentTypeAttribute()], tamperAttrs: true });
    await assert.rejects(openEnvelope(tampered, [keyOf(alice)]), { code: "DECRYPTION_FAILED" });
    // MAC computed over the [1] tagged bytes instead of the SET: not RFC 5083, must fail.
    const wrongAad = authEnveloped(content, {
      authAttrs: [contentTypeAttribute()],
      macAad: (s) => Uint8Array.of(0xa1, ...s.subarray(1)),
    });
    await assert.rejects(openEnvelope(wrongAad, [keyOf(alice)]), { code: "DECRYPTION_FAILED" });
  });

  test("AES-CBC inside AuthEnvelopedData is UNSUPPORTED_ALGORITHM", async () => {
    const cms = authEnveloped(new Uint8Array(3), { contentAlgorithmOid: OID.aes128CBC });
    await assert.rejects(openEnvelope(cms, [keyOf(alice)]), { code: "UNSUPPORTED_ALGORITHM" });
  });
});

describe("EnvelopedData oddities", () => {
  function enveloped(contentAlgorithm: DerElement, recipientInfos: DerElement[]): Uint8Array {
    return serialize(
      sequence(
        oid(OID.envelopedData),
        explicit(0, sequence(integer(2), setOf(recipientInfos), sequence(oid(OID.data), contentAlgorithm, primitive(0x80, randomBytes(32))))),
      ),
    );
  }

  test("GCM inside EnvelopedData (PKI.js style) and unknown content algorithms are UNSUPPORTED_ALGORITHM", async () => {
    const cek = randomBytes(16);
    const gcmInEnveloped = enveloped(algorithmIdentifier(OID.aes128GCM, sequence(octetString(randomBytes(12)))), [ktriFor(alice, cek)]);
    await assert.rejects(openEnvelope(gcmInEnveloped, [keyOf(alice)]), { code: "UNSUPPORTED_ALGORITHM" });
    const rc2 = enveloped(algorithmIdentifier(OID.rc2CBC, octetString(randomBytes(8))), [ktriFor(alice, cek)]);
    await assert.rejects(openEnvelope(rc2, [keyOf(alice)]), { code: "UNSUPPORTED_ALGORITHM" });
  });

  test("kekri/pwri/ori recipients are listed but never matched; unknown key transport is UNSUPPORTED_ALGORITHM", async () => {
    const iv = algorithmIdentifier(OID.aes256CBC, octetString(randomBytes(16)));
    const kekri = constructed(0xa2, [
      integer(4),
      sequence(octetString(randomBytes(8))),
      algorithmIdentifier(OID.aes256Wrap),
      octetString(randomBytes(40)),
    ]);
    const pwri = constructed(0xa3, [integer(0), algorithmIdentifier(OID.aes256Wrap), octetString(randomBytes(40))]);
    const ori = constructed(0xa4, [oid("1.2.3.4"), octetString(randomBytes(4))]);
    const cms = enveloped(iv, [kekri, pwri, ori]);
    assert.deepEqual(
      listEnvelopeRecipients(cms).map((r) => r.kind).sort(),
      ["kekri", "ori", "pwri"],
    );
    await assert.rejects(openEnvelope(cms, [keyOf(alice)]), { code: "NOT_FOR_ME" });

    const cert = readCertificate(alice.certDer);
    const oddKtri = sequence(
      integer(0),
      sequence(raw(cert.issuerDer), primitive(0x02, cert.serial)),
      algorithmIdentifier("1.2.840.113549.1.1.99"),
      octetString(randomBytes(256)),
    );
    await assert.rejects(openEnvelope(enveloped(iv, [oddKtri]), [keyOf(alice)]), { code: "UNSUPPORTED_ALGORITHM" });
  });
});

describe("resource limits", () => {
  test("many recipient entries for the same key are LIMIT_EXCEEDED, not many RSA operations", async () => {
    const cek = randomBytes(16);
    const nonce = randomBytes(12);
    const { ciphertext, tag } = gcm(cek, nonce, new Uint8Array(10));
    const build = (entries: number) =>
      serialize(
        sequence(
          oid(OID.authEnvelopedData),
          explicit(
            0,
            sequence(
              integer(0),
              setOf(Array.from({ length: entries }, () => ktriFor(alice, cek))),
              sequence(oid(OID.data), algorithmIdentifier(OID.aes128GCM, sequence(octetString(nonce), integer(16))), primitive(0x80, ciphertext)),
              octetString(tag),
            ),
          ),
        ),
      );
    assert.equal((await openEnvelope(build(8), [keyOf(alice)])).content.length, 10);
    // The cap is checked after matching and before any RSA operation.
    await assert.rejects(openEnvelope(build(200), [keyOf(alice)]), { code: "LIMIT_EXCEEDED" });
  });
});
