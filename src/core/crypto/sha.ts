/**
 * Synchronous SHA-1 and SHA-256. One-shot hashes are @noble/hashes (audited, already in the tree through
 * PKI.js). Iterated hashing for the PKCS#12 KDF (RFC 7292 Appendix B), which re-hashes a 20/32-byte digest
 * hundreds of thousands of times, keeps its own allocation-free loop over the FIPS 180-4 compression
 * functions: one awaited WebCrypto digest per round costs about 50 µs (half a minute for 600,000 rounds),
 * and noble, even reusing one hash object, was 1.4x (SHA-256) and 3x (SHA-1) slower here
 * (600,000 rounds, Node 20: SHA-1 299 vs 975 ms, SHA-256 314 vs 452 ms).
 */
import { sha1 as nobleSha1 } from "@noble/hashes/legacy.js";
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";

const K256 = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

function compress256(h: Uint32Array, w: Uint32Array): void {
  for (let t = 16; t < 64; t++) {
    const a = w[t - 15];
    const b = w[t - 2];
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
  }
  let a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
  for (let t = 0; t < 64; t++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (hh + s1 + ch + K256[t] + w[t]) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (s0 + maj) | 0;
    hh = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

function compress1(h: Uint32Array, w: Uint32Array): void {
  for (let t = 16; t < 80; t++) {
    const x = w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16];
    w[t] = (x << 1) | (x >>> 31);
  }
  let a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
  for (let t = 0; t < 80; t++) {
    let f: number;
    let k: number;
    if (t < 20) { f = (b & c) | (~b & d); k = 0x5a827999; }
    else if (t < 40) { f = b ^ c ^ d; k = 0x6ed9eba1; }
    else if (t < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8f1bbcdc; }
    else { f = b ^ c ^ d; k = 0xca62c1d6; }
    const tmp = (((a << 5) | (a >>> 27)) + f + e + k + w[t]) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = tmp;
  }
  h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e;
}

interface Sha {
  iv: number[];
  words: number; // output size in 32-bit words
  schedule: number; // message schedule length
  compress: (h: Uint32Array, w: Uint32Array) => void;
  oneShot: (data: Uint8Array) => Uint8Array;
}

const SHA256: Sha = {
  iv: [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19],
  words: 8,
  schedule: 64,
  compress: compress256,
  oneShot: nobleSha256,
};
const SHA1: Sha = { iv: [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0], words: 5, schedule: 80, compress: compress1, oneShot: nobleSha1 };

/** H^count(data): hash once, then re-hash the digest count-1 times without allocating per round. */
function iterate(sha: Sha, data: Uint8Array, count: number): Uint8Array {
  const h = bytesToWords(sha.oneShot(data));
  const w = new Uint32Array(sha.schedule);
  for (let i = 1; i < count; i++) {
    // The padded single block of a digest: digest words, 0x80 marker, zeros, bit length.
    w.set(h);
    w[sha.words] = 0x80000000;
    w.fill(0, sha.words + 1, 15);
    w[15] = sha.words * 32;
    h.set(sha.iv);
    sha.compress(h, w);
  }
  return wordsToBytes(h);
}

export function sha256(data: Uint8Array): Uint8Array {
  return nobleSha256(data);
}

export function sha1(data: Uint8Array): Uint8Array {
  return nobleSha1(data);
}

/** SHA-256 applied `count` times (count >= 1). */
export function sha256Iterated(data: Uint8Array, count: number): Uint8Array {
  return iterate(SHA256, data, count);
}

/** SHA-1 applied `count` times (count >= 1). */
export function sha1Iterated(data: Uint8Array, count: number): Uint8Array {
  return iterate(SHA1, data, count);
}

function bytesToWords(digest: Uint8Array): Uint32Array {
  const view = new DataView(digest.buffer, digest.byteOffset, digest.byteLength);
  return Uint32Array.from({ length: digest.length / 4 }, (_, i) => view.getUint32(4 * i));
}

function wordsToBytes(h: Uint32Array): Uint8Array {
  const out = new Uint8Array(h.length * 4);
  const view = new DataView(out.buffer);
  h.forEach((v, i) => view.setUint32(4 * i, v));
  return out;
}
