// Shared by `npm start` (scripts/serve.mjs) and the browser tests (test/helpers/browser.ts):
// the development build (panes + Outlook simulator) and the static file handler.
//
// The handler rewrites the pane pages' office.js <script> to /office-fake.js, so the real pane pages run
// unchanged in the simulator and never learn they are not in Outlook.
import * as esbuild from "esbuild";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize, resolve, sep } from "node:path";

export const OFFICE_JS_URL = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
export const FAKE_OFFICE_PATH = "/office-fake.js";

const PANE_ENTRIES = {
  compose: "src/ui/compose/index.tsx",
  read: "src/ui/read/index.tsx",
  settings: "src/ui/settings/index.tsx",
  "crypto-worker": "src/ui/worker/crypto-worker.ts",
};
const SIMULATOR_ENTRIES = { simulator: "src/simulator/main.ts", "office-fake": "src/simulator/office-fake.ts" };

/** esbuild options for the dev build, relative to `cwd`. Missing pane entries are skipped. */
function buildOptions(outDir, cwd, extraEntries = {}) {
  const abs = (p) => resolve(cwd, p);
  const panes = Object.fromEntries(
    Object.entries({ ...PANE_ENTRIES, ...extraEntries }).filter(([, p]) => existsSync(abs(p))).map(([k, p]) => [k, abs(p)]),
  );
  const common = { bundle: true, platform: "browser", outdir: outDir, sourcemap: true, logLevel: "warning", absWorkingDir: cwd };
  const list = [];
  if (Object.keys(panes).length) {
    list.push({
      ...common,
      entryPoints: panes,
      splitting: true,
      format: "esm",
      target: ["chrome94", "safari16", "edge94"],
      define: { "process.env.NODE_ENV": '"development"' },
    });
  }
  list.push({
    ...common,
    entryPoints: Object.fromEntries(Object.entries(SIMULATOR_ENTRIES).map(([k, p]) => [k, abs(p)])),
    format: "iife",
    target: "chrome94",
  });
  // The send guard, built as in production (one classic ES2017 script) so the simulator's Send runs it.
  if (existsSync(abs("src/launchevent/handler.ts"))) {
    list.push({ ...common, entryPoints: { launchevent: abs("src/launchevent/handler.ts") }, format: "iife", platform: "neutral", target: "es2017" });
  }
  return list;
}

/** Copy public/ (all of it, simulator pages included) and extra static folders into outDir. */
export function copyStatic(outDir, cwd = process.cwd(), extraDirs = []) {
  for (const dir of [join(cwd, "public"), ...extraDirs]) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      if (name.endsWith(".ts")) continue;
      cpSync(join(dir, name), join(outDir, name), { recursive: true });
    }
  }
}

/**
 * One dev build into outDir. `extraEntries` ({name: path}) adds pane-like ESM entries (test fixtures);
 * `extraStaticDirs` are copied after public/.
 */
export async function buildDev({ outDir, cwd = process.cwd(), extraEntries = {}, extraStaticDirs = [] }) {
  mkdirSync(outDir, { recursive: true });
  for (const options of buildOptions(outDir, cwd, extraEntries)) await esbuild.build(options);
  copyStatic(outDir, cwd, extraStaticDirs);
}

/** Watch mode for `npm start`: returns the esbuild contexts (call dispose() to stop). */
export async function watchDev({ outDir, cwd = process.cwd() }) {
  mkdirSync(outDir, { recursive: true });
  const contexts = [];
  for (const options of buildOptions(outDir, cwd)) {
    const ctx = await esbuild.context(options);
    await ctx.rebuild();
    await ctx.watch();
    contexts.push(ctx);
  }
  copyStatic(outDir, cwd);
  return contexts;
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

/** Point a pane page at the fake Office. Only the exact office.js script URL is replaced. */
export function rewriteOfficeScript(html) {
  return html.split(OFFICE_JS_URL).join(FAKE_OFFICE_PATH);
}

/**
 * A node:http request handler serving files from `roots` (first match wins). Static only: GET/HEAD,
 * no directory listing, no path escaping the roots. "/" redirects to the simulator. `fakeOffice`:
 * "always" points every pane page at the fake Office; "simulator-only" only pages opened by the simulator.
 */
export function createHandler({ roots, fakeOffice = "always" }) {
  const absRoots = roots.map((r) => resolve(r));
  return (req, res) => {
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
      res.writeHead(200, { "Content-Type": type, "Content-Length": body.length, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" });
      res.end(req.method === "HEAD" ? undefined : body);
      return;
    }
    res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end(`not found: ${pathname}`);
  };
}
