/**
 * Cryptographic primitives for the core (pure TS + WebCrypto). Legacy ciphers live in ./legacy.
 */
export { digest, hmac, mgf1, HASH_LENGTH, type HashName } from "./hash";
export { digestSource, installNativeHash, type HashStream, type NativeHash } from "./hash-stream";
export {
  parseRsaPublicKey,
  parseRsaPrivateKeyPkcs8,
  rsaPublicOperation,
  rsaPrivateOperation,
  installNativeRsaPrivate,
  type NativeRsaPrivate,
  type RsaPublicKey,
  type RsaPrivateKey,
} from "./rsa";
export { oaepEncrypt, oaepDecrypt, type OaepParameters } from "./rsa-oaep";
export { pkcs1Encrypt, pkcs1DecryptImplicitRejection } from "./rsa-pkcs1";
export { aesCbcEncrypt, aesCbcDecrypt, aesGcmEncrypt, aesGcmDecrypt, aesKeyWrap, aesKeyUnwrap } from "./aes";
export { ecdhEphemeral, ecdhStatic, x963Kdf, CURVE_BITS, type EcCurve } from "./ecdh";
