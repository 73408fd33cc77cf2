#!/usr/bin/env node
// `npm start`: dev build with the Outlook simulator (esbuild watch) into dist/app, served on
// http://localhost:3000 (localhost is a secure context: WebCrypto and IndexedDB work without certificates).
// Options: --port N (0 = any free port), --host H, --out DIR (default dist/app),
// --once (one build, no watching; used by tests).
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { homedir } from "node:os";
import { join } from "node:path";
import { buildDev, createHandler, watchDev } from "./serve-lib.mjs";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const port = Number(arg("--port", process.env.PORT ?? "3000"));
const host = arg("--host", "localhost");
const outDir = arg("--out", "dist/app");
const once = process.argv.includes("--once");

const contexts = once ? [] : await watchDev({ outDir });
if (once) await buildDev({ outDir });

// With the certificates of office-addin-dev-certs (`npx office-addin-dev-certs install`) the server speaks
// https, as the manifest's https://localhost:3000 URLs need for sideloading into real Outlook; then only the
// simulator's pages get the fake Office. Without them: http://localhost, a secure context for the simulator.
const certDir = join(homedir(), ".office-addin-dev-certs");
const tls = !process.argv.includes("--http") && existsSync(join(certDir, "localhost.crt")) && existsSync(join(certDir, "localhost.key"));
// public/ first: edits to the HTML pages show on reload without a rebuild.
const handler = createHandler({ roots: ["public", outDir], fakeOffice: tls ? "simulator-only" : "always" });
const server = tls
  ? createHttpsServer({ cert: readFileSync(join(certDir, "localhost.crt")), key: readFileSync(join(certDir, "localhost.key")) }, handler)
  : createServer(handler);
server.listen(port, host, () => {
  const address = server.address();
  const base = `${tls ? "https" : "http"}://${host}:${typeof address === "object" && address ? address.port : port}`;
  console.log(`[serve] Secure Patient Mail dev server${once ? "" : " (rebuilding on change)"}`);
  console.log(`[serve] simulator: ${base}/simulator.html`);
  console.log(`[serve] panes:     ${base}/compose.html  ${base}/read.html  ${base}/settings.html`);
});

const stop = async () => {
  server.close();
  for (const ctx of contexts) await ctx.dispose();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
