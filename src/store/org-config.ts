/** The organisation's trust anchors (a cache of what the admin configured) and the panes' settings. */
import { SpmError } from "../core/errors";
import { describe } from "./certificate";
import type { StoreContext } from "./context";
import { STORES, idbError, records, type StoredAnchors } from "./idb";
import type { OrganisationAnchors } from "./types";
import { isPlainObject, requireBytes } from "./validate";

const ANCHORS_KEY = "organisation";

function requireSettingsKey(key: unknown): string {
  if (typeof key !== "string" || key === "") throw new SpmError("INVALID_ARGUMENT", "A settings key is required");
  return key;
}

export class OrgConfig {
  constructor(private readonly ctx: StoreContext) {}

  async cacheOrganisationAnchors(certificates: Uint8Array[], source: string): Promise<void> {
    if (!Array.isArray(certificates)) throw new SpmError("INVALID_ARGUMENT", "Anchors must be a list of certificates");
    if (typeof source !== "string" || source === "") throw new SpmError("INVALID_ARGUMENT", "The anchors' source is required");
    const fingerprints: string[] = [];
    for (const c of certificates) {
      fingerprints.push((await describe(requireBytes(c, "An anchor certificate"))).sha256Hex);
    }
    const value: StoredAnchors = { certificates: certificates.map((c) => c.slice()), sha256Hex: fingerprints, source, fetchedAt: this.ctx.now() };
    await this.ctx.tx([STORES.anchors], "readwrite", "cache organisation anchors", (tx) => records(tx, STORES.anchors).put(value, ANCHORS_KEY));
  }

  async getOrganisationAnchors(): Promise<OrganisationAnchors | undefined> {
    const stored = await this.ctx.tx([STORES.anchors], "readonly", "read organisation anchors", (tx) => records(tx, STORES.anchors).get(ANCHORS_KEY));
    if (!stored) return undefined;
    return { certificates: stored.certificates, source: stored.source, fetchedAt: stored.fetchedAt };
  }

  async getSettings<T extends object>(key: string, fallback: T): Promise<T> {
    const name = requireSettingsKey(key);
    const stored = await this.ctx.tx([STORES.settings], "readonly", "read settings", (tx) => records(tx, STORES.settings).get(name));
    if (stored === undefined) return fallback;
    if (isPlainObject(stored) && isPlainObject(fallback)) return { ...fallback, ...stored };
    // The caller's own key: what it stored earlier through setSettings under the same type.
    return stored as T;
  }

  async setSettings(key: string, value: object): Promise<void> {
    const name = requireSettingsKey(key);
    if (typeof value !== "object" || value === null) throw new SpmError("INVALID_ARGUMENT", "Settings must be an object");
    try {
      await this.ctx.tx([STORES.settings], "readwrite", "write settings", (tx) => records(tx, STORES.settings).put(value, name));
    } catch (e) {
      const cause = (e as { cause?: { name?: string } }).cause;
      if (cause?.name === "DataCloneError") throw new SpmError("INVALID_ARGUMENT", "Settings must be plain data (no functions or DOM objects)", { cause: e });
      throw idbError("write settings", e);
    }
  }
}
