/**
 * The settings pane's public surface (index.tsx only boots). Modules:
 * - pane.tsx (SettingsPane: which screen) over pane-model.ts (data loading, screen choice, backup reminder)
 *   and idle-lock.ts (auto-lock after idle time);
 * - the screens: lost-storage, security (unlock, passphrase), onboarding (+ onboarding-model, -choose,
 *   -backup), tabs-view (identities, address-book, trust, security, policy + policy-model, -admin, -choices);
 * - flows.ts: the actions over the store and src/core/keys (import, request, pair, self-signed, backup);
 * - services.ts (what the pane needs, passed in) and office-services.ts (those services over Office).
 */
export { SettingsPane } from "./pane";
export type { TabName, SettingsData, Screen } from "./pane-model";
export { loadSettingsData, screenFor } from "./pane-model";
export type { SettingsServices, RoamingWriter } from "./services";
export { SETTINGS_KEYS, DEFAULT_LOCK_SETTINGS, type LockSettings } from "./settings-keys";
export { createSettingsServices } from "./office-services";
export {
  importIdentityFile,
  startCertificateRequest,
  pairIssuedCertificate,
  createSelfSignedIdentity,
  exportBackup,
  importRecipients,
  type ImportResult,
  type RecipientImportResult,
} from "./flows";
