import { afterAll, beforeAll, describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { openssl } from "../../helpers/openssl";
import {
  checkCertificate, describeCertificate, findingText, signatureStatus, statusText, STATUS_PRECEDENCE,
  type CertificateCheck, type CertificateCheckInput, type SignatureStatus,
} from "../../../src/core/pki";
import { makeFixtures, ocspResponder, type Fixtures } from "./fixtures";

let f: Fixtures;
let crls: Uint8Array[];

beforeAll(() => {
  f = makeFixtures();
  crls = [f.interDb.crl(), f.rootDb.crl(), f.ecDb.crl()];
});
afterAll(() => f?.cleanup());

/** Check a leaf of the fixture PKI with the full set of intermediates and CRLs unless overridden. */
function check(name: string, o: Partial<CertificateCheckInput> = {}): Promise<CertificateCheck> {
  const leaf = f.leaves[name];
  return checkCertificate({
    certificate: leaf.certDer,
    intermediates: [f.inter.certDer, f.ncCa.certDer, f.subCa.certDer, f.ecInter.certDer],
    anchors: [f.root],
    addresses: [leaf.email],
    usage: "signing",
    revocation: { crls },
    ...o,
  });
}

function statuses(r: CertificateCheck): string[] {
  return r.findings.map((x) => x.status);
}

function assertOnly(r: CertificateCheck, status: SignatureStatus, findingStatus: string = status): void {
  assert.equal(r.status, status, JSON.stringify(r.findings.map((x) => findingText(x).en)));
  const f1 = r.findings.find((x) => x.status === findingStatus);
  assert.ok(f1, `no ${findingStatus} finding`);
  assert.ok(findingText(f1).en.length > 10 && findingText(f1).de.length > 10);
}

describe("certificate checks against an OpenSSL-made PKI", () => {
  test("valid leaf with CRLs for every level: valid, anchored chain leaf..root", async () => {
    const r = await check("valid");
    assert.equal(r.status, "valid");
    assert.deepEqual(r.findings, []);
    assert.equal(r.trust, "anchor");
    assert.equal(r.chain.length, 3);
    assert.deepEqual(r.chain[0], f.leaves.valid.certDer);
    assert.deepEqual(r.chain[2], f.root);
    assert.equal(r.validNow, true);
    assert.deepEqual(r.info.emails, ["alice@example.org"]);
  });

  test("RSA-PSS, ECDSA-signed and EC-key leaves verify", async () => {
    assert.equal((await check("pss")).status, "valid");
    const ecdsa = await check("ecdsaSigned");
    assert.equal(ecdsa.status, "valid", JSON.stringify(ecdsa.findings));
    assert.equal(ecdsa.info.signatureAlgorithm, "ecdsaWithSHA384");
    assert.deepEqual(ecdsa.chain[1], f.ecInter.certDer);
    // A flipped bit in the ECDSA signature is caught.
    const bad = f.leaves.ecdsaSigned.certDer.slice();
    bad[bad.length - 3] ^= 0x10;
    assert.equal((await check("ecdsaSigned", { certificate: bad })).status, "invalid");
    assert.equal((await check("ec", { usage: "encryption" })).status, "valid");
  });

  test("no revocation source: revocation-unknown (never a silent valid)", async () => {
    const r = await check("valid", { revocation: undefined });
    assertOnly(r, "revocation-unknown");
    assert.equal(r.findings.find((x) => x.status === "revocation-unknown")?.severity, "warning");
    // Only the root's CRL given: the leaf level is still unknown.
    assert.equal((await check("valid", { revocation: { crls: [crls[1]] } })).status, "revocation-unknown");
  });

  test("revoked via CRL: status, date and reason", async () => {
    const r = await check("revoked");
    assertOnly(r, "revoked");
    assert.match(findingText(r.findings.find((x) => x.status === "revoked")!).en, /revoked on \d{4}-\d\d-\d\d \(reason: keyCompromise\)/);
    assert.match(findingText(r.findings.find((x) => x.status === "revoked")!).de, /gesperrt/);
  });

  test("CRL fetched from the https distribution point only (never http)", async () => {
    const asked: string[] = [];
    const r = await check("valid", {
      revocation: { crls: [crls[1]], fetchCrl: async (url) => (asked.push(url), url.startsWith("https:") ? crls[0] : undefined) },
    });
    assert.equal(r.status, "valid");
    assert.deepEqual(asked, ["https://crl.pki.example/inter.crl"]);
  });

  test("OCSP answered by openssl ocsp: good and revoked", async () => {
    const respond = ocspResponder(f.interDb);
    const fetchOcsp = (url: string, request: Uint8Array) => {
      assert.equal(url, "http://ocsp.pki.example/");
      return respond(url, request);
    };
    const good = await check("valid", { revocation: { crls: [crls[1]], fetchOcsp } });
    assert.equal(good.status, "valid", JSON.stringify(good.findings));
    const bad = await check("revoked", { revocation: { crls: [crls[1]], fetchOcsp } });
    assertOnly(bad, "revoked");
  });

  test("expired and not-yet-valid now", async () => {
    const e = await check("expired");
    assertOnly(e, "expired");
    assert.equal(e.validNow, false);
    const n = await check("notYetValid");
    assertOnly(n, "not-yet-valid");
  });

  test("expired now but valid at signing time: warning finding, not 'expired'", async () => {
    const signedAt = new Date();
    const now = new Date(Date.now() + 2 * 86_400_000);
    const r = await check("expiresTomorrow", { signingTime: signedAt, now });
    assert.equal(r.status, "valid", JSON.stringify(r.findings));
    assert.equal(r.validAtSigningTime, true);
    assert.equal(r.validNow, false);
    const w = r.findings.find((x) => x.status === "expired-since-signing");
    assert.equal(w?.severity, "warning");
    assert.match(findingText(w).de, /abgelaufen/);
    // Without a signing time the same certificate is judged now: expired.
    assertOnly(await check("expiresTomorrow", { now }), "expired");
    // For encryption the signing time is irrelevant: expired.
    assertOnly(await check("expiresTomorrow", { now, signingTime: signedAt, usage: "encryption" }), "expired");
    // Signed after expiry: expired, said so.
    const late = await check("expired", { signingTime: new Date("2022-01-01T00:00:00Z") });
    assert.equal(late.status, "expired");
    assert.equal(late.validAtSigningTime, false);
    assert.match(findingText(late.findings.find((x) => x.status === "expired")!).en, /before the message was signed/);
  });

  test("signing time in the future is not trusted: judged now", async () => {
    const r = await check("notYetValid", { signingTime: new Date("2091-01-01T00:00:00Z") });
    assert.equal(r.status, "not-yet-valid");
    assert.ok(statuses(r).includes("signing-time-in-future"));
  });

  test("wrong EKU (serverAuth only) and anyExtendedKeyUsage", async () => {
    assertOnly(await check("serverEku"), "bad-key-usage");
    assert.equal((await check("anyEku")).status, "valid");
  });

  test("EKU chaining: an intermediate restricted to serverAuth cannot vouch for e-mail", async () => {
    const r = await check("underTlsCa", { intermediates: [f.leaves.tlsCa.certDer], revocation: undefined });
    assert.equal(r.status, "bad-key-usage");
    assert.match(findingText(r.findings.find((x) => x.status === "bad-key-usage")!).en, /restricted to other purposes.*serverAuth/);
  });

  test("key usage: no digitalSignature -> bad for signing, fine for encryption; nonRepudiation alone signs", async () => {
    assertOnly(await check("noDigitalSignature"), "bad-key-usage");
    assert.equal((await check("noDigitalSignature", { usage: "encryption" })).status, "valid");
    assert.equal((await check("nonRepudiationOnly")).status, "valid");
    assertOnly(await check("nonRepudiationOnly", { usage: "encryption" }), "bad-key-usage");
  });

  test("EC encryption needs keyAgreement; RSA encryption needs keyEncipherment", async () => {
    const info = await describeCertificate(f.leaves.ec.certDer);
    assert.equal(info.keyAlgorithm, "EC");
    assert.equal(info.namedCurve, "P-256");
    assert.equal(info.canEncrypt, true);
    assert.equal((await describeCertificate(f.leaves.noDigitalSignature.certDer)).canSign, false);
  });

  test("SHA-1 signed and 1024-bit leaves: weak-algorithm", async () => {
    assertOnly(await check("sha1"), "weak-algorithm");
    const small = await check("rsa1024");
    assertOnly(small, "weak-algorithm");
    assert.match(findingText(small.findings[0]).en, /1024 bits/);
  });

  test("self-signed leaf: self-signed; pinned for its address: valid, trust pinned, with a finding", async () => {
    const base = { certificate: f.selfSigned.der, anchors: [f.root], addresses: [f.selfSigned.email], usage: "signing" as const };
    const r = await checkCertificate(base);
    assertOnly(r, "self-signed");
    assert.equal(r.trust, "none");
    assert.ok(!statuses(r).includes("untrusted"));
    const p = await checkCertificate({ ...base, pinned: [{ certificate: f.selfSigned.der, address: "SELF@example.org" }] });
    assert.equal(p.status, "valid");
    assert.equal(p.trust, "pinned");
    assert.deepEqual(p.chain, [f.selfSigned.der]);
    const pin = p.findings.find((x) => x.status === "pinned");
    assert.equal(pin?.severity, "info");
    assert.match(findingText(pin).en, /No certification authority/);
    assert.match(findingText(pin).de, /Zertifizierungsstelle/);
    // A pin for another address does not apply.
    const other = await checkCertificate({ ...base, pinned: [{ certificate: f.selfSigned.der, address: "someone@example.org" }] });
    assert.equal(other.status, "self-signed");
  });

  test("no path to an anchor: untrusted", async () => {
    const r = await check("valid", { anchors: [f.otherRoot] });
    assertOnly(r, "untrusted");
    assert.equal(r.trust, "none");
    const noInter = await check("valid", { intermediates: [] });
    assertOnly(noInter, "untrusted");
  });

  test("signer address binding", async () => {
    assertOnly(await check("valid", { addresses: ["mallory@example.org"] }), "signer-mismatch");
    assert.equal((await check("valid", { addresses: ["Alice@EXAMPLE.org"] })).status, "valid");
    assert.equal((await check("valid", { addresses: ["<alice@example.org>"] })).status, "valid");
    // Display names are never compared, and a display name is not an address.
    assertOnly(await check("valid", { addresses: ["alice@example.org <mallory@example.net>"] }), "signer-mismatch");
    // From plus a different Sender: both must be in the certificate.
    assertOnly(await check("valid", { addresses: ["alice@example.org", "secretary@example.org"] }), "signer-mismatch");
    // No address at all.
    assertOnly(await check("valid", { addresses: [] }), "signer-mismatch");
    // Bare CMS: no headers -> info finding, status unaffected.
    const bare = await check("valid", { addresses: null });
    assert.equal(bare.status, "valid");
    assert.equal(bare.findings.find((x) => x.status === "no-address-binding")?.severity, "info");
    // The subject emailAddress counts when there is no SAN.
    assert.equal((await check("subjectEmailOnly")).status, "valid");
  });

  test("unknown critical extension: invalid; unknown non-critical: ignored", async () => {
    const r = await check("criticalUnknown");
    assertOnly(r, "invalid");
    assert.match(findingText(r.findings[0]).en, /1\.2\.3\.4/);
    assert.equal((await check("nonCriticalUnknown")).status, "valid");
    // On the trust anchor as well.
    const odd = await check("underOddRoot", { anchors: [f.oddRoot], intermediates: [], revocation: undefined });
    assertOnly(odd, "invalid");
    assert.match(findingText(odd.findings[0]).en, /authority certificate "CN=Odd Root".*1\.2\.3\.4/);
  });

  test("name constraints: rfc822Name permitted subtree and directoryName excluded subtree", async () => {
    const rootOnlyCrl = { crls };
    const ok = await check("ncOk", { revocation: rootOnlyCrl });
    // The names are fine. The constrained CA's leaf names no revocation service and no CRL from that CA was
    // given: nothing could be consulted, which is reported (info), not "unknown".
    assert.equal(ok.status, "valid", JSON.stringify(ok.findings));
    assert.ok(statuses(ok).includes("revocation-not-available"));
    assert.ok(!statuses(ok).includes("invalid"));
    const e = await check("ncEmail");
    assertOnly(e, "invalid");
    assert.match(findingText(e.findings[0]).en, /outside the permitted names/);
    const d = await check("evil");
    assertOnly(d, "invalid");
    assert.match(findingText(d.findings[0]).en, /excluded/);
  });

  test("pathLenConstraint: a CA under the pathlen:0 intermediate is invalid", async () => {
    const r = await check("underSubCa");
    assertOnly(r, "invalid");
    assert.match(findingText(r.findings[0]).en, /at most 0 intermediate/);
  });

  test("a CA:FALSE certificate that issued a certificate: invalid", async () => {
    const r = await check("issuedByLeaf", { intermediates: [f.inter.certDer, f.leaves.notCa.certDer] });
    assertOnly(r, "invalid");
    assert.ok(r.findings.some((x) => /not a certificate authority/.test(findingText(x).en)));
  });

  test("describeCertificate facts", async () => {
    const info = await describeCertificate(f.leaves.valid.certDer);
    assert.equal(info.keyAlgorithm, "RSA");
    assert.equal(info.keyBits, 2048);
    assert.deepEqual(info.keyUsage, ["digitalSignature", "keyEncipherment"]);
    assert.deepEqual(info.extKeyUsage, ["emailProtection"]);
    assert.equal(info.isCA, false);
    assert.equal(info.selfSigned, false);
    assert.equal(info.signatureAlgorithm, "sha256WithRSA");
    assert.match(info.sha256FingerprintHex, /^[0-9a-f]{64}$/);
    const fp = openssl(["x509", "-noout", "-fingerprint", "-sha256", "-in", f.leaves.valid.certPath]).toString();
    assert.equal(fp.split("=")[1].trim().replace(/:/g, "").toLowerCase(), info.sha256FingerprintHex);
    const serial = openssl(["x509", "-noout", "-serial", "-in", f.leaves.valid.certPath]).toString().split("=")[1].trim();
    assert.equal(info.serialHex.toUpperCase().replace(/^0+/, ""), serial.replace(/^0+/, ""));
    assert.match(info.subject, /CN=valid/);
    const self = await describeCertificate(f.selfSigned.der);
    assert.equal(self.selfSigned, true);
    assert.equal((await describeCertificate(f.inter.certDer)).isCA, true);
  });
});

describe("status vocabulary", () => {
  test("every status has a plain English and German sentence", () => {
    const all: SignatureStatus[] = [
      "valid", "invalid", "untrusted", "unsigned", "malformed", "expired", "not-yet-valid", "revoked",
      "revocation-unknown", "signer-mismatch", "bad-key-usage", "weak-algorithm", "self-signed",
    ];
    assert.deepEqual([...STATUS_PRECEDENCE].sort(), [...all].sort());
    const seen = new Set<string>();
    for (const s of all) {
      const t = statusText(s);
      assert.ok(t.en.length > 20 && t.en.length < 220, s);
      assert.ok(t.de.length > 20 && t.de.length < 260, s);
      assert.notEqual(t.en, t.de);
      assert.ok(!seen.has(t.en), `duplicate text for ${s}`);
      seen.add(t.en);
    }
    // Proper German with umlauts (not "ae/oe/ue" transcriptions).
    assert.match(statusText("valid").de, /gültig/);
    assert.match(statusText("revocation-unknown").de, /geprüft/);
    assert.ok(!Object.values(all).some((s) => /ungueltig|gueltig|pruef/.test(statusText(s).de)));
  });

  test("precedence: worst first", () => {
    const idx = (s: SignatureStatus) => STATUS_PRECEDENCE.indexOf(s);
    assert.ok(idx("malformed") < idx("invalid"));
    assert.ok(idx("invalid") < idx("revoked"));
    assert.ok(idx("revoked") < idx("signer-mismatch"));
    assert.ok(idx("untrusted") < idx("expired"));
    assert.ok(idx("weak-algorithm") < idx("revocation-unknown"));
    assert.ok(idx("revocation-unknown") < idx("valid"));
  });

  test("signatureStatus combines the CMS outcome with the certificate check", async () => {
    const good = await check("valid");
    assert.equal(signatureStatus({ outcome: "valid", weakAlgorithm: false }, good).status, "valid");
    assert.equal(signatureStatus({ outcome: "invalid", weakAlgorithm: false, reason: "digest mismatch" }, good).status, "invalid");
    assert.match(findingText(signatureStatus({ outcome: "invalid", weakAlgorithm: false, reason: "digest mismatch" }, good).findings[0]).en, /digest mismatch/);
    assert.equal(signatureStatus({ outcome: "malformed", weakAlgorithm: false }).status, "malformed");
    assert.equal(signatureStatus({ outcome: "unsigned", weakAlgorithm: false }).status, "unsigned");
    assert.equal(signatureStatus({ outcome: "valid", weakAlgorithm: true }, good).status, "weak-algorithm");
    assert.equal(signatureStatus({ outcome: "valid", weakAlgorithm: false }).status, "untrusted");
    const mismatch = await check("valid", { addresses: ["x@example.org"] });
    const combined = signatureStatus({ outcome: "valid", weakAlgorithm: true }, mismatch);
    assert.equal(combined.status, "signer-mismatch");
    assert.ok(combined.findings.some((x) => x.status === "weak-algorithm"));
    // A revoked certificate outranks a weak algorithm; an invalid signature outranks revocation.
    const revoked = await check("revoked");
    assert.equal(signatureStatus({ outcome: "valid", weakAlgorithm: true }, revoked).status, "revoked");
    assert.equal(signatureStatus({ outcome: "invalid", weakAlgorithm: false }, revoked).status, "invalid");
  });
});
