// Shared by `npm start` (webpack-dev-server, webpack.config.js) and the browser tests (test/helpers):
// the development build (panes + Outlook simulator), the static file handler the tests serve it with, and
// the dev server middleware.
//
// Both rewrite the pane pages' office.js <script> to /office-fake.js, so the real pane pages run unchanged
// in the simulator and never learn they are not in Outlook, and both answer /graph/ as the simulated
// Microsoft Graph (graph-sim.mjs), giving simulated panes a config/policy.json that points there.
import { appendFileSync, existsSync, readFileSync, statSync } from "node:fs";
import { basename, extname, join, normalize, resolve, sep } from "node:path";
import { headerPolicy, OUTLOOK_FRAME_ANCESTORS, POLICY_PAGES } from "./csp.mjs";
import { createGraphSimulator, fromSimulatedPage, simulatorPolicy } from "./graph-sim.mjs";

export const OFFICE_JS_URL = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
export const FAKE_OFFICE_PATH = "/office-fake.js";

/**
 * One development build (panes, simulator, event handlers) into outDir with webpack.config.js.
 * `extraEntries` ({name: path}) adds test-only pages; `extraStaticDirs` are copied next to the build.
 */
export async function buildDev({ outDir, cwd = process.cwd(), extraEntries = {}, extraStaticDirs = [] }) {
  const { runWebpack } = await import("./webpack-run.mjs");
  await runWebpack({ mode: "development", outDir: resolve(cwd, outDir), simulator: true, extraEntries, extraStaticDirs });
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".xml": "application/xml; charset=utf-8",
  ".eml": "message/rfc822",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * Headers for a static file: no caching while developing, except images: Office caches add-in command icons
 * and shows a generic icon instead when the response carries any Cache-Control directive
 * (learn.microsoft.com/javascript/api/manifest/image, "must not add any CACHE-CONTROL directives").
 */
export function staticHeaders(pathname) {
  const image = /\.(png|gif|jpe?g|bmp|tiff?)$/i.test(pathname);
  return { ...(image ? {} : { "Cache-Control": "no-store" }), "X-Content-Type-Options": "nosniff" };
}

/** Where the browser reports violations of the header policy (development and tests only). */
export const CSP_REPORT_PATH = "/__csp-report";

const DEV_ONLY_SCRIPT = /^\/(simulator\.js|office-fake\.js|chunks\/classic-outlook-runtime\.[0-9a-f]+\.js)$/;

/**
 * The headers of every response, as the admin guide's hosting headers (scripts/csp.mjs): the pages' policy as
 * a header, so a violation shows up in development and in the browser tests exactly as in production. Also on
 * scripts, because a worker's policy is its script's header. frame-ancestors adds 'self' for the simulator.
 * What is not the add-in's gets no policy: the simulator's page and scripts (its classic-Outlook runtime is a
 * worker that evaluates launchevent.js as a bare script, as classic Outlook does) and test fixture pages.
 */
export function devHeaders(url, { connectOrigins = [] } = {}) {
  let pathname = "/";
  try {
    pathname = new URL(url, "http://localhost").pathname;
  } catch {
    return staticHeaders("/");
  }
  const headers = { ...staticHeaders(pathname), "Referrer-Policy": "no-referrer" };
  if (extname(pathname) === ".html" && !POLICY_PAGES.includes(basename(pathname))) return headers;
  if (DEV_ONLY_SCRIPT.test(pathname)) return headers;
  // report-uri only reports (the meta tag's copy, which cannot carry it, enforces the same directives).
  const policy = headerPolicy({ frameAncestors: ["'self'", ...OUTLOOK_FRAME_ANCESTORS], connectOrigins });
  return { ...headers, "Content-Security-Policy": `${policy}; report-uri ${CSP_REPORT_PATH}` };
}

/**
 * A violation report from the browser: printed (npm start), or appended as a JSON line to the file named by
 * SPM_CSP_REPORT_FILE (a test run collecting every violation of the suite). True when the request was one.
 */
function handleCspReport(req, res) {
  if (req.method !== "POST" || !(req.url ?? "").startsWith(CSP_REPORT_PATH)) return false;
  const chunks = [];
  let size = 0;
  req.on("data", (c) => {
    size += c.length;
    if (size <= 64 * 1024) chunks.push(c);
  });
  req.on("end", () => {
    let report;
    try {
      report = JSON.parse(Buffer.concat(chunks).toString("utf8"))["csp-report"];
    } catch (e) {
      report = { unreadable: String(e) };
    }
    const line = JSON.stringify({ directive: report?.["effective-directive"], blocked: report?.["blocked-uri"], document: report?.["document-uri"], source: report?.["source-file"], line: report?.["line-number"], sample: report?.["script-sample"] });
    if (process.env.SPM_CSP_REPORT_FILE) appendFileSync(process.env.SPM_CSP_REPORT_FILE, line + "\n");
    else console.warn(`[serve] Content Security Policy violation: ${line}`);
    res.writeHead(204).end();
  });
  return true;
}

/** Point a pane page at the fake Office. Only the exact office.js script URL is replaced. */
export function rewriteOfficeScript(html) {
  return html.split(OFFICE_JS_URL).join(FAKE_OFFICE_PATH);
}

/** This server's origin as the browser sees it (the simulated Graph checks token audiences against it). */
function requestOrigin(req) {
  return `${req.socket?.encrypted ? "https" : "http"}://${req.headers.host ?? "localhost"}`;
}

/** config/policy.json for a simulated pane: with the simulator's Graph registration (graph-sim.mjs). */
function isSimulatedPolicy(pathname, req, fakeOffice) {
  return pathname === "/config/policy.json" && (fakeOffice === "always" || fromSimulatedPage(req));
}

/**
 * A node:http request handler serving files from `roots` (first match wins). Static only: GET/HEAD,
 * no directory listing, no path escaping the roots. "/" redirects to the simulator. `fakeOffice`:
 * "always" points every pane page at the fake Office; "simulator-only" only pages opened by the simulator.
 * Under /graph/ it answers as the simulated Microsoft Graph (graph-sim.mjs; `graph: false` turns it off),
 * with state per simulator session.
 */
export function createHandler({ roots, fakeOffice = "always", graph = true }) {
  const absRoots = roots.map((r) => resolve(r));
  const graphSim = graph ? createGraphSimulator() : undefined;
  return (req, res) => {
    if (graphSim?.handle(req, res, requestOrigin(req))) return;
    if (handleCspReport(req, res)) return;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD" }).end();
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    } catch {
      res.writeHead(400).end("bad request");
      return;
    }
    if (pathname === "/") {
      res.writeHead(302, { Location: "/simulator.html" }).end();
      return;
    }
    for (const root of absRoots) {
      const file = normalize(join(root, pathname));
      if (file !== root && !file.startsWith(root + sep)) {
        res.writeHead(403).end("forbidden");
        return;
      }
      if (!existsSync(file) || !statSync(file).isFile()) continue;
      const type = TYPES[extname(file)] ?? "application/octet-stream";
      let body = readFileSync(file);
      // "simulator-only": real Outlook (sideloaded against this server) loads the real office.js; only pages the
      // simulator opens (it adds `_sim` to the URL) get the fake.
      const simulated = fakeOffice === "always" || new URL(req.url ?? "/", "http://localhost").searchParams.has("_sim");
      if (extname(file) === ".html" && simulated) body = Buffer.from(rewriteOfficeScript(body.toString("utf8")), "utf8");
      if (graphSim && isSimulatedPolicy(pathname, req, fakeOffice)) body = Buffer.from(simulatorPolicy(body.toString("utf8"), requestOrigin(req)), "utf8");
      res.writeHead(200, { "Content-Type": type, "Content-Length": body.length, ...devHeaders(req.url ?? "/") });
      res.end(req.method === "HEAD" ? undefined : body);
      return;
    }
    res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end(`not found: ${pathname}`);
  };
}

