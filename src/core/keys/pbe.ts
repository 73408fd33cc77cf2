/**
 * Password-based encryption for PKCS#12 and PKCS#8: the PKCS#12 KDF (RFC 7292 Appendix B), the legacy
 * PKCS#12 PBEs (3DES, RC2; Appendix C) and PBES2 (RFC 8018: PBKDF2 + AES-CBC or 3DES-CBC).
 * Iteration counts come from untrusted files: each derivation is capped (maxKdfIterations), and all the
 * derivations of one file share one KdfBudget (maxPkcs12KdfWork), so a 1 KB file cannot pin the CPU for minutes.
 */
import * as asn1js from "asn1js";
import { DEFAULT_CONFIG, type CoreConfig } from "../config";
import { SpmError } from "../errors";
import { concatBytes, randomBytes, utf8Encode } from "../bytes";
import { desEde3CbcDecrypt, rc2CbcDecrypt } from "../crypto/legacy";
import { children, int, type Node, objId, octetString, octets, oid, seq, smallInt } from "./der";
import { aesCbcDecrypt as aesCbcDecryptPadded, aesCbcEncrypt, kdfBlocks, pbkdf2, pkcs12Kdf, pkcs12KdfAsGnupg, type HashName } from "../crypto";

export type { HashName };

export const PBE_OID = {
  pbeWithSHAAnd128BitRC4: "1.2.840.113549.1.12.1.1",
  pbeWithSHAAnd40BitRC4: "1.2.840.113549.1.12.1.2",
  pbeWithSHAAnd3KeyTripleDESCBC: "1.2.840.113549.1.12.1.3",
  pbeWithSHAAnd2KeyTripleDESCBC: "1.2.840.113549.1.12.1.4",
  pbeWithSHAAnd128BitRC2CBC: "1.2.840.113549.1.12.1.5",
  pbeWithSHAAnd40BitRC2CBC: "1.2.840.113549.1.12.1.6",
  pbes2: "1.2.840.113549.1.5.13",
  pbkdf2: "1.2.840.113549.1.5.12",
  hmacWithSHA1: "1.2.840.113549.2.7",
  hmacWithSHA224: "1.2.840.113549.2.8",
  hmacWithSHA256: "1.2.840.113549.2.9",
  hmacWithSHA384: "1.2.840.113549.2.10",
  hmacWithSHA512: "1.2.840.113549.2.11",
  aes128CBC: "2.16.840.1.101.3.4.1.2",
  aes192CBC: "2.16.840.1.101.3.4.1.22",
  aes256CBC: "2.16.840.1.101.3.4.1.42",
  desEde3CBC: "1.2.840.113549.3.7",
} as const;

/** An iteration count from a file: a positive integer within maxKdfIterations (the JDK PKCS12KeyStore's cap). */
export function checkIterations(iterations: number, what: string, config: CoreConfig = DEFAULT_CONFIG): void {
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new SpmError("MALFORMED", `The ${what} has an invalid iteration count`);
  }
  if (iterations > config.maxKdfIterations) {
    throw new SpmError("LIMIT_EXCEEDED", `The ${what} asks for ${iterations} iterations (limit ${config.maxKdfIterations})`, {
      details: { limit: "maxKdfIterations", iterations, max: config.maxKdfIterations },
    });
  }
}

/** A SHA-384/512 PKCS#12-KDF round is an awaited WebCrypto digest, about 100 times a native or JS-loop round. */
const ASYNC_ROUND_COST = 100;

/**
 * The key-derivation work one file may cause, in hash rounds (iterations x output blocks). Every derivation is
 * charged before it runs, so a hostile file fails with LIMIT_EXCEEDED after at most the budget's work (about
 * 2.5 s at the default on a 2-core VM), however many bags or password candidates it makes us try.
 */
export class KdfBudget {
  private spent = 0;

  constructor(readonly config: CoreConfig = DEFAULT_CONFIG) {}

  charge(iterations: number, blocks: number, what: string, roundCost = 1): void {
    checkIterations(iterations, what, this.config);
    const cost = iterations * blocks * roundCost;
    const limit = this.config.maxPkcs12KdfWork;
    if (this.spent + cost > limit) {
      throw new SpmError("LIMIT_EXCEEDED", `The key file asks for more key-derivation work than allowed (${this.spent + cost} of at most ${limit} rounds)`, {
        details: { limit: "maxPkcs12KdfWork", max: limit, spent: this.spent, requested: cost },
      });
    }
    this.spent += cost;
  }

