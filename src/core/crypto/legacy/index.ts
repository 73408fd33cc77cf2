/**
 * Legacy block ciphers in pure TypeScript, for READING old data only (3DES S/MIME mail, legacy PKCS#12
 * PBEs). WebCrypto has neither. Raw CBC: no padding is added or removed; callers check PKCS#7 padding.
 */
export { desEde3CbcDecrypt, desEde3CbcEncrypt } from "./des";
export { rc2CbcDecrypt, rc2CbcEncrypt } from "./rc2";
