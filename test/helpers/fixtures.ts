/**
 * The committed test PKI and test vectors (test/fixtures/, made once by scripts/gen-test-pki.mjs with the
 * OpenSSL binary). Unit and security tests read them instead of running `openssl`; the shapes match
 * test/helpers/openssl.ts (`TestIdentity`), so a test can switch between the two. Interop and e2e tests keep
 * making their own PKI with the real programs.
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as pkijs from "pkijs";
import { toArrayBuffer } from "../../src/core/bytes";
import type { Identity } from "../../src/core/types";
import type { KeyType, TestIdentity } from "./openssl";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const FIXTURES_DIR = join(REPO, "test", "fixtures");

export type PkiName = "basic" | "chains" | "attacks";

interface CertificateEntry {
  subject: string;
  issuer: string;
  keyType: KeyType | "p521" | "ed25519";
  email: string | null;
  cert: string;
  key: string | null;
  p12: string | null;
  sha256Fingerprint: string;
  serialHex: string;
  spkiSha256: string;
  notBefore: string;
  notAfter: string;
}

interface PkiIndex {
  name: string;
  generatedAt: string;
  password: string;
  root: string;
  certificates: Record<string, CertificateEntry>;
  crls: Record<string, { file: string }>;
  ocsp: Record<string, { file: string; certificate: string }>;
}

/** A committed identity: the `TestIdentity` shape plus what OpenSSL reported about the certificate. */
export interface FixtureIdentity extends TestIdentity {
  /** SHA-256 of the certificate DER, lowercase hex without colons (`openssl x509 -fingerprint -sha256`). */
  sha256Fingerprint: string;
  /** Serial number, lowercase hex (`openssl x509 -serial`). */
  serialHex: string;
  /** SHA-256 of the SubjectPublicKeyInfo DER (`openssl x509 -pubkey | openssl pkey -pubin -outform DER | openssl dgst -sha256`). */
  spkiSha256: string;
  /** Name of the issuing certificate in the same PKI (itself when self-signed). */
  issuer: string;
}

export interface FixturePki {
  name: PkiName;
  dir: string;
  /** When the files were made (OCSP answers carry this date; certificates and CRLs have fixed dates). */
  generatedAt: Date;
  caCertPath: string;
  caKeyPath: string;
  caCertPem: string;
  caCertDer: Uint8Array;
  caKeyPkcs8: Uint8Array;
  /** A certificate with its key. Throws for names the generator did not make or made without a key. */
  identity(name: string): FixtureIdentity;
  /** Any certificate of this PKI (also the ones without a committed key), as DER. */
  certDer(name: string): Uint8Array;
  /** A CRL (DER) by its name in index.json, e.g. "inter" or "inter-stale". */
  crl(name: string): Uint8Array;
  /** An OCSP response (DER) by its name in index.json. */
  ocsp(name: string): Uint8Array;
  /** The OCSP responses of this PKI keyed by the serial number (hex) of the certificate each one answers for. */
  ocspBySerial(names: string[]): Map<string, Uint8Array>;
}

/** The core's `Identity` (certificate, PKCS#8 private key, chain) of a test identity. */
export function asIdentity(t: TestIdentity, chain: Uint8Array[] = []): Identity {
  return { certificate: t.certDer, privateKey: t.keyPkcs8, chain };
}

/** A fresh copy of a file's bytes in this realm (callers may change their copy freely). */
function bytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

export function pemToDer(pem: string): Uint8Array {
  const b64 = pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
  return new Uint8Array(Buffer.from(b64, "base64"));
}

const abs = (repoRelative: string) => join(REPO, repoRelative);
const cache = new Map<PkiName, PkiIndex>();

function readIndex(name: PkiName): PkiIndex {
  let index = cache.get(name);
  if (!index) {
    const path = join(FIXTURES_DIR, "pki", name, "index.json");
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (e) {
      throw new Error(`${path} is missing: run node scripts/gen-test-pki.mjs`, { cause: e });
    }
    index = JSON.parse(text) as PkiIndex;
    cache.set(name, index);
  }
  return index;
}

