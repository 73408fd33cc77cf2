#!/usr/bin/env node
// Size budget of the production build (run after `npm run build`): gzip size of the JavaScript each pane
// page and the crypto worker load up front (dynamic imports load later and do not count), and of each
// Outlook event handler. Fails over budget, or when the dev-only simulator is in the package.
// `--markdown` prints the README table.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const META = "dist/bundle-meta.json";
/**
 * KB gzip. The panes share a budget; event handlers must stay small (classic Outlook loads them cold).
 * launchevent-decrypt is what launchevent.html loads besides launchevent.js on every event (send guard
 * included); decrypt-handler is the OnMessageDecrypt code it fetches when a message is opened.
 */
const BUDGET_KB = { "trusted-types": 5, compose: 400, read: 400, settings: 400, reader: 400, "spm-crypto": 400, launchevent: 50, "launchevent-decrypt": 20, "decrypt-handler": 400 };
const EVENT_FILES = ["launchevent"];
const markdown = process.argv.includes("--markdown");

if (!existsSync(META)) {
  console.error(`[bundle] ${META} is missing: run npm run build first`);
  process.exit(1);
}
const { outputPath, groups } = JSON.parse(readFileSync(META, "utf8"));
const gz = (file) => gzipSync(readFileSync(join(outputPath, file)), { level: 9 }).length;
const problems = [];
const rows = [];

const measure = (name, files) => {
  const kb = files.reduce((n, f) => n + gz(f), 0) / 1024;
  const rawKb = files.reduce((n, f) => n + readFileSync(join(outputPath, f)).length, 0) / 1024;
  rows.push({ name, kb, rawKb, files: files.length });
  const budget = BUDGET_KB[name];
  if (budget === undefined) problems.push(`${name}: no size budget set in scripts/check-bundle.mjs`);
  else if (kb > budget) problems.push(`${name}: ${kb.toFixed(1)} KB gzip over the ${budget} KB budget`);
};

for (const [name, files] of Object.entries(groups)) measure(name, files);
for (const name of EVENT_FILES) {
  if (existsSync(join(outputPath, `${name}.js`))) measure(name, [`${name}.js`]);
  else problems.push(`${name}.js is missing from the package`);
}
const leaked = readdirSync(outputPath).filter((f) => /^(simulator|office-fake)/.test(f));
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
