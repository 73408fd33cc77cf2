/**
 * The registry of conversations whose encrypted mail the user opened, in Office roaming settings (they live
 * in the mailbox, so every Outlook of the user and the send guard's runtime read the same list). The read
 * pane records a conversation when it opens an encrypted message; a reply draft in that conversation is then
 * known as "a reply to encrypted mail": the compose pane opens with Encrypt on (draft-origin.ts) and the send
 * guard requires encryption.
 *
 * Format (shared with the send guard): setting `spmEncryptedConversations`, a JSON string of an array of
 * `{ "conversationId": string, "at": ISO date }`, newest first, at most 200 entries and at most
 * ENCRYPTED_CONVERSATIONS_MAX_CHARS characters: roaming settings hold 32 KB in all (policy copy and user
 * settings share them) and an Exchange conversation id is about 70 characters, so 200 entries alone would
 * take about 25 KB. Oldest entries go first. No subject, address or content is stored.
 */
import { createOfficeCallQueue, type OfficeCallQueue } from "./office-call";

export const ENCRYPTED_CONVERSATIONS_SETTING = "spmEncryptedConversations";
export const ENCRYPTED_CONVERSATIONS_MAX_ENTRIES = 200;
/** Half of the 32 KB of roaming settings, so the registry can never crowd out the policy copy. */
export const ENCRYPTED_CONVERSATIONS_MAX_CHARS = 16 * 1024;

export interface EncryptedConversation {
  conversationId: string;
  /** When the pane last opened encrypted mail of this conversation (ISO 8601). */
  at: string;
}

/** The stored value, read tolerantly: a JSON string or an array; anything malformed is left out. */
export function parseEncryptedConversations(value: unknown): EncryptedConversation[] {
  let list: unknown = value;
  if (typeof value === "string") {
    try {
      list = JSON.parse(value);
    } catch (e) {
      // A damaged value is an empty registry (it is rewritten on the next record), not a failing pane.
      if (typeof e === "object" && e !== null && (e as { name?: unknown }).name === "SyntaxError") return [];
      throw e;
    }
  }
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry: unknown) => {
    if (typeof entry !== "object" || entry === null) return [];
    const { conversationId, at } = entry as Record<string, unknown>;
    return typeof conversationId === "string" && conversationId !== "" && typeof at === "string" ? [{ conversationId, at }] : [];
  });
}

/** The registry with `conversationId` recorded now (moved to the front), trimmed to its limits. */
export function withConversation(list: EncryptedConversation[], conversationId: string, now: Date): EncryptedConversation[] {
  const next = [{ conversationId, at: now.toISOString() }, ...list.filter((e) => e.conversationId !== conversationId)].slice(0, ENCRYPTED_CONVERSATIONS_MAX_ENTRIES);
  while (next.length > 1 && JSON.stringify(next).length > ENCRYPTED_CONVERSATIONS_MAX_CHARS) next.pop();
  return next;
}

export function isEncryptedConversation(value: unknown, conversationId: string | null | undefined): boolean {
  if (!conversationId) return false;
  return parseEncryptedConversations(value).some((e) => e.conversationId === conversationId);
}

export interface EncryptedConversationsPort {
  list(): EncryptedConversation[];
  has(conversationId: string | null | undefined): boolean;
  /** Record and save (roamingSettings.saveAsync); rejects with the host error when Outlook refuses. */
  record(conversationId: string, now?: Date): Promise<void>;
}

export function createEncryptedConversationsPort(office: typeof Office = globalThis.Office, queue: OfficeCallQueue = createOfficeCallQueue()): EncryptedConversationsPort {
  const settings = () => office.context.roamingSettings;
  const list = () => parseEncryptedConversations(settings().get(ENCRYPTED_CONVERSATIONS_SETTING));
  return {
    list,
    has: (conversationId) => isEncryptedConversation(settings().get(ENCRYPTED_CONVERSATIONS_SETTING), conversationId),
    async record(conversationId, now = new Date()) {
      settings().set(ENCRYPTED_CONVERSATIONS_SETTING, JSON.stringify(withConversation(list(), conversationId, now)));
      await queue.call<void>("roamingSettings.saveAsync", (cb) => settings().saveAsync(cb));
    },
  };
}