/** Load one committed PKI. Every call returns fresh byte arrays, so tests may alter what they get. */
export function loadPki(name: PkiName): FixturePki {
  const index = readIndex(name);
  const entry = (n: string): CertificateEntry => {
    const e = index.certificates[n];
    if (!e) throw new Error(`test/fixtures/pki/${name} has no certificate "${n}" (see its index.json)`);
    return e;
  };
  const root = entry(index.root);
  const identity = (n: string): FixtureIdentity => {
    const e = entry(n);
    if (!e.key) throw new Error(`test/fixtures/pki/${name}: "${n}" has no committed key`);
    const certPem = readFileSync(abs(e.cert), "utf8");
    const keyPem = readFileSync(abs(e.key), "utf8");
    return {
      name: n,
      email: e.email ?? "",
      keyType: e.keyType as KeyType,
      keyPath: abs(e.key),
      certPath: abs(e.cert),
      p12Path: e.p12 ? abs(e.p12) : "",
      password: index.password,
      keyPem,
      certPem,
      certDer: pemToDer(certPem),
      keyPkcs8: pemToDer(keyPem), // genpkey writes PKCS#8 ("BEGIN PRIVATE KEY")
      sha256Fingerprint: e.sha256Fingerprint,
      serialHex: e.serialHex,
      spkiSha256: e.spkiSha256,
      issuer: e.issuer,
    };
  };
  const file = (kind: "crls" | "ocsp", n: string) => {
    const f = index[kind][n];
    if (!f) throw new Error(`test/fixtures/pki/${name} has no ${kind === "crls" ? "CRL" : "OCSP response"} "${n}"`);
    return bytes(abs(f.file));
  };
  const caCertPem = readFileSync(abs(root.cert), "utf8");
  return {
    name,
    dir: join(FIXTURES_DIR, "pki", name),
    generatedAt: new Date(index.generatedAt),
    caCertPath: abs(root.cert),
    caKeyPath: abs(root.key ?? ""),
    caCertPem,
    caCertDer: pemToDer(caCertPem),
    caKeyPkcs8: pemToDer(readFileSync(abs(root.key ?? ""), "utf8")),
    identity,
    certDer: (n) => pemToDer(readFileSync(abs(entry(n).cert), "utf8")),
    crl: (n) => file("crls", n),
    ocsp: (n) => file("ocsp", n),
    ocspBySerial: (names) => new Map(names.map((n) => [entry(index.ocsp[n]?.certificate ?? n).serialHex.replace(/^0+/, ""), file("ocsp", n)])),
  };
}

/**
 * An OCSP "responder" over committed answers: it reads the serial number from the request our code sends
 * and returns the committed answer for that certificate (undefined when there is none, like a responder
 * that knows nothing). The answers were made by `openssl ocsp` for the same kind of request.
 */
export function ocspResponder(answers: Map<string, Uint8Array>): (url: string, request: Uint8Array) => Promise<Uint8Array | undefined> {
  return async (_url, request) => {
    const req = pkijs.OCSPRequest.fromBER(toArrayBuffer(request));
    const serial = Buffer.from(req.tbsRequest.requestList[0].reqCert.serialNumber.valueBlock.valueHexView).toString("hex").replace(/^0+/, "");
    const answer = answers.get(serial);
    return answer?.slice();
  };
}

/** A committed CMS message or other binary vector under test/fixtures/cms (made by `openssl cms`; see its index.json). */
export function cmsVector(path: string): Uint8Array {
  return bytes(join(FIXTURES_DIR, "cms", path));
}

/** A file under test/fixtures/crypto (PKCS#12 files made by `openssl pkcs12`). */
export function cryptoFile(path: string): Uint8Array {
  return bytes(join(FIXTURES_DIR, "crypto", path));
}

/** A JSON vector list under test/fixtures/crypto, parsed in this realm. */
export function cryptoVectors<T>(path: string): T[] {
  const parsed = JSON.parse(readFileSync(join(FIXTURES_DIR, "crypto", path), "utf8")) as T[];
  return [...parsed];
}
