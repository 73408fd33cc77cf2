/** PEM keys, certificate files, key generation, PKCS#10 and self-signed certificates against OpenSSL 3. */
import { afterAll, beforeAll, describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createTestPki, openssl, type TestIdentity, type TestPki } from "../../helpers/openssl";
import {
  certificateRequestPem, createCertificateRequest, createSelfSignedCertificate, generatePrivateKey, loadCertificates,
  loadPrivateKeyPem, publicKeyMatches, SELF_SIGNED_MARKER, type KeyKind,
} from "../../../src/core/keys";
import { SpmError } from "../../../src/core/errors";
import { pemEncode } from "../../../src/core/bytes";

let pki: TestPki;
let alice: TestIdentity;
let erin: TestIdentity;
let bob: TestIdentity;

const pubOf = (pkcs8: Uint8Array) => openssl(["pkey", "-inform", "DER", "-pubout"], { input: pkcs8 }).toString();

async function rejects(p: Promise<unknown>, code: string) {
  await assert.rejects(p, (e: unknown) => e instanceof SpmError && e.code === code);
}

beforeAll(() => {
  pki = createTestPki();
  alice = pki.issue("alice", "alice@example.org");
  bob = pki.issue("bob", "bob@example.org", { keyType: "p384" });
  erin = pki.issue("erin", "erin@example.org", { keyType: "p256" });
});
afterAll(() => pki.cleanup());

describe("loadPrivateKeyPem", () => {
  test("PKCS#8 \"PRIVATE KEY\" as written by openssl genpkey", async () => {
    assert.deepEqual(await loadPrivateKeyPem(alice.keyPem), alice.keyPkcs8);
  });

  test("PKCS#1 \"RSA PRIVATE KEY\" (openssl pkey -traditional)", async () => {
    const pem = openssl(["pkey", "-in", alice.keyPath, "-traditional"]).toString();
    assert.match(pem, /BEGIN RSA PRIVATE KEY/);
    const key = await loadPrivateKeyPem(pem);
    assert.equal(pubOf(key), pubOf(alice.keyPkcs8));
  });

  test("SEC1 \"EC PRIVATE KEY\" (openssl ec), P-256 and P-384", async () => {
    for (const id of [erin, bob]) {
      const pem = openssl(["ec", "-in", id.keyPath]).toString();
      assert.match(pem, /BEGIN EC PRIVATE KEY/);
      const key = await loadPrivateKeyPem(pem);
      assert.equal(pubOf(key), pubOf(id.keyPkcs8));
      // Usable by WebCrypto too.
      await crypto.subtle.importKey("pkcs8", key.slice().buffer, { name: "ECDSA", namedCurve: id === erin ? "P-256" : "P-384" }, false, ["sign"]);
    }
  });

  test("\"ENCRYPTED PRIVATE KEY\" (openssl pkcs8 -topk8 -v2 aes-256-cbc, and -v1 PBE-SHA1-3DES); wrong/missing password", async () => {
    const pw = "Schlüssel-Passwort";
    const aes = openssl(["pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", alice.keyPath, "-passout", `pass:${pw}`]).toString();
    assert.match(aes, /BEGIN ENCRYPTED PRIVATE KEY/);
    assert.deepEqual(await loadPrivateKeyPem(aes, pw), alice.keyPkcs8);
    const tdes = openssl(["pkcs8", "-topk8", "-v1", "PBE-SHA1-3DES", "-in", erin.keyPath, "-passout", `pass:${pw}`]).toString();
    assert.equal(pubOf(await loadPrivateKeyPem(tdes, pw)), pubOf(erin.keyPkcs8));
    await rejects(loadPrivateKeyPem(aes, "wrong"), "WRONG_PASSWORD");
    await rejects(loadPrivateKeyPem(tdes, "wrong"), "WRONG_PASSWORD");
    await rejects(loadPrivateKeyPem(aes), "WRONG_PASSWORD");
  });

  test("old-style encrypted PEM and non-key PEM are refused", async () => {
    const old = openssl(["pkey", "-in", alice.keyPath, "-traditional", "-aes256", "-passout", "pass:x"]).toString();
    await rejects(loadPrivateKeyPem(old, "x"), "UNSUPPORTED_ALGORITHM");
    await rejects(loadPrivateKeyPem(alice.certPem), "MALFORMED");
  });
});

describe("loadCertificates", () => {
  test("PKCS#7 certs-only from openssl crl2pkcs7 -nocrl (DER and PEM)", () => {
    const pemFile = join(pki.dir, "certs.p7c.pem");
    openssl(["crl2pkcs7", "-nocrl", "-certfile", alice.certPath, "-certfile", pki.caCertPath, "-out", pemFile]);
    const derFile = join(pki.dir, "certs.p7c");
    openssl(["crl2pkcs7", "-nocrl", "-certfile", alice.certPath, "-certfile", pki.caCertPath, "-outform", "DER", "-out", derFile]);
    const expected = [alice.certDer, pki.caCertDer];
    assert.deepEqual(loadCertificates(readFileSync(pemFile, "utf8")), expected);
    assert.deepEqual(loadCertificates(new Uint8Array(readFileSync(pemFile))), expected);
    assert.deepEqual(loadCertificates(new Uint8Array(readFileSync(derFile))), expected);
  });

  test("PEM with several certificates, a single DER certificate; garbage -> MALFORMED", () => {
    assert.deepEqual(loadCertificates(alice.certPem + "\n" + pki.caCertPem), [alice.certDer, pki.caCertDer]);
    assert.deepEqual(loadCertificates(alice.certDer), [alice.certDer]);
    assert.throws(() => loadCertificates("hello"), { code: "MALFORMED" });
    assert.throws(() => loadCertificates(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])), { code: "MALFORMED" });
    assert.throws(() => loadCertificates(alice.certDer.subarray(0, 100)), { code: "MALFORMED" });
  });
});

