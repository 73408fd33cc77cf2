/**
 * Interop with the real OpenSSL 3 `cms` command, both directions.
 */
import { describe, it, beforeAll, afterAll } from "@jest/globals";
import assert from "node:assert/strict";
import { writeFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createTestPki, openssl, type TestPki, type TestIdentity, type KeyType } from "../../helpers/openssl";
import { signData, verifySignedData, DEFAULT_SMIME_CAPABILITIES } from "../../../src/core/cms/signed";
import { OID } from "../../../src/core/oids";
import { utf8Encode } from "../../../src/core/bytes";

let pki: TestPki;
const ids = {} as Record<KeyType, TestIdentity>;
let contentPath: string;
// Binary-safe content: CRLF, non-ASCII, a NUL byte.
const content = utf8Encode("Content-Type: text/plain; charset=utf-8\r\n\r\nPatient: M\u00fcller\r\n\u0000end\r\n");
let n = 0;
const file = (name: string) => join(pki.dir, `${n++}-${name}`);

beforeAll(() => {
  pki = createTestPki();
  for (const kt of ["rsa2048", "rsa3072", "rsa1024", "p256", "p384"] as const) ids[kt] = pki.issue(`s-${kt}`, `${kt}@example.test`, { keyType: kt });
  contentPath = join(pki.dir, "content.bin");
  writeFileSync(contentPath, content);
});
afterAll(() => pki.cleanup());

describe("ours -> openssl cms -verify", () => {
  const cases: [KeyType, "pkcs1" | "pss" | undefined][] = [
    ["rsa2048", "pkcs1"], ["rsa2048", "pss"], ["rsa3072", "pkcs1"], ["rsa3072", "pss"], ["p256", undefined], ["p384", undefined],
  ];
  for (const [kt, scheme] of cases) {
    for (const detached of [true, false]) {
      it(`${kt}${scheme ? " " + scheme : ""} ${detached ? "detached" : "opaque"}`, async () => {
        const id = ids[kt];
        const digest = kt === "p384" ? "SHA-384" : "SHA-256";
        const cms = await signData(content, { certificate: id.certDer, privateKey: id.keyPkcs8, chain: [] }, { detached, rsaScheme: scheme, digest });
        const p = file("ours.der");
        writeFileSync(p, cms);
        const out = openssl([
          "cms", "-verify", "-binary", "-inform", "DER", "-in", p, "-CAfile", pki.caCertPath,
          ...(detached ? ["-content", contentPath] : []),
        ]);
        assert.deepEqual(new Uint8Array(out), content);
        const printed = openssl(["cms", "-cmsout", "-print", "-inform", "DER", "-in", p]).toString();
        // OpenSSL parses every attribute we write; it prints them in encoded (DER-sorted) order.
        const attrs = printed.slice(printed.indexOf("signedAttrs:"));
        const at = (o: string) => attrs.indexOf(`(${o})`);
        const order = [OID.contentType, OID.signingTime, OID.messageDigest, OID.msOeEncryptionKeyPreference,
          OID.smimeEncryptionKeyPreference, OID.smimeCapabilities].map(at);
        assert.ok(order.every((i) => i > 0), "all six attributes printed");
        assert.deepEqual([...order].sort((a, b) => a - b), order, "printed in DER SET OF order");
        assert.match(printed, /aes-256-gcm|id-aes256-GCM|2\.16\.840\.1\.101\.3\.4\.1\.46/i);
        if (scheme === "pss") assert.match(printed, /rsassaPss|RSASSA-PSS/i);
        if (kt.startsWith("p")) assert.match(printed, /ecdsa-with-SHA(256|384)/);
      });
    }
  }
});

