/**
 * `window.spmSimulator`'s part for standard S/MIME delivery (merged into the API in api.ts):
 * - sentMessages(): `[{ recipients, itemClass, mime }]`, one per message the simulated Graph accepted,
 *   oldest first; `mime` is the raw message as Graph received it (contract for other tests);
 * - mailbox(address): what was delivered to that address (Inbox) or sent from it (Sent Items);
 * - openDelivered(address, index?): open a delivered item in the read pane, as that mailbox shows it
 *   (the recipients' copy, Bcc removed), presented as Exchange files it; keys come from this page's store,
 *   so import the recipient's identity first (or use a fresh page that joined the session);
 * - failGraphNext(fault): the simulated Graph answers the next sendMail with this failure;
 * - setDelivery(settings): NAA support, registered client ID, consent, account type, the Graph session.
 * When the pane closes the draft (item.closeAsync), the pane frame unloads, as the compose form goes away
 * in Outlook.
 */
import { configureDelivery, deliveryState, type DeliverySimSettings, type DeliverySimState } from "./delivery-state";
import { failGraphNext, mailboxItems, sentMessages, type DeliveredItem, type GraphFault, type SentMessage } from "./graph";
import type { SimMailbox } from "./mailbox-state";

export interface DeliverySimulatorApi {
  sentMessages(): Promise<SentMessage[]>;
  mailbox(address: string): Promise<DeliveredItem[]>;
  openDelivered(address: string, index?: number): Promise<{ itemClass: string; folder: string }>;
  failGraphNext(fault: GraphFault): Promise<void>;
  setDelivery(settings: DeliverySimSettings): DeliverySimState;
  getDelivery(): DeliverySimState;
}

export function createDeliveryApi(backend: SimMailbox, iframe: HTMLIFrameElement, openRead: () => Promise<void>): DeliverySimulatorApi {
  backend.onChange(() => {
    if (backend.mode === "compose" && backend.draft.closed && iframe.src !== "about:blank") iframe.src = "about:blank";
  });
  return {
    sentMessages: () => sentMessages(backend),
    mailbox: (address) => mailboxItems(backend, address),
    async openDelivered(address, index) {
      const items = await mailboxItems(backend, address);
      const item = items[index ?? items.length - 1];
      if (!item) throw new Error(`openDelivered: nothing delivered to ${address}${index === undefined ? "" : ` at ${index}`}`);
      backend.loadMessage(item.mime);
      await openRead();
      return { itemClass: item.itemClass, folder: item.folder };
    },
    failGraphNext: (fault) => failGraphNext(backend, fault),
    setDelivery: (settings) => configureDelivery(backend, settings),
    getDelivery: () => ({ ...deliveryState(backend) }),
  };
}
