/**
 * One protection job: build the MIME entity from the draft, sign and/or encrypt it, return the content of
 * `smime.p7m` as base64. The same function runs in the Web Worker and, where there is no Worker, on the
 * main thread. Everything in a job is plain data (structured-clone safe).
 */
import { toBase64, wipe } from "../../core/bytes";
import { buildDraftEntity, type Draft } from "../../core/mime";
import { protectEntity } from "../../core/smime";
import type { ContentCipher, Identity } from "../../core/types";

export type ProtectStage = "building" | "signing" | "encrypting";

export interface ProtectJob {
  draft: Draft;
  sign: boolean;
  encrypt: boolean;
  /** The sender's identity; the private key is needed only when signing. */
  identity: Identity;
  /** Recipients' certificates (DER). The sender's own certificate is added when encrypting. */
  recipients: Uint8Array[];
  cipher: ContentCipher;
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
    const entity = buildDraftEntity(job.draft, { headerProtection: job.encrypt ? "cipher" : "clear" });
    const result = await protectEntity({
      entity,
      signer: job.sign ? job.identity : undefined,
      // The sender always gets a copy (Sent Items stay readable), also when not signing.
      recipients: job.encrypt ? [...job.recipients, job.identity.certificate].map((certificate) => ({ certificate })) : [],
      cipher: job.cipher,
      // Sign only: opaque signed-data, the only signed form that fits into an smime.p7m attachment.
      opaqueSignature: !job.encrypt,
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