describe("key generation, certificate requests, self-signed certificates", () => {
  const kinds: KeyKind[] = ["rsa2048", "p256", "p384"];

  test("generatePrivateKey gives PKCS#8 that OpenSSL reads (rsa3072 with e=65537, p256)", async () => {
    const rsa = await generatePrivateKey("rsa3072");
    const text = openssl(["pkey", "-inform", "DER", "-noout", "-text"], { input: rsa }).toString();
    assert.match(text, /Private-Key: \(3072 bit/);
    assert.match(text, /publicExponent: 65537/);
    const ec = await generatePrivateKey("p256");
    assert.match(openssl(["pkey", "-inform", "DER", "-noout", "-text"], { input: ec }).toString(), /NIST CURVE: P-256/);
  });

  for (const kind of kinds) {
    test(`CSR (${kind}): openssl req -verify passes; an OpenSSL-issued certificate pairs with the key`, async () => {
      const key = await generatePrivateKey(kind);
      const csr = await createCertificateRequest(key, { email: "carol@example.org", commonName: "Carol Example" });
      const reqPath = join(pki.dir, `req-${kind}.pem`);
      writeFileSync(reqPath, certificateRequestPem(csr));
      openssl(["req", "-verify", "-in", reqPath, "-noout"]);
      const text = openssl(["req", "-in", reqPath, "-noout", "-text"]).toString();
      assert.match(text, /CN = Carol Example, emailAddress = carol@example.org/);
      assert.match(text, /email:carol@example.org/);
      assert.match(text, /E-mail Protection/);
      assert.match(text, /Signature Algorithm: (sha256WithRSAEncryption|ecdsa-with-SHA256)/);
      assert.match(text, kind === "rsa2048" ? /Digital Signature, Key Encipherment/ : /Digital Signature, Key Agreement/);
      const certPath = join(pki.dir, `issued-${kind}.pem`);
      openssl(["x509", "-req", "-in", reqPath, "-CA", pki.caCertPath, "-CAkey", pki.caKeyPath, "-set_serial", "77",
        "-copy_extensions", "copy", "-days", "30", "-out", certPath]);
      const certDer = new Uint8Array(openssl(["x509", "-in", certPath, "-outform", "DER"]));
      assert.equal(await publicKeyMatches(certDer, key), true);
      assert.equal(await publicKeyMatches(alice.certDer, key), false);
    });
  }

  test("self-signed test certificate: marker O, SAN e-mail, EKU; openssl verify with itself as CA", async () => {
    for (const kind of ["rsa2048", "p256"] as KeyKind[]) {
      const key = await generatePrivateKey(kind);
      const der = await createSelfSignedCertificate(key, { email: "dora@example.org" }, { days: 30 });
      const path = join(pki.dir, `self-${kind}.pem`);
      writeFileSync(path, pemEncode("CERTIFICATE", der));
      const text = openssl(["x509", "-in", path, "-noout", "-text"]).toString();
      // OpenSSL quotes the value because of its comma.
      assert.ok(text.includes(`Subject: CN = dora@example.org, O = "${SELF_SIGNED_MARKER}"`), text);
      assert.match(text, /email:dora@example.org/);
      assert.match(text, /E-mail Protection/);
      assert.match(text, /CA:FALSE/);
      assert.match(text, kind === "rsa2048" ? /Digital Signature, Key Encipherment/ : /Digital Signature, Key Agreement/);
      const verify = openssl(["verify", "-CAfile", path, "-purpose", "smimesign", path]).toString();
      assert.match(verify, /: OK/);
      assert.equal(await publicKeyMatches(der, key), true);
    }
  });

  test("publicKeyMatches pairs OpenSSL identities and rejects mismatches", async () => {
    assert.equal(await publicKeyMatches(alice.certDer, alice.keyPkcs8), true);
    assert.equal(await publicKeyMatches(erin.certDer, erin.keyPkcs8), true);
    assert.equal(await publicKeyMatches(erin.certDer, bob.keyPkcs8), false);
    assert.equal(await publicKeyMatches(alice.certDer, erin.keyPkcs8), false);
  });

  test("bad e-mail addresses are refused", async () => {
    const key = await generatePrivateKey("p256");
    await rejects(createCertificateRequest(key, { email: "not an address" }), "INVALID_ARGUMENT");
    await rejects(createSelfSignedCertificate(key, { email: "a@b.c\nX" }), "INVALID_ARGUMENT");
  });
});
