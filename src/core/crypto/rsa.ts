/**
 * Raw RSA over BigInt. WebCrypto has no RSAES-PKCS1-v1_5 and no OAEP with an MGF1 hash different
 * from the OAEP hash, so decryption for CMS key transport is done here. Private operations use
 * CRT with RSA blinding and check the result against the public key (fault attacks).
 */
import * as asn1js from "asn1js";
import { parseBerExact } from "../asn1";
import { SpmError } from "../errors";
import { randomBytes } from "../bytes";
import { DEFAULT_CONFIG } from "../config";

export interface RsaPublicKey {
  n: bigint;
  e: bigint;
  /** Modulus length in bytes (k in RFC 8017). */
  byteLength: number;
}

export interface RsaPrivateKey extends RsaPublicKey {
  d: bigint;
  p: bigint;
  q: bigint;
  dp: bigint;
  dq: bigint;
  qInv: bigint;
}

export function bytesToBigInt(bytes: Uint8Array): bigint {
  let hex = "";
  for (const b of bytes) hex += b.toString(16).padStart(2, "0");
  return hex ? BigInt("0x" + hex) : 0n;
}

/** I2OSP: big-endian, left-padded to `length` bytes. */
export function bigIntToBytes(value: bigint, length: number): Uint8Array {
  let hex = value.toString(16);
  if (hex.length % 2) hex = "0" + hex;
  if (hex.length / 2 > length) throw new SpmError("INVALID_ARGUMENT", "Integer too large for the RSA modulus");
  const out = new Uint8Array(length);
  const offset = length - hex.length / 2;
  for (let i = 0; i < hex.length / 2; i++) out[offset + i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

/** Modular inverse, or undefined when none exists. */
function modInverse(a: bigint, m: bigint): bigint | undefined {
  let [oldR, r] = [((a % m) + m) % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) return undefined;
  return ((oldS % m) + m) % m;
}

function integers(node: asn1js.AsnType, count: number, what: string): bigint[] {
  const values = (node as asn1js.Sequence).valueBlock?.value;
  if (!(node instanceof asn1js.Sequence) || !Array.isArray(values) || values.length < count) {
    throw new SpmError("INVALID_ARGUMENT", `The ${what} is not a valid RSA key`);
  }
  return values.slice(0, count).map((v) => {
    if (!(v instanceof asn1js.Integer)) throw new SpmError("INVALID_ARGUMENT", `The ${what} is not a valid RSA key`);
    return bytesToBigInt(v.valueBlock.valueHexView);
  });
}

function byteLengthOf(n: bigint): number {
  return Math.ceil(n.toString(16).length / 2);
}

/** RSAPublicKey (PKCS#1) DER, i.e. the subjectPublicKey BIT STRING content of an rsaEncryption SPKI. */
export function parseRsaPublicKey(der: Uint8Array): RsaPublicKey {
  const [n, e] = integers(parseBerExact(der, { what: "RSA public key", maxBytes: DEFAULT_CONFIG.maxCertificateBytes }), 2, "RSA public key");
  if (n <= 0n || e <= 1n) throw new SpmError("INVALID_ARGUMENT", "The RSA public key is not valid");
  return { n, e, byteLength: byteLengthOf(n) };
}

/** PKCS#8 PrivateKeyInfo holding an rsaEncryption RSAPrivateKey. */
export function parseRsaPrivateKeyPkcs8(pkcs8: Uint8Array): RsaPrivateKey {
  const what = "private key";
  const info = parseBerExact(pkcs8, { what, maxBytes: DEFAULT_CONFIG.maxPrivateKeyBytes });
  const fields = (info as asn1js.Sequence).valueBlock?.value;
  const inner = Array.isArray(fields) ? fields[2] : undefined;
  if (!(inner instanceof asn1js.OctetString) || inner.valueBlock.isConstructed) {
    throw new SpmError("INVALID_ARGUMENT", "The private key is not PKCS#8");
  }
  const rsa = parseBerExact(inner.valueBlock.valueHexView, { what, maxBytes: DEFAULT_CONFIG.maxPrivateKeyBytes });
  const [, n, e, d, p, q, dp, dq, qInv] = integers(rsa, 9, what);
  if (n <= 0n || p * q !== n) throw new SpmError("INVALID_ARGUMENT", "The RSA private key is not consistent");
  return { n, e, d, p, q, dp, dq, qInv, byteLength: byteLengthOf(n) };
}

/** RSAEP: c = m^e mod n, as k bytes. */
export function rsaPublicOperation(key: RsaPublicKey, message: Uint8Array): Uint8Array {
  const m = bytesToBigInt(message);
  if (m >= key.n) throw new SpmError("INVALID_ARGUMENT", "RSA message representative out of range");
  return bigIntToBytes(modPow(m, key.e, key.n), key.byteLength);
}

function randomBlinding(n: bigint, byteLength: number): { r: bigint; rInv: bigint } {
  for (let attempt = 0; attempt < 64; attempt++) {
    const r = bytesToBigInt(randomBytes(byteLength)) % n;
    if (r < 2n) continue;
    const rInv = modInverse(r, n);
    if (rInv !== undefined) return { r, rInv };
  }
  throw new SpmError("DECRYPTION_FAILED", "Decryption failed");
}

/**
 * A host's native raw RSA private operation (RSADP, no padding): m = c^d mod n as k bytes, for c already checked
 * to be k bytes and below n. The CLI installs OpenSSL's (constant-time, blinded, fault-checked, about 10x the
 * speed of BigInt); padding checks stay here, the same for both.
 */
export type NativeRsaPrivate = (key: RsaPrivateKey, ciphertext: Uint8Array) => Uint8Array;
let nativeRsaPrivate: NativeRsaPrivate | undefined;

export function installNativeRsaPrivate(operation: NativeRsaPrivate | undefined): void {
  nativeRsaPrivate = operation;
}

/** Is a host's native operation installed (then RSA signing uses it too, see cms/signed/rsa-sign.ts)? */
export function hasNativeRsaPrivate(): boolean {
  return nativeRsaPrivate !== undefined;
}

/**
 * RSADP with blinding: m = c^d mod n via CRT on c * r^e, unblinded with r^-1. The ciphertext must be
 * exactly k bytes and below n (RFC 8017 7.1.2/7.2.2 step 1); violations are a decryption error.
 */
export function rsaPrivateOperation(key: RsaPrivateKey, ciphertext: Uint8Array): Uint8Array {
  const fail = (cause?: unknown) => new SpmError("DECRYPTION_FAILED", "Decryption failed", { cause });
  if (ciphertext.length !== key.byteLength) throw fail();
  const c = bytesToBigInt(ciphertext);
  if (c >= key.n) throw fail();
  if (nativeRsaPrivate) {
    let m: Uint8Array;
    try {
      m = nativeRsaPrivate(key, ciphertext);
    } catch (e) {
      throw fail(e);
    }
    if (m.length !== key.byteLength) throw fail();
    return m;
  }
  const { r, rInv } = randomBlinding(key.n, key.byteLength);
  const blinded = (c * modPow(r, key.e, key.n)) % key.n;
  const m1 = modPow(blinded % key.p, key.dp, key.p);
  const m2 = modPow(blinded % key.q, key.dq, key.q);
  const h = (key.qInv * (((m1 - m2) % key.p) + key.p)) % key.p;
  const mBlinded = m2 + h * key.q;
  // Fault check: a wrong CRT result would leak a factor of n.
  if (modPow(mBlinded, key.e, key.n) !== blinded) throw fail();
  return fixedLengthBytes((mBlinded * rInv) % key.n, key.byteLength);
}

/**
 * I2OSP for secret values (< 2^(8*length)): a marker bit above the top byte keeps the hex conversion
 * the same length whatever the number of leading zero bytes, which is what padding oracles probe.
 */
function fixedLengthBytes(value: bigint, length: number): Uint8Array {
  const hex = (value | (1n << BigInt(8 * length))).toString(16);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16);
  return out;
}
