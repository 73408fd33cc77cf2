/**
 * Storage-loss detection. IndexedDB in add-in webviews gets cleared (platform-facts.md), so the store leaves
 * a small marker somewhere that survives it: the host passes a port backed by Office roamingSettings (they
 * live in the mailbox). roamingSettings roam to every device of the mailbox, so the marker is a list of
 * installs (one per IndexedDB instance), each written only by its own install, never one shared value.
 *
 * After a wipe the device has no memory of its old install id, so "storage lost here" and "first start on
 * another device of a mailbox that has keys elsewhere" look the same. Both need the same guidance (restore
 * your keys from the backup), so both set `storageLost`; `lossDetails()` says what is known.
 */
import { SpmError } from "../core/errors";

export interface LossMarkerPort {
  get(): Promise<string | undefined>;
  set(value: string): Promise<void>;
}

export interface InstallMark {
  installId: string;
  identities: number;
  at: string; // ISO date of the write
}

export interface Marker {
  v: 1;
  installs: InstallMark[];
}

/** roamingSettings are capped at 32 KB in total; a handful of installs is all that is useful. */
const MAX_INSTALLS = 8;
const MARKER_PREFIX = "spm-store-marker:";

export function parseMarker(text: string | undefined): Marker | undefined {
  if (text === undefined || text === null || text === "") return undefined;
  if (!text.startsWith(MARKER_PREFIX)) throw new SpmError("MALFORMED", "The storage marker has an unknown format");
  let value: unknown;
  try {
    value = JSON.parse(text.slice(MARKER_PREFIX.length));
  } catch (e) {
    throw new SpmError("MALFORMED", "The storage marker is not valid JSON", { cause: e });
  }
  const m = value as Partial<Marker> | null;
  if (!m || m.v !== 1 || !Array.isArray(m.installs)) throw new SpmError("MALFORMED", "The storage marker has an unknown version");
  const installs = m.installs.filter(
    (i): i is InstallMark =>
      !!i && typeof i.installId === "string" && Number.isInteger(i.identities) && i.identities >= 0 && typeof i.at === "string",
  );
  return { v: 1, installs };
}

export function serialiseMarker(marker: Marker): string {
  return MARKER_PREFIX + JSON.stringify(marker);
}

/** Our install's entry replaced, newest first, bounded. */
export function withInstall(marker: Marker | undefined, mark: InstallMark): Marker {
  const others = (marker?.installs ?? []).filter((i) => i.installId !== mark.installId);
  const installs = [mark, ...others].sort((a, b) => b.at.localeCompare(a.at)).slice(0, MAX_INSTALLS);
  // Keep our own entry even if the clock put it last.
  if (!installs.some((i) => i.installId === mark.installId)) installs[installs.length - 1] = mark;
  return { v: 1, installs };
}

export type LossReason =
  /** Our own install recorded identities that are gone from this database. */
  | "identities-missing"
  /** This database is a new install; another install (an earlier one here, or another device) had identities. */
  | "install-replaced";

export interface LossDetails {
  /** Where the marker lives: the host's port, localStorage fallback, or nowhere (detection off). */
  channel: "port" | "localStorage" | "none";
  storageLost: boolean;
  reason?: LossReason;
  /** Installs that recorded identities, newest first (for "you had N keys, last seen on <date>"). */
  knownInstalls: InstallMark[];
  /** The marker could not be read or written; detection is unreliable until it works again. */
  markerError?: { operation: "get" | "set"; code: string; message: string };
}

export function evaluateLoss(marker: Marker | undefined, installId: string, identityCount: number): Pick<LossDetails, "storageLost" | "reason" | "knownInstalls"> {
  const knownInstalls = (marker?.installs ?? []).filter((i) => i.identities > 0);
  if (identityCount > 0 || knownInstalls.length === 0) return { storageLost: false, knownInstalls };
  const ours = knownInstalls.some((i) => i.installId === installId);
  return { storageLost: true, reason: ours ? "identities-missing" : "install-replaced", knownInstalls };
}

/**
 * Fallback when the host gives no port. localStorage is usually cleared together with IndexedDB (same
 * origin, same eviction), so this only catches IndexedDB-only loss (a deleted or corrupted database).
 */
export function localStorageLossMarker(storage: Storage, key = "secure-patient-mail.store-marker"): LossMarkerPort {
  return {
    get: async () => storage.getItem(key) ?? undefined,
    set: async (value) => storage.setItem(key, value),
  };
}
