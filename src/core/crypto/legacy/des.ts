/**
 * DES / Triple-DES (EDE, three keys) in CBC mode, pure TypeScript (FIPS 46-3, SP 800-67).
 * Only for reading legacy data (old 3DES mail, legacy PKCS#12 files): WebCrypto has no DES.
 * Raw CBC: no padding is added or removed; callers handle PKCS#7 padding.
 */
import { SpmError } from "../../errors";

// FIPS 46-3 tables, 1-indexed bit positions (bit 1 = most significant bit of the first byte).
const IP = [
  58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4, 62, 54, 46, 38, 30, 22, 14, 6, 64, 56, 48, 40, 32,
  24, 16, 8, 57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3, 61, 53, 45, 37, 29, 21, 13, 5, 63, 55, 47,
  39, 31, 23, 15, 7,
];
const PC1 = [
  57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18, 10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60, 52, 44, 36, 63, 55,
  47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22, 14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4,
];
const PC2 = [
  14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10, 23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2, 41, 52, 31, 37, 47, 55, 30,
  40, 51, 45, 33, 48, 44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32,
];
const SHIFTS = [1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1];
const P = [16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10, 2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25];
const S = [
  [
    14, 4, 13, 1, 2, 15, 11, 8, 3, 10, 6, 12, 5, 9, 0, 7, 0, 15, 7, 4, 14, 2, 13, 1, 10, 6, 12, 11, 9, 5, 3, 8, 4, 1,
    14, 8, 13, 6, 2, 11, 15, 12, 9, 7, 3, 10, 5, 0, 15, 12, 8, 2, 4, 9, 1, 7, 5, 11, 3, 14, 10, 0, 6, 13,
  ],
  [
    15, 1, 8, 14, 6, 11, 3, 4, 9, 7, 2, 13, 12, 0, 5, 10, 3, 13, 4, 7, 15, 2, 8, 14, 12, 0, 1, 10, 6, 9, 11, 5, 0, 14,
    7, 11, 10, 4, 13, 1, 5, 8, 12, 6, 9, 3, 2, 15, 13, 8, 10, 1, 3, 15, 4, 2, 11, 6, 7, 12, 0, 5, 14, 9,
  ],
  [
    10, 0, 9, 14, 6, 3, 15, 5, 1, 13, 12, 7, 11, 4, 2, 8, 13, 7, 0, 9, 3, 4, 6, 10, 2, 8, 5, 14, 12, 11, 15, 1, 13, 6,
    4, 9, 8, 15, 3, 0, 11, 1, 2, 12, 5, 10, 14, 7, 1, 10, 13, 0, 6, 9, 8, 7, 4, 15, 14, 3, 11, 5, 2, 12,
  ],
  [
    7, 13, 14, 3, 0, 6, 9, 10, 1, 2, 8, 5, 11, 12, 4, 15, 13, 8, 11, 5, 6, 15, 0, 3, 4, 7, 2, 12, 1, 10, 14, 9, 10, 6,
    9, 0, 12, 11, 7, 13, 15, 1, 3, 14, 5, 2, 8, 4, 3, 15, 0, 6, 10, 1, 13, 8, 9, 4, 5, 11, 12, 7, 2, 14,
  ],
  [
    2, 12, 4, 1, 7, 10, 11, 6, 8, 5, 3, 15, 13, 0, 14, 9, 14, 11, 2, 12, 4, 7, 13, 1, 5, 0, 15, 10, 3, 9, 8, 6, 4, 2, 1,
    11, 10, 13, 7, 8, 15, 9, 12, 5, 6, 3, 0, 14, 11, 8, 12, 7, 1, 14, 2, 13, 6, 15, 0, 9, 10, 4, 5, 3,
  ],
  [
    12, 1, 10, 15, 9, 2, 6, 8, 0, 13, 3, 4, 14, 7, 5, 11, 10, 15, 4, 2, 7, 12, 9, 5, 6, 1, 13, 14, 0, 11, 3, 8, 9, 14,
    15, 5, 2, 8, 12, 3, 7, 0, 4, 10, 1, 13, 11, 6, 4, 3, 2, 12, 9, 5, 15, 10, 11, 14, 1, 7, 6, 0, 8, 13,
  ],
  [
    4, 11, 2, 14, 15, 0, 8, 13, 3, 12, 9, 7, 5, 10, 6, 1, 13, 0, 11, 7, 4, 9, 1, 10, 14, 3, 5, 12, 2, 15, 8, 6, 1, 4,
    11, 13, 12, 3, 7, 14, 10, 15, 6, 8, 0, 5, 9, 2, 6, 11, 13, 8, 1, 4, 10, 7, 9, 5, 0, 15, 14, 2, 3, 12,
  ],
  [
    13, 2, 8, 4, 6, 15, 11, 1, 10, 9, 3, 14, 5, 0, 12, 7, 1, 15, 13, 8, 10, 3, 7, 4, 12, 5, 6, 11, 0, 14, 9, 2, 7, 11,
    4, 1, 9, 12, 14, 2, 0, 6, 10, 13, 15, 3, 5, 8, 2, 1, 14, 7, 4, 10, 8, 13, 15, 12, 9, 0, 3, 5, 6, 11,
  ],
];

