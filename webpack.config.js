// Webpack build of the add-in's browser code. Two configurations:
//   app:   the panes (one HTML page each), their crypto worker, and in development the Outlook simulator;
//   event: the Outlook event handlers (send guard, OnMessageDecrypt gate), ONE classic ES2016 script without
//          imports or a webpack runtime, because classic Outlook on Windows runs it in a bare JavaScript
//          engine (ECMAScript 2016 before Version 2403: async/await there make the handler time out).
//          launchevent.html (the web runtime's page) is made by `app`: it also loads the decrypt module.
// The `spm` CLI stays on esbuild (scripts/cli-build.mjs): one Node file, no pages (docs/decisions.md).
//
//   npm run build                     production package in dist/app (needs SPM_ORIGIN, see below)
//   SPM_ORIGIN=https://x.example npm run build   (or: webpack --env origin=https://x.example)
//   npm start                         webpack serve: development build with the simulator, from memory
//
// Production rewrites every https://localhost:3000 in manifest.xml to the origin and refuses to package a
// manifest that still points at localhost unless told so (--env allowLocalhost).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import CopyPlugin from "copy-webpack-plugin";
import { EsbuildPlugin } from "esbuild-loader";
import HtmlWebpackPlugin from "html-webpack-plugin";
import { devHeaders, officeFakeMiddleware } from "./scripts/serve-lib.mjs";
import { officeAddinsAllowed, rewriteManifestOrigin } from "./scripts/manifest-origin.mjs";
import { pagePolicy, pageProblem, parseConnectOrigins, POLICY_PAGES, WEBPACK_TT_POLICY } from "./scripts/csp.mjs";

const ROOT = import.meta.dirname;
export const DEV_ORIGIN = "https://localhost:3000";
/** What the panes run on: Outlook's webviews (Edge/Chromium 94+, Safari 16.4+ on Mac and iOS). */
export const BROWSER_TARGET = ["chrome94", "edge94", "safari16"];
/** Classic Outlook on Windows before Version 2403 runs event handlers as ECMAScript 2016. */
export const EVENT_TARGET = "es2016";

/** The pane pages: name -> entry module. The HTML template is public/<name>.html. */
export const PANES = {
  compose: "./src/ui/compose/index.tsx",
  read: "./src/ui/read/index.tsx",
  settings: "./src/ui/settings/index.tsx",
  // The web reader: the read pane without Outlook (public/reader.html has no office.js).
  reader: "./src/ui/reader/index.tsx",
};
/** Outlook event handlers: name -> entry module (one file each, dist/app/<name>.js). */
export const EVENT_HANDLERS = {
  launchevent: "./src/launchevent/handler.ts",
};
/**
 * The web runtime's OnMessageDecrypt module: built with the panes (ES2022, lazy chunks), loaded by
 * launchevent.html before launchevent.js. Classic Outlook never loads it (docs/decisions.md, "OnMessageDecrypt").
 */
export const EVENT_WEB_ENTRIES = {
  "launchevent-decrypt": "./src/launchevent/web/entry.ts",
};
/**
 * The Trusted Types default policy (src/ui/trusted-types): the first script of every page that loads Office.js,
 * a classic script of its own (trusted-types.js) so it runs before office.js.
 */
export const TRUSTED_TYPES_ENTRY = { "trusted-types": "./src/ui/trusted-types/default-policy.ts" };
/** Development only: the simulator page and the fake Office.js that the dev server swaps in. */
export const SIMULATOR_ENTRIES = {
  simulator: "./src/simulator/main.ts",
  "office-fake": "./src/simulator/office-fake.ts",
};

const tsRule = (target) => ({
  test: /\.[cm]?tsx?$/,
  exclude: /node_modules/,
  loader: "esbuild-loader",
  options: { target, jsx: "automatic", tsconfig: join(ROOT, "tsconfig.json") },
});

/**
 * @param {Record<string, unknown>} env   webpack --env values, or an object from scripts (tests):
 *   origin, allowLocalhost, outDir, simulator (boolean), extraEntries ({name: path}), extraStaticDirs (paths)
 * @param {{ mode?: string }} argv
 */
