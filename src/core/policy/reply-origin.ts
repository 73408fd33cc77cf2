/**
 * How a draft is recognised as a reply to (or forward of) encrypted mail, so that the send guard requires
 * encryption for it whatever the patient-data patterns say (its quote may carry the decrypted text).
 *
 * Two marks, written by different parts of the add-in:
 * 1. `contextData` of OnMessageDecrypt: Outlook hands it to reply/forward drafts made from the decrypted
 *    message, readable there with `item.getInitializationContextAsync` (Mailbox 1.8). Exactly the JSON
 *    `{"spm":"encrypted-original","messageId":"<Message-ID>"}` (src/host/draft-origin.ts reads it too).
 * 2. A roaming-settings registry of conversations the user read decrypted (read pane and OnMessageDecrypt):
 *    key `spmEncryptedConversations`, value a JSON array of `{ conversationId, at }`, most recent first.
 *    The draft's `item.conversationId` is looked up in it.
 * Pure functions over plain values: the ES2016 send guard, the panes and the decrypt handler share them.
 */

export const ENCRYPTED_ORIGIN_MARK = "encrypted-original";

/** The contextData string OnMessageDecrypt returns for a message it decrypted. */
export function encryptedOriginContext(messageId: string): string {
  return JSON.stringify({ spm: ENCRYPTED_ORIGIN_MARK, messageId });
}

/** The original Message-ID when `raw` (getInitializationContextAsync's value) is our mark, else undefined. */
export function parseEncryptedOrigin(raw: unknown): { messageId: string } | undefined {
  let value: unknown = raw;
  if (typeof raw === "string") {
    if (raw.length === 0 || raw.length > 10_000) return undefined;
    try {
      value = JSON.parse(raw);
    } catch {
      return undefined; // someone else's initialization context (e.g. an actionable message): not ours
    }
  }
  if (!value || typeof value !== "object") return undefined;
  const v = value as { spm?: unknown; messageId?: unknown };
  if (v.spm !== ENCRYPTED_ORIGIN_MARK) return undefined;
  return { messageId: typeof v.messageId === "string" ? v.messageId : "" };
}

export const ENCRYPTED_CONVERSATIONS_KEY = "spmEncryptedConversations";
/** Most recent entries kept. */
export const MAX_ENCRYPTED_CONVERSATIONS = 200;
/**
 * Roaming settings hold at most 32 KB for ALL of the add-in's settings (error 9057 beyond), shared with the
 * policy copy, user settings and the storage marker. 200 Exchange conversation ids (60-80 characters each)
 * would take about 22 KB, so the registry is also cut to this many serialized characters (oldest dropped).
 */
export const MAX_ENCRYPTED_CONVERSATIONS_CHARS = 12_000;

export interface EncryptedConversation {
  conversationId: string;
  /** ISO date of the last time it was recorded. */
  at: string;
}

/** The registry as stored: an array, or the JSON text of one (both are accepted). Bad entries are dropped. */
export function parseEncryptedConversations(raw: unknown): EncryptedConversation[] {
  let value: unknown = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      return []; // an unreadable registry marks nothing; the next write starts it over
    }
  }
  if (!Array.isArray(value)) return [];
  const out: EncryptedConversation[] = [];
  for (const e of value as unknown[]) {
    const entry = e as { conversationId?: unknown; at?: unknown } | null;
    if (!entry || typeof entry.conversationId !== "string" || entry.conversationId === "") continue;
    out.push({ conversationId: entry.conversationId, at: typeof entry.at === "string" ? entry.at : "" });
  }
  return out;
}

export function isEncryptedConversation(raw: unknown, conversationId: string | null | undefined): boolean {
  if (!conversationId) return false;
  return parseEncryptedConversations(raw).some((e) => e.conversationId === conversationId);
}

/** The registry with `conversationId` recorded now: most recent first, no duplicates, within both caps. */
export function withEncryptedConversation(raw: unknown, conversationId: string, now: Date): EncryptedConversation[] {
  const others = parseEncryptedConversations(raw).filter((e) => e.conversationId !== conversationId);
  // ISO strings of one format compare in time order; entries without a date go last.
  others.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const list = [{ conversationId, at: now.toISOString() }, ...others].slice(0, MAX_ENCRYPTED_CONVERSATIONS);
  while (list.length > 1 && JSON.stringify(list).length > MAX_ENCRYPTED_CONVERSATIONS_CHARS) list.pop();
  return list;
}
