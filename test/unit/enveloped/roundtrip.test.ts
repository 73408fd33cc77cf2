import { describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import * as asn1js from "asn1js";
import fc from "fast-check";
import { loadPki, type FixtureIdentity } from "../../helpers/fixtures";
import { envelope, listEnvelopeRecipients, openEnvelope } from "../../../src/core/cms/enveloped";
import type { ContentCipher } from "../../../src/core/types";
import { OID } from "../../../src/core/oids";
import { toHex } from "../../../src/core/bytes";

const CIPHERS: ContentCipher[] = ["aes-128-cbc", "aes-192-cbc", "aes-256-cbc", "aes-128-gcm", "aes-256-gcm"];
const keyOf = (id: FixtureIdentity) => ({ certificate: id.certDer, privateKey: id.keyPkcs8 });

/** Walk a DER buffer and assert every length is definite and content OCTET STRINGs are primitive. */
function assertDefiniteDer(bytes: Uint8Array): void {
  const parsed = asn1js.fromBER(bytes, { maxContentLength: bytes.length, maxNodes: 10_000 });
  assert.notEqual(parsed.offset, -1);
  const walk = (node: asn1js.AsnType) => {
    assert.equal((node as asn1js.BaseBlock).lenBlock.isIndefiniteForm, false);
    if (!(node as asn1js.BaseBlock).idBlock.isConstructed) return;
    const v = (node as asn1js.BaseBlock & { valueBlock: { value?: unknown } }).valueBlock.value;
    if (Array.isArray(v)) v.forEach(walk);
  };
  walk(parsed.result);
}

const pki = loadPki("basic");
const rsa = pki.identity("alice");
const p256 = pki.identity("bob-p256");
const p384 = pki.identity("carol-p384");

describe("envelope -> openEnvelope", () => {
  for (const cipher of CIPHERS) {
    test(`${cipher} to RSA-OAEP, RSA-PKCS1, P-256 and P-384 recipients`, async () => {
      const content = new TextEncoder().encode(`patient letter ${cipher}`);
      const cms = await envelope(
        content,
        [
          { certificate: rsa.certDer },
          { certificate: p256.certDer },
          { certificate: p384.certDer, useSubjectKeyIdentifier: true },
        ],
        { cipher },
      );
      assertDefiniteDer(cms);
      const gcm = cipher.endsWith("gcm");
      for (const [id, transport] of [
        [rsa, "rsa-oaep-sha256"],
        [p256, `ecdh-p256-sha256-aes${cipher.slice(4, 7)}-wrap`],
        [p384, `ecdh-p384-sha384-aes${cipher.slice(4, 7)}-wrap`],
      ] as const) {
        const opened = await openEnvelope(cms, [keyOf(id)]);
        assert.deepEqual(opened.content, content);
        assert.equal(opened.contentCipher, cipher);
        assert.equal(opened.contentType, gcm ? "authenticated-enveloped-data" : "enveloped-data");
        assert.equal(opened.integrityProtected, gcm);
        assert.equal(opened.legacyAlgorithm, false);
        assert.equal(opened.innerContentType, OID.data);
        assert.equal(opened.keyTransport, transport);
        assert.equal(opened.matchedKeyIndex, 0);
        assert.equal(opened.recipients.length, 3);
      }
      const pkcs1 = await envelope(content, [{ certificate: rsa.certDer, keyTransport: "pkcs1" }], { cipher });
      const opened = await openEnvelope(pkcs1, [keyOf(p256), keyOf(rsa)]);
      assert.equal(opened.keyTransport, "rsa-pkcs1");
      assert.equal(opened.matchedKeyIndex, 1);
      assert.deepEqual(opened.content, content);
    });
  }

  test("empty content round trips", async () => {
    for (const cipher of ["aes-256-cbc", "aes-128-gcm"] as const) {
      const cms = await envelope(new Uint8Array(0), [{ certificate: rsa.certDer }], { cipher });
      assert.equal((await openEnvelope(cms, [keyOf(rsa)])).content.length, 0);
    }
  });

  test("AuthEnvelopedData carries RFC 5084 GCMParameters (12-byte nonce, ICV 16) and a 16-byte mac", async () => {
    const cms = await envelope(new Uint8Array(5), [{ certificate: rsa.certDer }], { cipher: "aes-128-gcm" });
    const root = asn1js.fromBER(cms).result as asn1js.Sequence;
    assert.equal((root.valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString(), OID.authEnvelopedData);
    const aed = (root.valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.Sequence;
    const [version, , eci, mac] = aed.valueBlock.value;
    assert.equal((version as asn1js.Integer).valueBlock.valueDec, 0);
    const alg = (eci as asn1js.Sequence).valueBlock.value[1] as asn1js.Sequence;
    const params = alg.valueBlock.value[1] as asn1js.Sequence;
    assert.equal((params.valueBlock.value[0] as asn1js.OctetString).valueBlock.valueHexView.length, 12);
    assert.equal((params.valueBlock.value[1] as asn1js.Integer).valueBlock.valueDec, 16);
    assert.equal((mac as asn1js.OctetString).valueBlock.valueHexView.length, 16);
    const encrypted = (eci as asn1js.Sequence).valueBlock.value[2];
    assert.equal(encrypted.idBlock.isConstructed, false, "content is one primitive [0]");
  });

  test("EnvelopedData version 0 with issuerAndSerialNumber, 2 with subjectKeyIdentifier", async () => {
    const versionOf = (cms: Uint8Array) => {
      const root = asn1js.fromBER(cms).result as asn1js.Sequence;
      const ed = (root.valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.Sequence;
      return (ed.valueBlock.value[0] as asn1js.Integer).valueBlock.valueDec;
    };
    assert.equal(versionOf(await envelope(new Uint8Array(1), [{ certificate: rsa.certDer }], { cipher: "aes-256-cbc" })), 0);
    const ski = await envelope(new Uint8Array(1), [{ certificate: rsa.certDer, useSubjectKeyIdentifier: true }], { cipher: "aes-256-cbc" });
    assert.equal(versionOf(ski), 2);
    const [summary] = listEnvelopeRecipients(ski);
    assert.equal(summary.kind, "ktri");
    assert.equal(summary.issuer, undefined);
    assert.match(summary.subjectKeyIdentifierHex ?? "", /^[0-9a-f]{40}$/);
    assert.equal((await openEnvelope(ski, [keyOf(rsa)])).content.length, 1);
  });

  test("listEnvelopeRecipients describes every recipient", async () => {
    const cms = await envelope(new Uint8Array(1), [{ certificate: rsa.certDer, keyTransport: "pkcs1" }, { certificate: p384.certDer }], {
      cipher: "aes-256-gcm",
    });
    const list = listEnvelopeRecipients(cms);
    assert.deepEqual(
      list.map((r) => [r.kind, r.keyAlgorithm, r.issuer]),
      [
        ["ktri", "rsa-pkcs1", "CN=SPM Test Root CA, O=Secure Patient Mail Tests"],
        ["kari", "ecdh-p384-sha384-aes256-wrap", "CN=SPM Test Root CA, O=Secure Patient Mail Tests"],
      ], // DER SET OF order: ktri (0x30) before kari (0xA1)
    );
    assert.ok(list.every((r) => r.serialNumberHex && /^[0-9a-f]+$/.test(r.serialNumberHex)));
  });

  test("refuses bad arguments", async () => {
    await assert.rejects(envelope(new Uint8Array(1), [], { cipher: "aes-256-cbc" }), { code: "INVALID_ARGUMENT" });
    await assert.rejects(envelope(new Uint8Array(1), [{ certificate: rsa.certDer }], { cipher: "rc4" as ContentCipher }), {
      code: "INVALID_ARGUMENT",
    });
    await assert.rejects(envelope(new Uint8Array(1), [{ certificate: new Uint8Array([1, 2, 3]) }], { cipher: "aes-256-cbc" }), {
      code: "INVALID_ARGUMENT",
    });
  });

  test("property: random content and cipher round trip", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), fc.constantFrom(...CIPHERS), fc.boolean(), async (content, cipher, ec) => {
        const id = ec ? p256 : rsa;
        const cms = await envelope(content, [{ certificate: id.certDer }], { cipher });
        const opened = await openEnvelope(cms, [keyOf(id)]);
        assert.equal(toHex(opened.content), toHex(content));
      }),
      { numRuns: 40 },
    );
  });

  test("25 MiB to two recipients envelopes and opens (speed: npm run bench)", async () => {
    const content = new Uint8Array(25 * 1024 * 1024);
    for (let i = 0; i < content.length; i += 4096) content[i] = i & 0xff;
    for (const cipher of ["aes-256-cbc", "aes-256-gcm"] as const) {
      const cms = await envelope(content, [{ certificate: rsa.certDer }, { certificate: p256.certDer }], { cipher });
      const opened = await openEnvelope(cms, [keyOf(p256)]);
      assert.equal(opened.content.length, content.length);
      assert.equal(opened.content[4096 * 7], (4096 * 7) & 0xff);
    }
  });
});