/**
 * A 64-bit permutation as byte lookup tables: for input byte j with value v, the output (hi, lo) bits it
 * contributes. A block permutation is then 8 lookups instead of 64 bit moves.
 */
function permutationTable(perm: number[]): Uint32Array {
  const table = new Uint32Array(8 * 256 * 2);
  for (let j = 0; j < 8; j++) {
    for (let v = 0; v < 256; v++) {
      let hi = 0;
      let lo = 0;
      for (let o = 0; o < 64; o++) {
        const src = perm[o] - 1;
        if (src >> 3 !== j || ((v >> (7 - (src & 7))) & 1) === 0) continue;
        if (o < 32) hi |= 1 << (31 - o);
        else lo |= 1 << (63 - o);
      }
      table[(j * 256 + v) * 2] = hi >>> 0;
      table[(j * 256 + v) * 2 + 1] = lo >>> 0;
    }
  }
  return table;
}

function inverse(perm: number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((src, o) => (inv[src - 1] = o + 1));
  return inv;
}

/** S-box i combined with P: SP[i * 64 + six-bit input] = P(S_i output in its nibble position). */
function spTable(): Uint32Array {
  const sp = new Uint32Array(8 * 64);
  for (let i = 0; i < 8; i++) {
    for (let v = 0; v < 64; v++) {
      const row = ((v >> 4) & 2) | (v & 1);
      const col = (v >> 1) & 15;
      const beforeP = (S[i][row * 16 + col] << (28 - 4 * i)) >>> 0;
      let out = 0;
      for (let o = 0; o < 32; o++) {
        if ((beforeP >>> (32 - P[o])) & 1) out |= 1 << (31 - o);
      }
      sp[i * 64 + v] = out >>> 0;
    }
  }
  return sp;
}

let tables: { ip: Uint32Array; fp: Uint32Array; sp: Uint32Array } | undefined;
function getTables() {
  tables ??= { ip: permutationTable(IP), fp: permutationTable(inverse(IP)), sp: spTable() };
  return tables;
}

/** 16 round keys, each as 8 six-bit chunks (one per S-box). */
function keySchedule(key: Uint8Array, offset: number): Uint8Array {
  const bit = (pos: number) => (key[offset + ((pos - 1) >> 3)] >> (7 - ((pos - 1) & 7))) & 1;
  const cd = PC1.map(bit); // 56 bits: C = cd[0..27], D = cd[28..55]
  const subkeys = new Uint8Array(16 * 8);
  let c = cd.slice(0, 28);
  let d = cd.slice(28);
  for (let round = 0; round < 16; round++) {
    const s = SHIFTS[round];
    c = c.slice(s).concat(c.slice(0, s));
    d = d.slice(s).concat(d.slice(0, s));
    const merged = c.concat(d);
    for (let chunk = 0; chunk < 8; chunk++) {
      let v = 0;
      for (let b = 0; b < 6; b++) v = (v << 1) | merged[PC2[chunk * 6 + b] - 1];
      subkeys[round * 8 + chunk] = v;
    }
  }
  return subkeys;
}

function permute(table: Uint32Array, hi: number, lo: number, out: Uint32Array): void {
  let rh = 0;
  let rl = 0;
  for (let j = 0; j < 8; j++) {
    const v = j < 4 ? (hi >>> (24 - 8 * j)) & 0xff : (lo >>> (56 - 8 * j)) & 0xff;
    rh |= table[(j * 256 + v) * 2];
    rl |= table[(j * 256 + v) * 2 + 1];
  }
  out[0] = rh >>> 0;
  out[1] = rl >>> 0;
}

