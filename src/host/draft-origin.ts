/**
 * Where a compose draft comes from, as far as protection is concerned: is it a reply to (or forward of)
 * an encrypted message, and what was that message's Message-ID? The compose pane opens such drafts with
 * Encrypt on and threads the reply.
 *
 * Sources, first that knows wins (add new ones to SOURCES; each returns undefined when it does not know):
 * - the initialization context (Mailbox 1.8, `item.getInitializationContextAsync`): the OnMessageDecrypt
 *   handler passes `{"spm":"encrypted-original","messageId":"<...>"}` as `contextData` to the reply or
 *   forward it opens (platform-facts.md, OnMessageDecrypt).
 */
import { cleanMessageId } from "../core/mime/message-id";
import { parseEncryptedOrigin } from "../core/policy/reply-origin";
import { createOfficeCallQueue, type OfficeCallQueue } from "./office-call";
import { supportsMailbox } from "./office-ready";

export interface DraftOrigin {
  replyToEncrypted: boolean;
  originalMessageId?: string;
}

export type OriginSource = (office: typeof Office, queue: OfficeCallQueue) => Promise<DraftOrigin | undefined>;

/**
 * The context data as a draft origin (core/policy/reply-origin.ts defines the record); anything that is not
 * our record says nothing (other add-ins use the initialization context too).
 */
export function parseOriginContext(text: string): DraftOrigin | undefined {
  const mark = parseEncryptedOrigin(text);
  if (!mark) return undefined;
  const messageId = cleanMessageId(mark.messageId);
  return { replyToEncrypted: true, ...(messageId ? { originalMessageId: messageId } : {}) };
}

const fromInitializationContext: OriginSource = async (office, queue) => {
  const item = office.context.mailbox.item as Office.MessageCompose | undefined;
  if (!item || !supportsMailbox(office, "1.8") || typeof item.getInitializationContextAsync !== "function") return undefined;
  const text = await queue.call<string>("getInitializationContextAsync", (cb) => item.getInitializationContextAsync(cb));
  return parseOriginContext(typeof text === "string" ? text : "");
};

export const SOURCES: OriginSource[] = [fromInitializationContext];

/**
 * The draft's origin. A source that fails is reported on the console and skipped: not knowing the origin
 * only means the user's default switches apply, which the pane shows before anything is sent.
 */
export async function readDraftOrigin(office: typeof Office = globalThis.Office, queue: OfficeCallQueue = createOfficeCallQueue()): Promise<DraftOrigin> {
  for (const source of SOURCES) {
    try {
      const found = await source(office, queue);
      if (found) return found;
    } catch (e) {
      console.warn("Secure Patient Mail: could not read where this draft comes from:", e instanceof Error ? e.message : String(e));
    }
  }
  return { replyToEncrypted: false };
}
