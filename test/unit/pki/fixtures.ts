/**
 * The certificate-check PKI, committed under test/fixtures/pki/chains (made once by scripts/gen-test-pki.mjs
 * with the OpenSSL binary): root CA -> intermediate (pathlen:0) -> leaves of every kind, CRLs of every CA
 * current until 2099, and `openssl ocsp` answers for the good and the revoked leaf.
 */
import { loadPki, type FixtureIdentity, type FixturePki } from "../../helpers/fixtures";

const LEAVES = [
  "valid", "ec", "expired", "expiresSoon", "notYetValid", "serverEku", "anyEku", "noDigitalSignature", "nonRepudiationOnly",
  "sha1", "rsa1024", "revoked", "criticalUnknown", "nonCriticalUnknown", "subjectEmailOnly", "pss", "ncOk", "ncEmail", "evil",
  "tlsCa", "underTlsCa", "ecdsaSigned", "underSubCa", "notCa", "issuedByLeaf", "underOddRoot",
] as const;

export interface Fixtures {
  pki: FixturePki;
  root: Uint8Array;
  inter: FixtureIdentity;
  /** Each leaf by case name. */
  leaves: Record<(typeof LEAVES)[number], FixtureIdentity>;
  /** P-384 intermediate (pathlen:0) under the root: its leaves carry ECDSA signatures. */
  ecInter: FixtureIdentity;
  /** Self-signed leaf (no CA). */
  selfSigned: { der: Uint8Array; email: string };
  /** Name-constrained CA (permitted e-mail example.org / .example.org, excluded dirName CN=evil). */
  ncCa: FixtureIdentity;
  /** CA under the pathlen:0 intermediate (violates the path length). */
  subCa: FixtureIdentity;
  otherRoot: Uint8Array;
  /** A root with an unknown critical extension, and a leaf under it ("underOddRoot"). */
  oddRoot: Uint8Array;
  /** CRLs of the intermediate ("revoked" listed, keyCompromise), the root and the EC intermediate. */
  crls: Uint8Array[];
  /** `openssl ocsp` answers of the intermediate for "valid" (good) and "revoked", by serial number. */
  ocsp: Map<string, Uint8Array>;
}

export function makeFixtures(): Fixtures {
  const pki = loadPki("chains");
  const leaves = Object.fromEntries(LEAVES.map((n) => [n, pki.identity(n)])) as Fixtures["leaves"];
  const self = pki.identity("selfSigned");
  return {
    pki,
    root: pki.caCertDer,
    inter: pki.identity("inter"),
    leaves,
    ecInter: pki.identity("ecInter"),
    selfSigned: { der: self.certDer, email: self.email },
    ncCa: pki.identity("ncca"),
    subCa: pki.identity("subCa"),
    otherRoot: pki.certDer("otherRoot"),
    oddRoot: pki.certDer("oddRoot"),
    crls: [pki.crl("inter"), pki.crl("root"), pki.crl("ecInter")],
    ocsp: pki.ocspBySerial(["valid", "revoked"]),
  };
}
