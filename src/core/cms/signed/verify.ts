/**
 * CMS SignedData verification: structure and cryptography only (trust and addresses are src/core/pki/).
 * Rules against the "Johnny, You Are Fired" (2019) tricks: exactly one SignerInfo, no ambiguous content
 * source, the signer certificate must be in the message, messageDigest/contentType exactly once.
 */
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { SpmError, isSpmError } from "../../errors";
import { OID } from "../../oids";
import { parseBerExact } from "../../asn1";
import { resolveConfig, type ConfigOverrides } from "../../config";
import { bytesEqual, concatBytes, constantTimeEqual } from "../../bytes";
import { computeDigest, computeSourceDigest, digestNameFromOid, isWeakDigest, readSignatureScheme, UnsupportedAlgorithm, type DigestName } from "./algorithms";
import { readCapabilities, readKeyPreference, readMsKeyPreference, type KeyPreference } from "./attributes";
import { certificateFromNode, serialMagnitude, type CertificateFacts } from "./certificate";
import { publicKeyInfo, verifySignature, type PublicKeyInfo } from "./keys";
import { bareLfToCrlf, hasBareLf, hasBareLfInPieces } from "./line-endings";
import { chunks, defineWholeOnDemand, isByteSource, type ByteSource } from "../../byte-source";

export type SignatureOutcome = "valid" | "invalid" | "unsigned" | "malformed";

export interface SignatureCheck {
  outcome: SignatureOutcome;
  /** Short English reason for invalid/malformed (no secrets). */
  reason?: string;
  /** The signed content (embedded eContent or the detached content given). */
  content: Uint8Array;
  detached: boolean;
  /** OID. */
  eContentType: string;
  /** DER, found by the SignerInfo sid in the certificates set. */
  signerCertificate?: Uint8Array;
  /** All certificates in the SignedData (DER). */
  certificates: Uint8Array[];
  crls: Uint8Array[];
  signingTime?: Date;
  /** "SHA-256", "SHA-1", "MD5" ... */
  digestAlgorithm?: string;
  /** "rsa-pkcs1", "rsa-pss", "ecdsa". */
  signatureAlgorithm?: string;
  /** MD5/SHA-1 digest or signature, RSA < 2048 bits. */
  weakAlgorithm: boolean;
  /** SMIMECapabilities OIDs in order ([] if absent). */
  capabilities: string[];
  encryptionKeyPreference?: KeyPreference;
  /** Tolerated deviations worth knowing (e.g. digest algorithm missing from digestAlgorithms). */
  notes?: string[];
  /**
   * "crlf": the content as received did not verify, its CRLF form did (see VerifyOptions.crlfFallback), and
   * `content` is that CRLF form: the bytes whose signature was checked.
   */
  lineEndings?: "crlf";
}

/** Structural damage inside a SignedData: becomes outcome "malformed". */
class Malformed extends Error {}
/** Cryptographic mismatch: becomes outcome "invalid". */
class Invalid extends Error {}

export interface VerifyOptions {
  /** Limits over DEFAULT_CONFIG (maxAsn1Bytes, maxAsn1Depth). */
  config?: ConfigOverrides;
  /**
   * S/MIME signs the canonical form, whose lines end in CRLF (RFC 8551 §3.1.1), but mail stored on Unix, some
   * clients and published test vectors carry bare LF. When the content as received does not verify and contains
   * a bare LF, verify once more over the same bytes with each bare LF turned into CRLF: that one transformation
   * and no other (no whitespace, charset or transfer-encoding changes). The result then reports
   * `lineEndings: "crlf"` and its `content` is the CRLF form, which the caller must use from then on.
   */
  crlfFallback?: boolean;
}


/**
 * Detached content in memory, or read on demand (a ByteSource: the CLI verifying a message file it does not
 * hold). From a source the digest is computed in chunks, and the result's `content` is read only if asked for.
 */
export type DetachedContent = Uint8Array | ByteSource;

