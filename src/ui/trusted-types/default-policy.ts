/**
 * The Trusted Types "default" policy, loaded as the first script of every page that loads Office.js
 * (trusted-types.js, before office.js). Office.js loads its host-specific files and strings by assigning
 * plain strings to <script src>; under `require-trusted-types-for 'script'` that only works through a
 * default policy. This one lets a script URL through only when it is on this origin or on Office.js's CDN
 * (the same two sources script-src allows) and refuses every HTML and script string: code that writes HTML
 * strings into the page is blocked and reported, which is the point of Trusted Types.
 *
 * A classic script without imports beyond the origins list: it must run before anything else on the page.
 */
import { createTrustedTypesPolicy, trustedTypesFactory } from "../shared/trusted-types";

/** Office.js's CDN, as in scripts/csp.mjs (OFFICE_JS_ORIGIN). */
const OFFICE_JS_ORIGIN = "https://appsforoffice.microsoft.com";

export function allowedScriptUrl(input: string, pageUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(input, pageUrl);
  } catch {
    return null;
  }
  // Only fetched scripts: blob: and data: URLs would carry their code in the URL (a blob: URL's origin is its
  // creator's, so the origin alone would let one through).
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  const pageOrigin = new URL(pageUrl).origin;
  return url.origin === pageOrigin || url.origin === OFFICE_JS_ORIGIN ? url.href : null;
}

if (typeof document !== "undefined" && trustedTypesFactory() && !trustedTypesFactory()?.defaultPolicy) {
  createTrustedTypesPolicy("default", {
    // Returning null blocks the assignment and reports a violation (securitypolicyviolation). No createHTML:
    // every HTML string is refused.
    createScriptURL: (input) => allowedScriptUrl(input, document.baseURI),
  });
}
