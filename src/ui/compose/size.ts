/**
 * Size of the smime.p7m attachment, estimated before any work starts (so an oversized draft is refused
 * before anything changes), from the way the MIME entity and CMS are built:
 * attachments are base64 in 76-character lines inside the entity, the entity is signed (multipart/signed
 * adds the signature with the certificates), enveloped (one RecipientInfo per recipient, CBC padding),
 * and the DER is base64 again for Office.js. Overheads are rounded up: the estimate errs on the large side.
 */
import { GRAPH_MAX_BODY_CHARS, type DraftSnapshot } from "../../host";

const PART_HEADER_BYTES = 400;
const ENTITY_HEADER_BYTES = 4_000;
const SIGNATURE_BASE_BYTES = 2_000;
const RECIPIENT_INFO_BYTES = 1_200;
const ENVELOPE_BASE_BYTES = 400;

function base64Lines(n: number): number {
  const chars = 4 * Math.ceil(n / 3);
  return chars + 2 * Math.ceil(chars / 76);
}

export interface SizeInput {
  snapshot: DraftSnapshot;
  sign: boolean;
  encrypt: boolean;
  /** Recipients of the envelope, the sender's copy included. */
  recipientCount: number;
  /** Bytes of the signer's certificate and chain. */
  signerCertificateBytes: number;
  /** Compact layout: binary attachments inside the envelope (see ProtectJob.compact). */
  compact?: boolean;
}

export function estimateP7mBase64Chars(input: SizeInput): number {
  const { snapshot } = input;
  const utf8 = new TextEncoder().encode(snapshot.body).length;
  // Quoted-printable: at most 3 characters per byte plus soft line breaks; the text alternative is at most as long.
  const textParts = snapshot.bodyType === "html" ? 2 * 3.1 * utf8 : 3.1 * utf8;
  let entity = ENTITY_HEADER_BYTES + textParts;
  for (const a of snapshot.attachments) entity += PART_HEADER_BYTES + a.name.length * 3 + (input.compact ? a.bytes.length : base64Lines(a.bytes.length));
  let cms = entity;
  if (input.sign) cms += SIGNATURE_BASE_BYTES + input.signerCertificateBytes + PART_HEADER_BYTES;
  if (input.encrypt) cms += ENVELOPE_BASE_BYTES + 16 + input.recipientCount * RECIPIENT_INFO_BYTES;
  return 4 * Math.ceil(Math.ceil(cms) / 3);
}

/**
 * The layout to use: the standard one (base64 attachments, clear-signed inside) when it fits the platform's
 * attachment limit; otherwise, for encrypted drafts, the compact one (binary attachments, opaque signature),
 * which saves the base64 growth of every attachment. `fits` is false when neither fits.
 */
export function chooseLayout(input: SizeInput, limitChars: number): { compact: boolean; estimate: number; fits: boolean } {
  const standard = estimateP7mBase64Chars({ ...input, compact: false });
  if (standard <= limitChars || !input.encrypt) return { compact: false, estimate: standard, fits: standard <= limitChars };
  const compact = estimateP7mBase64Chars({ ...input, compact: true });
  return { compact: true, estimate: compact, fits: compact <= limitChars };
}

/** Header section of the outer message (From, To, Cc, Date, Message-ID, threading, Content-Type): generous. */
const OUTER_HEADER_BYTES = 8_000;

/**
 * The Microsoft Graph request body for this draft sent as a complete message: base64 of the message, whose
 * body is the smime.p7m base64 in 76-character lines (encrypted), or the multipart/signed entity (signed
 * only; its signature part is base64 too). An upper bound like estimateP7mBase64Chars.
 */
export function estimateGraphBodyChars(input: SizeInput): number {
  const p7m = estimateP7mBase64Chars(input);
  const message = input.encrypt
    ? OUTER_HEADER_BYTES + p7m + 2 * Math.ceil(p7m / 76)
    : OUTER_HEADER_BYTES + (3 * p7m) / 4 + 0.4 * (SIGNATURE_BASE_BYTES + input.signerCertificateBytes);
  return 4 * Math.ceil(Math.ceil(message) / 3);
}

/**
 * The layout for sending through Graph: standard when its message fits Graph's limit, else (encrypted only)
 * the compact one; `fits` is false when neither does (the pane then falls back to the attachment format).
 */
export function chooseGraphLayout(input: SizeInput, limitChars: number = GRAPH_MAX_BODY_CHARS): { compact: boolean; estimate: number; fits: boolean } {
  const standard = estimateGraphBodyChars({ ...input, compact: false });
  if (standard <= limitChars || !input.encrypt) return { compact: false, estimate: standard, fits: standard <= limitChars };
  const compact = estimateGraphBodyChars({ ...input, compact: true });
  return { compact: true, estimate: compact, fits: compact <= limitChars };
}