/**
 * webpack-dev-server middleware (npm start): pane pages come from the in-memory build with their office.js
 * <script> pointed at the fake, as createHandler does for files on disk.
 */
export function officeFakeMiddleware(server, { fakeOffice = "always", connectOrigins = [] } = {}) {
  const graphSim = createGraphSimulator();
  return (req, res, next) => {
    if (graphSim.handle(req, res, requestOrigin(req))) return;
    if (handleCspReport(req, res)) return;
    let url;
    try {
      url = new URL(req.url ?? "/", "http://localhost");
    } catch {
      res.writeHead(400).end("bad request");
      return;
    }
    if (url.pathname === "/") {
      res.writeHead(302, { Location: "/simulator.html" }).end();
      return;
    }
    const policy = isSimulatedPolicy(url.pathname, req, fakeOffice);
    if ((!url.pathname.endsWith(".html") && !policy) || (req.method !== "GET" && req.method !== "HEAD")) return next();
    const simulated = policy || fakeOffice === "always" || url.searchParams.has("_sim");
    if (!simulated) return next();
    const dev = server.middleware;
    dev.waitUntilValid(() => {
      const fs = dev.context.outputFileSystem;
      const outputPath = dev.context.compiler.compilers ? dev.context.compiler.compilers[0].outputPath : dev.context.compiler.outputPath;
      const file = normalize(join(outputPath, decodeURIComponent(url.pathname)));
      if (!file.startsWith(outputPath + sep)) {
        res.writeHead(403).end("forbidden");
        return;
      }
      let html;
      try {
        html = fs.readFileSync(file, "utf8");
      } catch {
        next();
        return;
      }
      const body = Buffer.from(policy ? simulatorPolicy(html.toString(), requestOrigin(req)) : rewriteOfficeScript(html.toString()), "utf8");
      res.writeHead(200, { "Content-Type": TYPES[policy ? ".json" : ".html"], "Content-Length": body.length, ...devHeaders(req.url ?? "/", { connectOrigins }) });
      res.end(req.method === "HEAD" ? undefined : body);
    });
  };
}
