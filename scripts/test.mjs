#!/usr/bin/env node
// `npm test`: type check, lint, build, then every test suite in one Node test-runner run
// (one summary at the end). Pass suite names to run a subset: `npm test -- unit security`.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const suites = ["unit", "security", "interop", "e2e"];
const wanted = process.argv.slice(2).filter((a) => suites.includes(a));
const selected = wanted.length ? wanted : suites;
const quick = process.argv.includes("--no-checks");

function run(cmd, args, label) {
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: "inherit", env: process.env });
  console.log(`[test] ${label}: ${r.status === 0 ? "ok" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function findTests(dir) {
  let out = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out; // suite folder not present yet
  }
  for (const name of entries) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(findTests(p));
    else if (name.endsWith(".test.ts")) out.push(p);
  }
  return out.sort();
}

if (!quick) {
  run("npx", ["tsc", "--noEmit", "-p", "tsconfig.json"], "typecheck");
  run("npx", ["eslint", "--max-warnings=0", "."], "lint");
  run("node", ["scripts/validate-manifest.mjs", "manifest.xml"], "manifest validation");
  run("node", ["scripts/build.mjs"], "build");
  run("node", ["scripts/check-bundle.mjs"], "bundle size budget");
}
const files = selected.flatMap((s) => findTests(join("test", s)));
if (files.length === 0) {
  console.error("[test] no test files found");
  process.exit(1);
}
run(
  "node",
  ["--import", "tsx", "--test", "--test-concurrency=2", "--test-reporter=spec", ...files],
  `tests (${files.length} files: ${selected.join(", ")})`,
);
