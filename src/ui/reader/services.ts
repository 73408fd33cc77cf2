/**
 * The web reader's services: the same key store as the panes on this origin (IndexedDB is per origin), the
 * organisation's anchors from config/anchors.pem next to the page, and no Outlook. Without Office roaming
 * settings, the store's storage-loss marker falls back to localStorage (src/store/loss.ts).
 */
import { openStore, type SpmStore } from "../../store";
import type { ContentServices } from "../read/services";
import { loadOrganisationAnchors, loadOrganisationPolicy } from "../shared";
import { downloadFile } from "../settings/files";
import type { SettingsServices } from "../settings/services";

export interface ReaderServices extends ContentServices {
  /** What the settings pane's import form needs (its code is reused, not copied). */
  settings: SettingsServices;
}

export function createReaderServices(): ReaderServices {
  let store: Promise<SpmStore> | undefined;
  const openOnce = () => (store ??= openStore({ indexedDB: globalThis.indexedDB }));
  let anchors: Promise<Uint8Array[]> | undefined;
  const organisationAnchors = () => (anchors ??= loadOrganisationAnchors());
  return {
    store: openOnce,
    organisationAnchors,
    settings: { store: openOnce, organisationAnchors, organisationPolicy: () => loadOrganisationPolicy(), download: downloadFile },
  };
}
