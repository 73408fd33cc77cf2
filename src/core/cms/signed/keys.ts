/**
 * Key handling for signing (PKCS#8 into WebCrypto) and verifying (certificate public key).
 */
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { SpmError, toSpmError } from "../../errors";
import { OID } from "../../oids";
import { parseBerExact } from "../../asn1";
import { toArrayBuffer, wipe } from "../../bytes";
import {
  CURVE_BY_OID, UnsupportedAlgorithm, ecdsaDerToRaw, ecdsaRawToDer, ecdsaSignatureId, rsaPkcs1SignatureId,
  rsaPssSignatureId, digestLength, type DigestName, type SignatureScheme,
} from "./algorithms";
import type { DerNode } from "./der";
import { DEFAULT_CONFIG } from "../../config";
import { bytesToBigInt } from "../../crypto/rsa";
import { nativeRsaPkcs1Key, rsaPublicKey, verifyRsaPkcs1Raw } from "./rsa-sign";

type Curve = (typeof CURVE_BY_OID)[string];

export interface PublicKeyInfo {
  kind: "rsa" | "ec";
  /** SubjectPublicKeyInfo DER. */
  spki: Uint8Array;
  /** RSA modulus size in bits; EC field size in bits. */
  bits: number;
  curve?: Curve;
  rsa?: { modulus: bigint; exponent: bigint; modulusBytes: number };
}

function bitLength(v: bigint): number {
  return v === 0n ? 0 : v.toString(2).length;
}

/** Read the public key of a parsed certificate. Throws UnsupportedAlgorithm for other key types. */
export function publicKeyInfo(cert: pkijs.Certificate): PublicKeyInfo {
  const spkiObj = cert.subjectPublicKeyInfo;
  const spki = new Uint8Array(spkiObj.toSchema().toBER());
  const alg = spkiObj.algorithm.algorithmId;
  if (alg === OID.rsaEncryption) {
    const keyBits = spkiObj.subjectPublicKey.valueBlock.valueHexView;
    const parsed = parseBerExact(keyBits, { what: "RSA public key", maxBytes: DEFAULT_CONFIG.maxCertificateBytes });
    const key = new pkijs.RSAPublicKey({ schema: parsed });
    const modulus = bytesToBigInt(key.modulus.valueBlock.valueHexView);
    const exponent = bytesToBigInt(key.publicExponent.valueBlock.valueHexView);
    const bits = bitLength(modulus);
    return { kind: "rsa", spki, bits, rsa: { modulus, exponent, modulusBytes: Math.ceil(bits / 8) } };
  }
  if (alg === OID.ecPublicKey) {
    const params: unknown = spkiObj.algorithm.algorithmParams;
    const curveOid = params instanceof asn1js.ObjectIdentifier ? params.valueBlock.toString() : "";
    const curve = CURVE_BY_OID[curveOid];
    if (!curve) throw new UnsupportedAlgorithm(`Unsupported elliptic curve ${curveOid || "(explicit parameters)"}`);
    return { kind: "ec", spki, bits: curve.name === "P-521" ? 521 : curve.bytes * 8, curve };
  }
  throw new UnsupportedAlgorithm(`Unsupported public key algorithm ${alg}`);
}

// ---------------------------------------------------------------------------------------------
// Signing

export interface SigningKey {
  signatureAlgorithmId: DerNode;
  sign(data: Uint8Array): Promise<Uint8Array>;
  /** The signature checked with the certificate's key, when the key brings its own check (else verifySignature). */
  verify?(data: Uint8Array, signature: Uint8Array): Promise<boolean>;
}

