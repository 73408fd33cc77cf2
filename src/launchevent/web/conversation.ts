/**
 * Record the decrypted message's conversation in the roaming-settings registry the send guard reads
 * (core/policy reply-origin), so an answer to it written later in any form needs encryption.
 *
 * roamingSettings is not on Microsoft's list of APIs blocked in event-based add-ins, so the handler may save;
 * whether each client's event runtime persists it is not documented (UNCONFIRMED). The save is best effort
 * and bounded in time: a failure never costs the user the decrypted message, and the previous value is put
 * back so a later save by a pane does not carry a half-done change.
 */
import { ENCRYPTED_CONVERSATIONS_KEY, withEncryptedConversation } from "../../core/policy";
import { officeCall } from "../office";

const SAVE_TIMEOUT_MS = 3000;

export type RecordOutcome = "saved" | "skipped" | "failed";

export async function recordConversation(conversationId: string | undefined, now: Date = new Date()): Promise<RecordOutcome> {
  const settings = Office.context.roamingSettings;
  if (!conversationId || !settings || typeof settings.saveAsync !== "function") return "skipped";
  const previous: unknown = settings.get(ENCRYPTED_CONVERSATIONS_KEY);
  settings.set(ENCRYPTED_CONVERSATIONS_KEY, withEncryptedConversation(previous, conversationId, now));
  try {
    await officeCall<void>((cb) => settings.saveAsync(cb), SAVE_TIMEOUT_MS);
    return "saved";
  } catch {
    if (previous === undefined) settings.remove(ENCRYPTED_CONVERSATIONS_KEY);
    else settings.set(ENCRYPTED_CONVERSATIONS_KEY, previous);
    return "failed";
  }
}
