/** Algorithm tables for CMS enveloping: OIDs <-> our names. */
import { OID } from "../../oids";
import type { ContentCipher } from "../../types";
import type { HashName } from "../../crypto";

export interface ContentCipherInfo {
  name: string;
  mode: "cbc" | "gcm" | "des-ede3-cbc";
  keyLength: number;
}

export const CONTENT_CIPHERS: Record<string, ContentCipherInfo> = {
  [OID.aes128CBC]: { name: "aes-128-cbc", mode: "cbc", keyLength: 16 },
  [OID.aes192CBC]: { name: "aes-192-cbc", mode: "cbc", keyLength: 24 },
  [OID.aes256CBC]: { name: "aes-256-cbc", mode: "cbc", keyLength: 32 },
  [OID.aes128GCM]: { name: "aes-128-gcm", mode: "gcm", keyLength: 16 },
  [OID.aes192GCM]: { name: "aes-192-gcm", mode: "gcm", keyLength: 24 },
  [OID.aes256GCM]: { name: "aes-256-gcm", mode: "gcm", keyLength: 32 },
  [OID.desEde3CBC]: { name: "des-ede3-cbc", mode: "des-ede3-cbc", keyLength: 24 },
};

export const WRITABLE_CIPHERS: Record<ContentCipher, string> = {
  "aes-128-cbc": OID.aes128CBC,
  "aes-192-cbc": OID.aes192CBC,
  "aes-256-cbc": OID.aes256CBC,
  "aes-128-gcm": OID.aes128GCM,
  "aes-256-gcm": OID.aes256GCM,
};

export const HASH_OIDS: Record<HashName, string> = {
  "SHA-1": OID.sha1,
  "SHA-256": OID.sha256,
  "SHA-384": OID.sha384,
  "SHA-512": OID.sha512,
};

/** The same table read the other way (OID to hash), so the two cannot drift apart. */
export const HASHES: Record<string, HashName> = Object.fromEntries(Object.entries(HASH_OIDS).map(([hash, oid]) => [oid, hash as HashName]));

/** RFC 5753 / SEC 1 single-pass ephemeral-static ECDH schemes, by their X9.63 KDF hash. */
export const ECDH_SCHEMES: Record<string, HashName> = {
  [OID.dhSinglePassStdDHsha1kdf]: "SHA-1",
  [OID.dhSinglePassStdDHsha256kdf]: "SHA-256",
  [OID.dhSinglePassStdDHsha384kdf]: "SHA-384",
  [OID.dhSinglePassStdDHsha512kdf]: "SHA-512",
};

export const KEY_WRAPS: Record<string, { name: string; keyLength: number }> = {
  [OID.aes128Wrap]: { name: "aes128-wrap", keyLength: 16 },
  [OID.aes192Wrap]: { name: "aes192-wrap", keyLength: 24 },
  [OID.aes256Wrap]: { name: "aes256-wrap", keyLength: 32 },
};

/** Like OpenSSL (cms_kari.c): the wrap algorithm follows the content key size. */
export function wrapOidForKeyLength(keyLength: number): string {
  if (keyLength <= 16) return OID.aes128Wrap;
  if (keyLength <= 24) return OID.aes192Wrap;
  return OID.aes256Wrap;
}

export const hashLabel = (h: HashName): string => h.toLowerCase().replace("-", "");
