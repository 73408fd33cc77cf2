/**
 * Attacks on signed messages ("Johnny, You Are Fired", 2019, and friends), built by editing the
 * asn1js structure of real signed messages. Each case checks the outcome AND that the reason names
 * the rule, so a case cannot pass for an unrelated failure.
 */
import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { sign as nodeSign } from "node:crypto";
import * as asn1js from "asn1js";
import fc from "fast-check";
import { cmsVector, loadPki, type FixtureIdentity as TestIdentity } from "../../helpers/fixtures";
import { signData, verifySignedData, type SignatureCheck } from "../../../src/core/cms/signed";
import { isSpmError, SpmError } from "../../../src/core/errors";
import { OID } from "../../../src/core/oids";
import { toHex, utf8Encode } from "../../../src/core/bytes";

const content = utf8Encode("Content-Type: text/plain\r\n\r\nDosis: 5 mg\r\n");

const id = (t: TestIdentity) => ({ certificate: t.certDer, privateKey: t.keyPkcs8, chain: [] });

/** Editable view of ContentInfo(SignedData) as asn1js nodes. */
class Msg {
  root: asn1js.Sequence;
  constructor(bytes: Uint8Array) {
    const parsed = asn1js.fromBER(bytes, { parseEmbedded: false });
    assert.notEqual(parsed.offset, -1);
    this.root = parsed.result as asn1js.Sequence;
  }
  get sd(): asn1js.Sequence {
    return (this.root.valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.Sequence;
  }
  get fields(): asn1js.AsnType[] {
    return this.sd.valueBlock.value;
  }
  field(tagClass: number, tagNumber: number): asn1js.AsnType | undefined {
    return this.fields.find((f) => f.idBlock.tagClass === tagClass && f.idBlock.tagNumber === tagNumber);
  }
  get encap(): asn1js.Sequence {
    return this.fields[2] as asn1js.Sequence;
  }
  get signerInfos(): asn1js.Set {
    return this.fields[this.fields.length - 1] as asn1js.Set;
  }
  get si(): asn1js.Sequence {
    return this.signerInfos.valueBlock.value[0] as asn1js.Sequence;
  }
  get attrsNode(): asn1js.Constructed {
    return this.si.valueBlock.value.find((n) => n.idBlock.tagClass === 3 && n.idBlock.tagNumber === 0) as asn1js.Constructed;
  }
  get attrs(): asn1js.Sequence[] {
    return this.attrsNode.valueBlock.value as asn1js.Sequence[];
  }
  set attrs(list: asn1js.Sequence[]) {
    this.attrsNode.valueBlock.value = list;
  }
  attr(type: string): asn1js.Sequence | undefined {
    return this.attrs.find((a) => (a.valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString() === type);
  }
  /** Re-sign the signed attributes as they now stand (RSA PKCS#1 v1.5, SHA-256) with a PEM key. */
  resign(keyPem: string): void {
    const set = new Uint8Array(new asn1js.Set({ value: this.attrs }).toBER());
    const sig = nodeSign("sha256", set, keyPem);
    const v = this.si.valueBlock.value;
    const i = v.findIndex((n) => n instanceof asn1js.OctetString);
    v[i] = new asn1js.OctetString({ valueHex: new Uint8Array(sig) });
  }
  bytes(): Uint8Array {
    return new Uint8Array(this.root.toBER());
  }
}

function attribute(type: string, ...values: asn1js.AsnType[]): asn1js.Sequence {
  return new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: type }), new asn1js.Set({ value: values })] });
}

function expect(r: SignatureCheck, outcome: SignatureCheck["outcome"], reason: RegExp): void {
  assert.equal(r.outcome, outcome, `got ${r.outcome}: ${r.reason}`);
  assert.match(r.reason ?? "", reason);
}

const pki = loadPki("basic");
const alice = pki.identity("alice"); // RSA 2048
const mallory = pki.identity("mallory"); // RSA 2048

