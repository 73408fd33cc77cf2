/**
 * Digest and signature algorithms for SignedData: OIDs, WebCrypto parameters, ECDSA signature format.
 */
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { SpmError } from "../../errors";
import { OID } from "../../oids";
import { parseBerExact } from "../../asn1";
import { DER_NULL, algorithmId, encode, seq, tlv, unsignedInteger, integer, type DerNode } from "./der";
// WebCrypto has no MD5; old signed mail (pre-2010 clients) used it. Only for VERIFYING legacy signatures,
// which are always flagged weakAlgorithm; never used to sign.
import { md5 } from "@noble/hashes/legacy.js";
import { digestSource, nativeDigest } from "../../crypto/hash-stream";
import { chunks, type ByteSource } from "../../byte-source";
import type { DigestAlgorithm } from "../../types";

/** Digest names as reported in SignatureCheck.digestAlgorithm. */
export type DigestName = DigestAlgorithm | "SHA-1" | "MD5";

const DIGEST_BY_OID: Record<string, { name: DigestName; length: number }> = {
  [OID.md5]: { name: "MD5", length: 16 },
  [OID.sha1]: { name: "SHA-1", length: 20 },
  [OID.sha256]: { name: "SHA-256", length: 32 },
  [OID.sha384]: { name: "SHA-384", length: 48 },
  [OID.sha512]: { name: "SHA-512", length: 64 },
};

const OID_BY_DIGEST: Record<DigestName, string> = {
  MD5: OID.md5,
  "SHA-1": OID.sha1,
  "SHA-256": OID.sha256,
  "SHA-384": OID.sha384,
  "SHA-512": OID.sha512,
};

export function digestOid(name: DigestName): string {
  return OID_BY_DIGEST[name];
}

export function digestLength(name: DigestName): number {
  return DIGEST_BY_OID[OID_BY_DIGEST[name]].length;
}

export function digestNameFromOid(algorithm: string): DigestName | undefined {
  return DIGEST_BY_OID[algorithm]?.name;
}

export function isWeakDigest(name: DigestName): boolean {
  return name === "MD5" || name === "SHA-1";
}

/** RFC 5754 §2: digest AlgorithmIdentifier parameters absent. */
export function digestAlgorithmId(name: DigestName): DerNode {
  return algorithmId(OID_BY_DIGEST[name]);
}

/** RFC 4055 form (NULL parameters), used inside RSASSA-PSS-params and RSAES-OAEP-params. */
function rfc4055HashId(name: DigestName): DerNode {
  return algorithmId(OID_BY_DIGEST[name], DER_NULL);
}

/** The digest of content read on demand, in chunks (a detached signed part the CLI does not hold). */
export async function computeSourceDigest(name: DigestName, source: ByteSource): Promise<Uint8Array> {
  if (source.whole) return computeDigest(name, source.whole);
  if (name === "MD5") return md5(source.bytes(0, source.length));
  return digestSource(name, { length: source.length, pieces: chunks(source) });
}

export async function computeDigest(name: DigestName, data: Uint8Array): Promise<Uint8Array> {
  if (name === "MD5") return md5(data);
  // A host's native hash reads the content where it is; WebCrypto takes a view but copies it inside.
  return nativeDigest(name, data) ?? new Uint8Array(await crypto.subtle.digest(name, data as Uint8Array<ArrayBuffer>));
}

// ---------------------------------------------------------------------------------------------
// Signature algorithm identifiers we write

const ECDSA_OID: Partial<Record<DigestName, string>> = {
  "SHA-1": OID.ecdsaWithSHA1,
  "SHA-256": OID.ecdsaWithSHA256,
  "SHA-384": OID.ecdsaWithSHA384,
  "SHA-512": OID.ecdsaWithSHA512,
};

/**
 * RSA PKCS#1 v1.5 is written as rsaEncryption with NULL parameters (RFC 3370 §3.2), as OpenSSL, NSS
 * and Windows write it; the digest is named by SignerInfo.digestAlgorithm.
 */
export function rsaPkcs1SignatureId(): DerNode {
  return algorithmId(OID.rsaEncryption, DER_NULL);
}

/** RSASSA-PSS-params (RFC 4055 §3.1): hash, MGF1 with the same hash, salt = hash length, trailer default. */
export function rsaPssSignatureId(hash: DigestName): DerNode {
  const params = seq(
    tlv(0xa0, rfc4055HashId(hash)),
    tlv(0xa1, algorithmId(OID.mgf1, rfc4055HashId(hash))),
    tlv(0xa2, integer(digestLength(hash))),
  );
  return algorithmId(OID.rsassaPss, params);
}

/** RFC 5758 §3.2: ecdsa-with-SHAxxx, parameters absent. */
export function ecdsaSignatureId(hash: DigestName): DerNode {
  const id = ECDSA_OID[hash];
  if (!id) throw new SpmError("UNSUPPORTED_ALGORITHM", `ECDSA with ${hash} is not supported`);
  return algorithmId(id);
}

// ---------------------------------------------------------------------------------------------
// Reading signature algorithms

export type SignatureScheme =
  | { kind: "rsa-pkcs1"; hash: DigestName }
  | { kind: "rsa-pss"; hash: DigestName; saltLength: number }
  | { kind: "ecdsa"; hash: DigestName };

const RSA_PKCS1_BY_OID: Record<string, DigestName> = {
  [OID.md5WithRSA]: "MD5",
  [OID.sha1WithRSA]: "SHA-1",
  [OID.sha256WithRSA]: "SHA-256",
  [OID.sha384WithRSA]: "SHA-384",
  [OID.sha512WithRSA]: "SHA-512",
};

