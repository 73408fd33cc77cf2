/**
 * What the read pane needs from the outside world, passed in so the views can be driven without Office
 * (the web reader reuses the content views with the same store and no Outlook at all).
 */
import {
  createEncryptedConversationsPort,
  createLossMarkerPort,
  createOfficeCallQueue,
  createReadPort,
  createReplyPort,
  type EncryptedConversationsPort,
  type ReadPort,
  type ReplyPort,
} from "../../host";
import { openStore, type SpmStore } from "../../store";
import { loadOrganisationAnchors } from "../shared";

/** What the content views (status, trust, address book) need: the key store and the organisation's anchors. */
export interface ContentServices {
  store: () => Promise<SpmStore>;
  organisationAnchors: () => Promise<Uint8Array[]>;
}

/** The read pane inside Outlook: the content services plus the Outlook item, its reply forms and the registry. */
export interface ReadServices extends ContentServices {
  port: ReadPort;
  reply?: ReplyPort;
  conversations?: EncryptedConversationsPort;
}

export function createReadServices(): ReadServices {
  let store: Promise<SpmStore> | undefined;
  // One queue for every Office call of this pane (Outlook on the web allows few concurrent calls).
  const queue = createOfficeCallQueue();
  return {
    port: createReadPort(undefined, { queue }),
    reply: createReplyPort(undefined, { queue }),
    conversations: createEncryptedConversationsPort(undefined, queue),
    store: () => (store ??= openStore({ indexedDB: globalThis.indexedDB, lossMarker: createLossMarkerPort(undefined, queue) })),
    organisationAnchors: () => loadOrganisationAnchors(),
  };
}
