/**
 * item.addHandlerAsync / removeHandlerAsync of the compose item, and firing the events the user's edits cause.
 * RecipientsChanged (Mailbox 1.7): "Occurs when the recipient list of the selected item or the appointment location
 * is changed" with `changedRecipientFields` (office-js-docs-reference, outlook office.recipientschangedeventargs.yml).
 */
import { FailWith, type FakeKit } from "./fake-async";
import type { SimMailbox } from "./mailbox-state";

export const RECIPIENTS_CHANGED = "olkRecipientsChanged";

export function itemEventMethods({ backend, asyncMethod }: FakeKit) {
  return {
    addHandlerAsync: asyncMethod("item.addHandlerAsync", 2, ([type, handler]) => {
      if (typeof handler !== "function") throw new FailWith("InvalidParameterValueError");
      const key = String(type);
      if (!backend.itemHandlers.has(key)) backend.itemHandlers.set(key, new Set());
      backend.itemHandlers.get(key)!.add(handler as (args: unknown) => void);
    }),
    removeHandlerAsync: asyncMethod("item.removeHandlerAsync", 1, ([type]) => {
      backend.itemHandlers.delete(String(type));
    }),
  };
}

/** The user changed these recipient fields: Outlook tells the pane's handlers, asynchronously. */
export function fireRecipientsChanged(backend: SimMailbox, fields: ("to" | "cc" | "bcc")[]): void {
  const handlers = [...(backend.itemHandlers.get(RECIPIENTS_CHANGED) ?? [])];
  const args = { type: RECIPIENTS_CHANGED, changedRecipientFields: { to: fields.includes("to"), cc: fields.includes("cc"), bcc: fields.includes("bcc") } };
  for (const handler of handlers) setTimeout(() => handler(args), 0);
}