export async function verifySignedData(cms: Uint8Array, detached?: DetachedContent, options: VerifyOptions = {}): Promise<SignatureCheck> {
  if (!(cms instanceof Uint8Array)) throw new SpmError("INVALID_ARGUMENT", "cms must be a Uint8Array");
  if (detached !== undefined && !(detached instanceof Uint8Array) && !isByteSource(detached)) {
    throw new SpmError("INVALID_ARGUMENT", "detachedContent must be a Uint8Array or a ByteSource");
  }
  // A source in memory is just its array: the same path as before, nothing read twice.
  const detachedContent = detached !== undefined && !(detached instanceof Uint8Array) && detached.whole ? detached.whole : detached;
  const config = resolveConfig(options.config);
  const root = parseBerExact(cms, { what: "CMS message", maxBytes: config.maxAsn1Bytes, maxDepth: config.maxAsn1Depth });
  let contentInfo: pkijs.ContentInfo;
  try {
    contentInfo = new pkijs.ContentInfo({ schema: root });
  } catch (e) {
    throw new SpmError("MALFORMED", "The data is not a CMS ContentInfo", { cause: e });
  }
  if (contentInfo.contentType !== OID.signedData) {
    throw new SpmError("MALFORMED", "The CMS message is not SignedData", { details: { contentType: contentInfo.contentType } });
  }
  const signedData = contentInfo.content as asn1js.AsnType;
  const result = await checked(signedData, detachedContent);
  const bareLf = () => (isByteSource(detachedContent) && result.detached ? hasBareLfInPieces(chunks(detachedContent)) : hasBareLf(result.content));
  if (options.crlfFallback && result.outcome === "invalid" && bareLf()) {
    const canonical = await checked(signedData, detachedContent, bareLfToCrlf(result.content));
    if (canonical.outcome === "valid") return { ...canonical, lineEndings: "crlf" };
  }
  return result;
}

/** One verification; `contentOverride` replaces the embedded or detached content (the CRLF retry). */
async function checked(signedData: asn1js.AsnType, detachedContent: DetachedContent | undefined, contentOverride?: Uint8Array): Promise<SignatureCheck> {
  const result: SignatureCheck = {
    outcome: "malformed",
    content: new Uint8Array(0),
    detached: detachedContent !== undefined,
    eContentType: "",
    certificates: [],
    crls: [],
    weakAlgorithm: false,
    capabilities: [],
  };
  if (detachedContent instanceof Uint8Array) result.content = detachedContent;
  else if (detachedContent !== undefined) defineWholeOnDemand(result, "content", detachedContent); // read only for the CRLF retry
  try {
    await check(signedData, detachedContent, result, contentOverride);
  } catch (e) {
    if (e instanceof Invalid) {
      result.outcome = "invalid";
      result.reason = e.message;
    } else if (e instanceof UnsupportedAlgorithm) {
      // We cannot vouch for it: not valid. The reason says why, so the UI can say "cannot check".
      result.outcome = "invalid";
      result.reason = e.message;
    } else if (e instanceof Malformed) {
      result.outcome = "malformed";
      result.reason = e.message;
    } else if (isSpmError(e, "LIMIT_EXCEEDED")) {
      throw e;
    } else {
      // Anything a library throws on hostile input is structural damage, never an untyped crash.
      result.outcome = "malformed";
      result.reason = "The signed message structure is damaged";
    }
  }
  if (result.notes?.length === 0) delete result.notes;
  return result;
}

