/**
 * One protection job: build the MIME entity from the draft, sign and/or encrypt it, return the content of
 * `smime.p7m` as base64. The same function runs in the Web Worker and, where there is no Worker, on the
 * main thread. Everything in a job is plain data (structured-clone safe).
 */
import { toBase64, wipe } from "../../core/bytes";
import { buildDraftEntity, type Draft } from "../../core/mime";
import { protectEntity } from "../../core/smime";
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
}

export interface ProtectJobResult {
  p7mBase64: string;
  /** DER size of the CMS object. */
  cmsBytes: number;
  signed: boolean;
  encrypted: boolean;
}

export async function runProtectJob(job: ProtectJob, onStage: (stage: ProtectStage) => void = () => {}): Promise<ProtectJobResult> {
  try {
    onStage("building");
    // Encrypted: RFC 9788 header protection with the outer subject obscured; signed only: protected in the clear.
    const compact = job.encrypt && job.compact === true;
    const entity = buildDraftEntity(job.draft, { headerProtection: job.encrypt ? "cipher" : "clear", binaryAttachments: compact });
    const result = await protectEntity({
      entity,
      signer: job.sign ? job.identity : undefined,
      // The sender always gets a copy (Sent Items stay readable), also when not signing.
      // Our own reader opens OAEP, so the sender's copy uses it.
      recipients: job.encrypt ? [...job.recipients, { certificate: job.identity.certificate, keyTransport: "oaep" as const }] : [],
      cipher: job.cipher,
      // Sign only: opaque signed-data, the only signed form that fits into an smime.p7m attachment.
      // Compact: binary content must not be clear-signed.
      opaqueSignature: !job.encrypt || compact,
      binaryInner: compact,
      onStage: (s) => {
        if (s === "sign") onStage("signing");
        else if (s === "encrypt") onStage("encrypting");
      },
    });
    return { p7mBase64: toBase64(result.cms), cmsBytes: result.cms.length, signed: result.signed, encrypted: result.encrypted };
  } finally {
    wipe(job.identity.privateKey);
  }
}
