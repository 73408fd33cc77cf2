/** Store settings keys owned by the settings pane, and their defaults (plain data, no React). */

export const SETTINGS_KEYS = {
  userSettings: "userSettings",
  lock: "lock",
} as const;

export interface LockSettings {
  /** Minutes without user activity before the key store locks again; 0 = never. */
  autoLockMinutes: number;
}

export const DEFAULT_LOCK_SETTINGS: LockSettings = { autoLockMinutes: 15 };
