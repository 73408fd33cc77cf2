/** openEnvelope() / listEnvelopeRecipients(): read EnvelopedData and AuthEnvelopedData (BER or DER). */
import { parseBerExact } from "../../asn1";
import { resolveConfig, type ConfigOverrides, type CoreConfig } from "../../config";
import { SpmError, isSpmError } from "../../errors";
import { OID } from "../../oids";
import type { KeyPair } from "../../types";
import { aesGcmDecrypt } from "../../crypto";
import * as legacyDes from "../../crypto/legacy/des";
import { CBC_STEP, cbcDecryptSteps } from "../../crypto/cbc-steps";
import {
  algorithmId,
  encodingOf,
  explicitInner,
  isContext,
  malformed,
  octets,
  octetString,
  oidValue,
  sequenceChildren,
  smallInteger,
  type AlgorithmId,
} from "./ber-reader";
import { CONTENT_CIPHERS, type ContentCipherInfo } from "./algorithms";
import { joinSegments, splitEncryptedContent } from "./segmented";
import { withContentKey } from "./content-key";
import { keyAgreementName, keyTransportName, parseRecipientInfos, type RecipientEntry, type RecipientSummary } from "./recipient-info";

export interface OpenedEnvelope {
  content: Uint8Array;
  contentType: "enveloped-data" | "authenticated-enveloped-data";
  innerContentType: string;
  contentCipher: string;
  integrityProtected: boolean;
  legacyAlgorithm: boolean;
  keyTransport: string;
  matchedKeyIndex: number;
  recipients: RecipientSummary[];
}

export interface OpenEnvelopeOptions {
  /** Switches and limits over DEFAULT_CONFIG: allowLegacy (3DES), maxMatchingRecipients, maxAsn1Bytes/Depth. */
  config?: ConfigOverrides;
  /**
   * Decrypt AES-CBC content over its ciphertext inside `cms` instead of into a new buffer (the content is then a
   * view of `cms`): for a caller that owns `cms` and does not use it afterwards, e.g. the CLI with a 25 MB message.
   * `cms` is changed even when decryption fails: content in pieces (indefinite-length BER) is first moved together
   * inside it, and the decryption over it is only done when a single recipient entry matches the keys (a failed
   * try must leave the ciphertext for the next one).
   */
  consumeInput?: boolean;
}

export interface ParsedEnvelope {
  contentType: OpenedEnvelope["contentType"];
  recipients: RecipientEntry[];
  innerContentType: string;
  contentAlgorithm: AlgorithmId;
  encryptedContent?: Uint8Array;
  /** AuthEnvelopedData only. */
  mac?: Uint8Array;
  authAttributesAad?: Uint8Array;
}

const decryptionFailed = () => new SpmError("DECRYPTION_FAILED", "Decryption failed");

function parseEnvelope(cms: Uint8Array, config: CoreConfig, consumeInput = false): ParsedEnvelope {
  if (!(cms instanceof Uint8Array)) throw new SpmError("INVALID_ARGUMENT", "The CMS message must be a Uint8Array");
  // The content is split off before parsing (see ./envelope-walk.ts); the skeleton holds everything else.
  const split = splitEncryptedContent(cms, config);
  return split ? parseStructure(split.skeleton, config, () => joinSegments(cms, split.segments, consumeInput)) : parseStructure(cms, config);
}

/**
 * The fields of an Enveloped- or AuthEnvelopedData. `content`: the encrypted content when it was split off
 * (`der` is then the skeleton, whose encryptedContent is an empty [0]).
 */
