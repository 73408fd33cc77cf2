/**
 * The read pane (public/read.html -> read.js): decrypt, verify and show a received message safely.
 * Modules: open-flow (port + store + core), content (MIME -> what is shown), sanitize (HTML -> sandboxed
 * frame document), status (report -> chrome sentence), and the React views.
 */
import { createReadPort, createLossMarkerPort } from "../../host";
import { openStore, type SpmStore } from "../../store";
import { bootPane, loadOrganisationAnchors } from "../shared";
import type { ReadServices } from "./open-flow";
import { ReadPane } from "./pane";

export { buildDisplay, type DisplayContent } from "./content";
export { buildFrameDocument, FRAME_CSP, FRAME_SANDBOX } from "./sanitize";
export { describeStatus, type StatusView } from "./status";

function createServices(): ReadServices {
  let store: Promise<SpmStore> | undefined;
  return {
    port: createReadPort(),
    store: () => (store ??= openStore({ indexedDB: globalThis.indexedDB, lossMarker: createLossMarkerPort() })),
    organisationAnchors: () => loadOrganisationAnchors(),
  };
}

if (typeof document !== "undefined" && document.getElementById("root")) {
  void bootPane(() => <ReadPane services={createServices()} />);
}
