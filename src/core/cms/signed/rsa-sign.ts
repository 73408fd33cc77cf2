/**
 * RSASSA-PKCS1-v1_5 signing (RFC 8017 §8.2.1) through a host's native raw RSA private operation, when one is
 * installed (the CLI installs OpenSSL's: blinded and fault-checked). WebCrypto's import, sign and verify took
 * 4-7 ms of a CLI command, most of it loading Node's WebCrypto layer. EMSA-PKCS1-v1_5 is deterministic, so the
 * signature is the very bytes WebCrypto gives for the same key and data (tested). signData's check that the key
 * belongs to the certificate (and that no fault slipped through) is RSAVP1 with the certificate's key here.
 */
import { bytesEqual, concatBytes, fromHex } from "../../bytes";
import { hasNativeRsaPrivate, parseRsaPrivateKeyPkcs8, rsaPrivateOperation, rsaPublicOperation, type RsaPublicKey } from "../../crypto/rsa";
import { SpmError } from "../../errors";
import { computeDigest, rsaPkcs1SignatureId, type DigestName } from "./algorithms";
import type { PublicKeyInfo, SigningKey } from "./keys";

/** DER of DigestInfo up to the digest (RFC 8017 §9.2, note 1). */
const DIGEST_INFO: Partial<Record<DigestName, Uint8Array>> = {
  "SHA-256": fromHex("3031300d060960864801650304020105000420"),
  "SHA-384": fromHex("3041300d060960864801650304020205000430"),
  "SHA-512": fromHex("3051300d060960864801650304020305000440"),
};

/** EMSA-PKCS1-v1_5 (RFC 8017 §9.2): 00 01 FF..FF 00 || DigestInfo, k bytes. */
export function emsaPkcs1v15(hash: DigestName, digest: Uint8Array, k: number): Uint8Array {
  const prefix = DIGEST_INFO[hash];
  if (!prefix) throw new SpmError("UNSUPPORTED_ALGORITHM", `RSA signatures with ${hash} are not supported`);
  const t = concatBytes(prefix, digest);
  if (k < t.length + 11) throw new SpmError("INVALID_ARGUMENT", "The RSA key is too short for this digest");
  const em = new Uint8Array(k).fill(0xff);
  em[0] = 0x00;
  em[1] = 0x01;
  em[k - t.length - 1] = 0x00;
  em.set(t, k - t.length);
  return em;
}

/** A SigningKey over the native operation, or undefined when none is installed (WebCrypto is used then). */
export function nativeRsaPkcs1Key(pkcs8: Uint8Array, certKey: PublicKeyInfo, hash: DigestName): SigningKey | undefined {
  if (!hasNativeRsaPrivate() || !certKey.rsa) return undefined;
  const key = parseRsaPrivateKeyPkcs8(pkcs8);
  const pub: RsaPublicKey = { n: certKey.rsa.modulus, e: certKey.rsa.exponent, byteLength: certKey.rsa.modulusBytes };
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
    async verify(data, signature) {
      if (signature.length !== pub.byteLength) return false;
      const em = emsaPkcs1v15(hash, await computeDigest(hash, data), pub.byteLength);
      try {
        return bytesEqual(rsaPublicOperation(pub, signature), em);
      } catch {
        return false; // a representative out of range is no valid signature
      }
    },
  };
}
