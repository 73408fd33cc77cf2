/**
 * Attacks on certificate checking: forged chains, look-alike CAs, forged or stale CRLs, pins that must not
 * apply, unreadable input, and path-building blow-up. Real certificates made by OpenSSL in the test run.
 */
import { afterAll, beforeAll, describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createTestPki, openssl, type TestIdentity, type TestPki } from "../../helpers/openssl";
import { isSpmError } from "../../../src/core/errors";
import { checkCertificate, describeCertificate, findingText, type CertificateCheckInput } from "../../../src/core/pki";
import { caDb, leafExt, ocspResponder, pemToDer, type CaDb } from "../../unit/pki/fixtures";

let pki: TestPki;
let inter: TestIdentity;
let alice: TestIdentity;
let bob: TestIdentity;
let interDb: CaDb;
let crls: Uint8Array[];
/** Attacker: a self-made CA with exactly the intermediate's name, and a leaf for alice's address. */
let fakeInter: { der: Uint8Array; certPath: string; keyPath: string };
let forgedAlice: TestIdentity;
let forgedCrl: Uint8Array;

const CA_EXT = ["basicConstraints=critical,CA:TRUE,pathlen:0", "keyUsage=critical,keyCertSign,cRLSign", "subjectKeyIdentifier=hash", "authorityKeyIdentifier=keyid"];

beforeAll(() => {
  pki = createTestPki({ caName: "SPM Security Root" });
  inter = pki.issue("inter", "ca@pki.example", { replaceExtensions: true, extensions: CA_EXT });
  const via = { issuerCertPath: inter.certPath, issuerKeyPath: inter.keyPath, replaceExtensions: true };
  const aia = ["authorityInfoAccess=OCSP;URI:http://ocsp.pki.example/"];
  alice = pki.issue("alice", "alice@example.org", { ...via, extensions: leafExt("alice@example.org", aia) });
  bob = pki.issue("bob", "bob@example.org", { ...via, extensions: leafExt("bob@example.org", aia) });
  interDb = caDb(join(pki.dir, "interdb"), inter.certPath, inter.keyPath);
  interDb.revoke(bob.certPath);
  interDb.markValid(alice.certPath);
  const rootDb = caDb(join(pki.dir, "rootdb"), pki.caCertPath, pki.caKeyPath);
  crls = [interDb.crl(), rootDb.crl()];

  // The attacker's look-alike intermediate: same subject, own key, self-signed.
  const keyPath = join(pki.dir, "fake.key");
  const certPath = join(pki.dir, "fake.pem");
  writeFileSync(join(pki.dir, "fake.cnf"), "[req]\ndistinguished_name=dn\n[dn]\n[e]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n");
  openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", keyPath]);
  openssl(["req", "-x509", "-new", "-key", keyPath, "-subj", "/CN=inter/emailAddress=ca@pki.example", "-config", join(pki.dir, "fake.cnf"), "-extensions", "e", "-days", "30", "-out", certPath]);
  fakeInter = { der: pemToDer(readFileSync(certPath, "utf8")), certPath, keyPath };
  forgedAlice = pki.issue("forged", "alice@example.org", {
    issuerCertPath: certPath, issuerKeyPath: keyPath, replaceExtensions: true,
    // No AKI: the forger hopes the real intermediate is picked by name alone.
    extensions: leafExt("alice@example.org").filter((l) => !l.startsWith("authorityKeyIdentifier")),
  });
  const fakeDb = caDb(join(pki.dir, "fakedb"), certPath, keyPath);
  fakeDb.revoke(alice.certPath);
  forgedCrl = fakeDb.crl();
});
afterAll(() => pki?.cleanup());

function input(o: Partial<CertificateCheckInput> = {}): CertificateCheckInput {
  return {
    certificate: alice.certDer, intermediates: [inter.certDer], anchors: [pki.caCertDer],
    addresses: ["alice@example.org"], usage: "signing", revocation: { crls }, ...o,
  };
}