/** One DES block operation; `decrypt` runs the round keys backwards. Result in `io`. */
function desBlock(io: Uint32Array, subkeys: Uint8Array, decrypt: boolean): void {
  const { ip, fp, sp } = getTables();
  permute(ip, io[0], io[1], io);
  let l = io[0];
  let r = io[1];
  for (let i = 0; i < 16; i++) {
    const k = (decrypt ? 15 - i : i) * 8;
    let f = 0;
    // E expansion: chunk n is the 6 bits starting at (1-indexed) bit 4n of R, wrapping around.
    for (let n = 0; n < 8; n++) {
      const shift = 4 * n + 5;
      const chunk = ((r << shift) | (r >>> (32 - shift))) & 0x3f;
      f |= sp[n * 64 + (chunk ^ subkeys[k + n])];
    }
    const t = r;
    r = (l ^ f) >>> 0;
    l = t;
  }
  permute(fp, r, l, io); // final swap, then the inverse initial permutation
}

function checkArgs(key: Uint8Array, iv: Uint8Array, data: Uint8Array): void {
  if (key.length !== 24) throw new SpmError("INVALID_ARGUMENT", "A 3DES key must be 24 bytes");
  if (iv.length !== 8) throw new SpmError("INVALID_ARGUMENT", "A 3DES IV must be 8 bytes");
  if (data.length % 8 !== 0) {
    throw new SpmError("MALFORMED", "3DES-CBC data is not a multiple of the 8-byte block size");
  }
}

function readBlock(data: Uint8Array, off: number, io: Uint32Array): void {
  io[0] = ((data[off] << 24) | (data[off + 1] << 16) | (data[off + 2] << 8) | data[off + 3]) >>> 0;
  io[1] = ((data[off + 4] << 24) | (data[off + 5] << 16) | (data[off + 6] << 8) | data[off + 7]) >>> 0;
}

function writeBlock(out: Uint8Array, off: number, hi: number, lo: number): void {
  out[off] = hi >>> 24;
  out[off + 1] = hi >>> 16;
  out[off + 2] = hi >>> 8;
  out[off + 3] = hi;
  out[off + 4] = lo >>> 24;
  out[off + 5] = lo >>> 16;
  out[off + 6] = lo >>> 8;
  out[off + 7] = lo;
}

/** Triple-DES EDE (K1, K2, K3 = key bytes 0-7, 8-15, 16-23) CBC decryption. Padding is left in place. */
export function desEde3CbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  checkArgs(key, iv, data);
  const k1 = keySchedule(key, 0);
  const k2 = keySchedule(key, 8);
  const k3 = keySchedule(key, 16);
  const out = new Uint8Array(data.length);
  const io = new Uint32Array(2);
  const prev = new Uint32Array(2);
  readBlock(iv, 0, prev);
  for (let off = 0; off < data.length; off += 8) {
    readBlock(data, off, io);
    const c0 = io[0];
    const c1 = io[1];
    desBlock(io, k3, true);
    desBlock(io, k2, false);
    desBlock(io, k1, true);
    writeBlock(out, off, io[0] ^ prev[0], io[1] ^ prev[1]);
    prev[0] = c0;
    prev[1] = c1;
  }
  return out;
}

/** Triple-DES EDE CBC encryption of data already padded to a multiple of 8 bytes (tests, interop). */
export function desEde3CbcEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  checkArgs(key, iv, data);
  const k1 = keySchedule(key, 0);
  const k2 = keySchedule(key, 8);
  const k3 = keySchedule(key, 16);
  const out = new Uint8Array(data.length);
  const io = new Uint32Array(2);
  readBlock(iv, 0, io);
  const block = new Uint32Array(2);
  for (let off = 0; off < data.length; off += 8) {
    readBlock(data, off, block);
    io[0] = (io[0] ^ block[0]) >>> 0;
    io[1] = (io[1] ^ block[1]) >>> 0;
    desBlock(io, k1, false);
    desBlock(io, k2, true);
    desBlock(io, k3, false);
    writeBlock(out, off, io[0], io[1]);
  }
  return out;
}
