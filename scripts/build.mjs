#!/usr/bin/env node
// Production build with esbuild. Browser entries that do not exist yet are skipped, so the build
// grows with the product. `--dev` also builds the Outlook simulator (never part of the production bundle).
import * as esbuild from "esbuild";
import { cliBuildOptions } from "./cli-build.mjs";
import { existsSync, mkdirSync, cpSync, readdirSync, writeFileSync } from "node:fs";

const dev = process.argv.includes("--dev") || process.env.SPM_BUILD_SIMULATOR === "1";
const out = "dist";
mkdirSync(out, { recursive: true });

// The CLI: one Node ESM file.
await esbuild.build(cliBuildOptions(`${out}/cli/spm.js`));

// Browser entry points (panes, the send-guard handler, and in dev the simulator).
const browserEntries = {
  compose: "src/ui/compose/index.tsx",
  read: "src/ui/read/index.tsx",
  settings: "src/ui/settings/index.tsx",
  "crypto-worker": "src/ui/worker/crypto-worker.ts",
};
const present = Object.fromEntries(Object.entries(browserEntries).filter(([, p]) => existsSync(p)));
if (Object.keys(present).length) {
  const result = await esbuild.build({
    entryPoints: present,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    target: ["chrome94", "safari16", "edge94"],
    outdir: `${out}/app`,
    minify: true,
    sourcemap: true,
    metafile: true,
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "warning",
  });
  // For the size budget check (scripts/check-bundle.mjs): which chunks each entry loads up front.
  writeFileSync(`${out}/meta-app.json`, JSON.stringify(result.metafile));
}

// The OnMessageSend handler runs in classic Outlook's bare JavaScript runtime: one classic script, ES2017, no imports.
if (existsSync("src/launchevent/handler.ts")) {
  await esbuild.build({
    entryPoints: ["src/launchevent/handler.ts"],
    bundle: true,
    format: "iife",
    platform: "neutral",
    target: "es2017",
    outfile: `${out}/app/launchevent.js`,
    minify: true,
    logLevel: "warning",
  });
}

if (dev && existsSync("src/simulator/main.ts")) {
  await esbuild.build({
    entryPoints: { simulator: "src/simulator/main.ts", "office-fake": "src/simulator/office-fake.ts" },
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "chrome94",
    outdir: `${out}/app`,
    sourcemap: true,
    logLevel: "warning",
  });
}

// Static files (HTML pages, icons, manifest, organisation config examples).
for (const dir of ["public", "assets"]) {
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)) {
    if (!dev && name.startsWith("simulator")) continue;
    cpSync(`${dir}/${name}`, `${out}/app/${dir === "assets" ? "assets/" : ""}${name}`, { recursive: true });
  }
}
console.log(`[build] done${dev ? " (with simulator)" : ""}`);
