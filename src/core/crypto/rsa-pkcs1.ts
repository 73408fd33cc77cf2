/**
 * RSAES-PKCS1-v1_5 (RFC 8017 7.2) for CMS key transport.
 *
 * Decryption uses IMPLICIT REJECTION (draft-irtf-cfrg-rsa-guidance, as in OpenSSL 3.2+ and openpgpjs
 * emeDecode): on a padding error it returns a deterministic pseudo-random key of the expected length,
 * derived from the private key and the ciphertext, instead of an error. A wrong key and bad padding
 * then both fail later, identically, at content decryption (Bleichenbacher / Marvin).
 */
import { SpmError } from "../errors";
import { concatBytes, randomBytes } from "../bytes";
import { digest, hmac } from "./hash";
import { bigIntToBytes, rsaPrivateOperation, rsaPublicOperation, type RsaPrivateKey, type RsaPublicKey } from "./rsa";

export function pkcs1Encrypt(key: RsaPublicKey, message: Uint8Array): Uint8Array {
  const k = key.byteLength;
  if (message.length > k - 11) throw new SpmError("INVALID_ARGUMENT", "Message too long for RSA PKCS#1 v1.5");
  const ps = randomBytes(k - message.length - 3);
  for (let i = 0; i < ps.length; i++) {
    while (ps[i] === 0) ps[i] = randomBytes(1)[0];
  }
  return rsaPublicOperation(key, concatBytes(Uint8Array.of(0, 2), ps, new Uint8Array(1), message));
}

/** Key-derivation key for implicit rejection: depends only on the private exponent. */
async function rejectionKey(key: RsaPrivateKey): Promise<Uint8Array> {
  return digest("SHA-256", concatBytes(new TextEncoder().encode("SPM PKCS1 implicit rejection"), bigIntToBytes(key.d, key.byteLength)));
}

async function syntheticMessage(key: RsaPrivateKey, ciphertext: Uint8Array, length: number): Promise<Uint8Array> {
  const kdk = await rejectionKey(key);
  const out = new Uint8Array(Math.ceil(length / 32) * 32);
  for (let i = 0; i * 32 < length; i++) {
    out.set(await hmac("SHA-256", kdk, concatBytes(Uint8Array.of(i >>> 8, i & 0xff), ciphertext)), i * 32);
  }
  return out.subarray(0, length);
}

/**
 * Decrypt a PKCS#1 v1.5 block expecting a message of exactly `expectedLength` bytes (the content
 * key size). Never reports a padding error: returns the synthetic key instead. Throws only for
 * public facts (ciphertext length/range).
 */
export async function pkcs1DecryptImplicitRejection(
  key: RsaPrivateKey,
  ciphertext: Uint8Array,
  expectedLength: number,
): Promise<Uint8Array> {
  const k = key.byteLength;
  if (expectedLength < 1 || expectedLength > k - 11) throw new SpmError("DECRYPTION_FAILED", "Decryption failed");
  const synthetic = await syntheticMessage(key, ciphertext, expectedLength);
  const em = rsaPrivateOperation(key, ciphertext);

  let good = ((em[0] - 1) >>> 31) & (((em[1] ^ 2) - 1) >>> 31); // em[0] == 0 && em[1] == 2
  let zeroIndex = 0;
  let looking = 1;
  for (let i = 2; i < k; i++) {
    const isZero = (em[i] - 1) >>> 31;
    zeroIndex |= i & -(looking & isZero);
    looking &= ~isZero & 1;
  }
  good &= ~looking & 1; // a separator exists
  good &= ((9 - zeroIndex) >>> 31) & 1; // at least 8 padding bytes: zeroIndex >= 10
  good &= (((k - zeroIndex - 1) ^ expectedLength) - 1) >>> 31; // message has the expected length

  const mask = -good & 0xff;
  const out = new Uint8Array(expectedLength);
  const start = k - expectedLength;
  for (let j = 0; j < expectedLength; j++) out[j] = (em[start + j] & mask) | (synthetic[j] & ~mask & 0xff);
  em.fill(0);
  return out;
}