export default function config(env = {}, argv = {}) {
  const mode = argv.mode ?? env.mode ?? "production";
  const dev = mode === "development";
  const simulator = dev || env.simulator === true || env.simulator === "true";
  const outDir = resolve(ROOT, String(env.outDir ?? (dev ? ".tmp/dev" : "dist/app")));
  const origin = String(env.origin ?? process.env.SPM_ORIGIN ?? "").replace(/\/+$/, "");
  const allowLocalhost = dev || env.allowLocalhost === true || env.allowLocalhost === "true";
  const extraEntries = typeof env.extraEntries === "object" && env.extraEntries ? env.extraEntries : {};
  const extraStaticDirs = Array.isArray(env.extraStaticDirs) ? env.extraStaticDirs : [];
  // National clouds: their Graph root must be allowed by connect-src (scripts/csp.mjs, README "Hosting headers").
  const connectOrigins = parseConnectOrigins(env.connectOrigins ?? process.env.SPM_CONNECT_ORIGINS);
  // The one policy of the pages (the web reader: no Office.js, no Graph). Each template writes it first in <head>.
  const panePolicy = pagePolicy({ connectOrigins });
  const readerPolicy = pagePolicy({ office: false, graph: false });
  const policyOf = (page) => (page === "reader" ? readerPolicy : panePolicy);

  if (!dev && !origin && !allowLocalhost) {
    throw new Error(
      "The production manifest would still point at https://localhost:3000. Give the add-in's HTTPS origin: " +
        "SPM_ORIGIN=https://mail-addin.example.org npm run build (or --env origin=...), " +
        "or --env allowLocalhost for a local test package.",
    );
  }
  if (origin && !/^https:\/\/[a-z0-9.-]+(:\d+)?(\/[\w./-]*)?$/i.test(origin)) {
    throw new Error(`SPM_ORIGIN must be an https URL without query or fragment, got: ${origin}`);
  }

  const common = {
    mode,
    context: ROOT,
    devtool: "source-map",
    resolve: { extensions: [".ts", ".tsx", ".js", ".mjs"] },
    performance: { hints: false }, // our own budget: scripts/check-bundle.mjs
    stats: "errors-warnings",
    infrastructureLogging: { level: "warn" },
  };

  const app = {
    ...common,
    name: "app",
    target: ["web", "es2022"],
    entry: {
      ...PANES,
      ...TRUSTED_TYPES_ENTRY,
      ...EVENT_WEB_ENTRIES,
      ...(simulator ? SIMULATOR_ENTRIES : {}),
      ...Object.fromEntries(Object.entries(extraEntries).map(([k, p]) => [k, resolve(ROOT, p)])),
    },
    output: {
      path: outDir,
      filename: "[name].js",
      chunkFilename: "chunks/[name].[contenthash:8].js",
      // Relative to the script: the package may live under a path of the admin's origin.
      publicPath: "auto",
      // Chunk and worker URLs go through a Trusted Types policy of webpack's own (the pages require them).
      trustedTypes: { policyName: WEBPACK_TT_POLICY, onPolicyCreationFailure: "stop" },
      clean: { keep: (asset) => Object.keys(EVENT_HANDLERS).some((n) => asset === `${n}.js` || asset.startsWith(`${n}.js.`)) },
    },
    module: { rules: [tsRule(BROWSER_TARGET)] },
    optimization: {
      minimizer: [new EsbuildPlugin({ target: BROWSER_TARGET, css: false })],
    },
    plugins: [
      ...Object.keys(PANES).map(
        (name) =>
          new HtmlWebpackPlugin({
            template: join(ROOT, "public", `${name}.html`),
            filename: `${name}.html`,
            chunks: [name],
            inject: "head",
            scriptLoading: "defer",
            minify: false,
            csp: policyOf(name),
          }),
      ),
      // The event runtime page: the decrypt module's tags, then launchevent.js (the event configuration's file).
      new HtmlWebpackPlugin({
        template: join(ROOT, "public/launchevent.html"),
        filename: "launchevent.html",
        chunks: Object.keys(EVENT_WEB_ENTRIES),
        inject: false,
        scriptLoading: "blocking",
        minify: false,
        csp: panePolicy,
      }),
      ...(simulator
        ? [new HtmlWebpackPlugin({ template: join(ROOT, "public/simulator.html"), filename: "simulator.html", chunks: ["simulator"], inject: "head", scriptLoading: "defer", minify: false })]
        : []),
      new CopyPlugin({
        patterns: [
          { from: "assets", to: "assets" },
          { from: "public/config", to: "config" },
          {
            from: "manifest.xml",
            to: "manifest.xml",
            transform: (content) => (origin ? rewriteManifestOrigin(content.toString("utf8"), DEV_ORIGIN, origin) : content),
          },
          // The manifest's SupportUrl.
          { from: "public/support.html", to: "support.html" },
          // Classic Outlook's JavaScript-only event runtime may fetch from our origin only when the origin lists
          // the script here (docs/decisions.md, "The well-known file for classic Outlook's event runtime").
          {
            from: "manifest.xml",
            to: ".well-known/microsoft-officeaddins-allowed.json",
            transform: (content) => officeAddinsAllowed(origin ? rewriteManifestOrigin(content.toString("utf8"), DEV_ORIGIN, origin) : content.toString("utf8")),
          },
          ...(simulator ? [{ from: "public/simulator.css", to: "simulator.css" }] : []),
          ...extraStaticDirs.map((dir) => ({ from: resolve(ROOT, dir), to: ".", globOptions: { ignore: ["**/*.ts"] } })),
        ],
      }),
    ],
    devServer: dev ? devServer(connectOrigins) : undefined,
  };
  app.plugins.push(new PagePolicyCheckPlugin(Object.fromEntries(POLICY_PAGES.map((f) => [f, policyOf(f.replace(/\.html$/, ""))]))));
  if (!dev) app.plugins.push(new InitialFilesPlugin(join(outDir, "..", "bundle-meta.json")));

  const event = {
    ...common,
    name: "event",
    // "es2016" tells webpack what its own few lines may use; esbuild lowers our code to the same level.
    target: ["web", EVENT_TARGET],
    entry: EVENT_HANDLERS,
    output: { path: outDir, filename: "[name].js", iife: true, clean: false },
    module: { rules: [tsRule(EVENT_TARGET)] },
    optimization: {
      // One scope, no module table: the file is the handler and nothing else.
      concatenateModules: true,
      splitChunks: false,
      runtimeChunk: false,
      minimize: !dev,
      minimizer: [new EsbuildPlugin({ target: EVENT_TARGET, css: false })],
    },
  };

  return [app, event];
}