  /** Rounds charged so far. */
  get work(): number {
    return this.spent;
  }
}

/** RFC 7292 B.1: password as BMPString (UTF-16BE) with a two-byte null terminator. */
export function bmpPassword(password: string): Uint8Array {
  const out = new Uint8Array(password.length * 2 + 2);
  for (let i = 0; i < password.length; i++) {
    const c = password.charCodeAt(i);
    out[2 * i] = c >> 8;
    out[2 * i + 1] = c & 0xff;
  }
  return out;
}

/**
 * OpenSSL before 1.1.0 turned each byte of a non-ASCII password into one BMP character (as if Latin-1),
 * so old files made with "Pässwörd" need this form; OpenSSL 3 itself falls back to it the same way.
 */
export function bmpPasswordFromUtf8Bytes(password: string): Uint8Array {
  const bytes = utf8Encode(password);
  const out = new Uint8Array(bytes.length * 2 + 2);
  bytes.forEach((b, i) => (out[2 * i + 1] = b));
  return out;
}

/**
 * The PKCS#12 KDF for data from a file: charged to `budget` before it runs (a fresh default budget when none is
 * given), then derived (src/core/crypto/kdf.ts).
 */
export async function pkcs12Key(
  hash: HashName,
  passwordBmp: Uint8Array,
  salt: Uint8Array,
  id: 1 | 2 | 3,
  iterations: number,
  n: number,
  budget: KdfBudget = new KdfBudget(),
): Promise<Uint8Array> {
  const slow = hash === "SHA-384" || hash === "SHA-512";
  budget.charge(iterations, kdfBlocks(hash, n), "PKCS#12 key derivation", slow ? ASYNC_ROUND_COST : 1);
  return pkcs12Kdf(hash, passwordBmp, salt, id, iterations, n, budget.config.maxAsyncKdfIterations);
}

/** The key as GnuPG's minip12 derives it (Pkcs12KdfVariant in src/core/crypto/kdf.ts), or undefined when it is the same. */
async function pkcs12KeyAsGnupg(passwordBmp: Uint8Array, salt: Uint8Array, iterations: number, n: number, budget: KdfBudget): Promise<Uint8Array | undefined> {
  budget.charge(iterations, kdfBlocks("SHA-1", n), "PKCS#12 key derivation");
  return pkcs12KdfAsGnupg({ hash: "SHA-1", passwordBmp, salt, id: 1, iterations, n, maxAsyncIterations: budget.config.maxAsyncKdfIterations });
}

/** The password in the forms the different schemes need. */
export interface PasswordForms {
  utf8: Uint8Array;
  bmp: Uint8Array;
}

export function passwordForms(password: string, bmp = bmpPassword(password)): PasswordForms {
  return { utf8: utf8Encode(password), bmp };
}

/** A decryption whose padding or key did not check out: the caller decides if that means a wrong password. */
export class BadDecryption extends SpmError {
  constructor(message: string, cause?: unknown) {
    super("DECRYPTION_FAILED", message, { cause });
  }
}

function unpad(data: Uint8Array, block: number): Uint8Array {
  const p = data[data.length - 1];
  if (data.length === 0 || p < 1 || p > block || p > data.length) throw new BadDecryption("Bad padding");
  let bad = 0;
  for (let k = data.length - p; k < data.length; k++) bad |= data[k] ^ p;
  if (bad) throw new BadDecryption("Bad padding");
  return data.subarray(0, data.length - p);
}

async function aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  try {
    return await aesCbcDecryptPadded(key, iv, data);
  } catch (e) {
    throw new BadDecryption("AES-CBC decryption failed (padding)", e);
  }
}

interface DecryptResult {
  plaintext: Uint8Array;
  /** A pre-PBES2 PKCS#12 PBE (3DES or RC2 with the PKCS#12 KDF) was used. */
  legacy: boolean;
  /** The key came from GnuPG's minip12 form of the KDF (a gpgsm 2.2 export that other programs cannot read). */
  gnupgKdf?: boolean;
}

