/**
 * What the read pane needs from the outside world, passed in so the views can be driven without Office
 * (the web reader reuses the content views with the same store and no Outlook at all).
 */
import { createLossMarkerPort, createReadPort, type ReadPort } from "../../host";
import { openStore, type SpmStore } from "../../store";
import { loadOrganisationAnchors } from "../shared";

/** What the content views (status, trust, address book) need: the key store and the organisation's anchors. */
export interface ContentServices {
  store: () => Promise<SpmStore>;
  organisationAnchors: () => Promise<Uint8Array[]>;
}

/** The read pane inside Outlook: the content services plus the Outlook item. */
export interface ReadServices extends ContentServices {
  port: ReadPort;
}

export function createReadServices(): ReadServices {
  let store: Promise<SpmStore> | undefined;
  return {
    port: createReadPort(),
    store: () => (store ??= openStore({ indexedDB: globalThis.indexedDB, lossMarker: createLossMarkerPort() })),
    organisationAnchors: () => loadOrganisationAnchors(),
  };
}
