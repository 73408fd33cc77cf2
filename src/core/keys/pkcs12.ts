/**
 * PKCS#12 (RFC 7292) import and export. Structures are walked with asn1js directly: PKI.js's PFX classes
 * cannot decrypt the legacy PBEs, and building the output ourselves keeps it exactly what OpenSSL 3 and
 * Windows (AES256-SHA256 export) write.
 */
import * as asn1js from "asn1js";
import { resolveConfig, type ConfigOverrides } from "../config";
import { SpmError } from "../errors";
import { parseBer } from "../asn1";
import { OID } from "../oids";
import { bytesEqual, constantTimeEqual, randomBytes } from "../bytes";
import { unarmorPkcs12 } from "./pkcs12-armor";
import type { Identity } from "../types";
import {
  children, ctxExplicit, ctxImplicitOctets, encoded, explicit, int, isContext, type Node, nullValue, objId,
  octets, octetString, oid, seq, set, smallInt, toDer,
} from "./der";
import {
  BadDecryption, bmpPassword, bmpPasswordFromUtf8Bytes, checkIterations, type HashName, KdfBudget, passwordForms,
  type PasswordForms, pbeDecrypt, pbes2Encrypt, pkcs12Key,
} from "./pbe";
import { certificatePublicJwk, jwkEqual, parseCertificate, privateKeyAlgorithm, publicKeyOf } from "./key-match";
import { HASH_LENGTH, hmac, pkcs12Kdf, sha1 } from "../crypto";

export interface ImportedIdentity extends Identity {
  friendlyName?: string;
}

export interface Pkcs12Contents {
  /** Each private key paired with its certificate (by public key), chain built from the other certificates. */
  identities: ImportedIdentity[];
  /** Certificates in the file that are not the certificate of one of the keys (CA certificates and others). */
  extraCertificates: Uint8Array[];
  /** The file used a legacy PBE (3DES or RC2 with the PKCS#12 KDF). */
  legacyEncryption: boolean;
}

export interface ImportPkcs12Options {
  /**
   * Switches and limits over DEFAULT_CONFIG. `allowPkcs12WithoutMac` accepts a file without an integrity MAC
   * (`openssl pkcs12 -export -nomac`); off by default: without the MAC nothing shows that the certificates in
   * the file were not swapped, and a wrong password is only noticed by chance (bad padding). Limits:
   * maxPkcs12Bytes, maxKdfIterations, maxPkcs12KdfWork (total derivation work), maxPkcs12EncryptedBags.
   */
  config?: ConfigOverrides;
}

export interface ExportPkcs12Options {
  friendlyName?: string;
  /** PBKDF2 and MAC iteration count. Default DEFAULT_EXPORT_ITERATIONS. */
  iterations?: number;
}

/**
 * 300,000: the most that .NET's X509CertificateLoader accepts by default (Pkcs12LoaderLimits: MAC and each
 * KDF at most 300,000, all together at most 1,000,000; our file runs three). OWASP's 600,000 for
 * PBKDF2-HMAC-SHA256 would make backups that .NET 9+ applications refuse; the difference is one bit.
 */
export const DEFAULT_EXPORT_ITERATIONS = 300_000;

const P12 = {
  keyBag: "1.2.840.113549.1.12.10.1.1",
  pkcs8ShroudedKeyBag: "1.2.840.113549.1.12.10.1.2",
  certBag: "1.2.840.113549.1.12.10.1.3",
  crlBag: "1.2.840.113549.1.12.10.1.4",
  secretBag: "1.2.840.113549.1.12.10.1.5",
  safeContentsBag: "1.2.840.113549.1.12.10.1.6",
  x509Certificate: "1.2.840.113549.1.9.22.1",
  friendlyName: "1.2.840.113549.1.9.20",
  localKeyId: "1.2.840.113549.1.9.21",
  encryptedData: "1.2.840.113549.1.7.6",
  pbmac1: "1.2.840.113549.1.5.14",
};

