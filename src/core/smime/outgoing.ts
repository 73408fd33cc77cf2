/**
 * The complete outgoing RFC 5322 message for direct submission (Microsoft Graph sendMail), as a mail program
 * would put it on the wire:
 * - encrypted (optionally signed first): the top-level body is `application/pkcs7-mime;
 *   smime-type=enveloped-data` (or authEnveloped-data when every recipient advertised GCM), base64; the outer
 *   Subject is obscured (RFC 9788), the real header fields travel inside;
 * - signed only: the top-level body is `multipart/signed` (clear-signed, RFC 8551 §3.5.3).
 * Outer fields: From, To, Cc, Subject, Date, Message-ID, In-Reply-To/References for replies, MIME-Version.
 * No Bcc field is ever written (docs/decisions.md, "Bcc and standard S/MIME delivery").
 */
import type { EnvelopeRecipient } from "../cms/enveloped";
import { SpmError } from "../errors";
import { buildDraftEntity, buildMessage, OBSCURED_SUBJECT, type Address, type Draft } from "../mime";
import { MSG_ID } from "../mime/message-id";
import type { ContentCipher, Identity } from "../types";
import { protectEntity, signEntity } from "./protect";

export interface OutgoingRequest {
  /** The draft with its final header fields: From, To, Cc, Subject, Date, Message-ID (and threading). */
  draft: Draft & { from: Address; messageId: string; date: Date };
  /** Sign with this identity (omit for encrypt-only). */
  signer?: Identity;
  /** Recipients of the envelope, the sender's own copy included (empty for sign-only). */
  recipients: EnvelopeRecipient[];
  cipher?: ContentCipher;
  /** Binary attachments and an opaque signature inside the envelope (see ProtectRequest.binaryInner). */
  compact?: boolean;
  onStage?: (stage: "sign" | "encrypt" | "done") => void;
}

export interface OutgoingMessage {
  /** The whole message, CRLF, 7-bit. */
  message: Uint8Array;
  smimeType: "enveloped-data" | "authEnveloped-data" | "multipart-signed" | "signed-data";
  cipher?: ContentCipher;
}

function checkHeaders(draft: OutgoingRequest["draft"]): void {
  if (draft.to.length + draft.cc.length === 0) throw new SpmError("INVALID_ARGUMENT", "A message needs at least one To or Cc recipient");
  if (!MSG_ID.test(draft.messageId)) throw new SpmError("INVALID_ARGUMENT", "Invalid Message-ID");
  for (const id of [draft.inReplyTo, draft.references]) {
    if (id !== undefined && !/^(<[^<>\s]+>)( <[^<>\s]+>)*$/.test(id)) throw new SpmError("INVALID_ARGUMENT", "Invalid In-Reply-To or References");
  }
}

/** Sign and/or encrypt a draft into a complete message ready for submission. */
export async function buildOutgoingMessage(request: OutgoingRequest): Promise<OutgoingMessage> {
  const { draft, signer } = request;
  checkHeaders(draft);
  const encrypt = request.recipients.length > 0;
  if (!encrypt && !signer) throw new SpmError("INVALID_ARGUMENT", "Nothing to do: give a signing identity, recipients, or both");
  const compact = encrypt && request.compact === true;
  // The inner entity carries every header field (RFC 9788): obscured outside only when encrypted.
  const entity = buildDraftEntity(draft, { headerProtection: encrypt ? "cipher" : "clear", binaryAttachments: compact });
  const outer = { ...draft, subject: encrypt ? OBSCURED_SUBJECT : draft.subject };
  if (!encrypt) {
    request.onStage?.("sign");
    const signed = await signEntity(entity, signer!);
    request.onStage?.("done");
    return { message: buildMessage(outer, signed.entity), smimeType: signed.smimeType };
  }
  const result = await protectEntity({
    entity,
    signer,
    recipients: request.recipients,
    cipher: request.cipher,
    opaqueSignature: compact,
    binaryInner: compact,
    onStage: request.onStage,
  });
  if (result.smimeType !== "enveloped-data" && result.smimeType !== "authEnveloped-data") {
    throw new SpmError("INVALID_ARGUMENT", "Encryption produced no envelope");
  }
  return { message: buildMessage(outer, result.entity), smimeType: result.smimeType, ...(result.cipher ? { cipher: result.cipher } : {}) };
}
