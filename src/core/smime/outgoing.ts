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
import { randomBytes, toHex } from "../bytes";
import { SpmError } from "../errors";
import { buildDraftEntity, buildMessage, OBSCURED_SUBJECT, type Address, type Draft } from "../mime";
import type { ContentCipher, Identity } from "../types";
import { protectEntity, signEntity } from "./protect";

/** RFC 5322 msg-id we write and accept from the host: `<id-left@id-right>` in the printable ASCII subset. */
const MSG_ID = /^<[\x21-\x3b\x3d\x3f-\x7e]{1,900}>$/;

/**
 * A new Message-ID: 128 random bits, on the right the sender's domain (RFC 5322 §3.6.4 asks for a unique
 * left part and a domain the sender controls).
 */
export function newMessageId(fromAddress: string): string {
  const at = fromAddress.lastIndexOf("@");
  const domain = at > 0 ? fromAddress.slice(at + 1).toLowerCase() : "";
  if (!/^[a-z0-9.-]+$/.test(domain)) throw new SpmError("INVALID_ARGUMENT", "The sender address has no usable domain for a Message-ID");
  return `<${toHex(randomBytes(16))}@${domain}>`;
}

/**
 * The first well-formed msg-id in a value the host gave us, or undefined. Hosts add noise: Outlook on the web
 * has returned the Message-ID followed by an item id (office-js #4717), so only the leading `<...>` counts.
 */
export function cleanMessageId(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const m = /<[^<>\s]{1,900}>/.exec(value.trim());
  return m && MSG_ID.test(m[0]) ? m[0] : undefined;
}

/**
 * In-Reply-To and References of a reply or forward (RFC 5322 §3.6.4): the parent's id, appended to the
 * parent's own References when known. An add-in learns only the parent's Message-ID, so References is then
 * just that id, which is what the RFC prescribes for a parent without References or In-Reply-To and is
 * enough for every threading algorithm we know (JWZ, Exchange's conversation by In-Reply-To).
 */
export function threadingFields(parentId: string | undefined, parentReferences?: string): { inReplyTo?: string; references?: string } {
  const id = cleanMessageId(parentId);
  if (!id) return {};
  const earlier = (parentReferences ?? "").match(/<[^<>\s]+>/g)?.filter((r) => MSG_ID.test(r) && r !== id) ?? [];
  return { inReplyTo: id, references: [...earlier, id].join(" ") };
}

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