async function check(signedDataNode: asn1js.AsnType, detachedContent: DetachedContent | undefined, r: SignatureCheck, contentOverride?: Uint8Array): Promise<void> {
  let sd: pkijs.SignedData;
  try {
    sd = new pkijs.SignedData({ schema: signedDataNode });
  } catch {
    throw new Malformed("The SignedData structure is damaged");
  }
  const notes: string[] = [];
  r.notes = notes;
  r.eContentType = sd.encapContentInfo.eContentType;
  if (![1, 3, 4, 5].includes(sd.version)) notes.push(`Unexpected SignedData version ${sd.version}`);

  // Certificates and CRLs as received (original bytes, not PKI.js re-encodings).
  const certNodes: asn1js.AsnType[] = [];
  for (const field of (signedDataNode as asn1js.Sequence).valueBlock.value) {
    if (field.idBlock.tagClass !== 3 || !(field instanceof asn1js.Constructed)) continue;
    if (field.idBlock.tagNumber === 0) {
      for (const c of field.valueBlock.value) {
        // Only X.509 certificates (a universal SEQUENCE); attribute/other certificates are tagged.
        if (c.idBlock.tagClass !== 1) continue;
        certNodes.push(c);
        r.certificates.push(c.valueBeforeDecodeView.slice());
      }
    } else if (field.idBlock.tagNumber === 1) {
      for (const c of field.valueBlock.value) r.crls.push(c.valueBeforeDecodeView.slice());
    }
  }

  // Content source: exactly one of embedded eContent or the detached content given.
  const embedded = readEContent(sd.encapContentInfo.eContent);
  if (embedded && detachedContent !== undefined) {
    r.content = embedded;
    r.detached = false;
    throw new Malformed("Content is both embedded and given as detached content (ambiguous)");
  }
  if (embedded) {
    r.content = embedded;
    r.detached = false;
  }

  if (sd.signerInfos.length === 0) {
    r.outcome = "unsigned";
    return;
  }
  if (sd.signerInfos.length > 1) throw new Malformed(`The message has ${sd.signerInfos.length} signers; exactly one is supported`);
  if (!embedded && detachedContent === undefined) throw new Malformed("The content is neither embedded nor given (detached)");
  if (contentOverride) r.content = contentOverride;
  // The detached source itself is hashed (in chunks), unless it was replaced by its CRLF form.
  const source: ByteSource | undefined = !embedded && !contentOverride && isByteSource(detachedContent) ? detachedContent : undefined;

  const si = sd.signerInfos[0];
  const digest = digestNameFromOid(si.digestAlgorithm.algorithmId);
  if (!digest) throw new UnsupportedAlgorithm(`Unsupported digest algorithm ${si.digestAlgorithm.algorithmId}`);
  r.digestAlgorithm = digest;
  if (isWeakDigest(digest)) r.weakAlgorithm = true;
  if (!sd.digestAlgorithms.some((a) => a.algorithmId === si.digestAlgorithm.algorithmId)) {
    notes.push("The signer's digest algorithm is not listed in digestAlgorithms");
  }

  const signer = findSignerCertificate(si, certNodes, notes);
  r.signerCertificate = signer.der;

  const scheme = readSignatureScheme(si.signatureAlgorithm, digest);
  r.signatureAlgorithm = scheme.kind;
  if (isWeakDigest(scheme.hash)) r.weakAlgorithm = true;
  // RFC 5754 §3 / RFC 4056 §2: the signature's hash is the SignerInfo digest algorithm.
  if (scheme.hash !== digest) {
    throw new Invalid("The signature algorithm names a different hash than the digest algorithm");
  }
  let pub: PublicKeyInfo;
  try {
    pub = publicKeyInfo(signer.cert);
  } catch (e) {
    if (e instanceof UnsupportedAlgorithm) throw e;
    throw new Malformed("The signer certificate's public key is damaged");
  }
  if (pub.kind === "rsa" && pub.bits < 2048) r.weakAlgorithm = true;

  const contentDigest = source ? await computeSourceDigest(digest, source) : await computeDigest(digest, r.content);
  let toBeVerified: Uint8Array;
  if (si.signedAttrs) {
    readSignedAttributes(si.signedAttrs, r, contentDigest);
    // RFC 5652 §5.4: verify over the attributes exactly as received, with the SET OF tag. Not re-sorted.
    toBeVerified = new Uint8Array(si.signedAttrs.encodedValue.byteLength);
    toBeVerified.set(new Uint8Array(si.signedAttrs.encodedValue));
    toBeVerified[0] = 0x31;
  } else {
    // RFC 5652 §5.3: signed attributes MUST be present when eContentType is not id-data.
    if (r.eContentType !== OID.data) throw new Malformed("Signed attributes are missing for a content type other than data");
    toBeVerified = r.content;
  }

  const signature = si.signature.valueBlock.valueHexView;
  let ok: boolean;
  try {
    ok = await verifySignature(pub, scheme, toBeVerified, signature);
  } catch (e) {
    if (e instanceof UnsupportedAlgorithm) throw e;
    // WebCrypto refuses keys/parameters it cannot use (e.g. a bad salt length): cannot be valid.
    throw new Invalid("The signature could not be checked with the signer's key");
  }
  if (!ok) throw new Invalid(si.signedAttrs ? "The signature does not match the signed attributes" : "The signature does not match the content");
  r.outcome = "valid";
}

/** eContent bytes; a constructed OCTET STRING (BER, `openssl cms -stream`) is joined. */
function readEContent(eContent: asn1js.AsnType | undefined): Uint8Array | undefined {
  if (!eContent) return undefined;
  if (eContent.idBlock.tagClass !== 1 || eContent.idBlock.tagNumber !== 4) {
    throw new Malformed("The embedded content is not an OCTET STRING");
  }
  if (!eContent.idBlock.isConstructed) return (eContent as asn1js.OctetString).valueBlock.valueHexView;
  const pieces: Uint8Array[] = [];
  const collect = (node: asn1js.AsnType): void => {
    if (node.idBlock.tagClass !== 1 || node.idBlock.tagNumber !== 4) throw new Malformed("Damaged segmented content");
    if (!node.idBlock.isConstructed) {
      pieces.push((node as asn1js.OctetString).valueBlock.valueHexView);
      return;
    }
    for (const child of (node as asn1js.Constructed).valueBlock.value) collect(child);
  };
  collect(eContent);
  return concatBytes(...pieces);
}

