/**
 * The settings pane (public/settings.html -> settings.js): onboarding from no certificate to a usable,
 * backed-up identity; identities, address book, trust, key store lock and policy.
 * Public surface: SettingsPane (with its services), the flows for other panes' "get a certificate" links.
 */
import { createLossMarkerPort, createOfficeCallQueue, createRoamingSettingsPort, hostUserEmail } from "../../host";
import { openStore, type SpmStore } from "../../store";
import { bootPane, loadOrganisationAnchors, loadOrganisationPolicy } from "../shared";
import { downloadFile } from "./files";
import { SettingsPane } from "./pane";
import type { SettingsServices } from "./services";

export { SettingsPane, type TabName } from "./pane";
export type { SettingsServices, RoamingWriter, LockSettings } from "./services";
export { SETTINGS_KEYS, DEFAULT_LOCK_SETTINGS } from "./services";

function createServices(): SettingsServices {
  let store: Promise<SpmStore> | undefined;
  // One queue for every Office call of this pane (Outlook on the web allows few concurrent calls).
  const queue = createOfficeCallQueue();
  return {
    store: () => (store ??= openStore({ indexedDB: globalThis.indexedDB, lossMarker: createLossMarkerPort(undefined, queue) })),
    organisationPolicy: () => loadOrganisationPolicy(),
    organisationAnchors: () => loadOrganisationAnchors(),
    roaming: createRoamingSettingsPort(undefined, queue),
    userEmail: () => hostUserEmail(),
    download: downloadFile,
  };
}

if (typeof document !== "undefined" && document.getElementById("root")) {
  // The pane fills the task pane edge to edge (the theme's background, not the page's default margin).
  document.body.style.margin = "0";
  void bootPane(() => <SettingsPane services={createServices()} />);
}
