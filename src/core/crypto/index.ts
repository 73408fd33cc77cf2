/**
 * Cryptographic primitives for the core (pure TS + WebCrypto): every hash, KDF, cipher and RSA/ECDH operation
 * the formats above use lives here, once. Legacy ciphers (3DES, RC2) live in ./legacy.
 */
export { digest, hmac, mgf1, HASH_LENGTH, type HashName } from "./hash";
export { digestSource, installNativeHash, type HashStream, type NativeHash } from "./hash-stream";
export {
  bigIntToBytes,
  bytesToBigInt,
  modPow,
  parseRsaPublicKey,
  parseRsaPrivateKeyPkcs8,
  rsaPublicOperation,
  rsaPrivateOperation,
  installNativeRsaPrivate,
  hasNativeRsaPrivate,
  type NativeRsaPrivate,
  type RsaPublicKey,
  type RsaPrivateKey,
} from "./rsa";
export { oaepEncrypt, oaepDecrypt, type OaepParameters } from "./rsa-oaep";
export { pkcs1Encrypt, pkcs1DecryptImplicitRejection } from "./rsa-pkcs1";
export { aesCbcEncrypt, aesCbcDecrypt, aesGcmEncrypt, aesGcmDecrypt, aesKeyWrap, aesKeyUnwrap } from "./aes";
export { ecdhEphemeral, ecdhStatic, x963Kdf, type EcCurve } from "./ecdh";
export { sha1, sha256, sha1Iterated, sha256Iterated } from "./sha";
export { pkcs12Kdf, pkcs12KdfAsGnupg, pbkdf2, kdfBlocks, type Pkcs12KdfVariant } from "./kdf";
export { CBC_STEP, cbcEncryption, cbcEncryptSteps, cbcDecryptSteps, importCbcKey, installNativeCbc, type CbcStream, type NativeCbc } from "./cbc-steps";
