/**
 * CMS SignedData writer (RFC 5652 §5, S/MIME RFC 8551). Written with our own DER builder instead of
 * PKI.js SignedData.sign: that defaults to SHA-1, does not sort signed attributes (issue #402),
 * re-encodes certificates, and splits eContent into 64 KiB pieces with a byte-by-byte copy.
 */
import type { ContentSource, Identity, DigestAlgorithm } from "../../types";
import { digestSource } from "../../crypto/hash-stream";
import { SpmError } from "../../errors";
import { OID } from "../../oids";
import { computeDigest, digestAlgorithmId } from "./algorithms";
import { buildSignedAttributes, DEFAULT_SMIME_CAPABILITIES } from "./attributes";
import { canEncrypt, certificateFromDer, type CertificateFacts } from "./certificate";
import { encode, integer, octetString, oid, seq, setOf, tlv, type DerPart } from "./der";
import { importSigningKey, publicKeyInfo, verifySignature } from "./keys";
import { readSignatureScheme } from "./algorithms";
import * as pkijs from "pkijs";
import { parseBerExact } from "../../asn1";
import { toHex } from "../../bytes";

export interface SignOptions {
  /** true: content not embedded (for multipart/signed); false: opaque signed-data. */
  detached: boolean;
  /** Default "SHA-256". */
  digest?: DigestAlgorithm;
  /** RSA keys; default "pkcs1". pss = RSASSA-PSS, MGF1 with the same hash, salt = hash length. */
  rsaScheme?: "pkcs1" | "pss";
  /** Default now. */
  signingTime?: Date;
  /** SMIMECapabilities OIDs in preference order; default DEFAULT_SMIME_CAPABILITIES; [] omits the attribute. */
  capabilities?: string[];
  /** Certificate (DER) to advertise in SMIMEEncryptionKeyPreference (+ Microsoft variant); default the
   *  signer's own certificate when it can encrypt. */
  encryptionKeyPreference?: Uint8Array;
  /** Default true: signer certificate + identity.chain (+ the encryption preference certificate). */
  includeCertificates?: boolean;
}

const DIGESTS: readonly DigestAlgorithm[] = ["SHA-256", "SHA-384", "SHA-512"];

/**
 * `content` may be a ContentSource (pieces read while they are hashed, e.g. a large file) for a detached
 * signature; embedded content (opaque signed-data) must be in memory.
 */
export async function signData(content: Uint8Array | ContentSource, signer: Identity, options: SignOptions): Promise<Uint8Array> {
  const inMemory = content instanceof Uint8Array;
  if (!inMemory && (typeof content?.length !== "number" || !content.pieces)) throw new SpmError("INVALID_ARGUMENT", "content must be a Uint8Array");
  if (!inMemory && !options.detached) throw new SpmError("INVALID_ARGUMENT", "Embedded content must be given as a Uint8Array");
  if (!signer?.certificate || !signer.privateKey) throw new SpmError("INVALID_ARGUMENT", "signer needs a certificate and a private key");
  const digest = options.digest ?? "SHA-256";
  if (!DIGESTS.includes(digest)) throw new SpmError("INVALID_ARGUMENT", `Unsupported digest ${String(digest)}`);
  const rsaScheme = options.rsaScheme ?? "pkcs1";
  if (rsaScheme !== "pkcs1" && rsaScheme !== "pss") throw new SpmError("INVALID_ARGUMENT", "rsaScheme must be pkcs1 or pss");
  const signingTime = options.signingTime ?? new Date();
  if (Number.isNaN(signingTime.getTime())) throw new SpmError("INVALID_ARGUMENT", "signingTime is not a valid date");

  const signerCert = certificateFromDer(signer.certificate, "signer certificate");
  const pub = publicKeyInfo(signerCert.cert);
  const key = await importSigningKey(signer.privateKey, pub, digest, rsaScheme);

  let preference: CertificateFacts | undefined;
  if (options.encryptionKeyPreference) {
    preference = certificateFromDer(options.encryptionKeyPreference, "encryption certificate");
  } else if (canEncrypt(signerCert)) {
    preference = signerCert;
  }

  const signedAttrs = buildSignedAttributes({
    contentType: OID.data,
    messageDigest: inMemory ? await computeDigest(digest, content) : await digestSource(digest, content),
    signingTime,
    capabilities: options.capabilities ?? DEFAULT_SMIME_CAPABILITIES,
    encryptionKeyPreference: preference,
  });
  // RFC 5652 §5.4: the signature covers the DER SET OF (tag 0x31), the message carries [0] IMPLICIT.
  const toBeSigned = encode(tlv(0x31, ...signedAttrs));
  const signature = await key.sign(toBeSigned);
  // Catch a private key that does not belong to the certificate (and RSA-CRT faults) before sending.
  const scheme = readSignatureScheme(
    new pkijs.AlgorithmIdentifier({ schema: parseBerExact(encode(key.signatureAlgorithmId)) }),
    digest,
  );
  if (!(await (key.verify ? key.verify(toBeSigned, signature) : verifySignature(pub, scheme, toBeSigned, signature)))) {
    throw new SpmError("INVALID_ARGUMENT", "The private key does not belong to the signer certificate");
  }

  // RFC 5652 §5.3: version 1 with issuerAndSerialNumber.
  const signerInfo = seq(
    integer(1),
    seq(signerCert.issuerDer, signerCert.serialDer),
    digestAlgorithmId(digest),
    tlv(0xa0, ...signedAttrs),
    key.signatureAlgorithmId,
    octetString(signature),
  );

  const encapContentInfo = options.detached
    ? seq(oid(OID.data))
    : seq(oid(OID.data), tlv(0xa0, octetString(content as Uint8Array)));

  const parts: DerPart[] = [
    // RFC 5652 §5.1: version 1 (no attribute certificates, v1 SignerInfo, eContentType id-data).
    integer(1),
    setOf([digestAlgorithmId(digest)]),
    encapContentInfo,
  ];
  if (options.includeCertificates !== false) {
    const certs = [signerCert.der, ...(signer.chain ?? [])];
    if (preference && preference !== signerCert) certs.push(preference.der);
    parts.push(setOf(uniqueBytes(certs), 0xa0));
  }
  parts.push(setOf([signerInfo]));

  return encode(seq(oid(OID.signedData), tlv(0xa0, seq(...parts))));
}

function uniqueBytes(list: Uint8Array[]): Uint8Array[] {
  const seen = new Set<string>();
  return list.filter((b) => {
    const k = toHex(b);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
