/**
 * Roaming-settings-backed ports. Roaming settings live in the user's mailbox (not in the webview's
 * partitioned storage), so they survive the browser clearing IndexedDB: the right place for the
 * "we had keys here" loss marker (platform-facts.md: storage reported cleared on several platforms).
 */
import { createOfficeCallQueue, type OfficeCallQueue } from "./office-call";

/** Remembers a small marker across storage loss. Value: a short non-secret string (e.g. a key-store id). */
export interface LossMarkerPort {
  get(): Promise<string | undefined>;
  set(value: string | undefined): Promise<void>;
}

export const LOSS_MARKER_SETTING = "spm.lossMarker";

export function createLossMarkerPort(office: typeof Office = globalThis.Office, queue: OfficeCallQueue = createOfficeCallQueue()): LossMarkerPort {
  const settings = () => office.context.roamingSettings;
  return {
    async get() {
      const v: unknown = settings().get(LOSS_MARKER_SETTING);
      return typeof v === "string" ? v : undefined;
    },
    async set(value) {
      if (value === undefined) settings().remove(LOSS_MARKER_SETTING);
      else settings().set(LOSS_MARKER_SETTING, value);
      await queue.call<void>("roamingSettings.saveAsync", (cb) => settings().saveAsync(cb));
    },
  };
}

/** General roaming settings (string values), e.g. the policy copy and user choices the send guard reads. */
export interface RoamingSettingsPort {
  get(name: string): string | undefined;
  set(name: string, value: string): Promise<void>;
}

export function createRoamingSettingsPort(office: typeof Office = globalThis.Office, queue: OfficeCallQueue = createOfficeCallQueue()): RoamingSettingsPort {
  const settings = () => office.context.roamingSettings;
  return {
    get(name) {
      const v: unknown = settings().get(name);
      return typeof v === "string" ? v : undefined;
    },
    async set(name, value) {
      settings().set(name, value);
      await queue.call<void>("roamingSettings.saveAsync", (cb) => settings().saveAsync(cb));
    },
  };
}
