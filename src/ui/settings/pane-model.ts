/**
 * The settings pane's data and the choice of what it shows, free of React (unit-tested in Node against a
 * real store over fake-indexeddb).
 */
import type { AddressBookEntry, IdentityRecord, LossDetails, PendingKeyRecord, Pin, SpmStore, StoreState } from "../../store";
import { DEFAULT_LOCK_SETTINGS, SETTINGS_KEYS, type LockSettings } from "./settings-keys";

export interface SettingsData {
  state: StoreState;
  loss: LossDetails;
  identities: IdentityRecord[];
  /** Certificate requests waiting for the CA (keys in the store). */
  pending: PendingKeyRecord[];
  addressBook: AddressBookEntry[];
  pins: Pin[];
  lock: LockSettings;
}

export type TabName = "identities" | "addressbook" | "trust" | "security" | "policy";
export const TABS: readonly TabName[] = ["identities", "addressbook", "trust", "security", "policy"];

export async function loadSettingsData(store: SpmStore): Promise<SettingsData> {
  // state() first: it re-reads the passphrase flag another tab may have changed.
  const state = await store.state();
  const [identities, pending, addressBook, pins, lock] = await Promise.all([
    store.listIdentities(),
    store.listPendingKeys(),
    store.listAddressBook(),
    store.listPins(),
    store.getSettings<LockSettings>(SETTINGS_KEYS.lock, DEFAULT_LOCK_SETTINGS),
  ]);
  return { state, loss: store.lossDetails(), identities, pending, addressBook, pins, lock };
}

export type Screen =
  | { kind: "error"; error: unknown }
  | { kind: "loading" }
  | { kind: "lost-storage" | "unlock" | "onboarding" | "tabs"; data: SettingsData };

/**
 * In this order: a load failure, then loading, lost storage (restore comes before anything else), the
 * unlock prompt, the first-run guide (no identity, or the user asked to add one), else the tabs.
 */
export function screenFor(view: { data?: SettingsData; loadError?: unknown; adding: boolean }): Screen {
  const { data } = view;
  if (view.loadError !== undefined) return { kind: "error", error: view.loadError };
  if (!data) return { kind: "loading" };
  if (data.state.storageLost) return { kind: "lost-storage", data };
  if (data.state.locked) return { kind: "unlock", data };
  if (data.identities.length === 0 || view.adding) return { kind: "onboarding", data };
  return { kind: "tabs", data };
}

/** Minutes of inactivity before the pane locks the store; 0 when there is nothing to lock. */
export function idleLockMinutes(data: SettingsData | undefined): number {
  if (!data || !data.state.hasPassphrase || data.state.locked) return 0;
  return data.lock.autoLockMinutes;
}

/** The backup reminder: shown while some identity has no backup; its button opens the first one's form. */
export function backupReminder(identities: IdentityRecord[]): { count: number; firstId: string; firstEmail: string } | undefined {
  const unbacked = identities.filter((i) => !i.backedUpAt);
  if (unbacked.length === 0) return undefined;
  return { count: unbacked.length, firstId: unbacked[0].id, firstEmail: unbacked[0].email };
}
