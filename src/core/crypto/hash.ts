/** Hash helpers over WebCrypto, plus MGF1 (RFC 8017 B.2.1) for OAEP with any hash pair. */
import { bufferSource as b } from "./buffer-source";

export type HashName = "SHA-1" | "SHA-256" | "SHA-384" | "SHA-512";

export const HASH_LENGTH: Record<HashName, number> = { "SHA-1": 20, "SHA-256": 32, "SHA-384": 48, "SHA-512": 64 };

export async function digest(hash: HashName, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest(hash, b(data)));
}

export async function mgf1(hash: HashName, seed: Uint8Array, length: number): Promise<Uint8Array> {
  const hLen = HASH_LENGTH[hash];
  const out = new Uint8Array(Math.ceil(length / hLen) * hLen);
  const block = new Uint8Array(seed.length + 4);
  block.set(seed);
  for (let counter = 0, o = 0; o < length; counter++, o += hLen) {
    new DataView(block.buffer).setUint32(seed.length, counter);
    out.set(await digest(hash, block), o);
  }
  return out.subarray(0, length);
}

export async function hmac(hash: HashName, key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const k = await crypto.subtle.importKey("raw", b(key), { name: "HMAC", hash }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", k, b(data)));
}
