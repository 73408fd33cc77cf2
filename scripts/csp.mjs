// The Content Security Policy of every page the add-in ships, built in this one place (issue 18).
//
// Used by webpack.config.js (the <meta http-equiv> of every page, and a build check that each page carries
// it before any script), by the dev/test server (scripts/serve-lib.mjs sends the same policy as a header),
// by the example hosting configurations in deploy/ (a unit test compares them with hostingHeaders()), and
// by the tests. The reason for every source is in docs/decisions.md ("Content Security Policy").
//
// Development does not get a looser policy: the simulator's parts that run inside the panes (the fake
// Office.js at /office-fake.js, the simulated Graph under /graph/) are served from the add-in's own origin,
// so 'self' already covers them; the simulator page itself (simulator.html, dev builds only) carries no policy.

/** Microsoft's Office.js CDN (the only place Office.js may be loaded from; it loads its host files from there too). */
export const OFFICE_JS_ORIGIN = "https://appsforoffice.microsoft.com";
/** Microsoft Graph, global cloud: the standard S/MIME delivery (src/host/graph.ts). */
export const GRAPH_ORIGIN = "https://graph.microsoft.com";
/**
 * Trusted Types policy names (the only ones a page may create): "default" guards the script URLs that Office.js
 * loads by itself (src/ui/trusted-types/default-policy.ts), "spm-frame" is the one way sanitized HTML reaches the
 * content frame (src/ui/read/sanitize.ts), "spm-parse" lets the event runtime's sanitizer parse a message into
 * an inert DOMParser document (src/launchevent/web/sanitize.ts), "spm-webpack" is webpack's chunk and worker loader.
 */
export const TRUSTED_TYPES_POLICIES = ["default", "spm-frame", "spm-parse", "spm-webpack"];
/** webpack's output.trustedTypes.policyName (one of TRUSTED_TYPES_POLICIES). */
export const WEBPACK_TT_POLICY = "spm-webpack";

/**
 * Where Outlook frames the panes: Outlook on the web and new Outlook on Windows (the same web app in WebView2).
 * Classic Outlook on Windows and Outlook on Mac show the pane as a top-level webview, where frame-ancestors does
 * not apply. Government and national clouds have their own hosts: an admin adds them (README, hosting headers).
 */
export const OUTLOOK_FRAME_ANCESTORS = [
  "https://outlook.office.com",
  "https://outlook.office365.com",
  "https://outlook.cloud.microsoft",
  "https://outlook.live.com",
];

/** The pages that carry the policy: the panes, the event runtime page, the web reader. */
export const POLICY_PAGES = ["compose.html", "read.html", "settings.html", "launchevent.html", "reader.html"];

const ORIGIN = /^https:\/\/[a-z0-9.-]+(:\d+)?$/i;

/**
 * Extra connect-src origins (national clouds: their Graph root, e.g. https://graph.microsoft.us). From the
 * build (`--env connectOrigins=...` or SPM_CONNECT_ORIGINS), space or comma separated, https origins only.
 */
export function parseConnectOrigins(value) {
  const list = String(value ?? "")
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((o) => o.replace(/\/+$/, ""));
  for (const o of list) {
    if (!ORIGIN.test(o)) throw new Error(`connect origins must be https origins without a path (e.g. https://graph.microsoft.us), got: ${o}`);
  }
  return list;
}

/**
 * The page policy as ordered [directive, sources] pairs.
 * @param {{ office?: boolean, graph?: boolean, connectOrigins?: string[] }} options
 *   office: the page loads Office.js (panes, event page; not the web reader);
 *   graph: the page may call Microsoft Graph (panes, event page; not the web reader).
 */
export function policyDirectives({ office = true, graph = true, connectOrigins = [] } = {}) {
  return [
    ["default-src", ["'none'"]],
    ["script-src", ["'self'", ...(office ? [OFFICE_JS_ORIGIN] : [])]],
    // Griffel (Fluent UI) inserts <style> rules at run time, and React renders style attributes: a nonce cannot
    // cover attributes, and a nonce fixed in a static page protects nothing. Styles cannot run script.
    ["style-src", ["'self'", "'unsafe-inline'"]],
    ["img-src", ["'self'", "data:", "blob:"]],
    ["connect-src", ["'self'", ...(graph ? [GRAPH_ORIGIN, ...connectOrigins] : [])]],
    ["worker-src", ["'self'"]],
    // The content frame is srcdoc (about:srcdoc, not fetched): frame-src does not apply to it, so no source.
    ["frame-src", ["'none'"]],
    ["object-src", ["'none'"]],
    ["base-uri", ["'none'"]],
    ["form-action", ["'none'"]],
    ["require-trusted-types-for", ["'script'"]],
    ["trusted-types", [...TRUSTED_TYPES_POLICIES]],
  ];
}

function serialize(directives) {
  const text = directives.map(([name, sources]) => `${name} ${sources.join(" ")}`).join("; ");
  // The policy goes into a double-quoted attribute unescaped (the template's <%= %>).
  if (/["<>&]/.test(text)) throw new Error(`the policy must not contain " < > &: ${text}`);
  return text;
}

/** The policy of a page's <meta http-equiv="Content-Security-Policy"> (never frame-ancestors: ignored in meta). */
export function pagePolicy(options = {}) {
  return serialize(policyDirectives(options));
}

/**
 * The policy as an HTTP header: the pane policy plus frame-ancestors (only a header can carry it).
 * @param {{ frameAncestors?: string[], connectOrigins?: string[] }} options
 */
export function headerPolicy({ frameAncestors = OUTLOOK_FRAME_ANCESTORS, connectOrigins = [] } = {}) {
  return serialize([...policyDirectives({ connectOrigins }), ["frame-ancestors", frameAncestors]]);
}

/** The header set the admin guide recommends (README, "Hosting headers"), and deploy/ ships. */
export function hostingHeaders(options = {}) {
  return {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": headerPolicy(options),
  };
}

/** The <meta> element every page carries, first in <head> after the charset. */
export function metaTag(policy) {
  return `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
}

const META = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/gi;

/**
 * Why a built page does not carry `policy` correctly (undefined when it does): exactly one CSP meta, with
 * exactly this policy, before any <script> or stylesheet (a meta only governs what comes after it).
 */
export function pageProblem(html, policy) {
  const metas = [...html.matchAll(META)];
  if (metas.length !== 1) return `expected one Content-Security-Policy <meta>, found ${metas.length}`;
  if (metas[0][1] !== policy) return `its policy differs from the built one: ${metas[0][1]}`;
  const before = html.slice(0, metas[0].index);
  if (/<script\b|<link\b|<style\b/i.test(before)) return "a <script>, <link> or <style> comes before the policy";
  if (!/<head\b/i.test(before)) return "the policy is not inside <head>";
  return undefined;
}
