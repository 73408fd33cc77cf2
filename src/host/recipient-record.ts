/**
 * The compose pane's view of the recipient record the send guard checks (core/policy/recipient-set.ts): the
 * recipients the draft was encrypted for (item.sessionData, Mailbox 1.11), and Outlook's RecipientsChanged
 * event (Mailbox 1.7) so an open pane notices a change as it happens instead of only at Send.
 */
import { PROTECTION_MARKERS, decodeRecipientSet, type RecipientSet } from "../core/policy";
import { createOfficeCallQueue, isOfficeError, OFFICE_ERROR_CODES, type OfficeCallQueue } from "./office-call";
import { supportsMailbox } from "./office-ready";

export interface RecipientRecordPort {
  /** The recorded set; undefined when there is none (not encrypted by us, or an older draft). */
  read(): Promise<RecipientSet | undefined>;
  /** Call `listener` whenever the user changes To, Cc or Bcc; resolves to a function that stops it. */
  watch(listener: () => void): Promise<() => Promise<void>>;
}

export function createRecipientRecordPort(office: typeof Office = globalThis.Office, queue: OfficeCallQueue = createOfficeCallQueue()): RecipientRecordPort {
  const item = () => office.context.mailbox.item as Office.MessageCompose;
  return {
    async read() {
      if (!supportsMailbox(office, "1.11") || !item().sessionData) return undefined;
      try {
        const raw = await queue.call<string>("sessionData.getAsync", (cb) => item().sessionData.getAsync(PROTECTION_MARKERS.recipientsKey, cb));
        return decodeRecipientSet(raw);
      } catch (e) {
        // A key that was never set may be reported as a failure: no record, and the pane says it cannot confirm
        // the recipients (what the send guard decides too). Anything else is a real failure of the host.
        if (isOfficeError(e, OFFICE_ERROR_CODES.ItemNotFound, OFFICE_ERROR_CODES.InternalError)) return undefined;
        throw e;
      }
    },
    async watch(listener) {
      if (!supportsMailbox(office, "1.7") || typeof item().addHandlerAsync !== "function") return async () => undefined;
      const type = office.EventType.RecipientsChanged;
      await queue.call<void>("item.addHandlerAsync", (cb) => item().addHandlerAsync(type, listener, cb));
      return async () => {
        await queue.call<void>("item.removeHandlerAsync", (cb) => item().removeHandlerAsync(type, cb));
      };
    },
  };
}