const MAC_HASHES: Record<string, HashName> = {
  [OID.sha1]: "SHA-1",
  [OID.sha256]: "SHA-256",
  [OID.sha384]: "SHA-384",
  [OID.sha512]: "SHA-512",
};

interface Bag {
  value: Uint8Array;
  friendlyName?: string;
  localKeyId?: Uint8Array;
}

interface Collected {
  keys: Bag[];
  certs: Bag[];
  legacy: boolean;
  /** Every derivation of this file is charged here. */
  budget: KdfBudget;
  /** Shrouded key bags and encrypted safes seen so far. */
  encrypted: number;
}

/** Count one more encrypted item; too many is a limit, whatever their iteration counts. */
function countEncrypted(into: Collected): void {
  const max = into.budget.config.maxPkcs12EncryptedBags;
  if (++into.encrypted > max) {
    throw new SpmError("LIMIT_EXCEEDED", `The PKCS#12 file has more than ${max} encrypted items`, {
      details: { limit: "maxPkcs12EncryptedBags", max },
    });
  }
}

/** Verify the MAC; returns the BMP password form that matched. */
async function verifyMac(macData: Node, authSafe: Uint8Array, password: string, budget: KdfBudget): Promise<Uint8Array> {
  const [digestInfo, saltNode, iterNode] = children(macData, "PKCS#12 MAC data");
  const [algId, digestNode] = children(digestInfo, "PKCS#12 MAC");
  const macOid = oid(children(algId, "PKCS#12 MAC algorithm")[0], "PKCS#12 MAC algorithm");
  if (macOid === P12.pbmac1) {
    throw new SpmError("UNSUPPORTED_ALGORITHM", `PBMAC1 (RFC 9579) integrity is not supported yet (${macOid})`, {
      details: { oid: macOid },
    });
  }
  const hash = MAC_HASHES[macOid];
  if (!hash) {
    throw new SpmError("UNSUPPORTED_ALGORITHM", `Unsupported PKCS#12 MAC algorithm ${macOid}`, { details: { oid: macOid } });
  }
  const expected = octets(digestNode, "PKCS#12 MAC value");
  const salt = octets(saltNode, "PKCS#12 MAC salt");
  const iterations = iterNode ? smallInt(iterNode, "PKCS#12 MAC iterations") : 1;
  checkIterations(iterations, "PKCS#12 MAC", budget.config);
  const candidates = [bmpPassword(password)];
  // OpenSSL < 1.1.0 encoded non-ASCII passwords byte by byte; an empty password may be "no password".
  if (/[^\x00-\x7f]/.test(password)) candidates.push(bmpPasswordFromUtf8Bytes(password));
  if (password === "") candidates.push(new Uint8Array(0));
  for (const candidate of candidates) {
    const key = await pkcs12Key(hash, candidate, salt, 3, iterations, HASH_LENGTH[hash], budget);
    const mac = await hmac(hash, key, authSafe);
    key.fill(0);
    if (constantTimeEqual(mac, expected)) return candidate;
  }
  throw new SpmError("WRONG_PASSWORD", "The password is wrong (the file's integrity check failed)");
}

function bagAttributes(node: Node | undefined): { friendlyName?: string; localKeyId?: Uint8Array } {
  const out: { friendlyName?: string; localKeyId?: Uint8Array } = {};
  if (!node) return out;
  for (const attr of children(node, "bag attributes", 17)) {
    const [typeNode, values] = children(attr, "bag attribute");
    const type = oid(typeNode, "bag attribute");
    const first = children(values, "bag attribute values", 17)[0];
    if (type === P12.friendlyName && first instanceof asn1js.BmpString) out.friendlyName = first.valueBlock.value;
    else if (type === P12.localKeyId && first) out.localKeyId = octets(first, "localKeyId");
  }
  return out;
}