/** 3DES (three- or two-key) or RC2 in CBC mode, as the PKCS#12 PBE `alg` names, without unpadding. */
function legacyPbeDecrypt(alg: string, key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  if (alg === PBE_OID.pbeWithSHAAnd3KeyTripleDESCBC || alg === PBE_OID.pbeWithSHAAnd2KeyTripleDESCBC) {
    const k3 = key.length === 24 ? key : concatBytes(key, key.subarray(0, 8));
    try {
      return desEde3CbcDecrypt(k3, iv, ciphertext);
    } finally {
      if (k3 !== key) k3.fill(0);
    }
  }
  return rc2CbcDecrypt(key, key.length * 8, iv, ciphertext);
}

/**
 * Decrypt data protected with the algorithm in `algorithm` (an AlgorithmIdentifier node), charging `budget`.
 * `check` (no side effects) throws BadDecryption when the plaintext is not what was expected, so a wrong key whose
 * padding passed by chance is also caught.
 */
export async function pbeDecrypt(
  algorithm: Node,
  ciphertext: Uint8Array,
  password: PasswordForms,
  budget: KdfBudget = new KdfBudget(),
  check?: (plaintext: Uint8Array) => Promise<void>,
): Promise<DecryptResult> {
  const [algOid, params] = children(algorithm, "encryption algorithm");
  const alg = oid(algOid, "encryption algorithm");
  switch (alg) {
    case PBE_OID.pbeWithSHAAnd3KeyTripleDESCBC:
    case PBE_OID.pbeWithSHAAnd2KeyTripleDESCBC:
    case PBE_OID.pbeWithSHAAnd128BitRC2CBC:
    case PBE_OID.pbeWithSHAAnd40BitRC2CBC: {
      const [saltNode, iterNode] = children(params, "PKCS#12 PBE parameters");
      const salt = octets(saltNode, "PBE salt");
      const iterations = smallInt(iterNode, "PBE iteration count");
      const keyLength = {
        [PBE_OID.pbeWithSHAAnd3KeyTripleDESCBC]: 24,
        [PBE_OID.pbeWithSHAAnd2KeyTripleDESCBC]: 16,
        [PBE_OID.pbeWithSHAAnd128BitRC2CBC]: 16,
        [PBE_OID.pbeWithSHAAnd40BitRC2CBC]: 5,
      }[alg];
      if (ciphertext.length === 0 || ciphertext.length % 8 !== 0) throw new BadDecryption("Ciphertext length");
      const iv = await pkcs12Key("SHA-1", password.bmp, salt, 2, iterations, 8, budget);
      const decrypt = async (key: Uint8Array) => {
        try {
          const plaintext = unpad(legacyPbeDecrypt(alg, key, iv, ciphertext), 8);
          await check?.(plaintext);
          return plaintext;
        } finally {
          key.fill(0);
        }
      };
      try {
        return { plaintext: await decrypt(await pkcs12Key("SHA-1", password.bmp, salt, 1, iterations, keyLength, budget)), legacy: true };
      } catch (e) {
        // Keys longer than one SHA-1 block (3DES) may come from gpgsm's minip12 (Pkcs12KdfVariant): try its key once.
        const oneBlock = keyLength <= 20; // SHA-1: minip12's quirk only changes the blocks after the first
        const gnupgKey = e instanceof BadDecryption && !oneBlock ? await pkcs12KeyAsGnupg(password.bmp, salt, iterations, keyLength, budget) : undefined;
        if (!gnupgKey) throw e;
        return { plaintext: await decrypt(gnupgKey), legacy: true, gnupgKdf: true };
      }
    }
    case PBE_OID.pbes2:
      return { plaintext: await pbes2Decrypt(params, ciphertext, password.utf8, budget), legacy: false };
    default:
      throw new SpmError("UNSUPPORTED_ALGORITHM", `Unsupported password-based encryption algorithm ${alg}`, {
        details: { oid: alg },
      });
  }
}

const PRF_HASH: Record<string, HashName> = {
  [PBE_OID.hmacWithSHA1]: "SHA-1",
  [PBE_OID.hmacWithSHA256]: "SHA-256",
  [PBE_OID.hmacWithSHA384]: "SHA-384",
  [PBE_OID.hmacWithSHA512]: "SHA-512",
};

