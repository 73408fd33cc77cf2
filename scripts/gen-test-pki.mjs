#!/usr/bin/env node
// Makes the committed test PKI and test vectors under test/fixtures/ with the real OpenSSL 3 binary, once.
// The unit and security tests read these files instead of running `openssl` themselves (issue 14 §4);
// the interop tests keep running the real programs.
//
//   node scripts/gen-test-pki.mjs          regenerate everything (the same files; new keys and signatures)
//   node scripts/gen-test-pki.mjs --check  exit 1 when a file the tests expect is missing
//
// Every certificate is issued with `openssl ca` and explicit dates, so nothing here depends on the day it
// runs: the ordinary ones are valid 2026-01-01 .. 2099-12-31; the deliberately expired / not-yet-valid ones
// have fixed dates far from today. CRLs are issued "now" and stay current until 2099-12-31 (except the
// deliberately stale ones, fixed in January 2026); OCSP responses are dated when generated (`openssl ocsp`
// cannot back-date) and good until 2099-12-30, except the one-day "stale" answer. What each file is, and
// which test reads it, is in test/fixtures/README.md; the per-PKI index.json files list the facts OpenSSL
// reports about every certificate (fingerprint, serial, SPKI hash) so tests compare against OpenSSL's view.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(REPO, "test", "fixtures");
/** The folders this script owns: wiped and rewritten on every run, so the file set is always the same. */
const OWNED = ["pki", "cms", "crypto"];
const PASSWORD = "test-password";
const START = "20260101000000Z";
const END = "20991231235959Z";
const TST_INFO = "1.2.840.113549.1.9.16.1.4";

if (process.argv.includes("--check")) {
  const missing = OWNED.filter((d) => !existsSync(join(OUT, d, "index.json")));
  if (missing.length) {
    console.error(`gen-test-pki: missing ${missing.map((d) => `test/fixtures/${d}/index.json`).join(", ")}: run node scripts/gen-test-pki.mjs`);
    process.exit(1);
  }
  process.exit(0);
}

const work = mkdtempSync(join(tmpdir(), "spm-gen-pki-"));
const generatedAt = new Date();