async function collectSafeContents(
  safeContents: Uint8Array,
  password: PasswordForms,
  into: Collected,
  depth = 0,
): Promise<void> {
  if (depth > 3) throw new SpmError("MALFORMED", "PKCS#12 safe contents nested too deeply");
  const bags = children(parseBer(safeContents, { what: "PKCS#12 safe contents" }), "PKCS#12 safe contents");
  for (const bagNode of bags) {
    const [idNode, valueNode, attrs] = children(bagNode, "PKCS#12 bag");
    const bagId = oid(idNode, "PKCS#12 bag type");
    const value = explicit(valueNode, 0, "PKCS#12 bag value");
    const attributes = bagAttributes(attrs);
    switch (bagId) {
      case P12.keyBag:
        into.keys.push({ value: encoded(value), ...attributes });
        break;
      case P12.pkcs8ShroudedKeyBag: {
        countEncrypted(into);
        const [alg, data] = children(value, "encrypted private key");
        const isPrivateKey = (plaintext: Uint8Array) => decryptedMustParse(async () => privateKeyAlgorithm(plaintext));
        const { plaintext, legacy } = await pbeDecrypt(alg, octets(data, "encrypted private key"), password, into.budget, isPrivateKey);
        into.legacy ||= legacy;
        into.keys.push({ value: plaintext, ...attributes });
        break;
      }
      case P12.certBag: {
        const [certType, certValue] = children(value, "certificate bag");
        // Only X.509 certificates; SDSI certificates do not occur in practice.
        if (oid(certType, "certificate bag type") !== P12.x509Certificate) break;
        into.certs.push({ value: octets(explicit(certValue, 0, "certificate bag"), "certificate"), ...attributes });
        break;
      }
      case P12.safeContentsBag:
        await collectSafeContents(encoded(value), password, into, depth + 1);
        break;
      default:
        // CRL and secret bags are of no use to a mail client.
        break;
    }
  }
}

/**
 * Decrypted bytes that do not parse mean the key was wrong (padding checks pass by chance about 1 in 256
 * times): report them like a failed decryption, not as a damaged file.
 */
async function decryptedMustParse(parse: () => Promise<unknown>): Promise<void> {
  try {
    await parse();
  } catch (e) {
    if (e instanceof SpmError && e.code === "MALFORMED") throw new BadDecryption("Decrypted content does not parse", e);
    throw e;
  }
}

async function collectAuthSafe(authSafe: Uint8Array, password: PasswordForms, into: Collected): Promise<void> {
  const infos = children(parseBer(authSafe, { what: "PKCS#12 contents" }), "PKCS#12 authenticated safe");
  for (const info of infos) {
    const [typeNode, content] = children(info, "PKCS#12 content info");
    const type = oid(typeNode, "PKCS#12 content type");
    if (type === OID.data) {
      await collectSafeContents(octets(explicit(content, 0, "PKCS#12 data"), "PKCS#12 data"), password, into);
    } else if (type === P12.encryptedData) {
      const [, encryptedContentInfo] = children(explicit(content, 0, "PKCS#12 encrypted data"), "encrypted data");
      const [, alg, encryptedContent] = children(encryptedContentInfo, "encrypted content info");
      if (!isContext(encryptedContent, 0)) continue; // detached content: nothing to read
      countEncrypted(into);
      const isSafeContents = (plaintext: Uint8Array) =>
        decryptedMustParse(async () => children(parseBer(plaintext, { what: "PKCS#12 safe contents" }), "PKCS#12 safe contents"));
      const { plaintext, legacy } = await pbeDecrypt(alg, octets(encryptedContent, "encrypted content"), password, into.budget, isSafeContents);
      into.legacy ||= legacy;
      await decryptedMustParse(() => collectSafeContents(plaintext, password, into));
    } else {
      throw new SpmError("UNSUPPORTED_ALGORITHM", `PKCS#12 content of type ${type} (public-key privacy mode) is not supported`, {
        details: { oid: type },
      });
    }
  }
}

