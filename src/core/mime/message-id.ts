/**
 * Message-IDs of outgoing messages and of the message a reply answers (RFC 5322 §3.6.4). Kept apart from the
 * message builder so the panes can use them without loading any crypto.
 */
import { randomBytes, toHex } from "../bytes";
import { SpmError } from "../errors";

/** RFC 5322 msg-id we write and accept from the host: `<id-left@id-right>` in the printable ASCII subset. */
export const MSG_ID = /^<[\x21-\x3b\x3d\x3f-\x7e]{1,900}>$/;

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