/**
 * Fails the build when a page does not carry its policy as the first thing in <head> (scripts/csp.mjs): a page
 * without it would run with no policy at all wherever the admin's server adds no header.
 */
class PagePolicyCheckPlugin {
  constructor(policies) {
    this.policies = policies;
  }
  apply(compiler) {
    compiler.hooks.thisCompilation.tap("PagePolicyCheckPlugin", (compilation) => {
      compilation.hooks.processAssets.tap({ name: "PagePolicyCheckPlugin", stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_REPORT }, (assets) => {
        for (const [file, policy] of Object.entries(this.policies)) {
          const asset = assets[file];
          const problem = asset ? pageProblem(asset.source().toString(), policy) : "the page was not built";
          if (problem) compilation.errors.push(new compiler.webpack.WebpackError(`${file}: Content Security Policy: ${problem}`));
        }
      });
    });
  }
}

/**
 * Writes which files each page and the crypto worker load up front (their chunk group's JavaScript), for
 * the size budget (scripts/check-bundle.mjs). Outside the package folder: it is build metadata.
 */
class InitialFilesPlugin {
  constructor(file) {
    this.file = file;
  }
  apply(compiler) {
    compiler.hooks.done.tap("InitialFilesPlugin", (stats) => {
      const json = stats.toJson({ all: false, chunkGroups: true, outputPath: true });
      const groups = Object.fromEntries(
        Object.entries(json.namedChunkGroups ?? {}).map(([name, g]) => [name, g.assets.map((a) => a.name).filter((f) => f.endsWith(".js"))]),
      );
      mkdirSync(dirname(this.file), { recursive: true });
      writeFileSync(this.file, JSON.stringify({ outputPath: json.outputPath, groups }, null, 2));
    });
  }
}

/**
 * `npm start`: the development build from memory at http://localhost:3000/simulator.html. The pane pages'
 * office.js is swapped for the simulator's fake. With the certificates of office-addin-dev-certs
 * (~/.office-addin-dev-certs/localhost.{crt,key}, read here, never installed by us) the server speaks
 * https, as the manifest's URLs need for sideloading into real Outlook; then only pages the simulator opens
 * get the fake.
 */
function devServer(connectOrigins) {
  const certDir = join(homedir(), ".office-addin-dev-certs");
  const cert = join(certDir, "localhost.crt");
  const key = join(certDir, "localhost.key");
  const tls = process.env.SPM_HTTP !== "1" && existsSync(cert) && existsSync(key);
  const port = process.env.PORT === "auto" ? "auto" : process.env.PORT ? Number(process.env.PORT) : 3000;
  const host = process.env.HOST ?? "localhost";
  return {
    host,
    port,
    server: tls ? { type: "https", options: { cert: readFileSync(cert), key: readFileSync(key) } } : "http",
    hot: false,
    liveReload: false,
    client: false,
    open: false,
    historyApiFallback: false,
    // The same policy as the pages, as a header on every response (scripts/serve-lib.mjs devHeaders): the crypto
    // worker gets it too, and frame-ancestors lets the simulator ('self') and Outlook frame the panes. No caching
    // while developing, except icons (Office shows generic icons for images sent with Cache-Control).
    headers: (req) => devHeaders(req.url ?? "/", { connectOrigins }),
    devMiddleware: { writeToDisk: false },
    static: false,
    setupMiddlewares(middlewares, server) {
      middlewares.unshift({ name: "spm-office-fake", middleware: officeFakeMiddleware(server, { fakeOffice: tls ? "simulator-only" : "always", connectOrigins }) });
      return middlewares;
    },
    onListening(server) {
      const address = server.server?.address();
      const actualPort = typeof address === "object" && address ? address.port : port;
      const base = `${tls ? "https" : "http"}://${host}:${actualPort}`;
      console.log(`[serve] Secure Patient Mail dev server (rebuilding on change)`);
      console.log(`[serve] simulator: ${base}/simulator.html`);
      console.log(`[serve] panes:     ${base}/compose.html  ${base}/read.html  ${base}/settings.html`);
      console.log(`[serve] web reader: ${base}/reader.html`);
    },
  };
}
