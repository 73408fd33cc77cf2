/**
 * The read pane's side of the registry of conversations whose encrypted mail the user opened (roaming
 * settings: they live in the mailbox, so every Outlook of the user and the send guard read the same list).
 * Opening encrypted mail records its conversation; a reply draft in that conversation is then "a reply to
 * encrypted mail": the compose pane opens it with Encrypt on (draft-origin.ts) and the send guard requires
 * encryption. The format, its caps (200 entries, 12,000 characters of the 32 KB all roaming settings share)
 * and the parsing are core's (src/core/policy/reply-origin.ts), shared with the OnMessageDecrypt handler and
 * the send guard; this port only reads and saves.
 */
import { ENCRYPTED_CONVERSATIONS_KEY, isEncryptedConversation, parseEncryptedConversations, withEncryptedConversation, type EncryptedConversation } from "../core/policy";
import { createOfficeCallQueue, type OfficeCallQueue } from "./office-call";

export interface EncryptedConversationsPort {
  list(): EncryptedConversation[];
  has(conversationId: string | null | undefined): boolean;
  /**
   * Record and save (roamingSettings.saveAsync). When Outlook refuses the save, the previous value is put
   * back (a later save by another pane must not carry a half-done change) and the host error is thrown.
   */
  record(conversationId: string, now?: Date): Promise<void>;
}

export function createEncryptedConversationsPort(office: typeof Office = globalThis.Office, queue: OfficeCallQueue = createOfficeCallQueue()): EncryptedConversationsPort {
  const settings = () => office.context.roamingSettings;
  return {
    list: () => parseEncryptedConversations(settings().get(ENCRYPTED_CONVERSATIONS_KEY)),
    has: (conversationId) => isEncryptedConversation(settings().get(ENCRYPTED_CONVERSATIONS_KEY), conversationId),
    async record(conversationId, now = new Date()) {
      const previous: unknown = settings().get(ENCRYPTED_CONVERSATIONS_KEY);
      settings().set(ENCRYPTED_CONVERSATIONS_KEY, withEncryptedConversation(previous, conversationId, now));
      try {
        await queue.call<void>("roamingSettings.saveAsync", (cb) => settings().saveAsync(cb));
      } catch (e) {
        if (previous === undefined) settings().remove(ENCRYPTED_CONVERSATIONS_KEY);
        else settings().set(ENCRYPTED_CONVERSATIONS_KEY, previous);
        throw e;
      }
    },
  };
}