export function parseStructure(der: Uint8Array, config: CoreConfig, content?: () => Uint8Array): ParsedEnvelope {
  // Parsed in place (no copy of a large ciphertext): nothing here writes to the input or to views of it.
  const root = parseBerExact(der, { what: "CMS message", copyInput: false, maxBytes: config.maxAsn1Bytes, maxDepth: config.maxAsn1Depth });
  const [typeNode, contentNode] = sequenceChildren(root, "ContentInfo", 2);
  const type = oidValue(typeNode, "content type");
  if (type !== OID.envelopedData && type !== OID.authEnvelopedData) {
    throw new SpmError("MALFORMED", `The CMS message is not encrypted (content type ${type})`);
  }
  if (!isContext(contentNode, 0)) throw malformed("ContentInfo content is not [0]");
  const fields = sequenceChildren(explicitInner(contentNode, "ContentInfo content"), "EnvelopedData", 3);
  let i = 0;
  smallInteger(fields[i++], "version");
  if (isContext(fields[i], 0)) i++; // originatorInfo: certificates/CRLs we do not need
  const recipients = parseRecipientInfos(fields[i++]);
  const [innerTypeNode, algNode, encryptedNode, ...rest] = sequenceChildren(fields[i++], "EncryptedContentInfo", 2);
  if (rest.length) throw malformed("EncryptedContentInfo has extra fields");
  const innerContentType = oidValue(innerTypeNode, "inner content type");
  const contentAlgorithm = algorithmId(algNode, "content encryption algorithm");
  let encryptedContent: Uint8Array | undefined;
  if (encryptedNode !== undefined) {
    if (!isContext(encryptedNode, 0)) throw malformed("encryptedContent is not [0]");
    encryptedContent = content ? content() : octets(encryptedNode, "encrypted content");
  }
  const parsed: ParsedEnvelope = {
    contentType: type === OID.envelopedData ? "enveloped-data" : "authenticated-enveloped-data",
    recipients,
    innerContentType,
    contentAlgorithm,
    encryptedContent,
  };
  if (type === OID.authEnvelopedData) {
    if (isContext(fields[i], 1)) {
      // RFC 5083 2.1: the MAC covers the DER of authAttrs with the SET OF tag, not the [1] tag.
      const encoded = encodingOf(fields[i++], "authAttrs");
      const aad = encoded.slice();
      aad[0] = 0x31;
      parsed.authAttributesAad = aad;
    }
    parsed.mac = octetString(fields[i++], "mac");
    if (isContext(fields[i], 2)) i++;
  } else if (isContext(fields[i], 1)) {
    i++; // unprotectedAttrs
  }
  if (i !== fields.length) throw malformed("unexpected fields after the encrypted content");
  return parsed;
}

function summaries(parsed: ParsedEnvelope): RecipientSummary[] {
  return parsed.recipients.map((r) => r.summary);
}

/** Parse-time failures other than our typed ones are malformed input, never a crash. */
function guarded<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (isSpmError(e)) throw e;
    throw new SpmError("MALFORMED", "The CMS message is malformed", { cause: e });
  }
}

export function listEnvelopeRecipients(cms: Uint8Array, config?: ConfigOverrides): RecipientSummary[] {
  return guarded(() => summaries(parseEnvelope(cms, resolveConfig(config))));
}

export function checkContentCipher(parsed: ParsedEnvelope, allowLegacy: boolean): ContentCipherInfo {
  const cipher = CONTENT_CIPHERS[parsed.contentAlgorithm.oid];
  if (!cipher) {
    throw new SpmError("UNSUPPORTED_ALGORITHM", `The content encryption algorithm ${parsed.contentAlgorithm.oid} is not supported`);
  }
  if (parsed.contentType === "authenticated-enveloped-data" && cipher.mode !== "gcm") {
    throw new SpmError("UNSUPPORTED_ALGORITHM", `AuthEnvelopedData with ${cipher.name} is not supported (only AES-GCM)`);
  }
  if (parsed.contentType === "enveloped-data" && cipher.mode === "gcm") {
    throw new SpmError("UNSUPPORTED_ALGORITHM", "AES-GCM inside EnvelopedData is not standard (RFC 5084 uses AuthEnvelopedData)");
  }
  if (cipher.mode === "des-ede3-cbc" && !allowLegacy) {
    throw new SpmError(
      "UNSUPPORTED_ALGORITHM",
      "The message is encrypted with the legacy algorithm 3DES (des-ede3-cbc); it can only be opened with the legacy option enabled",
      // `legacy: true`: the panes offer to open it with the allowLegacy switch (a choice, not a dead end).
      { details: { algorithm: cipher.name, legacy: true } },
    );
  }
  if (!parsed.encryptedContent) throw malformed("the encrypted content is detached, which is not supported");
  return cipher;
}

function gcmParameters(alg: AlgorithmId): { nonce: Uint8Array; icvLength: number } {
  const [nonceNode, icvNode, ...rest] = sequenceChildren(alg.parameters, "GCMParameters", 1);
  if (rest.length) throw malformed("GCMParameters has extra fields");
  const nonce = octetString(nonceNode, "GCM nonce");
  const icvLength = icvNode === undefined ? 12 : smallInteger(icvNode, "GCM ICV length");
  if (nonce.length < 8 || nonce.length > 64) throw malformed("GCM nonce length");
  if (icvLength < 12 || icvLength > 16) throw malformed("GCM ICV length");
  return { nonce, icvLength };
}