/** Read a .p12/.pfx file (DER, or PEM-armoured "PKCS12"): private keys with their certificates and chains. */
export async function importPkcs12(
  bytes: Uint8Array,
  password: string,
  options: ImportPkcs12Options = {},
): Promise<Pkcs12Contents> {
  const config = resolveConfig(options.config);
  const budget = new KdfBudget(config);
  const der = unarmorPkcs12(bytes, config.maxPkcs12Bytes);
  const pfx = children(parseBer(der, { what: "PKCS#12 file", maxBytes: config.maxPkcs12Bytes }), "PKCS#12 file");
  if (pfx.length < 2 || pfx.length > 3 || smallInt(pfx[0], "PKCS#12 version") !== 3) {
    throw new SpmError("MALFORMED", "Not a PKCS#12 (version 3) file");
  }
  const [typeNode, content] = children(pfx[1], "PKCS#12 content");
  const type = oid(typeNode, "PKCS#12 content type");
  if (type !== OID.data) {
    throw new SpmError("UNSUPPORTED_ALGORITHM", `PKCS#12 public-key integrity mode (${type}) is not supported`, {
      details: { oid: type },
    });
  }
  const authSafe = octets(explicit(content, 0, "PKCS#12 content"), "PKCS#12 content");
  let bmp: Uint8Array;
  const hasMac = pfx[2] !== undefined;
  if (hasMac) {
    bmp = await verifyMac(pfx[2], authSafe, password, budget);
  } else if (config.allowPkcs12WithoutMac) {
    bmp = bmpPassword(password);
  } else {
    throw new SpmError("UNSUPPORTED_ALGORITHM", "The PKCS#12 file has no integrity check (MAC); it is not accepted", {
      details: { reason: "no-mac" },
    });
  }
  const collected: Collected = { keys: [], certs: [], legacy: false, budget, encrypted: 0 };
  try {
    await collectAuthSafe(authSafe, passwordForms(password, bmp), collected);
  } catch (e) {
    if (e instanceof BadDecryption) {
      // With a verified MAC the password is right, so a failed decryption means a broken file.
      throw hasMac
        ? new SpmError("MALFORMED", "The PKCS#12 file is damaged (decryption failed after a valid MAC)", { cause: e })
        : new SpmError("WRONG_PASSWORD", "The password is wrong (decryption failed)", { cause: e });
    }
    throw e;
  }
  return pairUp(collected);
}

async function pairUp(collected: Collected): Promise<Pkcs12Contents> {
  if (collected.keys.length === 0) {
    throw new SpmError("NO_PRIVATE_KEY", "The PKCS#12 file contains no private key");
  }
  const certs = collected.certs.map((c) => ({ ...c, cert: parseCertificate(c.value), jwk: undefined as JsonWebKey | undefined }));
  for (const c of certs) c.jwk = await certificatePublicJwk(c.value);
  const used = new Set<number>();
  const identities: ImportedIdentity[] = [];
  for (const key of collected.keys) {
    const { jwk } = await publicKeyOf(key.value);
    const index = certs.findIndex((c) => c.jwk !== undefined && jwkEqual(c.jwk, jwk));
    if (index < 0) continue; // a key without its certificate cannot be used for mail
    used.add(index);
    const leaf = certs[index];
    identities.push({
      certificate: leaf.value,
      privateKey: key.value,
      chain: buildChain(leaf.cert, certs.filter((_, i) => i !== index).map((c) => ({ der: c.value, cert: c.cert }))),
      ...(key.friendlyName ?? leaf.friendlyName ? { friendlyName: key.friendlyName ?? leaf.friendlyName } : {}),
    });
  }
  if (identities.length === 0) {
    throw new SpmError("CERTIFICATE_UNUSABLE", "The PKCS#12 file has a private key but not its certificate");
  }
  return {
    identities,
    extraCertificates: certs.filter((_, i) => !used.has(i)).map((c) => c.value),
    legacyEncryption: collected.legacy,
  };
}

type ParsedCert = ReturnType<typeof parseCertificate>;

