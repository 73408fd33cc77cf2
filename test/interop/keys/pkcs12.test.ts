/** PKCS#12 import/export against OpenSSL 3 (and NSS pk12util) as the real peers. */
import { afterAll, beforeAll, describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { createTestPki, hasCommand, openssl, type TestIdentity, type TestPki } from "../../helpers/openssl";
import { exportPkcs12, importPkcs12 } from "../../../src/core/keys";
import { SpmError } from "../../../src/core/errors";
import { pemDecodeAll } from "../../../src/core/bytes";
import { buildPfx, certBag, keyBag, shroudedKeyBag } from "./pkcs12-builder";
import { bmpPasswordFromUtf8Bytes } from "../../../src/core/keys/pbe";

const LEGACY = ["-provider", "legacy", "-provider", "default"];
let pki: TestPki;
let alice: TestIdentity;
let erin: TestIdentity; // EC P-256
let bob: TestIdentity;

function p12(name: string, args: string[], id: TestIdentity = alice, password = "pw"): Uint8Array {
  const out = join(pki.dir, `${name}.p12`);
  openssl(["pkcs12", "-export", "-inkey", id.keyPath, "-in", id.certPath, "-certfile", pki.caCertPath, "-name", id.name,
    "-passout", `pass:${password}`, "-out", out, ...args]);
  return new Uint8Array(readFileSync(out));
}

/** The public key (SPKI PEM) of a PKCS#8 DER, computed by OpenSSL. */
function opensslPublicKey(pkcs8: Uint8Array): string {
  return openssl(["pkey", "-inform", "DER", "-pubout"], { input: pkcs8 }).toString();
}

async function rejects(p: Promise<unknown>, code: string) {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof SpmError, `expected SpmError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    return true;
  });
}

function assertAliceLike(contents: Awaited<ReturnType<typeof importPkcs12>>, id: TestIdentity) {
  assert.equal(contents.identities.length, 1);
  const [ident] = contents.identities;
  assert.deepEqual(ident.certificate, id.certDer);
  assert.equal(opensslPublicKey(ident.privateKey), opensslPublicKey(id.keyPkcs8));
  assert.deepEqual(ident.chain, [pki.caCertDer]);
  assert.deepEqual(contents.extraCertificates, [pki.caCertDer]);
  assert.equal(ident.friendlyName, id.name);
}

beforeAll(() => {
  pki = createTestPki();
  alice = pki.issue("alice", "alice@example.org");
  bob = pki.issue("bob", "bob@example.org");
  erin = pki.issue("erin", "erin@example.org", { keyType: "p256" });
});
afterAll(() => pki.cleanup());

describe("importPkcs12 reads OpenSSL 3 files", () => {
  test("OpenSSL 3 default (PBES2 AES-256-CBC, PBKDF2-HMAC-SHA256, MAC SHA-256), RSA", async () => {
    const r = await importPkcs12(new Uint8Array(readFileSync(alice.p12Path)), "test-password");
    assertAliceLike(r, alice);
    assert.equal(r.legacyEncryption, false);
    assert.deepEqual(r.identities[0].privateKey, alice.keyPkcs8);
  });

  test("EC P-256 key", async () => {
    const r = await importPkcs12(new Uint8Array(readFileSync(erin.p12Path)), "test-password");
    assertAliceLike(r, erin);
  });

  test("`-legacy` (key 3DES, certificates RC2-40, MAC SHA-1) via the legacy provider", async () => {
    const bytes = p12("legacy", ["-legacy"]);
    const stderrInfo = execFileSync("sh", ["-c", `openssl pkcs12 -info -noout -legacy -in ${join(pki.dir, "legacy.p12")} -passin pass:pw 2>&1`]).toString();
    assert.match(stderrInfo, /pbeWithSHA1And40BitRC2-CBC/);
    assert.match(stderrInfo, /pbeWithSHA1And3-KeyTripleDES-CBC/);
    assert.match(stderrInfo, /MAC: sha1/);
    const r = await importPkcs12(bytes, "pw");
    assertAliceLike(r, alice);
    assert.equal(r.legacyEncryption, true);
  });

  test("3DES (3-key and 2-key) for key and certificates without the legacy provider (PBE-SHA1-3DES, PBE-SHA1-2DES)", async () => {
    const r = await importPkcs12(p12("tdes", ["-keypbe", "PBE-SHA1-3DES", "-certpbe", "PBE-SHA1-3DES", "-macalg", "sha1"]), "pw");
    assertAliceLike(r, alice);
    assert.equal(r.legacyEncryption, true);
    const two = await importPkcs12(p12("2des", ["-keypbe", "PBE-SHA1-2DES", "-certpbe", "PBE-SHA1-2DES"]), "pw");
    assertAliceLike(two, alice);
  });

  test("RC2-128 for key and certificates: PBE-SHA1-RC2-128 (legacy provider)", async () => {
    const r = await importPkcs12(p12("rc2-128", [...LEGACY, "-keypbe", "PBE-SHA1-RC2-128", "-certpbe", "PBE-SHA1-RC2-128"]), "pw");
    assertAliceLike(r, alice);
    assert.equal(r.legacyEncryption, true);
  });

  test("PBES2 variants: AES-128 key, AES-192 certificates, 3DES-CBC in PBES2, MAC SHA-512 and SHA-384", async () => {
    assertAliceLike(await importPkcs12(p12("aes128", ["-keypbe", "AES-128-CBC", "-certpbe", "AES-192-CBC", "-macalg", "sha512"]), "pw"), alice);
    assertAliceLike(await importPkcs12(p12("pbes2-3des", ["-keypbe", "DES-EDE3-CBC", "-certpbe", "DES-EDE3-CBC", "-macalg", "sha384"]), "pw"), alice);
  });

  test("certificates not encrypted (-certpbe NONE) and key not encrypted (-keypbe NONE: plain KeyBag)", async () => {
    const r = await importPkcs12(p12("plain", ["-certpbe", "NONE", "-keypbe", "NONE"]), "pw");
    assertAliceLike(r, alice);
  });

  test("non-ASCII password \"Pässwörd€\" (BMPString for the PKCS#12 KDF, UTF-8 for PBES2)", async () => {
    const pw = "Pässwörd€";
    assertAliceLike(await importPkcs12(p12("utf8-aes", [], alice, pw), pw), alice);
    const legacy = await importPkcs12(p12("utf8-legacy", ["-legacy"], alice, pw), pw);
    assertAliceLike(legacy, alice);
    await rejects(importPkcs12(p12("utf8-aes2", [], alice, pw), "Passwort€"), "WRONG_PASSWORD");
  });

  test("-nomac: refused by default, read with allowPkcs12WithoutMac; then a wrong password shows as a failed decryption", async () => {
    const bytes = p12("nomac", ["-nomac"]);
    await rejects(importPkcs12(bytes, "pw"), "UNSUPPORTED_ALGORITHM");
    assertAliceLike(await importPkcs12(bytes, "pw", { config: { allowPkcs12WithoutMac: true } }), alice);
    await rejects(importPkcs12(bytes, "wrong", { config: { allowPkcs12WithoutMac: true } }), "WRONG_PASSWORD");
    const legacy = p12("nomac-legacy", ["-nomac", "-legacy"]);
    await rejects(importPkcs12(legacy, "wrong", { config: { allowPkcs12WithoutMac: true } }), "WRONG_PASSWORD");
  });

  test("empty password", async () => {
    assertAliceLike(await importPkcs12(p12("empty", [], alice, ""), ""), alice);
  });

  test("wrong password -> WRONG_PASSWORD (AES and legacy files)", async () => {
    await rejects(importPkcs12(new Uint8Array(readFileSync(alice.p12Path)), "test-passwordX"), "WRONG_PASSWORD");
    await rejects(importPkcs12(p12("legacy2", ["-legacy"]), "pw "), "WRONG_PASSWORD");
  });

  test("certificate-only file -> NO_PRIVATE_KEY; key without certificate -> CERTIFICATE_UNUSABLE", async () => {
    const out = join(pki.dir, "certonly.p12");
    openssl(["pkcs12", "-export", "-nokeys", "-in", alice.certPath, "-passout", "pass:pw", "-out", out]);
    await rejects(importPkcs12(new Uint8Array(readFileSync(out)), "pw"), "NO_PRIVATE_KEY");
    const keyOnly = join(pki.dir, "keyonly.p12");
    openssl(["pkcs12", "-export", "-nocerts", "-inkey", alice.keyPath, "-passout", "pass:pw", "-out", keyOnly]);
    await rejects(importPkcs12(new Uint8Array(readFileSync(keyOnly)), "pw"), "CERTIFICATE_UNUSABLE");
  });

  test("garbage, a certificate, and truncated files -> MALFORMED", async () => {
    await rejects(importPkcs12(new TextEncoder().encode("this is not a pfx file at all"), "pw"), "MALFORMED");
    await rejects(importPkcs12(alice.certDer, "pw"), "MALFORMED");
    const bytes = new Uint8Array(readFileSync(alice.p12Path));
    for (const cut of [1, 10, 100, bytes.length / 2, bytes.length - 1]) {
      await rejects(importPkcs12(bytes.subarray(0, Math.floor(cut)), "test-password"), "MALFORMED");
    }
    await rejects(importPkcs12(new Uint8Array(0), "pw"), "MALFORMED");
  });
});

describe("exportPkcs12 writes backups OpenSSL and NSS read", () => {
  test("default settings (300,000 iterations): OpenSSL shows key and certificate; round trip", async () => {
    const ident = { certificate: alice.certDer, privateKey: alice.keyPkcs8, chain: [pki.caCertDer] };
    const t0 = Date.now();
    const bytes = await exportPkcs12(ident, "Backup-Pässwort", { friendlyName: "Alice Backup" });
    const exportMs = Date.now() - t0;
    const file = join(pki.dir, "ours-default.p12");
    writeFileSync(file, bytes);
    const info = execFileSync("sh", ["-c", `openssl pkcs12 -info -nodes -in ${file} -passin 'pass:Backup-Pässwort' 2>&1`]).toString();
    assert.match(info, /MAC: sha256, Iteration 300000/);
    assert.match(info, /PBES2, PBKDF2, AES-256-CBC, Iteration 300000, PRF hmacWithSHA256/);
    assert.match(info, /friendlyName: Alice Backup/);
    const keys = pemDecodeAll(info, "PRIVATE KEY");
    assert.equal(keys.length, 1);
    assert.equal(opensslPublicKey(keys[0].der), opensslPublicKey(alice.keyPkcs8));
    assert.deepEqual(pemDecodeAll(info, "CERTIFICATE").map((c) => c.der), [alice.certDer, pki.caCertDer]);
    const back = await importPkcs12(bytes, "Backup-Pässwort");
    assert.deepEqual(back.identities[0].privateKey, alice.keyPkcs8);
    assert.deepEqual(back.identities[0].certificate, alice.certDer);
    assert.deepEqual(back.identities[0].chain, [pki.caCertDer]);
    assert.equal(back.identities[0].friendlyName, "Alice Backup");
    assert.equal(back.legacyEncryption, false);
    assert.ok(exportMs < 10_000, `export took ${exportMs} ms`);
  });

  test("EC identity, fewer iterations; NSS pk12util imports it", async () => {
    const ident = { certificate: erin.certDer, privateKey: erin.keyPkcs8, chain: [pki.caCertDer] };
    const bytes = await exportPkcs12(ident, "pw", { iterations: 2048 });
    const back = await importPkcs12(bytes, "pw");
    assert.deepEqual(back.identities[0].privateKey, erin.keyPkcs8);
    const file = join(pki.dir, "ours-ec.p12");
    writeFileSync(file, bytes);
    const info = openssl(["pkcs12", "-info", "-nodes", "-in", file, "-passin", "pass:pw"]).toString();
    assert.equal(opensslPublicKey(pemDecodeAll(info, "PRIVATE KEY")[0].der), opensslPublicKey(erin.keyPkcs8));
    if (hasCommand("pk12util")) {
      const db = join(pki.dir, "nssdb");
      execFileSync("mkdir", ["-p", db]);
      execFileSync("certutil", ["-N", "-d", `sql:${db}`, "--empty-password"]);
      execFileSync("pk12util", ["-i", file, "-d", `sql:${db}`, "-W", "pw"]);
      const keys = execFileSync("certutil", ["-K", "-d", `sql:${db}`]).toString();
      assert.match(keys, /ec/i);
    }
  });

  test("refuses a certificate that does not belong to the key", async () => {
    await rejects(exportPkcs12({ certificate: bob.certDer, privateKey: alice.keyPkcs8, chain: [] }, "pw", { iterations: 1000 }), "INVALID_ARGUMENT");
  });
});

describe("several identities in one file (hand-built: OpenSSL's CLI writes one key per file)", () => {
  test("KeyBag + ShroudedKeyBag, two identities and a CA: OpenSSL reads it, we pair each key with its certificate", async () => {
    const bags = [
      certBag(pki.caCertDer),
      certBag(erin.certDer),
      keyBag(alice.keyPkcs8),
      await shroudedKeyBag(erin.keyPkcs8, "two-keys", 1000),
      certBag(alice.certDer),
    ];
    const bytes = await buildPfx(bags, "two-keys", 1000);
    const file = join(pki.dir, "two.p12");
    writeFileSync(file, bytes);
    // OpenSSL verifies our MAC (independent check of the PKCS#12 KDF) and finds both keys.
    const info = openssl(["pkcs12", "-info", "-nodes", "-in", file, "-passin", "pass:two-keys"]).toString();
    assert.equal(pemDecodeAll(info, "PRIVATE KEY").length, 2);
    const r = await importPkcs12(bytes, "two-keys");
    assert.equal(r.identities.length, 2);
    const byCert = new Map(r.identities.map((i) => [Buffer.from(i.certificate).toString("hex"), i]));
    assert.deepEqual(byCert.get(Buffer.from(alice.certDer).toString("hex"))?.privateKey, alice.keyPkcs8);
    assert.deepEqual(byCert.get(Buffer.from(erin.certDer).toString("hex"))?.privateKey, erin.keyPkcs8);
    for (const i of r.identities) assert.deepEqual(i.chain, [pki.caCertDer]);
    assert.deepEqual(r.extraCertificates, [pki.caCertDer]);
    await rejects(importPkcs12(bytes, "two-keyz"), "WRONG_PASSWORD");
  });
});

test("non-ASCII password encoded byte by byte (OpenSSL < 1.1.0 files) is still accepted", async () => {
  const pw = "Pässwörd";
  const bytes = await buildPfx([keyBag(alice.keyPkcs8), certBag(alice.certDer)], pw, 1000, true, bmpPasswordFromUtf8Bytes(pw));
  const r = await importPkcs12(bytes, pw);
  assert.deepEqual(r.identities[0].privateKey, alice.keyPkcs8);
  await rejects(importPkcs12(bytes, "Passwörd"), "WRONG_PASSWORD");
});