describe("recipient certificate checks", () => {
  test("RSA below 2048 bits and certificates without the needed key usage are CERTIFICATE_UNUSABLE", async () => {
    const small = pki.identity("small-rsa1024");
    await assert.rejects(envelope(new Uint8Array(1), [{ certificate: small.certDer }], { cipher: "aes-256-cbc" }), {
      code: "CERTIFICATE_UNUSABLE",
    });
    const signOnly = pki.identity("sign-only"); // keyUsage digitalSignature only
    await assert.rejects(envelope(new Uint8Array(1), [{ certificate: signOnly.certDer }], { cipher: "aes-256-cbc" }), {
      code: "CERTIFICATE_UNUSABLE",
    });
    const ecSignOnly = pki.identity("ec-sign-only"); // P-256, keyUsage digitalSignature only
    await assert.rejects(envelope(new Uint8Array(1), [{ certificate: ecSignOnly.certDer }], { cipher: "aes-256-cbc" }), {
      code: "CERTIFICATE_UNUSABLE",
    });
  });

  test("useSubjectKeyIdentifier falls back to issuerAndSerialNumber when the certificate has no SKI", async () => {
    const noSki = pki.identity("no-ski"); // keyUsage keyEncipherment, no subject or authority key identifier
    const cms = await envelope(new Uint8Array(3), [{ certificate: noSki.certDer, useSubjectKeyIdentifier: true }], { cipher: "aes-128-gcm" });
    const [summary] = listEnvelopeRecipients(cms);
    assert.ok(summary.serialNumberHex);
    assert.equal(summary.subjectKeyIdentifierHex, undefined);
    assert.equal((await openEnvelope(cms, [keyOf(noSki)])).content.length, 3);
  });
});

describe("keys we cannot use", () => {
  test("an Ed25519 or P-521 identity among the keys does not stop opening; enveloping to one is UNSUPPORTED_ALGORITHM", async () => {
    // Self-signed OpenSSL certificates with their PKCS#8 keys.
    const others = ["ed25519", "p521"].map((name) => keyOf(pki.identity(name)));
    const cms = await envelope(new Uint8Array(4), [{ certificate: rsa.certDer }], { cipher: "aes-256-gcm" });
    const opened = await openEnvelope(cms, [...others, keyOf(rsa)]);
    assert.equal(opened.matchedKeyIndex, 2);
    await assert.rejects(openEnvelope(cms, others), { code: "NOT_FOR_ME" });
    for (const other of others) {
      await assert.rejects(envelope(new Uint8Array(1), [{ certificate: other.certificate }], { cipher: "aes-256-cbc" }), {
        code: "UNSUPPORTED_ALGORITHM",
      });
    }
  });
});
