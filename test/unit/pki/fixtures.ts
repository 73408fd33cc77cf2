/**
 * Test PKI for the certificate checks, made with the real OpenSSL binary in the test run:
 * root CA -> intermediate (pathlen:0) -> leaves of every kind, plus CRLs made with `openssl ca`.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createTestPki, openssl, type TestIdentity, type TestPki } from "../../helpers/openssl";

export function pemToDer(pem: string): Uint8Array {
  const b64 = pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
  return new Uint8Array(Buffer.from(b64, "base64"));
}

/** An `openssl ca` database for one CA: revoke, mark valid (for OCSP), make CRLs. */
export interface CaDb {
  dir: string;
  certPath: string;
  keyPath: string;
  revoke(certPath: string, reason?: string): void;
  markValid(certPath: string): void;
  /** `extensions`: lines of a CRL extension section (e.g. an issuingDistributionPoint). */
  crl(options?: { days?: number; hours?: number; extensions?: string[] }): Uint8Array;
}

export function caDb(dir: string, certPath: string, keyPath: string): CaDb {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "index.txt"), "");
  writeFileSync(join(dir, "serial"), "5000\n");
  writeFileSync(join(dir, "crlnumber"), "01\n");
  const cnf = join(dir, "ca.cnf");
  writeFileSync(
    cnf,
    [
      "[ca]", "default_ca=c", "[c]", `dir=${dir}`, "database=$dir/index.txt", "serial=$dir/serial",
      "crlnumber=$dir/crlnumber", "new_certs_dir=$dir", "default_md=sha256", "default_crl_days=30",
      "policy=p", "unique_subject=no", "[p]", "commonName=supplied",
    ].join("\n") + "\n",
  );
  const base = ["-config", cnf, "-cert", certPath, "-keyfile", keyPath];
  let n = 0;
  return {
    dir, certPath, keyPath,
    revoke: (p, reason = "keyCompromise") => void openssl(["ca", ...base, "-revoke", p, "-crl_reason", reason]),
    markValid: (p) => void openssl(["ca", ...base, "-valid", p]),
    crl: (o = {}) => {
      const out = join(dir, `crl${n}.pem`);
      const period = o.hours !== undefined ? ["-crlhours", String(o.hours)] : ["-crldays", String(o.days ?? 30)];
      let args = base;
      if (o.extensions) {
        const extCnf = join(dir, `crl${n}.cnf`);
        writeFileSync(extCnf, readFileSync(cnf, "utf8").replace("[c]\n", "[c]\ncrl_extensions=crl_ext\n") + ["[crl_ext]", ...o.extensions].join("\n") + "\n");
        args = ["-config", extCnf, ...base.slice(2)];
      }
      n++;
      openssl(["ca", ...args, "-gencrl", ...period, "-out", out]);
      return pemToDer(readFileSync(out, "utf8"));
    },
  };
}

/** An OCSP responder made of `openssl ocsp` over the CA database (signed by `signer`, default the CA). */
export function ocspResponder(db: CaDb, signer: { certPath: string; keyPath: string } = db, extra: string[] = ["-ndays", "1"]) {
  let n = 0;
  return async (_url: string, request: Uint8Array): Promise<Uint8Array> => {
    const req = join(db.dir, `ocsp${n}.req`);
    const resp = join(db.dir, `ocsp${n++}.resp`);
    writeFileSync(req, request);
    openssl([
      "ocsp", "-index", join(db.dir, "index.txt"), "-rsigner", signer.certPath, "-rkey", signer.keyPath,
      "-CA", db.certPath, "-reqin", req, "-respout", resp, ...extra,
    ]);
    return new Uint8Array(readFileSync(resp));
  };
}

const CA_EXT = (pathlen?: number) => [
  `basicConstraints=critical,CA:TRUE${pathlen === undefined ? "" : `,pathlen:${pathlen}`}`,
  "keyUsage=critical,keyCertSign,cRLSign",
  "subjectKeyIdentifier=hash",
  "authorityKeyIdentifier=keyid",
];

export function leafExt(email: string, extra: string[] = [], keyUsage = "digitalSignature,keyEncipherment", eku = "emailProtection"): string[] {
  return [
    "basicConstraints=critical,CA:FALSE",
    `keyUsage=critical,${keyUsage}`,
    `extendedKeyUsage=${eku}`,
    "subjectKeyIdentifier=hash",
    "authorityKeyIdentifier=keyid",
    `subjectAltName=email:${email}`,
    ...extra,
  ];
}

