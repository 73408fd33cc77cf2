/**
 * RSASSA-PKCS1-v1_5 by hand: EMSA-PKCS1-v1_5 encoding, verification with the public operation (for digests
 * WebCrypto lacks, and to check a signature made here), and signing (RFC 8017 §8.2.1) through a host's native raw
 * RSA private operation, when one is
 * installed (the CLI installs OpenSSL's: blinded and fault-checked). WebCrypto's import, sign and verify took
 * 4-7 ms of a CLI command, most of it loading Node's WebCrypto layer. EMSA-PKCS1-v1_5 is deterministic, so the
 * signature is the very bytes WebCrypto gives for the same key and data (tested). signData's check that the key
 * belongs to the certificate (and that no fault slipped through) is RSAVP1 with the certificate's key here.
 */
import { bytesEqual } from "../../bytes";
import { hasNativeRsaPrivate, parseRsaPrivateKeyPkcs8, rsaPrivateOperation, rsaPublicOperation, type RsaPublicKey } from "../../crypto/rsa";
import { isSpmError, SpmError } from "../../errors";
import { computeDigest, digestOid, rsaPkcs1SignatureId, type DigestName } from "./algorithms";
import { DER_NULL, encode, octetString, oid, seq } from "./der";
import type { PublicKeyInfo, SigningKey } from "./keys";

/** EMSA-PKCS1-v1_5 (RFC 8017 §9.2): 00 01 FF..FF 00 || DigestInfo (NULL parameters, note 1), k bytes. */
export function emsaPkcs1v15(hash: DigestName, digest: Uint8Array, k: number): Uint8Array {
  const t = encode(seq(seq(oid(digestOid(hash)), DER_NULL), octetString(digest)));
  if (k < t.length + 11) throw new SpmError("INVALID_ARGUMENT", "The RSA key is too short for this digest");
  const em = new Uint8Array(k).fill(0xff);
  em[0] = 0x00;
  em[1] = 0x01;
  em[k - t.length - 1] = 0x00;
  em.set(t, k - t.length);
  return em;
}

/** A certificate's RSA key as the RSA operations take it. */
export function rsaPublicKey(info: PublicKeyInfo): RsaPublicKey {
  const rsa = info.rsa;
  if (!rsa) throw new SpmError("INVALID_ARGUMENT", "The certificate's key is not an RSA key");
  return { n: rsa.modulus, e: rsa.exponent, byteLength: rsa.modulusBytes };
}

/** A SigningKey over the native operation, or undefined when none is installed (WebCrypto is used then). */
export function nativeRsaPkcs1Key(pkcs8: Uint8Array, certKey: PublicKeyInfo, hash: DigestName): SigningKey | undefined {
  if (!hasNativeRsaPrivate() || !certKey.rsa) return undefined;
  const key = parseRsaPrivateKeyPkcs8(pkcs8);
  const pub = rsaPublicKey(certKey);
  if (key.n !== pub.n || key.e !== pub.e) throw new SpmError("INVALID_ARGUMENT", "The private key does not belong to the signer certificate");
  return {
    signatureAlgorithmId: rsaPkcs1SignatureId(),
    async sign(data) {
      const em = emsaPkcs1v15(hash, await computeDigest(hash, data), key.byteLength);
      try {
        return rsaPrivateOperation(key, em);
      } catch (e) {
        throw new SpmError("INVALID_ARGUMENT", "The private key could not be used to sign", { cause: e });
      }
    },
    verify: (data, signature) => verifyRsaPkcs1Raw(pub, data, signature, hash),
  };
}

/** RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2): the full expected encoding EM is compared. */
export async function verifyRsaPkcs1Raw(pub: RsaPublicKey, data: Uint8Array, signature: Uint8Array, hash: DigestName): Promise<boolean> {
  if (signature.length !== pub.byteLength) return false;
  let em: Uint8Array;
  try {
    em = emsaPkcs1v15(hash, await computeDigest(hash, data), pub.byteLength);
    return bytesEqual(rsaPublicOperation(pub, signature), em);
  } catch (e) {
    // A key too short for the digest, or a representative out of range: no valid signature.
    if (isSpmError(e, "INVALID_ARGUMENT")) return false;
    throw e;
  }
}
