/** envelope(): EnvelopedData (AES-CBC) and AuthEnvelopedData (AES-GCM, RFC 5083/5084), definite-length DER. */
import { concatBytes, randomBytes, wipe } from "../../bytes";
import { CBC_STEP, cbcEncryption } from "../../crypto/cbc-steps";
import { SpmError } from "../../errors";
import { OID } from "../../oids";
import type { ContentCipher, ContentSource, RsaKeyTransport } from "../../types";
import {
  aesCbcEncrypt,
  aesGcmEncrypt,
  aesKeyWrap,
  ecdhEphemeral,
  oaepEncrypt,
  parseRsaPublicKey,
  pkcs1Encrypt,
  type HashName,
} from "../../crypto";
import {
  algorithmIdentifier,
  bitString,
  constructed,
  explicit,
  hole,
  integer,
  nullValue,
  octetString,
  oid,
  primitive,
  raw,
  sequence,
  serialize,
  serializeAround,
  setOf,
  type DerElement,
} from "./der-writer";
import { CONTENT_CIPHERS, HASH_OIDS, WRITABLE_CIPHERS, wrapOidForKeyLength } from "./algorithms";
import { readCertificate, type CertificateInfo } from "./certificate-info";
import { deriveKek } from "./kari-kdf";

export interface EnvelopeRecipient {
  certificate: Uint8Array;
  keyTransport?: RsaKeyTransport;
  useSubjectKeyIdentifier?: boolean;
}

export interface EnvelopeOptions {
  cipher: ContentCipher;
}

const OAEP_HASH: HashName = "SHA-256";

function issuerAndSerialNumber(cert: CertificateInfo): DerElement {
  return sequence(raw(cert.issuerDer), primitive(0x02, cert.serial));
}

/** RSAES-OAEP-params with SHA-256 and MGF1-SHA-256 written out (hash parameters absent, as OpenSSL). */
function oaepAlgorithm(): DerElement {
  return algorithmIdentifier(
    OID.rsaesOaep,
    sequence(
      explicit(0, algorithmIdentifier(HASH_OIDS[OAEP_HASH])),
      explicit(1, algorithmIdentifier(OID.mgf1, algorithmIdentifier(HASH_OIDS[OAEP_HASH]))),
    ),
  );
}

async function keyTransRecipient(cert: CertificateInfo, recipient: EnvelopeRecipient, cek: Uint8Array, index: number) {
  if (cert.keyUsage && !cert.keyUsage.keyEncipherment) {
    throw new SpmError("CERTIFICATE_UNUSABLE", `Recipient ${index + 1}: the certificate does not allow key encipherment`);
  }
  const publicKey = parseRsaPublicKey(cert.rsaPublicKey as Uint8Array);
  if (publicKey.byteLength < 256) {
    throw new SpmError("CERTIFICATE_UNUSABLE", `Recipient ${index + 1}: RSA keys below 2048 bits are not used for encryption`);
  }
  const transport = recipient.keyTransport ?? "oaep";
  let encryptedKey: Uint8Array;
  let algorithm: DerElement;
  if (transport === "oaep") {
    encryptedKey = await oaepEncrypt(publicKey, cek, { hash: OAEP_HASH, mgf1Hash: OAEP_HASH });
    algorithm = oaepAlgorithm();
  } else if (transport === "pkcs1") {
    encryptedKey = pkcs1Encrypt(publicKey, cek);
    algorithm = algorithmIdentifier(OID.rsaEncryption, nullValue());
  } else {
    throw new SpmError("INVALID_ARGUMENT", `Unknown RSA key transport "${String(transport)}"`);
  }
  const useSki = recipient.useSubjectKeyIdentifier === true && cert.subjectKeyIdentifier !== undefined;
  const rid = useSki ? primitive(0x80, cert.subjectKeyIdentifier as Uint8Array) : issuerAndSerialNumber(cert);
  // KeyTransRecipientInfo version: 0 for issuerAndSerialNumber, 2 for subjectKeyIdentifier.
  return { version: useSki ? 2 : 0, element: sequence(integer(useSki ? 2 : 0), rid, algorithm, octetString(encryptedKey)) };
}

