/**
 * What openMessage reports, and its JSON form for the CLI. The shape is the contract with the panes, the CLI and
 * the reading-pane handler: every field says which part of the message it speaks for.
 */
import type { ByteSource } from "../byte-source";
import type { RecipientSummary } from "../cms/enveloped";
import type { SignatureCheck } from "../cms/signed";
import { findingText, type Finding, type SignatureStatus } from "../findings";
import type { CertificateInfo } from "../pki";

export interface SignerSummary {
  email?: string;
  emails: string[];
  subject: string;
  issuer: string;
  serialHex: string;
  notBefore: string;
  notAfter: string;
  sha256Fingerprint: string;
}

export interface LayerReport {
  type: "enveloped-data" | "authenticated-enveloped-data" | "signed-data" | "multipart-signed";
  cipher?: string;
  keyTransport?: string;
  integrityProtected?: boolean;
  legacyAlgorithm?: boolean;
  recipients?: RecipientSummary[];
  signature?: SignatureStatus;
  outcome?: SignatureCheck["outcome"];
  reason?: string;
  /**
   * Signature layers only: what the signature covers. "content": the opened content (it is inside every
   * encryption layer). "ciphertext": an encryption layer lies inside it, so it signs encrypted bytes, not the
   * text; it says nothing about who wrote the text nor whether the text was changed (EFAIL gadgets).
   */
  covers?: "content" | "ciphertext";
  /** Signature layers only: the signed eContentType OID (S/MIME content is id-data, 1.2.840.113549.1.7.1). */
  contentType?: string;
  signer?: SignerSummary;
  signingTime?: string;
  digestAlgorithm?: string;
  signatureAlgorithm?: string;
  findings?: Finding[];
}

/**
 * A signature outside the (innermost) encryption: over the ciphertext only. It is reported so that a reader can
 * see it, never as the signer of the content: it is not authorship of the text and not its integrity.
 */
export interface OuterSignature {
  covers: "ciphertext";
  /** The outer signature's own status (its certificate checked and bound to the From as usual). */
  signature: SignatureStatus;
  signer?: SignerSummary;
  signingTime?: string;
}

/**
 * Header fields found inside the protected entity (RFC 9788 header protection, or the inner header of
 * sign-then-encrypt). Addresses as normalizeAddress gives them (or as written when not a plain address);
 * subject RFC 2047-decoded; date as written. Present only when the content was inside at least one S/MIME layer
 * and carries at least one of these fields.
 */
export interface ProtectedHeaders {
  from: string[];
  sender: string[];
  to: string[];
  cc: string[];
  replyTo: string[];
  subject?: string;
  date?: string;
  /** The entity's Content-Type hp parameter ("cipher", "clear"), when there is one. */
  hp?: string;
}

export interface OpenReport {
  /** "none", or the content cipher of the outermost encryption layer (e.g. "aes-256-cbc"). */
  encryption: string;
  /**
   * What protects the opened content against undetected change: authenticated encryption of the innermost
   * encryption layer, or a valid signature INSIDE every encryption layer. A signature outside the encryption
   * is never integrity (see outerSignature).
   */
  integrity: "authenticated-encryption" | "signature" | "none";
  /**
   * Status of the signature that covers the content: the one closest to it and inside every encryption layer.
   * "unsigned" when there is none, even if the message carries a signature over its ciphertext. Raised to
   * "signer-mismatch" when the protected From differs from the outer From (finding "protected-from-mismatch").
   */
  signature: SignatureStatus;
  /** The signer of that signature only. Never the signer of an outer signature. */
  signer?: SignerSummary;
  signingTime?: string;
  /** A signature over the ciphertext (sign-after-encrypt, or an attacker's wrapper); see OuterSignature. */
  outerSignature?: OuterSignature;
  /** Whether the signer's address was compared with the message's From. */
  addressBinding: "checked" | "none";
  /** Header fields inside the protected content; mismatches with the outside are findings. */
  protectedHeaders?: ProtectedHeaders;
  findings: Finding[];
  layers: LayerReport[];
  /**
   * The innermost content: a MIME entity when `contentIsMime`, else raw bytes (bare CMS). When the input was a
   * source read on demand and the content is still in it (a signed-only message file), reading this reads it.
   */
  content: Uint8Array;
  /** Its length in bytes, without reading it (openMessage always sets it). */
  contentLength?: number;
  /** The content as the source it is still in, when the input was one read on demand (see `content`). */
  contentSource?: ByteSource;
  contentIsMime: boolean;
  /** For collecting the signer's certificate into the address book (the content's signer only). */
  signerCertificate?: Uint8Array;
  signerCapabilities?: string[];
  signerInfo?: CertificateInfo;
}

/** A finding for JSON output: the stable code and its facts, plus the English sentence for people reading it. */
export function findingToJson(f: Finding): Record<string, unknown> {
  return { code: f.code, status: f.status, severity: f.severity, params: f.params, text: findingText(f).en };
}

/** Serializable view of a report (for the CLI and for passing to a UI frame): no bytes, no certificates. */
export function reportToJson(report: OpenReport): Record<string, unknown> {
  return {
    encryption: report.encryption,
    integrity: report.integrity,
    signature: report.signature,
    signer: report.signer ?? null,
    signingTime: report.signingTime ?? null,
    outerSignature: report.outerSignature ?? null,
    addressBinding: report.addressBinding,
    protectedHeaders: report.protectedHeaders ?? null,
    findings: report.findings.map(findingToJson),
    layers: report.layers.map((l) => ({ ...l, findings: l.findings?.map(findingToJson) })),
    contentType: report.contentIsMime ? "mime" : "data",
    contentBytes: report.contentLength ?? report.content.length,
  };
}
