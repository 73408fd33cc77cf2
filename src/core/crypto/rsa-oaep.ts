/** RSAES-OAEP (RFC 8017 7.1) with independent OAEP and MGF1 hashes. */
import { SpmError } from "../errors";
import { concatBytes, randomBytes } from "../bytes";
import { digest, HASH_LENGTH, mgf1, type HashName } from "./hash";
import { rsaPrivateOperation, rsaPublicOperation, type RsaPrivateKey, type RsaPublicKey } from "./rsa";

export interface OaepParameters {
  hash: HashName;
  mgf1Hash: HashName;
  /** pSpecified label, empty by default. */
  label?: Uint8Array;
}

export async function oaepEncrypt(key: RsaPublicKey, message: Uint8Array, params: OaepParameters): Promise<Uint8Array> {
  const k = key.byteLength;
  const hLen = HASH_LENGTH[params.hash];
  if (message.length > k - 2 * hLen - 2) throw new SpmError("INVALID_ARGUMENT", "Message too long for RSA-OAEP");
  const lHash = await digest(params.hash, params.label ?? new Uint8Array(0));
  const db = new Uint8Array(k - hLen - 1);
  db.set(lHash);
  db[db.length - message.length - 1] = 1;
  db.set(message, db.length - message.length);
  const seed = randomBytes(hLen);
  const dbMask = await mgf1(params.mgf1Hash, seed, db.length);
  for (let i = 0; i < db.length; i++) db[i] ^= dbMask[i];
  const seedMask = await mgf1(params.mgf1Hash, db, hLen);
  for (let i = 0; i < hLen; i++) seed[i] ^= seedMask[i];
  return rsaPublicOperation(key, concatBytes(new Uint8Array(1), seed, db));
}

/**
 * OAEP decoding. Every failure is the same DECRYPTION_FAILED error, and the checks are folded into
 * one flag without early exit (Manger's attack needs to tell "Y != 0" from other failures).
 */
export async function oaepDecrypt(key: RsaPrivateKey, ciphertext: Uint8Array, params: OaepParameters): Promise<Uint8Array> {
  const fail = () => new SpmError("DECRYPTION_FAILED", "Decryption failed");
  const k = key.byteLength;
  const hLen = HASH_LENGTH[params.hash];
  if (k < 2 * hLen + 2) throw fail();
  const em = rsaPrivateOperation(key, ciphertext);
  const lHash = await digest(params.hash, params.label ?? new Uint8Array(0));
  const maskedSeed = em.subarray(1, 1 + hLen);
  const maskedDb = em.subarray(1 + hLen);
  const seedMask = await mgf1(params.mgf1Hash, maskedDb, hLen);
  const seed = new Uint8Array(hLen);
  for (let i = 0; i < hLen; i++) seed[i] = maskedSeed[i] ^ seedMask[i];
  const dbMask = await mgf1(params.mgf1Hash, seed, maskedDb.length);
  const db = new Uint8Array(maskedDb.length);
  for (let i = 0; i < db.length; i++) db[i] = maskedDb[i] ^ dbMask[i];

  let bad = em[0];
  for (let i = 0; i < hLen; i++) bad |= db[i] ^ lHash[i];
  // Find the 0x01 separator after the zero padding without branching on secret bytes.
  let separatorIndex = 0;
  let looking = 1;
  for (let i = hLen; i < db.length; i++) {
    const isOne = ((db[i] ^ 1) - 1) >>> 31; // 1 when db[i] == 1
    const isZero = (db[i] - 1) >>> 31; // 1 when db[i] == 0
    separatorIndex |= i & -(looking & isOne);
    bad |= looking & ~isOne & ~isZero & 1; // a non-zero, non-one byte before the separator
    looking &= ~isOne & 1;
  }
  bad |= looking;
  if (bad !== 0) throw fail();
  return db.slice(separatorIndex + 1);
}
