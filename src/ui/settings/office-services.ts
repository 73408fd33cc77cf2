/**
 * The settings pane's services over Office (roamingSettings, the mailbox owner's address) and IndexedDB, as
 * the booted pane uses them. Kept apart from services.ts so the views and their logic load without Office
 * (tests pass their own services).
 */
import { createLossMarkerPort, createOfficeCallQueue, createRoamingSettingsPort, hostUserEmail } from "../../host";
import { openStore, type SpmStore } from "../../store";
import { loadOrganisationAnchors, loadOrganisationPolicy } from "../shared";
import { downloadFile } from "./files";
import type { SettingsServices } from "./services";

export function createSettingsServices(): SettingsServices {
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