/** RFC 5753 ephemeral-static ECDH, KDF hash by curve size, AES wrap by content key size (like OpenSSL). */
async function keyAgreeRecipient(cert: CertificateInfo, recipient: EnvelopeRecipient, cek: Uint8Array, index: number) {
  if (cert.keyUsage && !cert.keyUsage.keyAgreement) {
    throw new SpmError("CERTIFICATE_UNUSABLE", `Recipient ${index + 1}: the certificate does not allow key agreement`);
  }
  const curve = cert.curve as "P-256" | "P-384";
  const kdfHash: HashName = curve === "P-384" ? "SHA-384" : "SHA-256";
  const scheme = curve === "P-384" ? OID.dhSinglePassStdDHsha384kdf : OID.dhSinglePassStdDHsha256kdf;
  const wrapOid = wrapOidForKeyLength(cek.length);
  const kekLength = wrapOid === OID.aes128Wrap ? 16 : wrapOid === OID.aes192Wrap ? 24 : 32;
  const wrapAlgorithm = serialize(algorithmIdentifier(wrapOid));
  const { publicPoint, sharedSecret } = await ecdhEphemeral(cert.spki, curve);
  const kek = await deriveKek(kdfHash, sharedSecret, wrapAlgorithm, kekLength);
  wipe(sharedSecret);
  const wrapped = await aesKeyWrap(kek, cek);
  wipe(kek);
  const useSki = recipient.useSubjectKeyIdentifier === true && cert.subjectKeyIdentifier !== undefined;
  const rid = useSki ? constructed(0xa0, [octetString(cert.subjectKeyIdentifier as Uint8Array)]) : issuerAndSerialNumber(cert);
  const originator = explicit(0, constructed(0xa1, [algorithmIdentifier(OID.ecPublicKey), bitString(publicPoint)]));
  const element = constructed(0xa1, [
    integer(3),
    originator,
    algorithmIdentifier(scheme, raw(wrapAlgorithm)),
    sequence(sequence(rid, octetString(wrapped))),
  ]);
  return { version: 3, element };
}

interface PreparedEnvelope {
  cipherOid: string;
  cipher: (typeof CONTENT_CIPHERS)[string];
  recipientInfos: DerElement;
  /** RFC 5652 6.1: version 0 when every RecipientInfo is version 0, else 2. */
  version: number;
}

/** Checks the arguments and builds the RecipientInfos for a fresh content key (wiped by the caller). */
async function prepare(recipients: EnvelopeRecipient[], options: EnvelopeOptions, cek: (length: number) => Uint8Array): Promise<PreparedEnvelope> {
  if (!Array.isArray(recipients) || recipients.length === 0) throw new SpmError("INVALID_ARGUMENT", "At least one recipient is needed");
  const cipherOid = WRITABLE_CIPHERS[options?.cipher];
  if (!cipherOid) throw new SpmError("INVALID_ARGUMENT", `Unknown content cipher "${String(options?.cipher)}"`);
  const cipher = CONTENT_CIPHERS[cipherOid];
  const certs = recipients.map((r, i) => readCertificate(r.certificate, `certificate of recipient ${i + 1}`));
  const key = cek(cipher.keyLength);
  const infos = [];
  for (let i = 0; i < recipients.length; i++) {
    if (certs[i].keyType === "unsupported") {
      throw new SpmError("UNSUPPORTED_ALGORITHM", `Recipient ${i + 1}: the certificate has ${certs[i].unsupportedReason}`);
    }
    infos.push(
      certs[i].keyType === "rsa" ? await keyTransRecipient(certs[i], recipients[i], key, i) : await keyAgreeRecipient(certs[i], recipients[i], key, i),
    );
  }
  return { cipherOid, cipher, recipientInfos: setOf(infos.map((r) => r.element)), version: infos.every((r) => r.version === 0) ? 0 : 2 };
}

export async function envelope(content: Uint8Array, recipients: EnvelopeRecipient[], options: EnvelopeOptions): Promise<Uint8Array> {
  if (!(content instanceof Uint8Array)) throw new SpmError("INVALID_ARGUMENT", "Content must be a Uint8Array");
  let cek: Uint8Array | undefined;
  try {
    const { cipherOid, cipher, recipientInfos, version } = await prepare(recipients, options, (n) => (cek = randomBytes(n)));
    const key = cek as Uint8Array;
    if (cipher.mode === "gcm") {
      const nonce = randomBytes(12);
      const { ciphertext, tag } = await aesGcmEncrypt(key, nonce, content);
      // GCMParameters: nonce 12 bytes, ICV length 16 written out (the DEFAULT is 12).
      const contentAlgorithm = algorithmIdentifier(cipherOid, sequence(octetString(nonce), integer(16)));
      const authEnveloped = sequence(
        integer(0),
        recipientInfos,
        sequence(oid(OID.data), contentAlgorithm, primitive(0x80, ciphertext)),
        octetString(tag),
      );
      return serialize(sequence(oid(OID.authEnvelopedData), explicit(0, authEnveloped)));
    }
    const iv = randomBytes(16);
    const ciphertext = await aesCbcEncrypt(key, iv, content);
    const enveloped = sequence(
      integer(version),
      recipientInfos,
      sequence(oid(OID.data), algorithmIdentifier(cipherOid, octetString(iv)), primitive(0x80, ciphertext)),
    );
    return serialize(sequence(oid(OID.envelopedData), explicit(0, enveloped)));
  } finally {
    wipe(cek);
  }
}

