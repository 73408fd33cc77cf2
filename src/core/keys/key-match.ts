/** WebCrypto import of our key formats, and pairing a certificate with a private key by public key. */
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { SpmError } from "../errors";
import { parseBer } from "../asn1";
import { OID } from "../oids";
import { toArrayBuffer } from "../bytes";
import { children, oid, octets } from "./der";
import { DEFAULT_CONFIG } from "../config";
import { parseCertificateDer } from "../parsed-certificates";

export type KeyAlgorithm = { kind: "rsa" } | { kind: "ec"; namedCurve: "P-256" | "P-384" | "P-521" };

const CURVES: Record<string, "P-256" | "P-384" | "P-521"> = {
  [OID.p256]: "P-256",
  [OID.p384]: "P-384",
  [OID.p521]: "P-521",
};

function algorithmFrom(algOid: string, params: asn1js.AsnType | undefined): KeyAlgorithm {
  if (algOid === OID.rsaEncryption) return { kind: "rsa" };
  if (algOid === OID.ecPublicKey) {
    const curveOid = params instanceof asn1js.ObjectIdentifier ? params.valueBlock.toString() : "";
    const namedCurve = CURVES[curveOid];
    if (!namedCurve) {
      throw new SpmError("UNSUPPORTED_ALGORITHM", `Unsupported elliptic curve ${curveOid || "(not named)"}`, {
        details: { oid: curveOid },
      });
    }
    return { kind: "ec", namedCurve };
  }
  throw new SpmError("UNSUPPORTED_ALGORITHM", `Unsupported key algorithm ${algOid}`, { details: { oid: algOid } });
}

/** Algorithm of a PKCS#8 PrivateKeyInfo (also a structural check of the PKCS#8). */
export function privateKeyAlgorithm(pkcs8: Uint8Array): KeyAlgorithm {
  const top = children(parseBer(pkcs8, { what: "private key", maxBytes: DEFAULT_CONFIG.maxPrivateKeyBytes }), "PKCS#8 private key");
  const alg = children(top[1], "PKCS#8 algorithm");
  octets(top[2], "PKCS#8 private key");
  return algorithmFrom(oid(alg[0], "PKCS#8 algorithm"), alg[1]);
}

export function parseCertificate(der: Uint8Array): pkijs.Certificate {
  try {
    return parseCertificateDer(der, "certificate").cert;
  } catch (e) {
    if (e instanceof SpmError) throw e;
    throw new SpmError("MALFORMED", "Not a valid X.509 certificate", { cause: e });
  }
}

function certificateKeyAlgorithm(cert: pkijs.Certificate): KeyAlgorithm {
  const spki = cert.subjectPublicKeyInfo;
  return algorithmFrom(spki.algorithm.algorithmId, spki.algorithm.algorithmParams as asn1js.AsnType | undefined);
}

function webCryptoParams(alg: KeyAlgorithm): RsaHashedImportParams | EcKeyImportParams {
  return alg.kind === "rsa"
    ? { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }
    : { name: "ECDSA", namedCurve: alg.namedCurve };
}

/** Import PKCS#8 for signing (RSASSA-PKCS1-v1_5/SHA-256 or ECDSA). */
export async function importSigningKey(pkcs8: Uint8Array, extractable = false): Promise<{ key: CryptoKey; alg: KeyAlgorithm }> {
  const alg = privateKeyAlgorithm(pkcs8);
  try {
    const key = await crypto.subtle.importKey("pkcs8", toArrayBuffer(pkcs8), webCryptoParams(alg), extractable, ["sign"]);
    return { key, alg };
  } catch (e) {
    throw new SpmError("MALFORMED", "The private key could not be loaded", { cause: e });
  }
}

/** The public key belonging to a PKCS#8 private key, as a WebCrypto public key (for verify). */
export async function publicKeyOf(pkcs8: Uint8Array): Promise<{ publicKey: CryptoKey; jwk: JsonWebKey; alg: KeyAlgorithm }> {
  const { key, alg } = await importSigningKey(pkcs8, true);
  const full = await crypto.subtle.exportKey("jwk", key);
  const jwk: JsonWebKey =
    alg.kind === "rsa" ? { kty: "RSA", n: full.n, e: full.e } : { kty: "EC", crv: full.crv, x: full.x, y: full.y };
  const publicKey = await crypto.subtle.importKey("jwk", jwk, webCryptoParams(alg), true, ["verify"]);
  return { publicKey, jwk, alg };
}

async function certificateJwk(cert: pkijs.Certificate): Promise<JsonWebKey | undefined> {
  let alg: KeyAlgorithm;
  try {
    alg = certificateKeyAlgorithm(cert);
  } catch (e) {
    if (e instanceof SpmError && e.code === "UNSUPPORTED_ALGORITHM") return undefined; // cannot be ours
    throw e;
  }
  const spki = new Uint8Array(cert.subjectPublicKeyInfo.toSchema().toBER(false));
  try {
    const key = await crypto.subtle.importKey("spki", toArrayBuffer(spki), webCryptoParams(alg), true, ["verify"]);
    return await crypto.subtle.exportKey("jwk", key);
  } catch (e) {
    throw new SpmError("MALFORMED", "The certificate's public key could not be read", { cause: e });
  }
}

export function jwkEqual(a: JsonWebKey, b: JsonWebKey): boolean {
  if (a.kty !== b.kty) return false;
  return a.kty === "RSA" ? a.n === b.n && a.e === b.e : a.crv === b.crv && a.x === b.x && a.y === b.y;
}

/** Public key of a certificate as JWK (undefined when it is a key type we do not handle). */
export async function certificatePublicJwk(der: Uint8Array): Promise<JsonWebKey | undefined> {
  return certificateJwk(parseCertificate(der));
}

/** Does this certificate carry the public key of this PKCS#8 private key? */
export async function publicKeyMatches(certificate: Uint8Array, privateKey: Uint8Array): Promise<boolean> {
  const certJwk = await certificatePublicJwk(certificate);
  if (!certJwk) return false;
  const { jwk } = await publicKeyOf(privateKey);
  return jwkEqual(certJwk, jwk);
}
