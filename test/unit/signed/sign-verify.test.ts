import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import * as asn1js from "asn1js";
import fc from "fast-check";
import { loadPki, type FixtureIdentity as TestIdentity } from "../../helpers/fixtures";
import { signData, verifySignedData, DEFAULT_SMIME_CAPABILITIES } from "../../../src/core/cms/signed";
import { isSpmError } from "../../../src/core/errors";
import { OID } from "../../../src/core/oids";
import { toHex, utf8Encode } from "../../../src/core/bytes";
import type { Identity } from "../../../src/core/types";

const identity = (t: TestIdentity, chain: Uint8Array[] = []): Identity => ({ certificate: t.certDer, privateKey: t.keyPkcs8, chain });

/** The signedAttrs [0] of the first SignerInfo, as parsed asn1js nodes. */
function signedAttrNodes(cms: Uint8Array): asn1js.Sequence[] {
  const root = asn1js.fromBER(cms).result as asn1js.Sequence;
  const sd = (root.valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.Sequence;
  const signerInfos = sd.valueBlock.value[sd.valueBlock.value.length - 1] as asn1js.Set;
  const si = signerInfos.valueBlock.value[0] as asn1js.Sequence;
  const attrs = si.valueBlock.value.find((n) => n.idBlock.tagClass === 3 && n.idBlock.tagNumber === 0) as asn1js.Constructed;
  return attrs.valueBlock.value as asn1js.Sequence[];
}

const pki = loadPki("basic");
const rsa = pki.identity("alice"); // RSA 2048
const ec = pki.identity("bob-p256");
const signOnly = pki.identity("sign-only"); // RSA 2048, keyUsage digitalSignature only: cannot encrypt

describe("signData + verifySignedData round trip", () => {
  const content = utf8Encode("Content-Type: text/plain\r\n\r\nBefund: unauffällig\r\n");

  for (const [label, pick, opts] of [
    ["RSA PKCS#1 v1.5 SHA-256", () => rsa, {}],
    ["RSA PSS SHA-384", () => rsa, { rsaScheme: "pss", digest: "SHA-384" }],
    ["RSA PKCS#1 v1.5 SHA-512", () => rsa, { digest: "SHA-512" }],
    ["ECDSA P-256 SHA-256", () => ec, {}],
  ] as const) {
    for (const detached of [false, true]) {
      it(`${label}, ${detached ? "detached" : "opaque"}`, async () => {
        const signingTime = new Date("2026-03-04T05:06:07.890Z");
        const cms = await signData(content, identity(pick(), [pki.caCertDer]), { detached, signingTime, ...opts });
        const r = await verifySignedData(cms, detached ? content : undefined);
        assert.equal(r.outcome, "valid", r.reason);
        assert.deepEqual(r.content, content);
        assert.equal(r.detached, detached);
        assert.equal(r.eContentType, OID.data);
        assert.deepEqual(r.signerCertificate, pick().certDer);
        assert.equal(r.certificates.length, 2);
        assert.equal(r.signingTime?.toISOString(), "2026-03-04T05:06:07.000Z");
        assert.equal(r.digestAlgorithm, "digest" in opts ? opts.digest : "SHA-256");
        assert.equal(r.signatureAlgorithm, pick() === ec ? "ecdsa" : "rsaScheme" in opts ? "rsa-pss" : "rsa-pkcs1");
        assert.equal(r.weakAlgorithm, false);
        assert.deepEqual(r.capabilities, DEFAULT_SMIME_CAPABILITIES);
        assert.equal(r.notes, undefined);
      });
    }
  }

  it("writes signed attributes in DER SET OF order", async () => {
    const cms = await signData(content, identity(rsa), { detached: true });
    const encodings = signedAttrNodes(cms).map((n) => new Uint8Array(n.toBER()));
    assert.equal(encodings.length, 6); // contentType, signingTime, messageDigest, caps, 2x key preference
    const hex = encodings.map(toHex);
    assert.deepEqual([...hex].sort(), hex, "attributes sorted by encoding");
  });

  it("uses UTCTime before 2050 and GeneralizedTime from 2050", async () => {
    for (const [iso, tag] of [["2049-12-31T23:59:59Z", 23], ["2050-01-01T00:00:00Z", 24]] as const) {
      const cms = await signData(content, identity(rsa), { detached: true, signingTime: new Date(iso) });
      const st = signedAttrNodes(cms).find((a) => (a.valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString() === OID.signingTime)!;
      const value = (st.valueBlock.value[1] as asn1js.Set).valueBlock.value[0];
      assert.equal(value.idBlock.tagNumber, tag);
      const r = await verifySignedData(cms, content);
      assert.equal(r.signingTime?.toISOString(), new Date(iso).toISOString());
    }
  });

  it("advertises the signer's own certificate as encryption key only when it can encrypt", async () => {
    const withPref = await verifySignedData(await signData(content, identity(rsa), { detached: true }), content);
    assert.ok(withPref.encryptionKeyPreference?.issuerAndSerial);
    assert.equal(withPref.encryptionKeyPreference.issuerAndSerial.serialHex.replace(/^0+/, ""), toHex(rsaSerial(rsa.certDer)).replace(/^0+/, ""));
    const none = await verifySignedData(await signData(content, identity(signOnly), { detached: true }), content);
    assert.equal(none.encryptionKeyPreference, undefined);
    // An explicit encryption certificate is advertised and shipped in the certificate set.
    const explicit = await verifySignedData(
      await signData(content, identity(signOnly), { detached: true, encryptionKeyPreference: rsa.certDer }),
      content,
    );
    assert.equal(explicit.outcome, "valid");
    assert.ok(explicit.certificates.some((c) => toHex(c) === toHex(rsa.certDer)));
    assert.equal(explicit.encryptionKeyPreference?.issuerAndSerial?.serialHex, toHex(rsaSerial(rsa.certDer)));
  });

  it("honours capabilities: [] and includeCertificates: false", async () => {
    const cms = await signData(content, identity(rsa), { detached: false, capabilities: [], includeCertificates: false });
    const r = await verifySignedData(cms);
    assert.equal(r.outcome, "malformed"); // no signer certificate inside: this module cannot check it
    assert.match(r.reason ?? "", /signer certificate/);
    assert.deepEqual(r.certificates, []);
    assert.equal(r.content.length, content.length);
  });

  it("refuses a private key that does not belong to the certificate", async () => {
    await assert.rejects(
      signData(content, { certificate: rsa.certDer, privateKey: signOnly.keyPkcs8, chain: [] }, { detached: true }),
      (e) => isSpmError(e, "INVALID_ARGUMENT"),
    );
    await assert.rejects(
      signData(content, { certificate: rsa.certDer, privateKey: ec.keyPkcs8, chain: [] }, { detached: true }),
      (e) => isSpmError(e, "INVALID_ARGUMENT"),
    );
  });

  it("round-trips random content (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), fc.boolean(), fc.boolean(), async (data, detached, useEc) => {
        const cms = await signData(data, identity(useEc ? ec : rsa), { detached });
        const r = await verifySignedData(cms, detached ? data : undefined);
        assert.equal(r.outcome, "valid", r.reason);
        assert.deepEqual(r.content, data);
      }),
      { numRuns: 40 },
    );
  });
});

/** Serial number bytes of a certificate (test-side parse with asn1js directly). */
function rsaSerial(der: Uint8Array): Uint8Array {
  const cert = asn1js.fromBER(der).result as asn1js.Sequence;
  const tbs = cert.valueBlock.value[0] as asn1js.Sequence;
  return (tbs.valueBlock.value[1] as asn1js.Integer).valueBlock.valueHexView;
}

describe("large content", () => {
  it("20 MB opaque and detached round trip (beyond asn1js's 16 MiB default cap)", async () => {
    const big = new Uint8Array(20 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 1000) big[i] = i & 0xff;
    const opaque = await signData(big, identity(ec), { detached: false });
    const r = await verifySignedData(opaque);
    assert.equal(r.outcome, "valid", r.reason);
    assert.equal(r.content.length, big.length);
    assert.equal(r.content[19_999_000], big[19_999_000]);
    const detached = await signData(big, identity(ec), { detached: true });
    assert.ok(detached.length < 4096);
    assert.equal((await verifySignedData(detached, big)).outcome, "valid");
  });
});