const PBES2_CIPHERS: Record<string, { keyLength: number; kind: "aes" | "3des" }> = {
  [PBE_OID.aes128CBC]: { keyLength: 16, kind: "aes" },
  [PBE_OID.aes192CBC]: { keyLength: 24, kind: "aes" },
  [PBE_OID.aes256CBC]: { keyLength: 32, kind: "aes" },
  [PBE_OID.desEde3CBC]: { keyLength: 24, kind: "3des" },
};

async function pbes2Decrypt(params: Node, ciphertext: Uint8Array, password: Uint8Array, budget: KdfBudget): Promise<Uint8Array> {
  const [kdf, scheme] = children(params, "PBES2 parameters");
  const [kdfOid, kdfParams] = children(kdf, "PBES2 key derivation");
  const kdfAlg = oid(kdfOid, "PBES2 key derivation");
  if (kdfAlg !== PBE_OID.pbkdf2) {
    throw new SpmError("UNSUPPORTED_ALGORITHM", `Unsupported PBES2 key derivation ${kdfAlg}`, { details: { oid: kdfAlg } });
  }
  const kp = children(kdfParams, "PBKDF2 parameters");
  const salt = octets(kp[0], "PBKDF2 salt");
  const iterations = smallInt(kp[1], "PBKDF2 iteration count");
  checkIterations(iterations, "PBKDF2 parameters", budget.config);
  let rest = kp.slice(2);
  let keyLength: number | undefined;
  if (rest[0] instanceof asn1js.Integer) {
    keyLength = smallInt(rest[0], "PBKDF2 key length");
    rest = rest.slice(1);
  }
  let hash: HashName = "SHA-1";
  if (rest[0]) {
    const prf = oid(children(rest[0], "PBKDF2 PRF")[0], "PBKDF2 PRF");
    const h = PRF_HASH[prf];
    if (!h) throw new SpmError("UNSUPPORTED_ALGORITHM", `Unsupported PBKDF2 PRF ${prf}`, { details: { oid: prf } });
    hash = h;
  }
  const [schemeOid, ivNode] = children(scheme, "PBES2 encryption scheme");
  const cipherOid = oid(schemeOid, "PBES2 encryption scheme");
  const cipher = PBES2_CIPHERS[cipherOid];
  if (!cipher) {
    throw new SpmError("UNSUPPORTED_ALGORITHM", `Unsupported PBES2 cipher ${cipherOid}`, { details: { oid: cipherOid } });
  }
  if (keyLength !== undefined && keyLength !== cipher.keyLength) {
    throw new SpmError("MALFORMED", "PBKDF2 key length does not match the cipher");
  }
  const iv = octets(ivNode, "PBES2 IV");
  budget.charge(iterations, kdfBlocks(hash, cipher.keyLength), "PBKDF2 parameters");
  const key = await pbkdf2(password, salt, iterations, hash, cipher.keyLength);
  try {
    if (cipher.kind === "aes") {
      if (iv.length !== 16) throw new SpmError("MALFORMED", "AES-CBC IV must be 16 bytes");
      return await aesCbcDecrypt(key, iv, ciphertext);
    }
    if (iv.length !== 8) throw new SpmError("MALFORMED", "3DES-CBC IV must be 8 bytes");
    if (ciphertext.length === 0 || ciphertext.length % 8 !== 0) throw new BadDecryption("Ciphertext length");
    return unpad(desEde3CbcDecrypt(key, iv, ciphertext), 8);
  } finally {
    key.fill(0);
  }
}

/** PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC: returns the AlgorithmIdentifier and the ciphertext. */
export async function pbes2Encrypt(
  plaintext: Uint8Array,
  password: string,
  iterations: number,
): Promise<{ algorithm: Node; ciphertext: Uint8Array }> {
  const salt = randomBytes(16);
  const iv = randomBytes(16);
  const keyBytes = await pbkdf2(utf8Encode(password), salt, iterations, "SHA-256", 32);
  const ciphertext = await aesCbcEncrypt(keyBytes, iv, plaintext);
  keyBytes.fill(0);
  const algorithm = seq(
    objId(PBE_OID.pbes2),
    seq(
      seq(
        objId(PBE_OID.pbkdf2),
        seq(octetString(salt), int(iterations), seq(objId(PBE_OID.hmacWithSHA256), new asn1js.Null())),
      ),
      seq(objId(PBE_OID.aes256CBC), octetString(iv)),
    ),
  );
  return { algorithm, ciphertext };
}

