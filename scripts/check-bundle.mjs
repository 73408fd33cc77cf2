#!/usr/bin/env node
// Size budget of the production build (run after `npm run build`): gzip size of what each pane loads up front
// (its entry file plus the chunks it imports statically; dynamic imports load later) and of the send-guard
// script. Fails when the compose pane's initial JavaScript exceeds 400 KB gzip or when the dev-only
// simulator leaked into the production output. `--markdown` prints the README table.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";

const OUT = "dist/app";
const BUDGET_KB = { compose: 400, read: 400, settings: 400, "crypto-worker": 400, launchevent: 50 };
const markdown = process.argv.includes("--markdown");
const PANE_ENTRIES = /^src\/ui\/((compose|read|settings)\/index\.tsx|worker\/crypto-worker\.ts)$/;

const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const problems = [];
const rows = [];

if (!existsSync("dist/meta-app.json")) {
  console.error("[bundle] dist/meta-app.json is missing: run npm run build first");
  process.exit(1);
}
const meta = JSON.parse(readFileSync("dist/meta-app.json", "utf8"));

/** The entry's output plus every chunk reachable through static imports. */
function initialFiles(outputPath) {
  const seen = new Set();
  const walk = (p) => {
    if (seen.has(p)) return;
    seen.add(p);
    for (const imp of meta.outputs[p]?.imports ?? []) if (imp.kind === "import-statement") walk(imp.path);
  };
  walk(outputPath);
  return [...seen];
}

for (const [outputPath, output] of Object.entries(meta.outputs)) {
  // Entry points only (dynamic-import targets are entry points to esbuild too, but load later).
  if (!output.entryPoint || !PANE_ENTRIES.test(output.entryPoint)) continue;
  const name = outputPath.split("/").pop().replace(/\.js$/, "");
  const files = initialFiles(outputPath);
  const bytes = files.reduce((n, f) => n + gz(f), 0);
  const raw = files.reduce((n, f) => n + readFileSync(f).length, 0);
  rows.push({ name, kb: bytes / 1024, rawKb: raw / 1024, files: files.length });
  const budget = BUDGET_KB[name];
  if (budget !== undefined && bytes / 1024 > budget) problems.push(`${name}: ${(bytes / 1024).toFixed(1)} KB gzip over the ${budget} KB budget`);
}
if (existsSync(`${OUT}/launchevent.js`)) {
  const kb = gz(`${OUT}/launchevent.js`) / 1024;
  rows.push({ name: "launchevent", kb, rawKb: readFileSync(`${OUT}/launchevent.js`).length / 1024, files: 1 });
  if (kb > BUDGET_KB.launchevent) problems.push(`launchevent: ${kb.toFixed(1)} KB gzip over the ${BUDGET_KB.launchevent} KB budget`);
}
const leaked = readdirSync(OUT).filter((f) => /^(simulator|office-fake)/.test(f));
if (leaked.length) problems.push(`dev-only simulator files in the production build: ${leaked.join(", ")}`);

if (markdown) {
  console.log("| entry point | initial JS, gzip | minified | files |\n| --- | --- | --- | --- |");
  for (const r of rows) console.log(`| ${r.name} | ${r.kb.toFixed(1)} KB | ${r.rawKb.toFixed(0)} KB | ${r.files} |`);
} else {
  for (const r of rows) console.log(`[bundle] ${r.name}: ${r.kb.toFixed(1)} KB gzip initial (${r.rawKb.toFixed(0)} KB minified, ${r.files} files)`);
}
if (problems.length) {
  for (const p of problems) console.error(`[bundle] ${p}`);
  process.exit(1);
}