export interface Fixtures {
  pki: TestPki;
  root: Uint8Array;
  inter: TestIdentity;
  /** DER of each leaf by case name. */
  leaves: Record<string, TestIdentity>;
  interDb: CaDb;
  rootDb: CaDb;
  /** P-384 intermediate (pathlen:0) under the root: its leaves carry ECDSA signatures. */
  ecInter: TestIdentity;
  ecDb: CaDb;
  /** Self-signed leaf (no CA). */
  selfSigned: { der: Uint8Array; email: string };
  /** Name-constrained CA (permitted e-mail example.org / .example.org, excluded dirName CN=evil). */
  ncCa: TestIdentity;
  /** CA under the pathlen:0 intermediate (violates the path length). */
  subCa: TestIdentity;
  otherRoot: Uint8Array;
  /** A root with an unknown critical extension, and a leaf under it ("underOddRoot"). */
  oddRoot: Uint8Array;
  cleanup(): void;
}

export function makeFixtures(): Fixtures {
  const pki = createTestPki({ caName: "SPM PKI Test Root" });
  const other = createTestPki({ caName: "SPM Unrelated Root" });
  const inter = pki.issue("inter", "ca@pki.example", { replaceExtensions: true, extensions: CA_EXT(0) });
  const viaInter = { issuerCertPath: inter.certPath, issuerKeyPath: inter.keyPath };
  const L: Record<string, TestIdentity> = {};
  const leaf = (name: string, email: string, o: Parameters<TestPki["issue"]>[2] = {}) => {
    L[name] = pki.issue(name, email, { ...viaInter, replaceExtensions: true, extensions: leafExt(email), ...o });
    return L[name];
  };
  leaf("valid", "alice@example.org", {
    extensions: leafExt("alice@example.org", ["crlDistributionPoints=URI:https://crl.pki.example/inter.crl,URI:http://crl.pki.example/inter.crl", "authorityInfoAccess=OCSP;URI:http://ocsp.pki.example/"]),
  });
  leaf("ec", "erin@example.org", { keyType: "p256", extensions: leafExt("erin@example.org", [], "digitalSignature,keyAgreement") });
  leaf("expired", "old@example.org", { notBefore: "20200101000000Z", notAfter: "20210101000000Z" });
  // Expires tomorrow: checked with `now` two days ahead it is expired now but was valid when signed today.
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().replace(/[-:T]/g, "").slice(0, 14) + "Z";
  leaf("expiresTomorrow", "soon@example.org", { notBefore: "20200101000000Z", notAfter: tomorrow });
  leaf("notYetValid", "future@example.org", { notBefore: "20900101000000Z", notAfter: "20950101000000Z" });
  leaf("serverEku", "web@example.org", { extensions: leafExt("web@example.org", [], "digitalSignature,keyEncipherment", "serverAuth") });
  leaf("anyEku", "any@example.org", { extensions: leafExt("any@example.org", [], "digitalSignature,keyEncipherment", "anyExtendedKeyUsage") });
  leaf("noDigitalSignature", "enc@example.org", { extensions: leafExt("enc@example.org", [], "keyEncipherment") });
  leaf("nonRepudiationOnly", "nr@example.org", { extensions: leafExt("nr@example.org", [], "nonRepudiation") });
  leaf("sha1", "sha1@example.org", { digest: "sha1" });
  leaf("rsa1024", "small@example.org", { keyType: "rsa1024" });
  leaf("revoked", "bob@example.org", {
    extensions: leafExt("bob@example.org", ["authorityInfoAccess=OCSP;URI:http://ocsp.pki.example/"]),
  });
  leaf("criticalUnknown", "crit@example.org", { extensions: leafExt("crit@example.org", ["1.2.3.4=critical,DER:05:00"]) });
  leaf("nonCriticalUnknown", "noncrit@example.org", { extensions: leafExt("noncrit@example.org", ["1.2.3.4=DER:05:00"]) });
  leaf("subjectEmailOnly", "dn@example.org", { extensions: leafExt("dn@example.org").filter((l) => !l.startsWith("subjectAltName")) });

  // RSA-PSS signed leaf: re-sign an existing request with PSS padding.
  const pssPath = join(pki.dir, "pss.pem");
  writeFileSync(join(pki.dir, "pss.ext"), ["[v3]", ...leafExt("alice@example.org")].join("\n") + "\n");
  openssl([
    "x509", "-req", "-in", join(pki.dir, "valid.csr"), "-CA", inter.certPath, "-CAkey", inter.keyPath, "-set_serial", "7001",
    "-sha256", "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32", "-extfile", join(pki.dir, "pss.ext"),
    "-extensions", "v3", "-days", "365", "-out", pssPath,
  ]);
  L.pss = { ...L.valid, certPath: pssPath, certDer: pemToDer(readFileSync(pssPath, "utf8")) };

  // Name-constrained CA under the root, and its leaves.
  const ncCa = pki.issue("ncca", "nc@pki.example", {
    replaceExtensions: true,
    extensions: [
      ...CA_EXT(),
      "nameConstraints=critical,permitted;email:example.org,permitted;email:.example.org,excluded;dirName:evil_dn",
      "[evil_dn]",
      "CN=evil",
    ],
  });
  const viaNc = { issuerCertPath: ncCa.certPath, issuerKeyPath: ncCa.keyPath };
  leaf("ncOk", "carol@mail.example.org", { ...viaNc, extensions: leafExt("carol@mail.example.org") });
  leaf("ncEmail", "eve@example.com", { ...viaNc, extensions: leafExt("eve@example.com") });
  leaf("evil", "evil@example.org", { ...viaNc, extensions: leafExt("evil@example.org") });

  // An intermediate restricted to TLS (EKU serverAuth) and an e-mail leaf under it.
  const tlsCa = pki.issue("tlsca", "tls@pki.example", { replaceExtensions: true, extensions: [...CA_EXT(0), "extendedKeyUsage=serverAuth"] });
  L.tlsCa = tlsCa;
  leaf("underTlsCa", "tina@example.org", { issuerCertPath: tlsCa.certPath, issuerKeyPath: tlsCa.keyPath, extensions: leafExt("tina@example.org") });

  // ECDSA-signed leaf under a P-384 intermediate.
  const ecInter = pki.issue("ecinter", "ec@pki.example", { keyType: "p384", replaceExtensions: true, extensions: CA_EXT(0) });
  leaf("ecdsaSigned", "frank@example.org", { issuerCertPath: ecInter.certPath, issuerKeyPath: ecInter.keyPath, digest: "sha384", extensions: leafExt("frank@example.org") });

  // A CA under the pathlen:0 intermediate, and a leaf under it.
  const subCa = pki.issue("subca", "sub@pki.example", { ...viaInter, replaceExtensions: true, extensions: CA_EXT() });
  leaf("underSubCa", "dave@example.org", { issuerCertPath: subCa.certPath, issuerKeyPath: subCa.keyPath, extensions: leafExt("dave@example.org") });

  // A leaf (CA:FALSE) used to issue another certificate.
  leaf("notCa", "plain@example.org");
  leaf("issuedByLeaf", "victim@example.org", { issuerCertPath: L.notCa.certPath, issuerKeyPath: L.notCa.keyPath, extensions: leafExt("victim@example.org") });

  // Self-signed end-entity certificate.
  const selfKey = join(pki.dir, "self.key");
  const selfPem = join(pki.dir, "self.pem");
  openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", selfKey]);
  openssl([
    "req", "-x509", "-new", "-key", selfKey, "-sha256", "-days", "365", "-subj", "/CN=Self Signer/emailAddress=self@example.org",
    "-addext", "subjectAltName=email:self@example.org", "-addext", "keyUsage=critical,digitalSignature,keyEncipherment",
    "-addext", "extendedKeyUsage=emailProtection", "-addext", "basicConstraints=critical,CA:FALSE", "-out", selfPem,
  ]);

  // A root CA carrying an unknown critical extension.
  const oddKey = join(pki.dir, "oddroot.key");
  const oddPem = join(pki.dir, "oddroot.pem");
  writeFileSync(join(pki.dir, "oddroot.cnf"), ["[req]", "distinguished_name=dn", "[dn]", "[e]", ...CA_EXT(), "1.2.3.4=critical,DER:05:00"].filter((l) => !l.startsWith("authorityKeyIdentifier")).join("\n") + "\n");
  openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", oddKey]);
  openssl(["req", "-x509", "-new", "-key", oddKey, "-subj", "/CN=Odd Root", "-config", join(pki.dir, "oddroot.cnf"), "-extensions", "e", "-days", "365", "-out", oddPem]);
  leaf("underOddRoot", "odd@example.org", { issuerCertPath: oddPem, issuerKeyPath: oddKey, extensions: leafExt("odd@example.org") });

  const interDb = caDb(join(pki.dir, "interdb"), inter.certPath, inter.keyPath);
  interDb.revoke(L.revoked.certPath, "keyCompromise");
  interDb.markValid(L.valid.certPath);
  const rootDb = caDb(join(pki.dir, "rootdb"), pki.caCertPath, pki.caKeyPath);
  const ecDb = caDb(join(pki.dir, "ecdb"), ecInter.certPath, ecInter.keyPath);

  return {
    pki, root: pki.caCertDer, inter, leaves: L, interDb, rootDb, ncCa, subCa, ecInter, ecDb,
    selfSigned: { der: pemToDer(readFileSync(selfPem, "utf8")), email: "self@example.org" },
    otherRoot: other.caCertDer,
    oddRoot: pemToDer(readFileSync(oddPem, "utf8")),
    cleanup: () => {
      pki.cleanup();
      other.cleanup();
    },
  };
}