function cbcIv(alg: AlgorithmId, length: number): Uint8Array {
  const iv = octetString(alg.parameters, "CBC IV");
  if (iv.length !== length) throw malformed("CBC IV length");
  return iv;
}

/** Content cipher parameters, read before any key is used (their validity is public, not secret). */
export type ContentParameters = { mode: "gcm"; nonce: Uint8Array; icvLength: number } | { mode: "cbc" | "des-ede3-cbc"; iv: Uint8Array };

export function contentParameters(parsed: ParsedEnvelope, cipher: ContentCipherInfo): ContentParameters {
  if (cipher.mode === "gcm") return { mode: "gcm", ...gcmParameters(parsed.contentAlgorithm) };
  return { mode: cipher.mode, iv: cbcIv(parsed.contentAlgorithm, cipher.mode === "cbc" ? 16 : 8) };
}

async function decryptContent(parsed: ParsedEnvelope, params: ContentParameters, cek: Uint8Array, inPlace = false): Promise<Uint8Array> {
  const data = parsed.encryptedContent as Uint8Array;
  if (params.mode === "gcm") {
    const mac = parsed.mac as Uint8Array;
    if (mac.length !== params.icvLength) throw decryptionFailed();
    return aesGcmDecrypt(cek, params.nonce, data, mac, parsed.authAttributesAad);
  }
  // In steps: a large message is not held a third time inside WebCrypto.
  if (params.mode === "cbc") return cbcDecryptSteps(cek, params.iv, data, CBC_STEP, inPlace);
  return decryptDesEde3(cek, params.iv, data);
}

/** Legacy 3DES-CBC (raw primitive from ./legacy) plus the PKCS#7 unpadding, failing like AES-CBC. */
function decryptDesEde3(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  if (data.length === 0 || data.length % 8 !== 0) throw decryptionFailed();
  let plain: Uint8Array;
  try {
    plain = legacyDes.desEde3CbcDecrypt(key, iv, data);
  } catch (e) {
    throw new SpmError("DECRYPTION_FAILED", "Decryption failed", { cause: e });
  }
  const pad = plain[plain.length - 1];
  let bad = pad === 0 || pad > 8 ? 1 : 0;
  for (let i = 1; i <= 8; i++) {
    const inPad = i <= pad ? 1 : 0;
    bad |= inPad & (plain[plain.length - i] !== pad ? 1 : 0);
  }
  if (bad) throw decryptionFailed();
  return plain.subarray(0, plain.length - pad);
}

export async function openEnvelope(cms: Uint8Array, keys: KeyPair[], options: OpenEnvelopeOptions = {}): Promise<OpenedEnvelope> {
  if (!Array.isArray(keys)) throw new SpmError("INVALID_ARGUMENT", "keys must be an array");
  const config = resolveConfig(options.config);
  const parsed = guarded(() => parseEnvelope(cms, config, options.consumeInput === true));
  const cipher = checkContentCipher(parsed, config.allowLegacy);
  const params = guarded(() => contentParameters(parsed, cipher));
  const opened = await withContentKey(parsed, keys, config, cipher.keyLength, (cek, single) =>
    decryptContent(parsed, params, cek, options.consumeInput === true && single),
  );
  return { content: opened.value, ...describeOpened(parsed, cipher, opened) };
}

/** What an opened envelope reports besides its content. */
export function describeOpened(parsed: ParsedEnvelope, cipher: ContentCipherInfo, key: { keyIndex: number; entry: RecipientEntry }): Omit<OpenedEnvelope, "content"> {
  const { entry } = key;
  return {
    contentType: parsed.contentType,
    innerContentType: parsed.innerContentType,
    contentCipher: cipher.name,
    integrityProtected: cipher.mode === "gcm",
    legacyAlgorithm: cipher.mode === "des-ede3-cbc",
    keyTransport: entry.kind === "ktri" ? keyTransportName(entry.transport, "") : entry.kind === "kari" ? keyAgreementName(entry.agreement, "") : "",
    matchedKeyIndex: key.keyIndex,
    recipients: parsed.recipients.map((r) => r.summary),
  };
}