/** Issuer chain by name match (leaf excluded; stops at a self-issued certificate or after 8 steps). */
function buildChain(leaf: ParsedCert, pool: { der: Uint8Array; cert: ParsedCert }[]): Uint8Array[] {
  const name = (n: ParsedCert["subject"]) => new Uint8Array(n.toSchema().toBER(false));
  const chain: Uint8Array[] = [];
  let current = leaf;
  for (let step = 0; step < 8; step++) {
    const issuerName = name(current.issuer);
    if (bytesEqual(issuerName, name(current.subject))) break;
    const next = pool.find((p) => bytesEqual(name(p.cert.subject), issuerName) && !chain.some((c) => bytesEqual(c, p.der)));
    if (!next) break;
    chain.push(next.der);
    current = next.cert;
  }
  return chain;
}

function attributes(friendlyName: string | undefined, localKeyId: Uint8Array): Node {
  const attrs: Node[] = [];
  if (friendlyName) attrs.push(seq(objId(P12.friendlyName), set(new asn1js.BmpString({ value: friendlyName }))));
  attrs.push(seq(objId(P12.localKeyId), set(octetString(localKeyId))));
  return set(...attrs);
}

/**
 * Write a password-protected backup: key and certificates encrypted with PBES2 (PBKDF2-HMAC-SHA256,
 * AES-256-CBC), integrity by a SHA-256 MAC — the OpenSSL 3 default layout and Windows' "AES256-SHA256".
 * The MAC uses the same iteration count as PBKDF2 so it is not a cheaper way to test passwords.
 */
export async function exportPkcs12(identity: Identity, password: string, options: ExportPkcs12Options = {}): Promise<Uint8Array> {
  const iterations = options.iterations ?? DEFAULT_EXPORT_ITERATIONS;
  checkIterations(iterations, "export");
  parseCertificate(identity.certificate);
  const { jwk } = await publicKeyOf(identity.privateKey);
  const certJwk = await certificatePublicJwk(identity.certificate);
  if (!certJwk || !jwkEqual(certJwk, jwk)) {
    throw new SpmError("INVALID_ARGUMENT", "The certificate does not belong to the private key");
  }
  const localKeyId = sha1(identity.certificate); // as OpenSSL: SHA-1 of the certificate
  const certBag = (der: Uint8Array, attrs?: Node) =>
    seq(objId(P12.certBag), ctxExplicit(0, seq(objId(P12.x509Certificate), ctxExplicit(0, octetString(der)))), ...(attrs ? [attrs] : []));
  const certSafe = toDer(
    seq(certBag(identity.certificate, attributes(options.friendlyName, localKeyId)), ...identity.chain.map((c) => certBag(c))),
  );
  const encCerts = await pbes2Encrypt(certSafe, password, iterations);
  const certInfo = seq(
    objId(P12.encryptedData),
    ctxExplicit(0, seq(int(0), seq(objId(OID.data), encCerts.algorithm, ctxImplicitOctets(0, encCerts.ciphertext)))),
  );
  const encKey = await pbes2Encrypt(identity.privateKey, password, iterations);
  const keySafe = toDer(
    seq(
      seq(
        objId(P12.pkcs8ShroudedKeyBag),
        ctxExplicit(0, seq(encKey.algorithm, octetString(encKey.ciphertext))),
        attributes(options.friendlyName, localKeyId),
      ),
    ),
  );
  const keyInfo = seq(objId(OID.data), ctxExplicit(0, octetString(keySafe)));
  const authSafe = toDer(seq(certInfo, keyInfo));
  const salt = randomBytes(16);
  const macKey = await pkcs12Kdf("SHA-256", bmpPassword(password), salt, 3, iterations, 32);
  const mac = await hmac("SHA-256", macKey, authSafe);
  macKey.fill(0);
  return toDer(
    seq(
      int(3),
      seq(objId(OID.data), ctxExplicit(0, octetString(authSafe))),
      seq(seq(seq(objId(OID.sha256), nullValue()), octetString(mac)), octetString(salt), int(iterations)),
    ),
  );
}