const ECDSA_BY_OID: Record<string, DigestName> = {
  [OID.ecdsaWithSHA1]: "SHA-1",
  [OID.ecdsaWithSHA256]: "SHA-256",
  [OID.ecdsaWithSHA384]: "SHA-384",
  [OID.ecdsaWithSHA512]: "SHA-512",
};

/** Thrown for algorithms we cannot check; the verifier turns it into an "invalid" outcome. */
export class UnsupportedAlgorithm extends SpmError {
  constructor(message: string) {
    super("UNSUPPORTED_ALGORITHM", message);
  }
}

/**
 * The signature scheme of a SignerInfo. `digest` is the SignerInfo digestAlgorithm: the hash for
 * rsaEncryption / ecPublicKey identifiers, and required to match the hash a combined OID names.
 */
export function readSignatureScheme(alg: pkijs.AlgorithmIdentifier, digest: DigestName): SignatureScheme {
  const id = alg.algorithmId;
  if (id === OID.rsaEncryption) return { kind: "rsa-pkcs1", hash: digest };
  if (id === OID.ecPublicKey) return { kind: "ecdsa", hash: digest };
  const rsaHash = RSA_PKCS1_BY_OID[id];
  if (rsaHash) return { kind: "rsa-pkcs1", hash: rsaHash };
  const ecHash = ECDSA_BY_OID[id];
  if (ecHash) return { kind: "ecdsa", hash: ecHash };
  if (id === OID.rsassaPss) return readPssParams(alg.algorithmParams);
  throw new UnsupportedAlgorithm(`Unsupported signature algorithm ${id}`);
}

function readPssParams(params: unknown): SignatureScheme {
  if (!(params instanceof asn1js.Sequence)) throw new UnsupportedAlgorithm("RSASSA-PSS without parameters");
  // Defaults (RFC 4055): SHA-1, MGF1-SHA-1, salt 20, trailer 1.
  let hash: DigestName = "SHA-1";
  let mgfHash: DigestName = "SHA-1";
  let saltLength = 20;
  for (const field of params.valueBlock.value) {
    if (field.idBlock.tagClass !== 3 || !(field instanceof asn1js.Constructed)) {
      throw new UnsupportedAlgorithm("Malformed RSASSA-PSS parameters");
    }
    const inner = field.valueBlock.value[0];
    switch (field.idBlock.tagNumber) {
      case 0: {
        const h = digestNameFromOid(new pkijs.AlgorithmIdentifier({ schema: inner }).algorithmId);
        if (!h) throw new UnsupportedAlgorithm("Unsupported RSASSA-PSS hash");
        hash = h;
        break;
      }
      case 1: {
        const mgf = new pkijs.AlgorithmIdentifier({ schema: inner });
        if (mgf.algorithmId !== OID.mgf1) throw new UnsupportedAlgorithm("Unsupported RSASSA-PSS mask generation");
        const h = digestNameFromOid(new pkijs.AlgorithmIdentifier({ schema: mgf.algorithmParams }).algorithmId);
        if (!h) throw new UnsupportedAlgorithm("Unsupported RSASSA-PSS MGF1 hash");
        mgfHash = h;
        break;
      }
      case 2:
        if (!(inner instanceof asn1js.Integer)) throw new UnsupportedAlgorithm("Malformed RSASSA-PSS salt length");
        saltLength = inner.valueBlock.valueDec;
        break;
      case 3:
        if (!(inner instanceof asn1js.Integer) || inner.valueBlock.valueDec !== 1) {
          throw new UnsupportedAlgorithm("Unsupported RSASSA-PSS trailer field");
        }
        break;
      default:
        throw new UnsupportedAlgorithm("Malformed RSASSA-PSS parameters");
    }
  }
  // WebCrypto ties the MGF1 hash to the message hash.
  if (mgfHash !== hash) throw new UnsupportedAlgorithm("RSASSA-PSS with an MGF1 hash different from the hash");
  if (hash === "MD5" || saltLength < 0 || saltLength > 1024) throw new UnsupportedAlgorithm("Unsupported RSASSA-PSS parameters");
  return { kind: "rsa-pss", hash, saltLength };
}

// ---------------------------------------------------------------------------------------------
// ECDSA signature encoding: WebCrypto uses r||s, CMS uses DER ECDSA-Sig-Value.

export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  return encode(seq(unsignedInteger(raw.subarray(0, half)), unsignedInteger(raw.subarray(half))));
}

/** Returns undefined when the value is not a well-formed ECDSA-Sig-Value for this field size. */
export function ecdsaDerToRaw(der: Uint8Array, fieldBytes: number): Uint8Array | undefined {
  let parsed: asn1js.AsnType;
  try {
    parsed = parseBerExact(der, { what: "ECDSA signature", maxBytes: 1024 });
  } catch {
    // A signature that is not DER cannot verify; the caller reports "invalid".
    return undefined;
  }
  if (!(parsed instanceof asn1js.Sequence) || parsed.valueBlock.value.length !== 2) return undefined;
  const out = new Uint8Array(fieldBytes * 2);
  for (let i = 0; i < 2; i++) {
    const n = parsed.valueBlock.value[i];
    if (!(n instanceof asn1js.Integer)) return undefined;
    let v = n.valueBlock.valueHexView;
    if ((v[0] ?? 0) & 0x80) return undefined; // negative
    while (v.length > 1 && v[0] === 0) v = v.subarray(1);
    if (v.length > fieldBytes) return undefined;
    out.set(v, fieldBytes * (i + 1) - v.length);
  }
  return out;
}

export const CURVE_BY_OID: Record<string, { name: "P-256" | "P-384" | "P-521"; bytes: number }> = {
  [OID.p256]: { name: "P-256", bytes: 32 },
  [OID.p384]: { name: "P-384", bytes: 48 },
  [OID.p521]: { name: "P-521", bytes: 66 },
};
