/**
 * One protection job: build the MIME entity from the draft, sign and/or encrypt it, return the content of
 * `smime.p7m` as base64. The same function runs in the Web Worker and, where there is no Worker, on the
 * main thread. Everything in a job is plain data (structured-clone safe).
 */
import { toBase64, wipe } from "../../core/bytes";
import { SpmError } from "../../core/errors";
import { buildDraftEntity, type Draft } from "../../core/mime";
import { buildOutgoingMessage, protectEntity } from "../../core/smime";
import type { ContentCipher, Identity, RsaKeyTransport } from "../../core/types";

export type ProtectStage = "building" | "signing" | "encrypting";

export interface ProtectJob {
  draft: Draft;
  sign: boolean;
  encrypt: boolean;
  /** The sender's identity; the private key is needed only when signing. */
  identity: Identity;
  /** Recipients' certificates (DER) with their RSA key transport. The sender's own copy is added when encrypting. */
  recipients: { certificate: Uint8Array; keyTransport?: RsaKeyTransport }[];
  cipher: ContentCipher;
  /**
   * Compact layout for drafts that would not fit Outlook's attachment limit otherwise: attachments as binary
   * inside the envelope, signature opaque (RFC 8551 §3.1.2: no transfer encoding is needed except for
   * multipart/signed). Only when encrypting.
   */
  compact?: boolean;
  /**
   * Build the complete message for direct submission (Graph) instead of the smime.p7m attachment: these are
   * its Message-ID and threading fields; the draft must have a From. Sign-only is then multipart/signed.
   */
  message?: { messageId: string; inReplyTo?: string; references?: string };
}

export interface ProtectJobResult {
  /** The smime.p7m attachment (empty for a `message` job). */
  p7mBase64: string;
  /** The complete message, base64 without line breaks (only for a `message` job). */
  messageBase64?: string;
  /** DER size of the CMS object. */
  cmsBytes: number;
  signed: boolean;
  encrypted: boolean;
}

function stageReporter(onStage: (stage: ProtectStage) => void) {
  return (s: "sign" | "encrypt" | "done") => {
    if (s === "sign") onStage("signing");
    else if (s === "encrypt") onStage("encrypting");
  };
}

/** The sender always gets a copy (Sent Items stay readable); our own reader opens OAEP, so that copy uses it. */
function envelopeRecipients(job: ProtectJob): ProtectJob["recipients"] {
  return job.encrypt ? [...job.recipients, { certificate: job.identity.certificate, keyTransport: "oaep" as const }] : [];
}

async function runMessageJob(job: ProtectJob, message: NonNullable<ProtectJob["message"]>, onStage: (stage: ProtectStage) => void): Promise<ProtectJobResult> {
  const { from } = job.draft;
  if (!from) throw new SpmError("INVALID_ARGUMENT", "A message sent directly needs a From address");
  onStage("building");
  const built = await buildOutgoingMessage({
    draft: { ...job.draft, from, date: job.draft.date ?? new Date(), ...message },
    signer: job.sign ? job.identity : undefined,
    recipients: envelopeRecipients(job),
    cipher: job.cipher,
    compact: job.encrypt && job.compact === true,
    onStage: stageReporter(onStage),
  });
  return { p7mBase64: "", messageBase64: toBase64(built.message), cmsBytes: built.message.length, signed: job.sign, encrypted: job.encrypt };
}

export async function runProtectJob(job: ProtectJob, onStage: (stage: ProtectStage) => void = () => {}): Promise<ProtectJobResult> {
  try {
    if (job.message) return await runMessageJob(job, job.message, onStage);
    onStage("building");
    // Encrypted: RFC 9788 header protection with the outer subject obscured; signed only: protected in the clear.
    const compact = job.encrypt && job.compact === true;
    const entity = buildDraftEntity(job.draft, { headerProtection: job.encrypt ? "cipher" : "clear", binaryAttachments: compact });
    const result = await protectEntity({
      entity,
      signer: job.sign ? job.identity : undefined,
      recipients: envelopeRecipients(job),
      cipher: job.cipher,
      // Sign only: opaque signed-data, the only signed form that fits into an smime.p7m attachment.
      // Compact: binary content must not be clear-signed.
      opaqueSignature: !job.encrypt || compact,
      binaryInner: compact,
      onStage: stageReporter(onStage),
    });
    return { p7mBase64: toBase64(result.cms), cmsBytes: result.cms.length, signed: result.signed, encrypted: result.encrypted };
  } finally {
    wipe(job.identity.privateKey);
  }
}