describe("ours -> openssl, other parameters", () => {
  for (const [label, opts] of [
    ["RSA-PSS SHA-512", { rsaScheme: "pss", digest: "SHA-512" }],
    ["RSA PKCS#1 SHA-384", { digest: "SHA-384" }],
    ["signing time after 2049 (GeneralizedTime)", { signingTime: new Date("2051-06-01T12:00:00Z") }],
    ["with chain and an explicit encryption certificate", { encryptionKeyPreference: "p256" }],
  ] as const) {
    it(label, async () => {
      const id = ids.rsa2048;
      const pref = "encryptionKeyPreference" in opts ? ids.p256.certDer : undefined;
      const cms = await signData(content, { certificate: id.certDer, privateKey: id.keyPkcs8, chain: [pki.caCertDer] }, {
        detached: true, ...opts, encryptionKeyPreference: pref,
      });
      const p = file("ours2.der");
      writeFileSync(p, cms);
      const out = openssl(["cms", "-verify", "-binary", "-inform", "DER", "-in", p, "-CAfile", pki.caCertPath, "-content", contentPath]);
      assert.deepEqual(new Uint8Array(out), content);
      const printed = openssl(["cms", "-cmsout", "-print", "-inform", "DER", "-in", p]).toString();
      if ("signingTime" in opts) assert.match(printed, /GENERALIZEDTIME:Jun  1 12:00:00 2051 GMT/);
      if (pref) assert.equal((printed.match(/d\.certificate:/g) ?? []).length, 3);
    });
  }
});