/** The DER of `envelopeParts`: prefix, then the ciphertext in chunks, then suffix (concatenated, one DER object). */
export interface EnvelopeInParts {
  prefix: Uint8Array;
  /** The encrypted content, produced chunk by chunk as it is consumed (each chunk may be reused storage: copy or write it out at once). */
  chunks: AsyncIterable<Uint8Array>;
  suffix: Uint8Array;
  /** Total DER length. */
  length: number;
}

export interface EnvelopePartsOptions extends EnvelopeOptions {
  /** Bytes encrypted per step with AES-CBC (a multiple of 16; default 1 MiB). */
  chunkSize?: number;
}

/**
 * `envelope` for large content given as consecutive pieces (e.g. header section + a view of the body): the
 * content is never joined, and with AES-CBC it is encrypted chunk by chunk while the output is consumed (each
 * step chains from the last ciphertext block and drops the padding block WebCrypto adds), so memory stays at a
 * chunk or two beyond the input. AES-GCM (one WebCrypto call) joins the content and encrypts it at once.
 */
export async function envelopeParts(
  content: Uint8Array[] | ContentSource,
  recipients: EnvelopeRecipient[],
  options: EnvelopePartsOptions,
): Promise<EnvelopeInParts> {
  const source = Array.isArray(content) ? arraySource(content) : content;
  if (!Number.isSafeInteger(source.length) || source.length < 0) throw new SpmError("INVALID_ARGUMENT", "Content length must be a safe integer");
  const chunkSize = options.chunkSize ?? CBC_STEP;
  if (!Number.isSafeInteger(chunkSize) || chunkSize <= 0 || chunkSize % 16 !== 0) {
    throw new SpmError("INVALID_ARGUMENT", "chunkSize must be a positive multiple of 16");
  }
  let cek: Uint8Array | undefined;
  try {
    const { cipherOid, cipher, recipientInfos, version } = await prepare(recipients, options, (n) => (cek = randomBytes(n)));
    const key = cek as Uint8Array;
    const total = source.length;
    if (cipher.mode === "gcm") {
      const nonce = randomBytes(12);
      const { ciphertext, tag } = await aesGcmEncrypt(key, nonce, joined(source));
      const gap = hole(0x80, ciphertext.length);
      const contentAlgorithm = algorithmIdentifier(cipherOid, sequence(octetString(nonce), integer(16)));
      const authEnveloped = sequence(integer(0), recipientInfos, sequence(oid(OID.data), contentAlgorithm, gap), octetString(tag));
      const root = sequence(oid(OID.authEnvelopedData), explicit(0, authEnveloped));
      return { ...serializeAround(root, gap), chunks: once(ciphertext), length: root.size };
    }
    const iv = randomBytes(16);
    const encrypt = await cbcEncryption(key, iv);
    // PKCS#7 padding always adds 1..16 bytes.
    const gap = hole(0x80, total - (total % 16) + 16);
    const enveloped = sequence(integer(version), recipientInfos, sequence(oid(OID.data), algorithmIdentifier(cipherOid, octetString(iv)), gap));
    const root = sequence(oid(OID.envelopedData), explicit(0, enveloped));
    return { ...serializeAround(root, gap), chunks: encrypt(source.pieces, total, chunkSize), length: root.size };
  } finally {
    wipe(cek);
  }
}

function arraySource(content: Uint8Array[]): ContentSource {
  if (!content.every((c) => c instanceof Uint8Array)) throw new SpmError("INVALID_ARGUMENT", "Content must be an array of Uint8Array");
  return { length: content.reduce((n, c) => n + c.length, 0), pieces: content };
}

/** AES-GCM is one WebCrypto call: the content in one array (a single piece as it is). */
function joined(source: ContentSource): Uint8Array {
  const pieces = [...source.pieces];
  const all = pieces.length === 1 ? pieces[0] : concatBytes(...pieces);
  if (all.length !== source.length) throw new SpmError("INVALID_ARGUMENT", "The content is not as long as announced");
  return all;
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}
