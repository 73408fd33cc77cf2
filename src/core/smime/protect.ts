/**
 * Sending side: sign and/or encrypt a canonical MIME entity.
 * Sign-then-encrypt is the default when a signer is given; the sender always gets a recipient entry
 * of their own so the copy in Sent Items stays readable.
 */
import { envelope, type EnvelopeRecipient } from "../cms/enveloped";
import { signData } from "../cms/signed";
import { bytesEqual } from "../bytes";
import { SpmError } from "../errors";
import { buildMultipartSigned, buildMultipartSignedParts, buildPkcs7MimeEntity } from "../mime";
import type { ContentCipher, DigestAlgorithm, Identity, RsaKeyTransport } from "../types";
import { DEFAULT_CIPHER, isGcm } from "./algorithms";

export interface ProtectRequest {
  /** The canonical MIME entity to protect (header section + body, CRLF). */
  entity: Uint8Array;
  /** Sign with this identity (omit for encrypt-only). */
  signer?: Identity;
  /** Encrypt to these recipients (omit or empty for sign-only). */
  recipients?: EnvelopeRecipient[];
  cipher?: ContentCipher;
  /** Key transport for the sender's own copy (RSA). */
  senderKeyTransport?: RsaKeyTransport;
  /** Sign-only output form: multipart/signed (default) or opaque application/pkcs7-mime signed-data. */
  opaqueSignature?: boolean;
  digest?: DigestAlgorithm;
  rsaScheme?: "pkcs1" | "pss";
  /** Set false to leave the sender out of the recipients (not recommended: Sent Items become unreadable). */
  includeSender?: boolean;
  signingTime?: Date;
  /**
   * Inside the envelope, carry the opaque signed-data as binary instead of base64 (RFC 8551 §3.1.2: no transfer
   * encoding is required except for multipart/signed). With binary attachments in the entity this keeps a
   * large draft within Outlook's attachment limit. Needs `opaqueSignature` and recipients.
   */
  binaryInner?: boolean;
  /** Called between stages, for progress bars. */
  onStage?: (stage: "sign" | "encrypt" | "done") => void;
}

export interface ProtectResult {
  /** The outer body entity (Content-* fields + body) to put into the message. */
  entity: Uint8Array;
  /** The final CMS object (the content of smime.p7m / smime.p7s). */
  cms: Uint8Array;
  /** What was done. */
  signed: boolean;
  encrypted: boolean;
  cipher?: ContentCipher;
  smimeType: "enveloped-data" | "authEnveloped-data" | "signed-data" | "multipart-signed";
}

const MICALG: Record<DigestAlgorithm, "sha-256" | "sha-384" | "sha-512"> = {
  "SHA-256": "sha-256",
  "SHA-384": "sha-384",
  "SHA-512": "sha-512",
};

/** Sign only: multipart/signed (clear-signed, readable without S/MIME) or opaque signed-data. */
export async function signEntity(
  entity: Uint8Array,
  signer: Identity,
  options: { opaque?: boolean; binary?: boolean; digest?: DigestAlgorithm; rsaScheme?: "pkcs1" | "pss"; signingTime?: Date } = {},
): Promise<{ entity: Uint8Array; cms: Uint8Array; smimeType: "signed-data" | "multipart-signed" }> {
  const digest = options.digest ?? "SHA-256";
  const common = { digest, rsaScheme: options.rsaScheme, signingTime: options.signingTime };
  if (options.opaque) {
    const cms = await signData(entity, signer, { ...common, detached: false });
    return { entity: buildPkcs7MimeEntity(cms, "signed-data", { binary: options.binary }), cms, smimeType: "signed-data" };
  }
  const cms = await signData(entity, signer, { ...common, detached: true });
  return { entity: buildMultipartSigned(entity, cms, MICALG[digest]), cms, smimeType: "multipart-signed" };
}

/**
 * `signEntity` with the result as consecutive pieces (their concatenation is `entity`): a clear-signed large
 * message is written out without copying the signed part into a new entity.
 */
export async function signEntityParts(
  entity: Uint8Array,
  signer: Identity,
  options: { opaque?: boolean; digest?: DigestAlgorithm; rsaScheme?: "pkcs1" | "pss"; signingTime?: Date } = {},
): Promise<{ parts: Uint8Array[]; cms: Uint8Array; smimeType: "signed-data" | "multipart-signed" }> {
  if (options.opaque) {
    const signed = await signEntity(entity, signer, options);
    return { parts: [signed.entity], cms: signed.cms, smimeType: signed.smimeType };
  }
  const digest = options.digest ?? "SHA-256";
  const cms = await signData(entity, signer, { digest, rsaScheme: options.rsaScheme, signingTime: options.signingTime, detached: true });
  return { parts: buildMultipartSignedParts(entity, cms, MICALG[digest]), cms, smimeType: "multipart-signed" };
}

export async function protectEntity(request: ProtectRequest): Promise<ProtectResult> {
  const recipients = request.recipients ?? [];
  if (!request.signer && recipients.length === 0) {
    throw new SpmError("INVALID_ARGUMENT", "Nothing to do: give a signing identity, recipients, or both");
  }
  let content = request.entity;
  let signedCms: Uint8Array | undefined;
  let smimeType: ProtectResult["smimeType"] = "multipart-signed";
  if (request.signer) {
    request.onStage?.("sign");
    const signed = await signEntity(content, request.signer, {
      // Inside an envelope the clear-signed form is what Thunderbird and OpenSSL produce; opaque only when asked.
      opaque: request.opaqueSignature,
      binary: request.binaryInner === true && request.opaqueSignature === true && (request.recipients?.length ?? 0) > 0,
      digest: request.digest,
      rsaScheme: request.rsaScheme,
      signingTime: request.signingTime,
    });
    content = signed.entity;
    signedCms = signed.cms;
    smimeType = signed.smimeType;
  }
  if (recipients.length === 0) {
    request.onStage?.("done");
    return { entity: content, cms: signedCms as Uint8Array, signed: true, encrypted: false, smimeType };
  }
  request.onStage?.("encrypt");
  const all = [...recipients];
  if (request.signer && request.includeSender !== false && !all.some((r) => bytesEqual(r.certificate, request.signer!.certificate))) {
    all.push({ certificate: request.signer.certificate, keyTransport: request.senderKeyTransport });
  }
  const cipher = request.cipher ?? DEFAULT_CIPHER;
  const cms = await envelope(content, all, { cipher });
  const type = isGcm(cipher) ? "authEnveloped-data" : "enveloped-data";
  request.onStage?.("done");
  return {
    entity: buildPkcs7MimeEntity(cms, type),
    cms,
    signed: Boolean(request.signer),
    encrypted: true,
    cipher,
    smimeType: type,
  };
}