function findSignerCertificate(si: pkijs.SignerInfo, certNodes: asn1js.AsnType[], notes: string[]): CertificateFacts {
  const certs: CertificateFacts[] = [];
  for (const node of certNodes) {
    try {
      certs.push(certificateFromNode(node));
    } catch {
      // A damaged extra certificate does not stop verification; the signer's own must parse.
      notes.push("A certificate in the message could not be parsed");
    }
  }
  let matches: CertificateFacts[];
  if (si.sid instanceof pkijs.IssuerAndSerialNumber) {
    if (si.version !== 1) notes.push(`SignerInfo version ${si.version} with issuerAndSerialNumber (expected 1)`);
    const issuer = new Uint8Array(si.sid.issuer.valueBeforeDecode);
    const serial = serialMagnitude(si.sid.serialNumber.valueBlock.valueHexView);
    matches = certs.filter((c) => bytesEqual(c.issuerDer, issuer) && bytesEqual(c.serialValue, serial));
  } else {
    if (si.version !== 3) notes.push(`SignerInfo version ${si.version} with subjectKeyIdentifier (expected 3)`);
    const ski = readSubjectKeyIdentifierSid(si.sid);
    matches = certs.filter((c) => c.subjectKeyIdentifier !== undefined && bytesEqual(c.subjectKeyIdentifier, ski));
  }
  const distinct = matches.filter((c, i) => matches.findIndex((o) => bytesEqual(o.der, c.der)) === i);
  if (distinct.length === 0) throw new Malformed("The signer certificate is not included in the message");
  if (distinct.length > 1) throw new Malformed("Several different certificates match the signer identifier (ambiguous)");
  return distinct[0];
}

function readSubjectKeyIdentifierSid(sid: unknown): Uint8Array {
  const node = sid as asn1js.AsnType;
  if (!node?.idBlock || node.idBlock.tagClass !== 3 || node.idBlock.tagNumber !== 0) throw new Malformed("Unknown signer identifier");
  if (!node.idBlock.isConstructed) {
    const v = (node as asn1js.Primitive).valueBlock.valueHexView;
    if (v.length === 0) throw new Malformed("Empty subjectKeyIdentifier");
    return v;
  }
  const inner = (node as asn1js.Constructed).valueBlock.value[0];
  if (inner instanceof asn1js.OctetString) return inner.valueBlock.valueHexView;
  throw new Malformed("Damaged subjectKeyIdentifier");
}

function single(attrs: pkijs.Attribute[], type: string, name: string, required: boolean): asn1js.AsnType | undefined {
  const found = attrs.filter((a) => a.type === type);
  if (found.length === 0) {
    if (required) throw new Malformed(`The ${name} signed attribute is missing`);
    return undefined;
  }
  if (found.length > 1) throw new Malformed(`The ${name} signed attribute appears more than once`);
  const values = found[0].values as asn1js.AsnType[];
  if (values.length !== 1) throw new Malformed(`The ${name} signed attribute must have exactly one value`);
  return values[0];
}

function readSignedAttributes(signedAttrs: pkijs.SignedAndUnsignedAttributes, r: SignatureCheck, contentDigest: Uint8Array): void {
  const attrs = signedAttrs.attributes;
  if (attrs.length === 0) throw new Malformed("The signed attributes are empty");

  const contentType = single(attrs, OID.contentType, "contentType", true);
  if (!(contentType instanceof asn1js.ObjectIdentifier)) throw new Malformed("The contentType signed attribute is damaged");
  if (contentType.valueBlock.toString() !== r.eContentType) {
    throw new Invalid("The contentType signed attribute does not match the content type");
  }

  const messageDigest = single(attrs, OID.messageDigest, "messageDigest", true);
  if (!(messageDigest instanceof asn1js.OctetString) || messageDigest.idBlock.isConstructed) {
    throw new Malformed("The messageDigest signed attribute is damaged");
  }
  if (!constantTimeEqual(messageDigest.valueBlock.valueHexView, contentDigest)) {
    throw new Invalid("The content does not match the signed digest (altered)");
  }

  const signingTime = single(attrs, OID.signingTime, "signingTime", false);
  if (signingTime) {
    if (!(signingTime instanceof asn1js.UTCTime) && !(signingTime instanceof asn1js.GeneralizedTime)) {
      throw new Malformed("The signingTime signed attribute is damaged");
    }
    const t = signingTime.toDate();
    if (Number.isNaN(t.getTime())) throw new Malformed("The signingTime signed attribute is damaged");
    r.signingTime = t;
  }

  const caps = single(attrs, OID.smimeCapabilities, "SMIMECapabilities", false);
  if (caps) {
    const list = readCapabilities(caps);
    if (list) r.capabilities = list;
    else r.notes?.push("The SMIMECapabilities attribute could not be read");
  }

  const pref = single(attrs, OID.smimeEncryptionKeyPreference, "SMIMEEncryptionKeyPreference", false);
  const msPref = single(attrs, OID.msOeEncryptionKeyPreference, "Microsoft encryption key preference", false);
  const preference = (pref && readKeyPreference(pref)) ?? (msPref && readMsKeyPreference(msPref));
  if (preference) r.encryptionKeyPreference = preference;
  else if (pref || msPref) r.notes?.push("The encryption key preference attribute could not be read");
}

export type { DigestName };