export async function importSigningKey(
  pkcs8: Uint8Array,
  certKey: PublicKeyInfo,
  hash: DigestName,
  rsaScheme: "pkcs1" | "pss",
): Promise<SigningKey> {
  let keyAlg: string;
  try {
    const info = new pkijs.PrivateKeyInfo({ schema: parseBerExact(pkcs8, { what: "private key", maxBytes: DEFAULT_CONFIG.maxPrivateKeyBytes }) });
    keyAlg = info.privateKeyAlgorithm.algorithmId;
  } catch (e) {
    throw toSpmError(e, "INVALID_ARGUMENT", "The private key is not a PKCS#8 PrivateKeyInfo");
  }
  const expected = certKey.kind === "rsa" ? OID.rsaEncryption : OID.ecPublicKey;
  if (keyAlg !== expected) throw new SpmError("INVALID_ARGUMENT", "The private key does not match the certificate's key type");
  if (certKey.kind === "rsa" && rsaScheme === "pkcs1") {
    const native = nativeRsaPkcs1Key(pkcs8, certKey, hash);
    if (native) return native;
  }
  // Our own copy of the secret: wiped once WebCrypto holds the (non-extractable) key.
  const keyData = toArrayBuffer(pkcs8);
  try {
    if (certKey.kind === "rsa") {
      if (rsaScheme === "pss") {
        const key = await crypto.subtle.importKey("pkcs8", keyData, { name: "RSA-PSS", hash }, false, ["sign"]);
        const saltLength = digestLength(hash);
        return {
          signatureAlgorithmId: rsaPssSignatureId(hash),
          sign: async (d) => new Uint8Array(await crypto.subtle.sign({ name: "RSA-PSS", saltLength }, key, d as Uint8Array<ArrayBuffer>)),
        };
      }
      const key = await crypto.subtle.importKey("pkcs8", keyData, { name: "RSASSA-PKCS1-v1_5", hash }, false, ["sign"]);
      return {
        signatureAlgorithmId: rsaPkcs1SignatureId(),
        sign: async (d) => new Uint8Array(await crypto.subtle.sign("RSASSA-PKCS1-v1_5", key, d as Uint8Array<ArrayBuffer>)),
      };
    }
    const curve = certKey.curve!;
    if (curve.name === "P-521") throw new SpmError("UNSUPPORTED_ALGORITHM", "Signing with P-521 keys is not supported");
    const key = await crypto.subtle.importKey("pkcs8", keyData, { name: "ECDSA", namedCurve: curve.name }, false, ["sign"]);
    return {
      signatureAlgorithmId: ecdsaSignatureId(hash),
      sign: async (d) => ecdsaRawToDer(new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash }, key, d as Uint8Array<ArrayBuffer>))),
    };
  } catch (e) {
    throw toSpmError(e, "INVALID_ARGUMENT", "The private key could not be imported");
  } finally {
    wipe(new Uint8Array(keyData));
  }
}

// ---------------------------------------------------------------------------------------------
// Verifying

/** True when `signature` over `data` verifies with the public key under the scheme. */
export async function verifySignature(
  pub: PublicKeyInfo,
  scheme: SignatureScheme,
  data: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  const spki = toArrayBuffer(pub.spki);
  const d = data as Uint8Array<ArrayBuffer>;
  const sig = signature as Uint8Array<ArrayBuffer>;
  switch (scheme.kind) {
    case "rsa-pkcs1": {
      if (pub.kind !== "rsa") throw new UnsupportedAlgorithm("RSA signature with a non-RSA certificate");
      // By hand for digests WebCrypto lacks (MD5): a public operation, no secrets involved.
      if (scheme.hash === "MD5") return verifyRsaPkcs1Raw(rsaPublicKey(pub), data, signature, "MD5");
      const key = await crypto.subtle.importKey("spki", spki, { name: "RSASSA-PKCS1-v1_5", hash: scheme.hash }, false, ["verify"]);
      return crypto.subtle.verify("RSASSA-PKCS1-v1_5", key, sig, d);
    }
    case "rsa-pss": {
      if (pub.kind !== "rsa") throw new UnsupportedAlgorithm("RSA signature with a non-RSA certificate");
      const key = await crypto.subtle.importKey("spki", spki, { name: "RSA-PSS", hash: scheme.hash }, false, ["verify"]);
      return crypto.subtle.verify({ name: "RSA-PSS", saltLength: scheme.saltLength }, key, sig, d);
    }
    case "ecdsa": {
      if (pub.kind !== "ec" || !pub.curve) throw new UnsupportedAlgorithm("ECDSA signature with a non-EC certificate");
      if (scheme.hash === "MD5") throw new UnsupportedAlgorithm("ECDSA with MD5 is not supported");
      const raw = ecdsaDerToRaw(signature, pub.curve.bytes);
      if (!raw) return false;
      const key = await crypto.subtle.importKey("spki", spki, { name: "ECDSA", namedCurve: pub.curve.name }, false, ["verify"]);
      return crypto.subtle.verify({ name: "ECDSA", hash: scheme.hash }, key, raw as Uint8Array<ArrayBuffer>, d);
    }
  }
}


