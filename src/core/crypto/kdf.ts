/**
 * Password-based key derivation: the PKCS#12 KDF (RFC 7292 Appendix B.2) and PBKDF2 (RFC 8018, WebCrypto).
 * Pure primitives: the caller checks iteration counts from files and charges its work budget first
 * (src/core/keys/pbe.ts).
 */
import { SpmError } from "../errors";
import { concatBytes, toArrayBuffer } from "../bytes";
import type { HashName } from "./hash";
import { sha1Iterated, sha256Iterated } from "./sha";

/** Digest size u and block size v of each hash, in bytes (RFC 7292 B.2). */
const HASH_SIZES: Record<HashName, { u: number; v: number }> = {
  "SHA-1": { u: 20, v: 64 },
  "SHA-256": { u: 32, v: 64 },
  "SHA-384": { u: 48, v: 128 },
  "SHA-512": { u: 64, v: 128 },
};

/** How many digest-sized blocks a derivation of `n` bytes computes (its cost is iterations x blocks). */
export function kdfBlocks(hash: HashName, n: number): number {
  return Math.ceil(n / HASH_SIZES[hash].u);
}

async function iteratedHash(hash: HashName, data: Uint8Array, count: number, maxAsyncIterations: number): Promise<Uint8Array> {
  if (hash === "SHA-1") return sha1Iterated(data, count);
  if (hash === "SHA-256") return sha256Iterated(data, count);
  // SHA-384/512 rounds go through async WebCrypto (about 50 µs each): their own, lower cap.
  if (count > maxAsyncIterations) {
    throw new SpmError("LIMIT_EXCEEDED", `PKCS#12 KDF with ${hash} and ${count} iterations is over the limit`, {
      details: { limit: "maxAsyncKdfIterations", iterations: count, max: maxAsyncIterations },
    });
  }
  let out = data;
  for (let i = 0; i < count; i++) out = new Uint8Array(await crypto.subtle.digest(hash, toArrayBuffer(out)));
  return out;
}

/**
 * GnuPG's minip12 (gpgsm 2.2 and older) writes each updated 64-byte chunk I_j with gcry_mpi_print(USG), which
 * drops leading zero bytes and leaves the chunk's last bytes as they were. When a sum starts with a zero byte
 * (about 1 in 128 multi-block derivations), its keys differ from RFC 7292's and no other program reads the file.
 */
export type Pkcs12KdfVariant = "rfc7292" | "gnupg-minip12";

/** I_j = (I_j + B + 1) mod 2^(8v) for every v-byte chunk of I, in place, the RFC's way or minip12's. */
function addToChunks(i: Uint8Array, b: Uint8Array, v: number, variant: Pkcs12KdfVariant): boolean {
  let differs = false;
  const sum = new Uint8Array(v);
  for (let j = 0; j < i.length; j += v) {
    let carry = 1;
    for (let k = v - 1; k >= 0; k--) {
      const s = i[j + k] + b[k] + carry;
      sum[k] = s & 0xff;
      carry = s >> 8;
    }
    let zeros = 0;
    if (variant === "gnupg-minip12") while (zeros < v - 1 && sum[zeros] === 0) zeros++;
    differs ||= zeros > 0;
    i.set(sum.subarray(zeros), j); // minip12: the minimal bytes at the chunk's start, its tail left as it was
  }
  sum.fill(0);
  return differs;
}

/** The inputs of one PKCS#12 KDF derivation (RFC 7292 B.2). id 1 = key, 2 = IV, 3 = MAC key. */
export interface Pkcs12KdfInput {
  hash: HashName;
  /** Already BMP-encoded, with its two-byte null terminator. */
  passwordBmp: Uint8Array;
  salt: Uint8Array;
  id: 1 | 2 | 3;
  iterations: number;
  /** Bytes wanted. */
  n: number;
  maxAsyncIterations?: number;
}

/** RFC 7292 Appendix B.2. `passwordBmp` already BMP-encoded. */
export async function pkcs12Kdf(
  hash: HashName,
  passwordBmp: Uint8Array,
  salt: Uint8Array,
  id: 1 | 2 | 3,
  iterations: number,
  n: number,
  maxAsyncIterations = 200_000,
): Promise<Uint8Array> {
  return (await derive({ hash, passwordBmp, salt, id, iterations, n, maxAsyncIterations }, "rfc7292")).key;
}

/** The derivation as GnuPG's minip12 computes it (Pkcs12KdfVariant), or undefined where it equals the RFC's. */
export async function pkcs12KdfAsGnupg(input: Pkcs12KdfInput): Promise<Uint8Array | undefined> {
  const { key, differs } = await derive(input, "gnupg-minip12");
  return differs ? key : undefined;
}

async function derive(input: Pkcs12KdfInput, variant: Pkcs12KdfVariant): Promise<{ key: Uint8Array; differs: boolean }> {
  const { hash, passwordBmp, salt, id, iterations, n, maxAsyncIterations = 200_000 } = input;
  const { u, v } = HASH_SIZES[hash];
  const repeat = (src: Uint8Array) => {
    const len = src.length === 0 ? 0 : v * Math.ceil(src.length / v);
    const out = new Uint8Array(len);
    for (let i = 0; i < len; i++) out[i] = src[i % src.length];
    return out;
  };
  const d = new Uint8Array(v).fill(id);
  const i = concatBytes(repeat(salt), repeat(passwordBmp));
  const blocks = Math.ceil(n / u);
  const out = new Uint8Array(blocks * u);
  let differs = false;
  for (let block = 0; block < blocks; block++) {
    const a = await iteratedHash(hash, concatBytes(d, i), iterations, maxAsyncIterations);
    out.set(a, block * u);
    if (block === blocks - 1) break;
    // I_j = (I_j + B + 1) mod 2^(8v), B = A repeated to v bytes.
    const b = new Uint8Array(v);
    for (let k = 0; k < v; k++) b[k] = a[k % u];
    differs = addToChunks(i, b, v, variant) || differs;
  }
  i.fill(0);
  return { key: out.subarray(0, n), differs };
}

/** PBKDF2 (RFC 8018 §5.2) over WebCrypto: `length` bytes. */
export async function pbkdf2(password: Uint8Array, salt: Uint8Array, iterations: number, hash: HashName, length: number): Promise<Uint8Array> {
  const base = await crypto.subtle.importKey("raw", toArrayBuffer(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", salt: toArrayBuffer(salt), iterations, hash }, base, length * 8);
  return new Uint8Array(bits);
}
