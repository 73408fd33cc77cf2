/**
 * What the settings pane needs from the outside world, passed in (not imported) so the views can be
 * driven without Office: the store, the organisation configuration, a roaming-settings writer for the
 * send guard's copy of the policy and user choices, the mailbox owner's address, and file downloads.
 */
import type { SpmStore } from "../../store";
import { createServicesContext } from "../shared";

/** Writes a string value into Office roamingSettings (the send guard reads ROAMING_KEYS from there). */
export interface RoamingWriter {
  set(name: string, value: string): Promise<void>;
}

export interface SettingsServices {
  store(): Promise<SpmStore>;
  organisationPolicy(): Promise<unknown>;
  organisationAnchors(): Promise<Uint8Array[]>;
  /** Absent while src/host has no general roaming-settings port: choices then apply to the panes only. */
  roaming?: RoamingWriter;
  /** The mailbox owner's address, to prefill the certificate request. */
  userEmail?(): string | undefined;
  /** Offer bytes or text as a file to save. */
  download(name: string, data: Uint8Array | string, mimeType: string): void;
}

export const Services = createServicesContext<SettingsServices>("SettingsServices");

export { SETTINGS_KEYS, DEFAULT_LOCK_SETTINGS, type LockSettings } from "./settings-keys";