function openssl(args, input) {
  try {
    return execFileSync("openssl", args, { input, stdio: ["pipe", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    // The command and OpenSSL's own words are the whole story; the cause would only add buffers.
    throw new Error(`openssl ${args.join(" ")} failed: ${e.stderr?.toString() ?? e.message}`);
  }
}

/** A certificate entry's private key: committed (repo-relative) or kept in the temporary folder. */
const keyFile = (entry) => entry.tmpKey ?? join(REPO, entry.key);
const rel = (p) => relative(REPO, p).split("\\").join("/");

function keyGenArgs(keyType) {
  switch (keyType) {
    case "rsa1024":
    case "rsa2048":
    case "rsa3072":
      return ["-algorithm", "RSA", "-pkeyopt", `rsa_keygen_bits:${keyType.slice(3)}`];
    case "p256":
      return ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"];
    case "p384":
      return ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"];
    case "p521":
      return ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-521"];
    case "ed25519":
      return ["-algorithm", "ED25519"];
    default:
      throw new Error(`unknown key type ${keyType}`);
  }
}

// ---- extension profiles -----------------------------------------------------------------------------

const caExt = (pathlen) => [
  `basicConstraints=critical,CA:TRUE${pathlen === undefined ? "" : `,pathlen:${pathlen}`}`,
  "keyUsage=critical,keyCertSign,cRLSign",
  "subjectKeyIdentifier=hash",
  "authorityKeyIdentifier=keyid",
];

/** The S/MIME leaf profile of test/helpers/openssl.ts `issue()` (its defaults). */
const smimeExt = (email, keyType) => [
  "basicConstraints=critical,CA:FALSE",
  `keyUsage=critical,digitalSignature,${keyType.startsWith("p") ? "keyAgreement" : "keyEncipherment"}`,
  "extendedKeyUsage=emailProtection",
  "subjectKeyIdentifier=hash",
  "authorityKeyIdentifier=keyid",
  `subjectAltName=email:${email}`,
];

/** The leaf profile of the certificate-check PKI (test/unit/pki). */
const leafExt = (email, extra = [], keyUsage = "digitalSignature,keyEncipherment", eku = "emailProtection") => [
  "basicConstraints=critical,CA:FALSE",
  `keyUsage=critical,${keyUsage}`,
  `extendedKeyUsage=${eku}`,
  "subjectKeyIdentifier=hash",
  "authorityKeyIdentifier=keyid",
  `subjectAltName=email:${email}`,
  ...extra,
];

// ---- one PKI: a folder of certificates, keys, PKCS#12 files, CRLs and OCSP answers ----------------------

let nextSerial = 0x1000; // one counter for every certificate made here: no two share a serial number

class Pki {
  constructor(name, description) {
    this.name = name;
    this.dir = join(OUT, "pki", name);
    this.tmp = join(work, name);
    mkdirSync(this.dir, { recursive: true });
    mkdirSync(this.tmp, { recursive: true });
    this.index = { name, description, generatedAt: generatedAt.toISOString(), password: PASSWORD, root: undefined, certificates: {}, crls: {}, ocsp: {} };
    this.dbs = new Map();
  }

  /** An `openssl ca` database for the CA `name` (kept in the temporary folder, never committed). */
  db(name) {
    let db = this.dbs.get(name);
    if (db) return db;
    const dir = join(this.tmp, `db-${name}`);
    mkdirSync(dir);
    writeFileSync(join(dir, "index.txt"), "");
    writeFileSync(join(dir, "crlnumber"), "01\n");
    const cnf = join(dir, "ca.cnf");
    writeFileSync(cnf, [
      "[ca]", "default_ca=c", "[c]", `dir=${dir}`, "database=$dir/index.txt", "serial=$dir/serial", "crlnumber=$dir/crlnumber",
      "new_certs_dir=$dir", "default_md=sha256", "policy=p", "unique_subject=no", "preserve=yes", "email_in_dn=yes",
      "[p]", "commonName=optional", "emailAddress=optional", "organizationName=optional",
    ].join("\n") + "\n");
    db = { dir, cnf };
    this.dbs.set(name, db);
    return db;
  }

  path(name, ext) {
    return join(this.dir, `${name}.${ext}`);
  }

  /**
   * Make a key (or reuse `sameKeyAs`'s) and a certificate for it, issued by `issuer` (a name in this PKI) or
   * self-signed. `subject` is an openssl -subj string. Writes name.pem, name.key (unless `commitKey` is false)
   * and name.p12 for keyed non-root certificates, and records OpenSSL's facts in index.json.
   */
  cert(name, o) {
    const keyType = o.keyType ?? "rsa2048";
    const keyPath = o.sameKeyAs ? this.path(o.sameKeyAs, "key") : o.commitKey === false ? join(this.tmp, `${name}.key`) : this.path(name, "key");
    if (!o.sameKeyAs) openssl(["genpkey", ...keyGenArgs(keyType), "-out", keyPath]);
    const csr = join(this.tmp, `${name}.csr`);
    openssl(["req", "-new", "-key", keyPath, "-subj", o.subject, "-out", csr]);
    const extFile = join(this.tmp, `${name}.ext`);
    writeFileSync(extFile, ["[v3]", ...o.ext].join("\n") + "\n");
    const certPath = this.path(name, "pem");
    const signer = o.issuer ? this.index.certificates[o.issuer] : undefined;
    if (o.issuer && !signer) throw new Error(`${name}: issuer ${o.issuer} not made yet`);
    const db = this.db(o.issuer ?? name);
    writeFileSync(join(db.dir, "serial"), (nextSerial++).toString(16) + "\n");
    const isEd = keyType === "ed25519" || (signer && signer.keyType === "ed25519");
    const md = isEd ? [] : ["-md", o.digest ?? "sha256"];
    const sigopts = (o.sigopts ?? []).flatMap((s) => ["-sigopt", s]);
    const by = o.issuer
      ? ["-cert", join(REPO, signer.cert), "-keyfile", keyFile(signer)]
      : ["-selfsign", "-keyfile", keyPath];
    openssl([
      "ca", "-batch", "-notext", "-config", db.cnf, ...by, ...md, ...sigopts,
      "-startdate", o.notBefore ?? START, "-enddate", o.notAfter ?? END,
      "-extfile", extFile, "-extensions", "v3", "-in", csr, "-out", certPath,
    ]);
    const committedKey = o.commitKey !== false;
    const entry = {
      subject: o.subject,
      issuer: o.issuer ?? name,
      keyType,
      email: o.email ?? null,
      cert: rel(certPath),
      key: committedKey ? rel(keyPath) : null,
      tmpKey: committedKey ? undefined : keyPath,
      p12: null,
      ...this.facts(certPath),
    };
    const isRoot = !o.issuer && o.root;
    if (committedKey && !isRoot) {
      const p12 = this.path(name, "p12");
      const chain = this.chainPem(o.issuer);
      const chainFile = join(this.tmp, `${name}.chain.pem`);
      writeFileSync(chainFile, chain);
      openssl([
        "pkcs12", "-export", "-inkey", keyPath, "-in", certPath, ...(chain ? ["-certfile", chainFile] : []),
        "-name", name, "-passout", `pass:${PASSWORD}`, "-out", p12,
      ]);
      entry.p12 = rel(p12);
    }
    this.index.certificates[name] = entry;
    if (isRoot) this.index.root = name;
    return entry;
  }

  /** The issuer chain above a certificate, as concatenated PEM (empty for self-signed). */
  chainPem(issuer) {
    let out = "";
    for (let n = issuer; n; ) {
      const c = this.index.certificates[n];
      out += readFileSync(join(REPO, c.cert), "utf8");
      n = c.issuer === n ? undefined : c.issuer;
    }
    return out;
  }

  /** What OpenSSL says about the certificate: the values tests compare ours against. */
  facts(certPath) {
    const fp = openssl(["x509", "-in", certPath, "-noout", "-fingerprint", "-sha256"]).toString();
    const serial = openssl(["x509", "-in", certPath, "-noout", "-serial"]).toString();
    const pub = openssl(["x509", "-in", certPath, "-noout", "-pubkey"]);
    const spki = openssl(["pkey", "-pubin", "-outform", "DER"], pub);
    const dates = openssl(["x509", "-in", certPath, "-noout", "-dates", "-dateopt", "iso_8601"]).toString();
    return {
      sha256Fingerprint: fp.split("=")[1].replace(/[:\s]/g, "").toLowerCase(),
      serialHex: serial.split("=")[1].trim().toLowerCase(),
      spkiSha256: openssl(["dgst", "-sha256", "-r"], spki).toString().split(" ")[0],
      notBefore: /notBefore=(.*)/.exec(dates)[1].trim(),
      notAfter: /notAfter=(.*)/.exec(dates)[1].trim(),
    };
  }

  revoke(caName, certName, reason = "keyCompromise") {
    const ca = this.index.certificates[caName];
    const db = this.db(caName);
    openssl(["ca", "-config", db.cnf, "-cert", join(REPO, ca.cert), "-keyfile", keyFile(ca), "-revoke", join(REPO, this.index.certificates[certName].cert), "-crl_reason", reason]);
  }

  /** A DER CRL of `caName`'s database: current until 2099 unless `lastUpdate`/`nextUpdate` say otherwise. */
  crl(file, caName, o = {}) {
    const ca = this.index.certificates[caName];
    const db = this.db(caName);
    let cnf = db.cnf;
    let exts = [];
    if (o.extensions) {
      cnf = join(this.tmp, `${file.replace(/\W/g, "_")}.cnf`);
      writeFileSync(cnf, readFileSync(db.cnf, "utf8") + ["[crl_ext]", ...o.extensions].join("\n") + "\n");
      exts = ["-crlexts", "crl_ext"];
    }
    const pem = join(this.tmp, `${file.replace(/\W/g, "_")}.crl.pem`);
    openssl([
      "ca", "-config", cnf, "-cert", join(REPO, ca.cert), "-keyfile", keyFile(ca), "-gencrl", ...exts,
      ...(o.lastUpdate ? ["-crl_lastupdate", o.lastUpdate] : []), "-crl_nextupdate", o.nextUpdate ?? END, "-out", pem,
    ]);
    const out = join(this.dir, file);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, openssl(["crl", "-in", pem, "-outform", "DER"]));
    this.index.crls[file.replace(/\.crl$/, "").replace(/^crl\//, "")] = { file: rel(out), issuer: caName, ...o };
  }

  /**
   * An OCSP answer about `certName` from `caName`'s database, signed by `signer` (default the CA), made by
   * `openssl ocsp` for a SHA-1 CertID request without a nonce (what src/core/pki/revocation.ts sends).
   */
  ocsp(file, caName, certName, o = {}) {
    const ca = this.index.certificates[caName];
    const signer = this.index.certificates[o.signer ?? caName];
    const db = this.db(caName);
    const req = join(this.tmp, `${file.replace(/\W/g, "_")}.req`);
    openssl(["ocsp", "-issuer", join(REPO, ca.cert), "-cert", join(REPO, this.index.certificates[certName].cert), "-no_nonce", "-reqout", req]);
    const out = join(this.dir, file);
    mkdirSync(dirname(out), { recursive: true });
    const days = o.days ?? Math.floor((Date.parse("2099-12-30T00:00:00Z") - generatedAt.getTime()) / 86_400_000);
    openssl([
      "ocsp", "-index", join(db.dir, "index.txt"), "-rsigner", join(REPO, signer.cert), "-rkey", keyFile(signer),
      "-CA", join(REPO, ca.cert), "-reqin", req, "-respout", out, "-ndays", String(days),
    ]);
    this.index.ocsp[file.replace(/\.der$/, "").replace(/^ocsp\//, "")] = { file: rel(out), issuer: caName, certificate: certName, signer: o.signer ?? caName, days };
  }

  finish() {
    for (const c of Object.values(this.index.certificates)) delete c.tmpKey;
    writeFileSync(join(this.dir, "index.json"), JSON.stringify(this.index, null, 2) + "\n");
  }
}

const subj = (cn, email) => `/CN=${cn}${email ? `/emailAddress=${email}` : ""}`;

// ---- PKI "basic": the S/MIME identities most unit and security tests use ------------------------------

function basicPki() {
  const p = new Pki("basic", "SPM Test Root CA and S/MIME identities under it (the shape of test/helpers/openssl.ts createTestPki().issue()).");
  p.cert("root", { subject: "/CN=SPM Test Root CA/O=Secure Patient Mail Tests", ext: [...caExt().slice(0, 3)], root: true });
  const smime = (name, email, keyType = "rsa2048", o = {}) =>
    p.cert(name, { subject: subj(name, email), email, keyType, issuer: "root", ext: o.ext ?? smimeExt(email, keyType), ...o });
  smime("alice", "alice@example.org");
  smime("alice-p256", "alice@example.org", "p256");
  smime("bob", "bob@example.org");
  smime("bob-p256", "bob@example.org", "p256");
  smime("bob-lab", "bob@lab.example", "p256");
  smime("carol-p384", "carol@example.org", "p384");
  smime("mallory", "mallory@example.org");
  smime("eve-p256", "eve@example.org", "p256");
  smime("rsa3072", "rsa3072@example.org", "rsa3072");
  smime("small-rsa1024", "small@example.org", "rsa1024");
  // Profiles the negative tests need.
  smime("sign-only", "so@example.org", "rsa2048", { ext: ["basicConstraints=critical,CA:FALSE", "keyUsage=critical,digitalSignature", "subjectKeyIdentifier=hash"] });
  smime("ec-sign-only", "ecsign@example.org", "p256", { ext: ["keyUsage=critical,digitalSignature"] });
  smime("no-ski", "noski@example.org", "rsa2048", { ext: ["keyUsage=critical,keyEncipherment", "subjectKeyIdentifier=none", "authorityKeyIdentifier=none"] });
  smime("no-email-san", "x@example.org", "rsa2048", { ext: ["basicConstraints=critical,CA:FALSE"] });
  // The store's renewal rules: an old certificate (expired 2026-01-01) and its renewal for the same address.
  smime("alice-2024", "Alice@Example.org", "rsa2048", { notBefore: "20240101000000Z", notAfter: "20260101000000Z" });
  smime("alice-2025", "alice@example.org", "p256", { notBefore: "20251201000000Z", notAfter: "20281201000000Z" });
  for (const n of ["carol", "carol-2", "dave", "erin", "frank"]) smime(`${n}-clinic`, `${n.replace(/-\d$/, "")}@clinic.example`, "p256");
  // Keys this product cannot use (self-signed, no S/MIME profile): the key list must skip them.
  p.cert("ed25519", { subject: "/CN=ED25519", keyType: "ed25519", ext: ["basicConstraints=critical,CA:FALSE"] });
  p.cert("p521", { subject: "/CN=P-521", keyType: "p521", ext: ["basicConstraints=critical,CA:FALSE"] });
  p.finish();
  return p;
}

// ---- PKI "chains": the certificate-check PKI of test/unit/pki/check.test.ts ----------------------------

function chainsPki() {
  const p = new Pki("chains", "SPM PKI Test Root -> intermediate (pathlen:0) -> leaves of every kind the certificate checks judge, CRLs and OCSP answers.");
  p.cert("root", { subject: "/CN=SPM PKI Test Root/O=Secure Patient Mail Tests", ext: caExt().slice(0, 3), root: true });
  p.cert("inter", { subject: subj("inter", "ca@pki.example"), email: "ca@pki.example", issuer: "root", ext: caExt(0) });
  const leaf = (name, email, o = {}) => p.cert(name, { subject: subj(name, email), email, issuer: "inter", ext: leafExt(email), ...o });
  leaf("valid", "alice@example.org", {
    ext: leafExt("alice@example.org", ["crlDistributionPoints=URI:https://crl.pki.example/inter.crl,URI:http://crl.pki.example/inter.crl", "authorityInfoAccess=OCSP;URI:http://ocsp.pki.example/"]),
  });
  leaf("ec", "erin@example.org", { keyType: "p256", ext: leafExt("erin@example.org", [], "digitalSignature,keyAgreement") });
  leaf("expired", "old@example.org", { notBefore: "20200101000000Z", notAfter: "20210101000000Z" });
  // Valid until 2040-01-01: the test judges it at 2040-01-02 with a signing time of 2039-12-31.
  leaf("expiresSoon", "soon@example.org", { notAfter: "20400101000000Z" });
  leaf("notYetValid", "future@example.org", { notBefore: "20900101000000Z", notAfter: "20950101000000Z" });
  leaf("serverEku", "web@example.org", { ext: leafExt("web@example.org", [], "digitalSignature,keyEncipherment", "serverAuth") });
  leaf("anyEku", "any@example.org", { ext: leafExt("any@example.org", [], "digitalSignature,keyEncipherment", "anyExtendedKeyUsage") });
  leaf("noDigitalSignature", "enc@example.org", { ext: leafExt("enc@example.org", [], "keyEncipherment") });
  leaf("nonRepudiationOnly", "nr@example.org", { ext: leafExt("nr@example.org", [], "nonRepudiation") });
  leaf("sha1", "sha1@example.org", { digest: "sha1" });
  leaf("rsa1024", "small@example.org", { keyType: "rsa1024" });
  leaf("revoked", "bob@example.org", { ext: leafExt("bob@example.org", ["authorityInfoAccess=OCSP;URI:http://ocsp.pki.example/"]) });
  leaf("criticalUnknown", "crit@example.org", { ext: leafExt("crit@example.org", ["1.2.3.4=critical,DER:05:00"]) });
  leaf("nonCriticalUnknown", "noncrit@example.org", { ext: leafExt("noncrit@example.org", ["1.2.3.4=DER:05:00"]) });
  leaf("subjectEmailOnly", "dn@example.org", { ext: leafExt("dn@example.org").filter((l) => !l.startsWith("subjectAltName")) });
  // The valid leaf's key and name again, signed with RSA-PSS.
  p.cert("pss", { subject: subj("valid", "alice@example.org"), email: "alice@example.org", sameKeyAs: "valid", issuer: "inter", ext: leafExt("alice@example.org"), sigopts: ["rsa_padding_mode:pss", "rsa_pss_saltlen:32"] });

  // Name-constrained CA (permitted e-mail example.org and .example.org, excluded dirName CN=evil) and its leaves.
  p.cert("ncca", {
    subject: subj("ncca", "nc@pki.example"), email: "nc@pki.example", issuer: "root",
    ext: [...caExt(), "nameConstraints=critical,permitted;email:example.org,permitted;email:.example.org,excluded;dirName:evil_dn", "[evil_dn]", "CN=evil"],
  });
  leaf("ncOk", "carol@mail.example.org", { issuer: "ncca" });
  leaf("ncEmail", "eve@example.com", { issuer: "ncca" });
  leaf("evil", "evil@example.org", { issuer: "ncca" });
  // An intermediate restricted to TLS (EKU serverAuth) and an e-mail leaf under it.
  p.cert("tlsCa", { subject: subj("tlsca", "tls@pki.example"), email: "tls@pki.example", issuer: "root", ext: [...caExt(0), "extendedKeyUsage=serverAuth"] });
  leaf("underTlsCa", "tina@example.org", { issuer: "tlsCa" });
  // ECDSA-signed leaf under a P-384 intermediate.
  p.cert("ecInter", { subject: subj("ecinter", "ec@pki.example"), email: "ec@pki.example", keyType: "p384", issuer: "root", ext: caExt(0), digest: "sha256" });
  leaf("ecdsaSigned", "frank@example.org", { issuer: "ecInter", digest: "sha384" });
  // A CA under the pathlen:0 intermediate, and a leaf under it.
  p.cert("subCa", { subject: subj("subca", "sub@pki.example"), email: "sub@pki.example", issuer: "inter", ext: caExt() });
  leaf("underSubCa", "dave@example.org", { issuer: "subCa" });
  // A leaf (CA:FALSE) used to issue another certificate.
  leaf("notCa", "plain@example.org");
  leaf("issuedByLeaf", "victim@example.org", { issuer: "notCa" });
  // Self-signed end-entity certificate.
  p.cert("selfSigned", {
    subject: "/CN=Self Signer/emailAddress=self@example.org", email: "self@example.org",
    ext: ["subjectAltName=email:self@example.org", "keyUsage=critical,digitalSignature,keyEncipherment", "extendedKeyUsage=emailProtection", "basicConstraints=critical,CA:FALSE", "subjectKeyIdentifier=hash"],
  });
  // A root carrying an unknown critical extension, and a leaf under it.
  p.cert("oddRoot", { subject: "/CN=Odd Root", keyType: "p256", ext: [...caExt().slice(0, 3), "1.2.3.4=critical,DER:05:00"] });
  leaf("underOddRoot", "odd@example.org", { issuer: "oddRoot" });
  // A root nothing here chains to.
  p.cert("otherRoot", { subject: "/CN=SPM Unrelated Root/O=Secure Patient Mail Tests", ext: caExt().slice(0, 3) });

  p.revoke("inter", "revoked", "keyCompromise");
  p.crl("crl/inter.crl", "inter");
  p.crl("crl/root.crl", "root");
  p.crl("crl/ecInter.crl", "ecInter");
  p.ocsp("ocsp/valid.der", "inter", "valid");
  p.ocsp("ocsp/revoked.der", "inter", "revoked");
  p.finish();
  return p;
}

// ---- PKI "attacks": forged chains, CRLs and OCSP answers for test/security/pki ---------------------------

function attacksPki() {
  const p = new Pki("attacks", "SPM Security Root -> intermediate -> alice (good) and bob (revoked); an attacker's look-alike intermediate and what it signed; malformed extensions; a 30-CA name loop.");
  p.cert("root", { subject: "/CN=SPM Security Root/O=Secure Patient Mail Tests", ext: caExt().slice(0, 3), root: true });
  p.cert("inter", { subject: subj("inter", "ca@pki.example"), email: "ca@pki.example", issuer: "root", ext: caExt(0) });
  const aia = ["authorityInfoAccess=OCSP;URI:http://ocsp.pki.example/"];
  const leaf = (name, email, o = {}) => p.cert(name, { subject: subj(name, email), email, issuer: "inter", ext: leafExt(email, aia), ...o });
  leaf("alice", "alice@example.org");
  leaf("bob", "bob@example.org");
  // The attacker's look-alike intermediate: the real one's exact name, its own key, self-signed.
  p.cert("fakeInter", { subject: subj("inter", "ca@pki.example"), email: "ca@pki.example", ext: ["basicConstraints=critical,CA:TRUE", "keyUsage=critical,keyCertSign,cRLSign", "subjectKeyIdentifier=hash"] });
  // No AKI: the forger hopes the real intermediate is picked by name alone.
  p.cert("forgedAlice", { subject: subj("forged", "alice@example.org"), email: "alice@example.org", issuer: "fakeInter", ext: leafExt("alice@example.org").filter((l) => !l.startsWith("authorityKeyIdentifier")) });
  // Known extensions whose content is not what they claim: keyUsage as NULL, basicConstraints as INTEGER.
  leaf("badKu", "alice@example.org", { ext: [...leafExt("alice@example.org").filter((l) => !l.startsWith("keyUsage")), "2.5.29.15=critical,DER:05:00"] });
  leaf("badBc", "alice@example.org", { ext: [...leafExt("alice@example.org").filter((l) => !l.startsWith("basicConstraints")), "2.5.29.19=critical,DER:02:01:01"] });
  // 30 self-issued CAs, all named CN=loop, without key identifiers, and a leaf under the last one.
  for (let i = 0; i < 30; i++) p.cert(`loop${i}`, { subject: "/CN=loop", keyType: "p256", commitKey: false, ext: ["basicConstraints=critical,CA:TRUE", "subjectKeyIdentifier=none", "authorityKeyIdentifier=none"] });
  leaf("loopLeaf", "alice@example.org", { issuer: "loop29", ext: leafExt("alice@example.org").filter((l) => !/KeyIdentifier/.test(l)) });

  p.revoke("inter", "bob");
  p.crl("crl/inter.crl", "inter");
  p.crl("crl/root.crl", "root");
  // Past nextUpdate since 2026-01-31.
  p.crl("crl/inter-stale.crl", "inter", { lastUpdate: "20260101000000Z", nextUpdate: "20260131000000Z" });
  p.crl("crl/root-stale.crl", "root", { lastUpdate: "20260101000000Z", nextUpdate: "20260131000000Z" });
  // Scoped CRLs (issuingDistributionPoint onlyCA / onlyuser) and a delta CRL.
  p.crl("crl/inter-only-ca.crl", "inter", { extensions: ["issuingDistributionPoint=critical,@idp", "[idp]", "onlyCA=TRUE"] });
  p.crl("crl/inter-only-user.crl", "inter", { extensions: ["issuingDistributionPoint=critical,@idp", "[idp]", "onlyuser=TRUE"] });
  p.crl("crl/inter-delta.crl", "inter", { extensions: ["2.5.29.27=critical,DER:02:01:01"] });
  // The attacker's CRL: the real intermediate's name, the look-alike's signature, alice listed as revoked.
  p.revoke("fakeInter", "alice");
  p.crl("crl/forged.crl", "fakeInter");
  p.ocsp("ocsp/alice.der", "inter", "alice");
  p.ocsp("ocsp/bob.der", "inter", "bob");
  p.ocsp("ocsp/alice-forged.der", "inter", "alice", { signer: "fakeInter" });
  p.ocsp("ocsp/alice-stale.der", "inter", "alice", { days: 1 });
  p.finish();
  return p;
}

// ---- CMS messages made by OpenSSL that the unit and security tests read ------------------------------------

function cmsVectors(basic) {
  const dir = join(OUT, "cms");
  const index = { generatedAt: generatedAt.toISOString(), openssl: openssl(["version"]).toString().trim(), vectors: {} };
  const id = (n) => basic.index.certificates[n];
  const certOf = (n) => join(REPO, id(n).cert);
  const keyOf = (n) => join(REPO, id(n).key);
  /** Run `openssl cms` on `input`, write the output to cms/<file>, record the command. */
  const vector = (file, input, args, note) => {
    const inPath = join(work, "cms-input");
    writeFileSync(inPath, input);
    const out = join(dir, file);
    mkdirSync(dirname(out), { recursive: true });
    // -in/-out first: `openssl cms` reads the arguments after the first non-option one as recipient files.
    openssl(["cms", "-in", inPath, "-out", out, ...args]);
    const shown = args.map((a) => (a.startsWith(REPO) ? rel(a) : a));
    index.vectors[file] = { command: `openssl cms ${shown.join(" ")}`, input: typeof input === "string" ? input : `${input.length} bytes`, note };
    return out;
  };
  const verified = (path, args = []) => openssl(["cms", "-verify", "-in", path, "-CAfile", join(REPO, id("root").cert), ...args]);

  vector("enveloped/des3-to-alice.der", "legacy 3des message", ["-encrypt", "-binary", "-des3", "-outform", "DER", "-recip", certOf("alice")],
    "3DES content: refused without allowLegacy (test/security/enveloped/security.test.ts)");
  vector("enveloped/stream-gcm-to-bob-p256.der", "A".repeat(3000), ["-encrypt", "-binary", "-stream", "-aes-256-gcm", "-outform", "DER", "-recip", certOf("bob-p256")],
    "indefinite-length BER AuthEnvelopedData, truncated at every offset (test/security/enveloped/security.test.ts)");
  vector("signed/noattr-alice.der", "Content-Type: text/plain\r\n\r\nDosis: 5 mg\r\n",
    ["-sign", "-binary", "-noattr", "-nodetach", "-signer", certOf("alice"), "-inkey", keyOf("alice"), "-outform", "DER"],
    "SignedData without signed attributes (test/security/signed/attacks.test.ts)");
  vector("signed/stream-alice.der", "A".repeat(10_000),
    ["-sign", "-binary", "-stream", "-nodetach", "-signer", certOf("alice"), "-inkey", keyOf("alice"), "-outform", "DER"],
    "indefinite-length BER SignedData, truncated (test/security/signed/attacks.test.ts)");

  const agree = "From: alice@example.org\r\nContent-Type: text/plain\r\n\r\nI agree to pay.\r\n";
  const aliceSigns = ["-sign", "-binary", "-signer", certOf("alice"), "-inkey", keyOf("alice")];
  vector("econtent/tstinfo-opaque.der", agree, [...aliceSigns, "-nodetach", "-outform", "DER", "-econtent_type", TST_INFO],
    "eContentType id-ct-TSTInfo, opaque (test/security/signed/econtent-type.test.ts)");
  vector("econtent/tstinfo-multipart.eml", agree, [...aliceSigns, "-econtent_type", TST_INFO], "eContentType id-ct-TSTInfo, multipart/signed");
  verified(vector("econtent/data-multipart.eml", agree, aliceSigns, "the same signature with id-data"));

  // Alice signs (text mode, multipart/signed) entities whose protected header names someone (RFC 9788 hp="clear").
  const inner = (from, extra) => `From: ${from}\r\n${extra}Content-Type: text/plain; hp="clear"\r\n\r\nPlease wire 40,000 EUR today.\r\n`;
  for (const [file, from, extra] of [
    ["ceo-subject-wire", "ceo@example.org", "Subject: Wire\r\n"],
    ["alice-display-subject-wire", "Alice <ALICE@example.org>", "Subject: Wire\r\n"],
    ["alice-subject-wire", "alice@example.org", "Subject: Wire\r\n"],
    ["ceo", "ceo@example.org", ""],
    ["alice", "alice@example.org", ""],
  ]) {
    verified(vector(`protected-headers/${file}.eml`, inner(from, extra), ["-sign", "-signer", certOf("alice"), "-inkey", keyOf("alice")],
      "protected From/Subject against the outer header (test/security/smime/protected-headers.test.ts)"));
  }

  vector("outer-signature/alice-to-bob-aes256cbc.der", "Subject: Pay 100 EUR to account 1234\r\nContent-Type: text/plain\r\n\r\nPlease pay the invoice.\r\n",
    ["-encrypt", "-binary", "-aes256", "-outform", "DER", certOf("bob")],
    "Alice's unsigned AES-256-CBC message to Bob: the EFAIL CBC gadget's raw material (test/security/smime/outer-signature.test.ts)");

  // OpenSSL's MIME output that our parser must take apart exactly (test/unit/mime/openssl-vectors.test.ts).
  // Bare-LF input: OpenSSL canonicalizes it to CRLF (no -binary) before signing and in its output.
  verified(vector("mime/signed-bare-lf.eml", "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\nHello =C3=A4\n-- \nsignature line\n\n",
    ["-sign", "-signer", certOf("alice"), "-inkey", keyOf("alice"), "-md", "sha256"], "multipart/signed over a quoted-printable part written with bare LF"));
  vector("mime/enveloped-secret.eml", "Content-Type: text/plain\r\n\r\nsecret\r\n", ["-encrypt", "-aes-256-cbc", certOf("alice")],
    "application/pkcs7-mime enveloped-data as OpenSSL writes it");

  const results = "Content-Type: text/plain\r\n\r\nPatient 4711: results attached.\r\n";
  const headers = ["-from", "alice@clinic.example", "-to", "bob@lab.example", "-subject", "Results"];
  const enc = vector("read/encrypted.eml", results, ["-encrypt", "-aes-256-cbc", ...headers, certOf("bob-lab")],
    "openssl cms -encrypt as Outlook receives it (test/unit/host/read.test.ts)");
  writeFileSync(join(dir, "read/encrypted.der"), openssl(["cms", "-cmsout", "-inform", "SMIME", "-outform", "DER", "-in", enc]));
  index.vectors["read/encrypted.der"] = { command: "openssl cms -cmsout -inform SMIME -outform DER -in read/encrypted.eml", input: "read/encrypted.eml", note: "the CMS DER of read/encrypted.eml" };
  const signed = vector("read/signed.eml", results, ["-sign", "-signer", certOf("bob-lab"), "-inkey", keyOf("bob-lab"), ...headers],
    "openssl cms -sign (multipart/signed) as Outlook receives it");
  // The multipart/signed entity (from its Content-Type on) is what a reader without Mailbox 1.14 gets; OpenSSL verifies it.
  const eml = readFileSync(signed, "latin1");
  const entity = eml.slice(eml.search(/^Content-Type: multipart\/signed/im));
  openssl(["cms", "-verify", "-CAfile", join(REPO, id("root").cert), "-purpose", "any"], Buffer.from(entity, "latin1"));
  writeFileSync(join(dir, "index.json"), JSON.stringify(index, null, 2) + "\n");
}

// ---- PKCS#12 files and primitive test vectors --------------------------------------------------------------

function cryptoVectors(basic) {
  const dir = join(OUT, "crypto");
  mkdirSync(dir, { recursive: true });
  const a = basic.index.certificates["alice-p256"];
  const index = { generatedAt: generatedAt.toISOString(), openssl: openssl(["version"]).toString().trim(), files: {} };
  const p12 = (file, args, note) => {
    openssl(["pkcs12", "-export", "-inkey", join(REPO, a.key), "-in", join(REPO, a.cert), "-passout", "pass:pw", ...args, "-out", join(dir, file)]);
    index.files[file] = { command: `openssl pkcs12 -export -inkey ${a.key} -in ${a.cert} -passout pass:pw ${args.join(" ")}`, password: "pw", note };
  };
  p12("alice-p256-nomac.p12", ["-nomac", "-iter", "10"], "MAC-less PKCS#12 for the mutation test (test/security/keys/pkcs12-hostile.test.ts)");
  p12("alice-p256-3m-iterations.p12", ["-iter", "3000000", "-nomaciter"], "two 3,000,000-iteration PBKDF2 safes: over the key-derivation budget (test/security/keys/pkcs12-budget.test.ts)");

  // PKCS#12 KDF (RFC 7292 B.2) answers from `openssl kdf PKCS12KDF`; the password goes in as BMPString with the trailing null.
  const bmp = (pw) => {
    const le = Buffer.from(pw + "\0", "utf16le");
    for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
    return le.toString("hex");
  };
  const kdf = [
    ["SHA-1", "smeg", "0a58cf64530d823f", 1, 1, 24],
    ["SHA-1", "smeg", "0a58cf64530d823f", 1, 2, 8],
    ["SHA-1", "Pässwörd€", "0102030405060708090a", 2048, 1, 24],
    ["SHA-1", "queeg", "3d83c0e4546ac140", 1000, 3, 20],
    ["SHA-1", "long password that is longer than one sixty-four byte block of the hash!", "00", 3, 1, 45],
    ["SHA-256", "test-password", "a1b2c3d4e5f60718", 2048, 3, 32],
    ["SHA-256", "", "a1b2c3d4e5f60718a1b2c3d4e5f60718aa", 5, 1, 70],
    ["SHA-512", "x", "11", 7, 3, 64],
    ["SHA-384", "x", "1122", 7, 1, 100],
  ].map(([hash, password, saltHex, iterations, id, length]) => ({
    hash, password, passwordBmpHex: bmp(password), saltHex, iterations, id, length,
    keyHex: openssl([
      "kdf", "-keylen", String(length), "-kdfopt", `digest:${hash.replace("-", "")}`, "-kdfopt", `hexpass:${bmp(password)}`,
      "-kdfopt", `hexsalt:${saltHex}`, "-kdfopt", `iter:${iterations}`, "-kdfopt", `id:${id}`, "PKCS12KDF",
    ]).toString().trim().replace(/:/g, "").toLowerCase(),
  }));
  writeFileSync(join(dir, "pkcs12-kdf.json"), JSON.stringify(kdf, null, 2) + "\n");
  index.files["pkcs12-kdf.json"] = { command: "openssl kdf -keylen L -kdfopt digest:H -kdfopt hexpass:BMP -kdfopt hexsalt:S -kdfopt iter:N -kdfopt id:I PKCS12KDF", note: "test/unit/keys/pkcs12-kdf.test.ts" };

  // RC2-CBC from OpenSSL's legacy provider: 40-bit and 128-bit keys, random key/IV/data of 3, 8 and 13 blocks.
  const rc2 = [];
  for (const keyLen of [5, 16]) {
    for (let i = 0; i < 3; i++) {
      const key = openssl(["rand", "-hex", String(keyLen)]).toString().trim();
      const iv = openssl(["rand", "-hex", "8"]).toString().trim();
      const data = openssl(["rand", String(8 * (3 + i * 5))]);
      const cipher = keyLen === 5 ? "rc2-40-cbc" : "rc2-cbc";
      const ct = openssl(["enc", "-provider", "legacy", "-provider", "default", `-${cipher}`, "-nopad", "-K", key, "-iv", iv], data);
      rc2.push({ cipher, keyHex: key, effectiveBits: keyLen * 8, ivHex: iv, plainHex: data.toString("hex"), cipherHex: ct.toString("hex") });
    }
  }
  writeFileSync(join(dir, "rc2-cbc.json"), JSON.stringify(rc2, null, 2) + "\n");
  index.files["rc2-cbc.json"] = { command: "openssl enc -provider legacy -provider default -rc2-40-cbc|-rc2-cbc -nopad -K KEY -iv IV", note: "test/unit/keys/legacy-rc2.test.ts" };
  writeFileSync(join(dir, "index.json"), JSON.stringify(index, null, 2) + "\n");
}

try {
  for (const d of OWNED) rmSync(join(OUT, d), { recursive: true, force: true });
  const basic = basicPki();
  chainsPki();
  attacksPki();
  cmsVectors(basic);
  cryptoVectors(basic);
  console.log(`gen-test-pki: wrote test/fixtures/{${OWNED.join(",")}} with ${openssl(["version"]).toString().trim()}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
