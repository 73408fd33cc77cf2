/**
 * After Microsoft Graph accepted a message, the Outlook draft must go: it still holds the unprotected text,
 * and Outlook's own Send would deliver it a second time, unencrypted (a Graph send never passes the send
 * guard, so nothing else would stop it).
 * - `closeAndDiscard`: `item.closeAsync({ discardItem: true })` (Mailbox 1.14, task pane only). On success
 *   Outlook closes the compose form and this pane stops running.
 * - `emptyDraft`: when closing fails, make the draft unsendable and harmless: no recipients, no attachments,
 *   a short note instead of the text, the obscured subject. Each step is tried; the failed ones are returned.
 * - `markDelivery`: the sessionData marker (Mailbox 1.11) that makes the send guard stop Outlook's own Send
 *   of this draft while, or after, its content went out through Graph. Without 1.11 it does nothing.
 */
import { OBSCURED_SUBJECT } from "../core/mime";
import { DELIVERY_MARKER, type DeliveryMarkerState } from "../core/policy";
import { supportsMailbox } from "./office-ready";
import { createOfficeCallQueue, type OfficeCallQueue } from "./office-call";

export interface DraftCloser {
  closeAndDiscard(): Promise<void>;
  /** Returns the names of the steps that failed (empty: the draft is empty). */
  emptyDraft(note: { html: string; text: string }): Promise<string[]>;
  /** Set (or with `undefined` remove) the delivery marker. */
  markDelivery(state: DeliveryMarkerState | undefined): Promise<void>;
}

export function createDraftCloser(office: typeof Office = globalThis.Office, queue: OfficeCallQueue = createOfficeCallQueue()): DraftCloser {
  const item = () => office.context.mailbox.item as Office.MessageCompose;

  async function step(failed: string[], name: string, run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (e) {
      console.warn(`Secure Patient Mail: could not empty the sent draft (${name}):`, e instanceof Error ? e.message : String(e));
      failed.push(name);
    }
  }

  return {
    async closeAndDiscard() {
      await queue.call<void>("closeAsync", (cb) => item().closeAsync({ discardItem: true }, cb));
    },
    async emptyDraft(note) {
      const failed: string[] = [];
      // Recipients first: without them Outlook cannot send the draft again.
      for (const field of ["to", "cc", "bcc"] as const) {
        await step(failed, `${field}.setAsync`, () => queue.call<void>(`${field}.setAsync`, (cb) => item()[field].setAsync([], cb)));
      }
      await step(failed, "body.setAsync", async () => {
        const type = await queue.call<string>("body.getTypeAsync", (cb) => item().body.getTypeAsync(cb));
        const html = type === "html";
        await queue.call<void>("body.setAsync", (cb) =>
          item().body.setAsync(html ? note.html : note.text, { coercionType: html ? office.CoercionType.Html : office.CoercionType.Text }, cb),
        );
      });
      await step(failed, "removeAttachmentAsync", async () => {
        const list = await queue.call<Office.AttachmentDetailsCompose[]>("getAttachmentsAsync", (cb) => item().getAttachmentsAsync(cb));
        for (const a of list) await queue.call<void>("removeAttachmentAsync", (cb) => item().removeAttachmentAsync(a.id, cb));
      });
      await step(failed, "subject.setAsync", () => queue.call<void>("subject.setAsync", (cb) => item().subject.setAsync(OBSCURED_SUBJECT, cb)));
      return failed;
    },
    async markDelivery(state) {
      if (!supportsMailbox(office, "1.11") || !item().sessionData) return;
      const key = DELIVERY_MARKER.sessionDataKey;
      if (state === undefined) await queue.call<void>("sessionData.removeAsync", (cb) => item().sessionData.removeAsync(key, cb));
      else await queue.call<void>("sessionData.setAsync", (cb) => item().sessionData.setAsync(key, state, cb));
    },
  };
}