describe("openssl cms -sign -> verifySignedData", () => {
  function osslSign(id: TestIdentity, extra: string[]): Uint8Array {
    const out = file("ossl.der");
    openssl(["cms", "-sign", "-binary", "-in", contentPath, "-signer", id.certPath, "-inkey", id.keyPath, "-outform", "DER", "-out", out, ...extra]);
    return new Uint8Array(readFileSync(out));
  }

  const cases: { name: string; kt: KeyType; args: string[]; detached: boolean; digest: string; sig: string; weak: boolean; attrs?: boolean }[] = [
    { name: "RSA opaque (-nodetach)", kt: "rsa2048", args: ["-nodetach"], detached: false, digest: "SHA-256", sig: "rsa-pkcs1", weak: false },
    { name: "RSA detached", kt: "rsa2048", args: [], detached: true, digest: "SHA-256", sig: "rsa-pkcs1", weak: false },
    { name: "RSA -stream -nodetach (indefinite BER)", kt: "rsa2048", args: ["-stream", "-nodetach"], detached: false, digest: "SHA-256", sig: "rsa-pkcs1", weak: false },
    // With -outform DER, -stream embeds the content even without -nodetach (OpenSSL 3.0, measured).
    { name: "RSA -stream without -nodetach (still embedded)", kt: "rsa2048", args: ["-stream"], detached: false, digest: "SHA-256", sig: "rsa-pkcs1", weak: false },
    { name: "RSA-PSS", kt: "rsa3072", args: ["-nodetach", "-keyopt", "rsa_padding_mode:pss"], detached: false, digest: "SHA-256", sig: "rsa-pss", weak: false },
    { name: "RSA-PSS SHA-384 detached", kt: "rsa2048", args: ["-md", "sha384", "-keyopt", "rsa_padding_mode:pss"], detached: true, digest: "SHA-384", sig: "rsa-pss", weak: false },
    { name: "RSA SHA-384", kt: "rsa2048", args: ["-md", "sha384"], detached: true, digest: "SHA-384", sig: "rsa-pkcs1", weak: false },
    { name: "RSA SHA-512", kt: "rsa2048", args: ["-md", "sha512", "-nodetach"], detached: false, digest: "SHA-512", sig: "rsa-pkcs1", weak: false },
    { name: "RSA SHA-1 (weak)", kt: "rsa2048", args: ["-md", "sha1"], detached: true, digest: "SHA-1", sig: "rsa-pkcs1", weak: true },
    { name: "RSA MD5 (weak)", kt: "rsa2048", args: ["-md", "md5", "-nodetach"], detached: false, digest: "MD5", sig: "rsa-pkcs1", weak: true },
    { name: "RSA 1024 (weak key)", kt: "rsa1024", args: [], detached: true, digest: "SHA-256", sig: "rsa-pkcs1", weak: true },
    { name: "ECDSA P-256", kt: "p256", args: [], detached: true, digest: "SHA-256", sig: "ecdsa", weak: false },
    { name: "ECDSA P-384 SHA-384 opaque", kt: "p384", args: ["-md", "sha384", "-nodetach"], detached: false, digest: "SHA-384", sig: "ecdsa", weak: false },
    { name: "ECDSA P-256 SHA-1 (weak)", kt: "p256", args: ["-md", "sha1"], detached: true, digest: "SHA-1", sig: "ecdsa", weak: true },
    { name: "subjectKeyIdentifier sid (-keyid)", kt: "rsa2048", args: ["-keyid", "-nodetach"], detached: false, digest: "SHA-256", sig: "rsa-pkcs1", weak: false },
    { name: "no signed attributes (-noattr)", kt: "rsa2048", args: ["-noattr"], detached: true, digest: "SHA-256", sig: "rsa-pkcs1", weak: false, attrs: false },
    { name: "ECDSA without signed attributes", kt: "p256", args: ["-noattr", "-nodetach"], detached: false, digest: "SHA-256", sig: "ecdsa", weak: false, attrs: false },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const before = Date.now() - 60_000;
      const cms = osslSign(ids[c.kt], c.args);
      if (c.args.includes("-stream")) assert.equal(cms[1], 0x80, "indefinite length");
      const r = await verifySignedData(cms, c.detached ? content : undefined);
      assert.equal(r.outcome, "valid", r.reason);
      assert.deepEqual(r.content, content);
      assert.equal(r.detached, c.detached);
      assert.equal(r.eContentType, OID.data);
      assert.deepEqual(r.signerCertificate, ids[c.kt].certDer);
      assert.equal(r.digestAlgorithm, c.digest);
      assert.equal(r.signatureAlgorithm, c.sig);
      assert.equal(r.weakAlgorithm, c.weak);
      if (c.attrs === false) {
        assert.equal(r.signingTime, undefined);
        assert.deepEqual(r.capabilities, []);
      } else {
        assert.ok(r.signingTime && r.signingTime.getTime() >= before && r.signingTime.getTime() <= Date.now() + 60_000);
        // OpenSSL's default list starts with AES-256-CBC and includes AES-128-CBC.
        assert.equal(r.capabilities[0], OID.aes256CBC);
        assert.ok(r.capabilities.includes(OID.aes128CBC));
      }
      // The wrong detached content must not verify.
      if (c.detached) {
        const other = new Uint8Array(content);
        other[other.length - 1] ^= 1;
        assert.equal((await verifySignedData(cms, other)).outcome, "invalid");
      }
    });
  }

  it("OpenSSL -stream DER output plus the content given again is ambiguous (malformed)", async () => {
    const cms = osslSign(ids.rsa2048, ["-stream"]);
    const r = await verifySignedData(cms, content);
    assert.equal(r.outcome, "malformed");
    assert.match(r.reason ?? "", /both embedded and given/);
  });

  it("we read OpenSSL's certificate set with the chain (-certfile)", async () => {
    const cms = osslSign(ids.rsa2048, ["-certfile", pki.caCertPath]);
    const r = await verifySignedData(cms, content);
    assert.equal(r.outcome, "valid");
    assert.equal(r.certificates.length, 2);
  });

  it("our default capabilities come back from OpenSSL's parser as we wrote them", async () => {
    const cms = await signData(content, { certificate: ids.rsa2048.certDer, privateKey: ids.rsa2048.keyPkcs8, chain: [] }, { detached: false });
    const p = file("caps.der");
    writeFileSync(p, cms);
    const printed = openssl(["cms", "-cmsout", "-print", "-inform", "DER", "-in", p]).toString();
    assert.match(printed, /S\/MIME Capabilities|SMIME-CAPS|smimeCapabilities/i);
    assert.equal(DEFAULT_SMIME_CAPABILITIES.length, 5);
  });
});