describe("SignedData attacks", () => {
  it("the editing helper round-trips our DER exactly (sanity for every case below)", async () => {
    const cms = await signData(content, id(alice), { detached: false });
    assert.equal(toHex(new Msg(cms).bytes()), toHex(cms));
    const m = new Msg(cms);
    m.resign(alice.keyPem);
    assert.equal((await verifySignedData(m.bytes())).outcome, "valid");
  });

  it("tampered embedded content -> invalid", async () => {
    const m = new Msg(await signData(content, id(alice), { detached: false }));
    const eContent = (m.encap.valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.OctetString;
    const changed = new Uint8Array(eContent.valueBlock.valueHexView);
    changed[changed.length - 5] = "9".charCodeAt(0); // "5 mg" -> "9 mg"
    (m.encap.valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] = new asn1js.OctetString({ valueHex: changed });
    expect(await verifySignedData(m.bytes()), "invalid", /content does not match/);
  });

  it("tampered detached content -> invalid", async () => {
    const cms = await signData(content, id(alice), { detached: true });
    const changed = new Uint8Array(content);
    changed[changed.length - 5] = "9".charCodeAt(0);
    expect(await verifySignedData(cms, changed), "invalid", /content does not match/);
  });

  it("tampered signed attribute (signing time) -> invalid", async () => {
    const m = new Msg(await signData(content, id(alice), { detached: true, signingTime: new Date("2026-01-01T00:00:00Z") }));
    const st = m.attr(OID.signingTime)!;
    st.valueBlock.value[1] = new asn1js.Set({ value: [new asn1js.UTCTime({ valueDate: new Date("2025-01-01T00:00:00Z") })] });
    expect(await verifySignedData(m.bytes(), content), "invalid", /signature does not match/);
  });

  it("re-sorted signed attributes are not silently re-sorted back (verify over bytes as received)", async () => {
    const m = new Msg(await signData(content, id(alice), { detached: true }));
    m.attrs = [...m.attrs].reverse();
    expect(await verifySignedData(m.bytes(), content), "invalid", /signature does not match/);
    // ... and an unsorted set signed as sent (PKI.js style) verifies: the bytes are what count.
    m.resign(alice.keyPem);
    assert.equal((await verifySignedData(m.bytes(), content)).outcome, "valid");
  });

  it("signature replaced by another signer's signature -> invalid", async () => {
    const m = new Msg(await signData(content, id(alice), { detached: true }));
    m.resign(mallory.keyPem);
    expect(await verifySignedData(m.bytes(), content), "invalid", /signature does not match/);
  });

  it("zero SignerInfos -> unsigned, content still returned", async () => {
    const m = new Msg(await signData(content, id(alice), { detached: false }));
    m.signerInfos.valueBlock.value = [];
    const r = await verifySignedData(m.bytes());
    assert.equal(r.outcome, "unsigned");
    assert.deepEqual(r.content, content);
    assert.equal(r.signerCertificate, undefined);
  });

  it("two SignerInfos (same signer twice, or a second signer) -> malformed", async () => {
    const m = new Msg(await signData(content, id(alice), { detached: true }));
    m.signerInfos.valueBlock.value.push(m.si);
    expect(await verifySignedData(m.bytes(), content), "malformed", /2 signers/);

    const other = new Msg(await signData(content, id(mallory), { detached: true }));
    const m2 = new Msg(await signData(content, id(alice), { detached: true }));
    m2.signerInfos.valueBlock.value.push(other.si);
    (m2.field(3, 0) as asn1js.Constructed).valueBlock.value.push(...(other.field(3, 0) as asn1js.Constructed).valueBlock.value);
    expect(await verifySignedData(m2.bytes(), content), "malformed", /2 signers/);
  });

  it("content both embedded and given detached -> malformed (ambiguous), whatever the signature", async () => {
    const cms = await signData(content, id(alice), { detached: false });
    expect(await verifySignedData(cms, content), "malformed", /both embedded and given/);
    expect(await verifySignedData(cms, utf8Encode("other")), "malformed", /both embedded and given/);
  });

  it("detached signature without content -> malformed", async () => {
    const cms = await signData(content, id(alice), { detached: true });
    expect(await verifySignedData(cms), "malformed", /neither embedded nor given/);
  });

  it("messageDigest missing (validly re-signed) -> malformed", async () => {
    const m = new Msg(await signData(content, id(alice), { detached: true }));
    m.attrs = m.attrs.filter((a) => a !== m.attr(OID.messageDigest));
    m.resign(alice.keyPem);
    expect(await verifySignedData(m.bytes(), content), "malformed", /messageDigest signed attribute is missing/);
  });

  it("messageDigest duplicated: two attributes, or two values -> malformed", async () => {
    const m = new Msg(await signData(content, id(alice), { detached: true }));
    const md = m.attr(OID.messageDigest)!;
    const evil = attribute(OID.messageDigest, new asn1js.OctetString({ valueHex: new Uint8Array(32) }));
    m.attrs = [...m.attrs, evil];
    m.resign(alice.keyPem);
    expect(await verifySignedData(m.bytes(), content), "malformed", /messageDigest signed attribute appears more than once/);

    const m2 = new Msg(await signData(content, id(alice), { detached: true }));
    const values = (md.valueBlock.value[1] as asn1js.Set).valueBlock.value;
    m2.attr(OID.messageDigest)!.valueBlock.value[1] = new asn1js.Set({ value: [...values, new asn1js.OctetString({ valueHex: new Uint8Array(32) })] });
    m2.resign(alice.keyPem);
    expect(await verifySignedData(m2.bytes(), content), "malformed", /exactly one value/);
  });

  it("messageDigest of other content (validly signed) -> invalid", async () => {
    const m = new Msg(await signData(content, id(alice), { detached: true }));
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new Uint8Array(utf8Encode("the other content"))));
    m.attr(OID.messageDigest)!.valueBlock.value[1] = new asn1js.Set({ value: [new asn1js.OctetString({ valueHex: digest })] });
    m.resign(alice.keyPem);
    expect(await verifySignedData(m.bytes(), content), "invalid", /content does not match the signed digest/);
    // ... while that other content does verify with it: the check is the digest, not luck.
    assert.equal((await verifySignedData(m.bytes(), utf8Encode("the other content"))).outcome, "valid");
  });

  it("contentType attribute missing, duplicated or different from eContentType", async () => {
    const m = new Msg(await signData(content, id(alice), { detached: true }));
    m.attrs = m.attrs.filter((a) => a !== m.attr(OID.contentType));
    m.resign(alice.keyPem);
    expect(await verifySignedData(m.bytes(), content), "malformed", /contentType signed attribute is missing/);

    const m2 = new Msg(await signData(content, id(alice), { detached: true }));
    m2.attr(OID.contentType)!.valueBlock.value[1] = new asn1js.Set({ value: [new asn1js.ObjectIdentifier({ value: OID.envelopedData })] });
    m2.resign(alice.keyPem);
    expect(await verifySignedData(m2.bytes(), content), "invalid", /contentType signed attribute does not match/);

    const m3 = new Msg(await signData(content, id(alice), { detached: true }));
    m3.attrs = [...m3.attrs, attribute(OID.contentType, new asn1js.ObjectIdentifier({ value: OID.data }))];
    m3.resign(alice.keyPem);
    expect(await verifySignedData(m3.bytes(), content), "malformed", /contentType signed attribute appears more than once/);
  });

  it("eContentType other than id-data without signed attributes -> malformed", async () => {
    // `openssl cms -sign -binary -noattr -nodetach` of the same content by alice (test/fixtures/cms/index.json).
    const m = new Msg(cmsVector("signed/noattr-alice.der"));
    assert.equal((await verifySignedData(m.bytes())).outcome, "valid");
    m.encap.valueBlock.value[0] = new asn1js.ObjectIdentifier({ value: "1.2.840.113549.1.9.16.1.4" }); // id-ct-TSTInfo
    expect(await verifySignedData(m.bytes()), "malformed", /Signed attributes are missing/);
  });

  it("signer certificate missing -> malformed; a look-alike second certificate -> malformed (ambiguous)", async () => {
    const m = new Msg(await signData(content, id(alice), { detached: true }));
    const certs = m.field(3, 0) as asn1js.Constructed;
    const sd = m.sd.valueBlock.value;
    sd.splice(sd.indexOf(certs), 1);
    expect(await verifySignedData(m.bytes(), content), "malformed", /signer certificate is not included/);

    // Only an unrelated certificate present.
    const m2 = new Msg(await signData(content, id(alice), { detached: true }));
    (m2.field(3, 0) as asn1js.Constructed).valueBlock.value = [asn1js.fromBER(mallory.certDer).result];
    expect(await verifySignedData(m2.bytes(), content), "malformed", /signer certificate is not included/);

    // Same issuer and serial, different certificate (key chosen by the attacker): ambiguous.
    const m3 = new Msg(await signData(content, id(alice), { detached: true }));
    const fake = new Uint8Array(alice.certDer);
    fake[fake.length - 1] ^= 0xff; // alter the CA signature bytes: same issuer/serial, different DER
    (m3.field(3, 0) as asn1js.Constructed).valueBlock.value.push(asn1js.fromBER(fake).result);
    expect(await verifySignedData(m3.bytes(), content), "malformed", /Several different certificates/);
  });

  it("signature algorithm naming another hash than the digest algorithm -> invalid", async () => {
    const m = new Msg(await signData(content, id(alice), { detached: true }));
    const v = m.si.valueBlock.value;
    const sigAlgIndex = v.findIndex((n) => n instanceof asn1js.OctetString) - 1;
    v[sigAlgIndex] = new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID.sha1WithRSA }), new asn1js.Null()] });
    expect(await verifySignedData(m.bytes(), content), "invalid", /different hash/);
  });

  it("RSASSA-PSS with an MGF1 hash different from the hash -> invalid (cannot be checked)", async () => {
    const m = new Msg(await signData(content, id(alice), { detached: true, rsaScheme: "pss" }));
    const v = m.si.valueBlock.value;
    const sigAlg = v[v.findIndex((n) => n instanceof asn1js.OctetString) - 1] as asn1js.Sequence;
    const params = sigAlg.valueBlock.value[1] as asn1js.Sequence;
    const mgf = ((params.valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.Sequence).valueBlock.value[1] as asn1js.Sequence;
    mgf.valueBlock.value[0] = new asn1js.ObjectIdentifier({ value: OID.sha512 });
    expect(await verifySignedData(m.bytes(), content), "invalid", /MGF1/);
  });

  it("a damaged ECDSA signature value -> invalid, never a crash", async () => {
    const ec = pki.identity("bob-p256");
    const m = new Msg(await signData(content, id(ec), { detached: true }));
    const v = m.si.valueBlock.value;
    const i = v.findIndex((n) => n instanceof asn1js.OctetString);
    for (const bad of [new Uint8Array([0x30, 0x00]), new Uint8Array(64), new Uint8Array([1, 2, 3])]) {
      v[i] = new asn1js.OctetString({ valueHex: bad });
      expect(await verifySignedData(m.bytes(), content), "invalid", /signature/);
    }
  });

  it("input that is not SignedData throws SpmError MALFORMED", async () => {
    for (const bad of [
      utf8Encode("MIME-Version: 1.0\r\n"),
      new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]),
      new Uint8Array(new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID.envelopedData }), new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.Sequence()] })] }).toBER()),
    ]) {
      await assert.rejects(verifySignedData(bad), (e) => isSpmError(e, "MALFORMED"));
    }
    await assert.rejects(verifySignedData(new Uint8Array(0)), (e) => isSpmError(e, "MALFORMED"));
  });

  it("an element overrunning its parent's declared length is refused (asn1js accepts it; others do not)", async () => {
    const cms = await signData(content, id(alice), { detached: false });
    const m = new Msg(cms);
    // Shorten the declared length of encapContentInfo by 10: its [0] child now runs past it.
    const encapStart = toHex(cms).indexOf(toHex(new Uint8Array(m.encap.toBER()))) / 2;
    const bad = new Uint8Array(cms);
    assert.equal(bad[encapStart], 0x30);
    assert.ok(bad[encapStart + 1] < 0x80 && bad[encapStart + 1] > 10);
    bad[encapStart + 1] -= 10;
    await assert.rejects(verifySignedData(bad), (e) => isSpmError(e, "MALFORMED") && /overruns/.test((e as Error).message));
  });

  it("deep nesting is refused with a typed error, quickly", async () => {
    let node: asn1js.AsnType = new asn1js.Null();
    for (let i = 0; i < 500; i++) node = new asn1js.Sequence({ value: [node] });
    const started = Date.now();
    await assert.rejects(verifySignedData(new Uint8Array(node.toBER())), (e) => e instanceof SpmError);
    assert.ok(Date.now() - started < 2000);
  });

  it("truncation at every offset: typed MALFORMED error or malformed outcome, never anything else", async () => {
    for (const detached of [false, true]) {
      const cms = await signData(content, id(alice), { detached });
      for (let len = 0; len < cms.length; len++) {
        try {
          const r = await verifySignedData(cms.subarray(0, len), detached ? content : undefined);
          assert.notEqual(r.outcome, "valid", `truncated to ${len} still valid`);
        } catch (e) {
          assert.ok(isSpmError(e, "MALFORMED"), `offset ${len}: ${String(e)}`);
        }
      }
    }
  });

  it("truncated OpenSSL -stream (indefinite-length BER) messages: typed MALFORMED error", async () => {
    // `openssl cms -sign -binary -stream -nodetach` of 10,000 x "A" by alice.
    const cms = cmsVector("signed/stream-alice.der");
    assert.equal((await verifySignedData(cms)).outcome, "valid");
    for (let len = 0; len < cms.length; len += len < 64 || len > cms.length - 600 ? 1 : 29) {
      try {
        const r = await verifySignedData(cms.subarray(0, len));
        assert.notEqual(r.outcome, "valid", `truncated to ${len} still valid`);
      } catch (e) {
        assert.ok(isSpmError(e, "MALFORMED"), `offset ${len}: ${String(e)}`);
      }
    }
  });

  it("random byte flips never crash untyped, and 'valid' always comes with the signed content", async () => {
    const cms = await signData(content, id(alice), { detached: false });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(cms.length - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }), async (flips) => {
        const bad = new Uint8Array(cms);
        for (const [at, x] of flips) bad[at] ^= x;
        try {
          const r = await verifySignedData(bad);
          if (r.outcome === "valid") assert.deepEqual(r.content, content);
        } catch (e) {
          assert.ok(e instanceof SpmError, String(e));
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("encryption key preference variants (read side)", () => {

  it("falls back to Microsoft's attribute when the RFC 8551 one is absent", async () => {
    const m = new Msg(await signData(content, id(alice), { detached: true }));
    const expected = (await verifySignedData(m.bytes(), content)).encryptionKeyPreference;
    assert.ok(expected?.issuerAndSerial);
    m.attrs = m.attrs.filter((a) => a !== m.attr(OID.smimeEncryptionKeyPreference));
    m.resign(alice.keyPem);
    const r = await verifySignedData(m.bytes(), content);
    assert.equal(r.outcome, "valid");
    assert.deepEqual(r.encryptionKeyPreference, expected);
  });

  it("reads subjectAltKeyIdentifier [2] and RecipientKeyIdentifier [1]", async () => {
    const ski = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    for (const value of [
      new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 2 }, valueHex: ski }),
      new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 1 }, value: [new asn1js.OctetString({ valueHex: ski })] }),
    ]) {
      const m = new Msg(await signData(content, id(alice), { detached: true }));
      m.attrs = m.attrs.filter((a) => a !== m.attr(OID.smimeEncryptionKeyPreference) && a !== m.attr(OID.msOeEncryptionKeyPreference));
      m.attrs = [...m.attrs, attribute(OID.smimeEncryptionKeyPreference, value)];
      m.resign(alice.keyPem);
      const r = await verifySignedData(m.bytes(), content);
      assert.equal(r.outcome, "valid", r.reason);
      assert.deepEqual(r.encryptionKeyPreference, { subjectKeyIdentifierHex: "0102030405060708" });
    }
  });

  it("an unreadable SMIMECapabilities value is noted, not fatal", async () => {
    const m = new Msg(await signData(content, id(alice), { detached: true }));
    m.attr(OID.smimeCapabilities)!.valueBlock.value[1] = new asn1js.Set({ value: [new asn1js.Integer({ value: 5 })] });
    m.resign(alice.keyPem);
    const r = await verifySignedData(m.bytes(), content);
    assert.equal(r.outcome, "valid");
    assert.deepEqual(r.capabilities, []);
    assert.ok(r.notes?.some((n) => /SMIMECapabilities/.test(n)));
  });
});