describe("certificate check attacks", () => {
  test("baseline: alice is valid", async () => {
    assert.equal((await checkCertificate(input())).status, "valid");
  });

  test("a flipped bit in the leaf's signature: invalid", async () => {
    const bad = alice.certDer.slice();
    bad[bad.length - 5] ^= 0x01;
    const r = await checkCertificate(input({ certificate: bad }));
    assert.equal(r.status, "invalid");
    assert.ok(r.findings.some((x) => /valid signature of its issuer/.test(findingText(x).en)));
  });

  test("a flipped bit in the signed part (the e-mail address): invalid, never valid", async () => {
    const bad = alice.certDer.slice();
    const at = Buffer.from(bad).indexOf("alice@example.org");
    assert.ok(at > 0);
    bad[at] = "m".charCodeAt(0); // "mlice@example.org"
    const r = await checkCertificate(input({ certificate: bad, addresses: ["mlice@example.org"] }));
    assert.equal(r.status, "invalid");
  });

  test("forged leaf under a look-alike intermediate (same name, other key): never valid", async () => {
    for (const intermediates of [[inter.certDer], [fakeInter.der], [fakeInter.der, inter.certDer], [inter.certDer, fakeInter.der]]) {
      const r = await checkCertificate(input({ certificate: forgedAlice.certDer, intermediates }));
      assert.ok(r.status === "invalid" || r.status === "untrusted", `${r.status} with ${intermediates.length} intermediates`);
      assert.notEqual(r.trust, "anchor");
    }
  });

  test("the genuine leaf is still found when a look-alike intermediate is offered first", async () => {
    const r = await checkCertificate(input({ intermediates: [fakeInter.der, inter.certDer] }));
    assert.equal(r.status, "valid");
    assert.deepEqual(r.chain[1], inter.certDer);
  });

  test("a look-alike certificate in 'intermediates' is never an anchor, even with the root's name", async () => {
    const r = await checkCertificate(input({ anchors: [], intermediates: [inter.certDer, pki.caCertDer] }));
    assert.equal(r.status, "untrusted");
    assert.equal(r.trust, "none");
  });

  test("a CRL with the issuer's name but the attacker's signature is ignored: neither revoked nor valid", async () => {
    const r = await checkCertificate(input({ revocation: { crls: [forgedCrl, crls[1]] } }));
    assert.equal(r.status, "revocation-unknown");
    assert.ok(r.findings.some((x) => x.status === "crl-unusable" && /signature is not valid/.test(findingText(x).en)));
  });

  test("a stale CRL (past nextUpdate) does not count as checked", async () => {
    const later = new Date(Date.now() + 40 * 86_400_000);
    const r = await checkCertificate(input({ now: later }));
    assert.equal(r.status, "revocation-unknown");
    assert.ok(r.findings.some((x) => /out of date/.test(findingText(x).en)));
  });

  test("a CRL scoped to CA certificates (issuingDistributionPoint onlyCA) does not vouch for a leaf", async () => {
    const caOnly = interDb.crl({ extensions: ["issuingDistributionPoint=critical,@idp", "[idp]", "onlyCA=TRUE"] });
    const r = await checkCertificate(input({ revocation: { crls: [caOnly, crls[1]] } }));
    assert.equal(r.status, "revocation-unknown");
    assert.ok(r.findings.some((x) => /only CA certificates/.test(findingText(x).en)));
    // Scoped to end-entity certificates: usable for the leaf.
    const userOnly = interDb.crl({ extensions: ["issuingDistributionPoint=critical,@idp", "[idp]", "onlyuser=TRUE"] });
    assert.equal((await checkCertificate(input({ revocation: { crls: [userOnly, crls[1]] } }))).status, "valid");
    // A delta CRL is not understood: not used.
    const delta = interDb.crl({ extensions: ["2.5.29.27=critical,DER:02:01:01"] });
    assert.equal((await checkCertificate(input({ revocation: { crls: [delta, crls[1]] } }))).status, "revocation-unknown");
  });

  test("the CRL cannot be swapped for a fetched one from http, and a fetch failure is not 'valid'", async () => {
    const r = await checkCertificate(input({ revocation: { crls: [crls[1]], fetchCrl: async () => { throw new Error("offline"); } } }));
    assert.equal(r.status, "revocation-unknown");
  });

  test("OCSP: genuine answers work; forged, replayed, stale or garbage answers never count as checked", async () => {
    const rootOnly = [crls[1]];
    const genuine = ocspResponder(interDb);
    assert.equal((await checkCertificate(input({ revocation: { crls: rootOnly, fetchOcsp: genuine } }))).status, "valid");
    assert.equal((await checkCertificate(input({ certificate: bob.certDer, addresses: ["bob@example.org"], revocation: { crls: rootOnly, fetchOcsp: genuine } }))).status, "revoked");
    // Signed by the look-alike intermediate's key.
    const forged = ocspResponder(interDb, fakeInter);
    const r1 = await checkCertificate(input({ revocation: { crls: rootOnly, fetchOcsp: forged } }));
    assert.equal(r1.status, "revocation-unknown");
    assert.ok(r1.findings.some((x) => x.status === "ocsp-unusable"));
    // alice's genuine "good" answer replayed for bob's (revoked) question.
    let aliceAnswer: Uint8Array | undefined;
    await checkCertificate(input({ revocation: { crls: rootOnly, fetchOcsp: async (u, q) => (aliceAnswer = await genuine(u, q)) } }));
    const r2 = await checkCertificate(input({ certificate: bob.certDer, addresses: ["bob@example.org"], revocation: { crls: rootOnly, fetchOcsp: async () => aliceAnswer } }));
    assert.equal(r2.status, "revocation-unknown");
    // An answer whose validity ended (checked two days later).
    const r3 = await checkCertificate(input({ now: new Date(Date.now() + 2 * 86_400_000), revocation: { crls: [], fetchOcsp: genuine } }));
    assert.equal(r3.status, "revocation-unknown");
    assert.ok(r3.findings.some((x) => /out of date/.test(findingText(x).en)));
    // Garbage and transport failure.
    for (const fetchOcsp of [async () => new Uint8Array([0x30, 0x03, 0x0a, 0x01, 0x03]), async () => new Uint8Array([1, 2]), async () => { throw new Error("offline"); }]) {
      assert.equal((await checkCertificate(input({ revocation: { crls: rootOnly, fetchOcsp } }))).status, "revocation-unknown");
    }
  });

  test("revoked stays revoked even when the user pinned the certificate", async () => {
    const r = await checkCertificate(input({
      certificate: bob.certDer, addresses: ["bob@example.org"], pinned: [{ certificate: bob.certDer, address: "bob@example.org" }],
    }));
    assert.equal(r.status, "revoked");
    assert.notEqual(r.trust, "pinned");
  });

  test("a pin applies to the exact bytes and address only", async () => {
    // Pin of alice's real certificate does not make the forged one (same name and address) trusted.
    const r = await checkCertificate(input({
      certificate: forgedAlice.certDer, intermediates: [fakeInter.der], anchors: [],
      pinned: [{ certificate: alice.certDer, address: "alice@example.org" }],
    }));
    assert.notEqual(r.status, "valid");
    assert.equal(r.trust, "none");
    // Pin of the forged certificate for bob does not make it valid for alice's mail... nor bob's (the cert says alice).
    const r2 = await checkCertificate(input({
      certificate: forgedAlice.certDer, intermediates: [fakeInter.der], anchors: [], addresses: ["bob@example.org"],
      pinned: [{ certificate: forgedAlice.certDer, address: "bob@example.org" }],
    }));
    assert.equal(r2.status, "signer-mismatch");
  });

  test("a pinned certificate still needs the address to match the From address", async () => {
    const r = await checkCertificate(input({
      certificate: forgedAlice.certDer, intermediates: [fakeInter.der], anchors: [], addresses: ["alice@example.org", "boss@example.org"],
      pinned: [{ certificate: forgedAlice.certDer, address: "alice@example.org" }],
    }));
    assert.equal(r.status, "signer-mismatch");
  });

  test("look-alike addresses and display-name tricks do not match", async () => {
    for (const a of ["alice@examp1e.org", "alice@example.org.evil.example", "\"alice@example.org\" <eve@evil.example>", "alice@example.org,eve@evil.example", " "]) {
      const r = await checkCertificate(input({ addresses: [a] }));
      assert.equal(r.status, "signer-mismatch", a);
    }
  });

  test("unreadable certificates: the leaf throws a typed error; others are ignored with a finding", async () => {
    for (const bad of [new Uint8Array(0), new Uint8Array([0x30, 0x82, 0x01]), alice.certDer.subarray(0, 100), new Uint8Array([...alice.certDer, 1, 2, 3])]) {
      await assert.rejects(checkCertificate(input({ certificate: bad })), (e) => isSpmError(e, "MALFORMED"));
      await assert.rejects(describeCertificate(bad), (e) => isSpmError(e, "MALFORMED"));
    }
    await assert.rejects(checkCertificate(input({ certificate: new Uint8Array(300 * 1024) })), (e) => isSpmError(e, "LIMIT_EXCEEDED"));
    const r = await checkCertificate(input({ intermediates: [new Uint8Array([1, 2, 3]), inter.certDer], anchors: [new Uint8Array([0x30, 0]), pki.caCertDer], revocation: { crls: [new Uint8Array([9]), ...crls] } }));
    assert.equal(r.status, "valid");
    assert.equal(r.findings.filter((x) => x.severity === "info").length, 3);
  });

  test("results are the caller's copies: altering them does not alter later checks (parsed certificates are cached)", async () => {
    const first = await checkCertificate(input());
    first.info.emails.push("mallory@evil.example");
    first.info.notAfter.setFullYear(1999);
    first.chain[0][10] ^= 0xff;
    const info = await describeCertificate(alice.certDer);
    info.emails[0] = "mallory@evil.example";
    const again = await checkCertificate(input());
    assert.equal(again.status, "valid");
    assert.deepEqual(again.info.emails, ["alice@example.org"]);
    assert.deepEqual(again.chain[0], alice.certDer);
    assert.equal((await checkCertificate(input({ addresses: ["mallory@evil.example"] }))).status, "signer-mismatch");
    // A caller reusing its buffer after the check does not poison the cache.
    const buf = alice.certDer.slice();
    await checkCertificate(input({ certificate: buf }));
    buf.set(bob.certDer.subarray(0, buf.length));
    assert.equal((await checkCertificate(input())).status, "valid");
  });

  test("a certificate whose known extension is not what it claims: malformed, never valid", async () => {
    const via = { issuerCertPath: inter.certPath, issuerKeyPath: inter.keyPath, replaceExtensions: true };
    const withoutKu = leafExt("alice@example.org").filter((l) => !l.startsWith("keyUsage"));
    // keyUsage carrying a NULL instead of a BIT STRING.
    const badKu = pki.issue("badku", "alice@example.org", { ...via, extensions: [...withoutKu, "2.5.29.15=critical,DER:05:00"] });
    const r1 = await checkCertificate(input({ certificate: badKu.certDer }));
    assert.equal(r1.status, "malformed");
    assert.ok(r1.findings.some((x) => /keyUsage/.test(findingText(x).en)));
    // basicConstraints that is an INTEGER: malformed as well.
    const badBc = pki.issue("badbc", "alice@example.org", { ...via, extensions: [...leafExt("alice@example.org").filter((l) => !l.startsWith("basicConstraints")), "2.5.29.19=critical,DER:02:01:01"] });
    assert.equal((await checkCertificate(input({ certificate: badBc.certDer }))).status, "malformed");
  });

  test("path building is bounded: 30 same-name self-issued CAs do not blow up", async () => {
    const dir = pki.dir;
    writeFileSync(join(dir, "loop.cnf"), "[req]\ndistinguished_name=dn\n[dn]\n[e]\nbasicConstraints=critical,CA:TRUE\nsubjectKeyIdentifier=none\nauthorityKeyIdentifier=none\n");
    const loops: Uint8Array[] = [];
    for (let i = 0; i < 30; i++) {
      const k = join(dir, `loop${i}.key`);
      const c = join(dir, `loop${i}.pem`);
      openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", k]);
      openssl(["req", "-x509", "-new", "-key", k, "-subj", "/CN=loop", "-config", join(dir, "loop.cnf"), "-extensions", "e", "-days", "30", "-out", c]);
      loops.push(pemToDer(readFileSync(c, "utf8")));
    }
    const victim = pki.issue("loopleaf", "alice@example.org", {
      issuerCertPath: join(dir, "loop29.pem"), issuerKeyPath: join(dir, "loop29.key"), replaceExtensions: true,
      extensions: leafExt("alice@example.org").filter((l) => !/KeyIdentifier/.test(l)),
    });
    const started = Date.now();
    const r = await checkCertificate(input({ certificate: victim.certDer, intermediates: loops }));
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
    assert.ok(r.status === "untrusted" || r.status === "invalid", r.status);
  });
});
