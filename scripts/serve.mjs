#!/usr/bin/env node
// `npm start`: dev build with the Outlook simulator (esbuild watch) into dist/app, served on
// http://localhost:3000 (localhost is a secure context: WebCrypto and IndexedDB work without certificates).
// Options: --port N (0 = any free port), --host H, --out DIR (default dist/app),
// --once (one build, no watching; used by tests).
import { createServer } from "node:http";
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

// public/ first: edits to the HTML pages show on reload without a rebuild.
const server = createServer(createHandler({ roots: ["public", outDir] }));
server.listen(port, host, () => {
  const address = server.address();
  const base = `http://${host}:${typeof address === "object" && address ? address.port : port}`;
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
