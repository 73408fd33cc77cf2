/** The bundled trust anchors: Mozilla's roots trusted for e-mail (generated, see the data file). */
import { fromBase64 } from "../bytes";
import { MOZILLA_EMAIL_ROOTS, MOZILLA_EMAIL_ROOTS_GENERATED_AT, MOZILLA_EMAIL_ROOTS_SOURCE } from "./data/mozilla-email-roots";

export const BUNDLED_ANCHORS_INFO: { count: number; generatedAt: string; source: string } = {
  count: MOZILLA_EMAIL_ROOTS.length,
  generatedAt: MOZILLA_EMAIL_ROOTS_GENERATED_AT,
  source: MOZILLA_EMAIL_ROOTS_SOURCE,
};

let cache: Uint8Array[] | undefined;

/** DER of each bundled root. Returns fresh copies: callers may not alter the shared set. */
export function loadBundledAnchors(): Uint8Array[] {
  cache ??= MOZILLA_EMAIL_ROOTS.map((r) => fromBase64(r.der));
  return cache.map((d) => d.slice());
}
