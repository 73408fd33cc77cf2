#!/usr/bin/env node
// `npm test`: type check, lint, manifest validation, production build (with a test origin, so the
// manifest rewrite and the built manifest are checked too), bundle budget, then the tests with Jest in two
// groups: `unit` (unit + security, in parallel) and `browser` (interop + e2e, in band, one shared build).
// The last line is `N passed, N failed` (CI reads it); the exit code is non-zero on any failure.
//
//   npm test                      everything
//   npm test -- unit              only the unit group (no checks: add --checks to run them too)
//   npm test -- browser           only the browser group
//   npm test -- --no-checks       all tests, no type check/lint/build
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ensureTestTools } from "./setup.mjs";

const GROUPS = ["unit", "browser"];
const args = process.argv.slice(2);
const wanted = args.filter((a) => GROUPS.includes(a));
const groups = wanted.length ? wanted : GROUPS;
const checks = args.includes("--checks") || (!wanted.length && !args.includes("--no-checks"));
/** The origin the test build rewrites the manifest to (a reserved name: it never resolves). */
const TEST_ORIGIN = "https://secure-patient-mail.example";

let passed = 0;
let failed = 0;
const suiteStarted = Date.now();

function summary() {
  console.log(`[test] all done in ${((Date.now() - suiteStarted) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed`);
}

function step(label, cmd, cmdArgs, env = {}) {
  const started = Date.now();
  const r = spawnSync(cmd, cmdArgs, { stdio: "inherit", env: { ...process.env, ...env } });
  const ok = r.status === 0;
  console.log(`[test] ${label}: ${ok ? "ok" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (!ok) {
    failed++;
    console.error(`[test] stopped: ${label} failed`);
    summary();
    process.exit(r.status || 1);
  }
}

// The real peers the tests run against: installed here where possible, otherwise this stops in the first
// second with the command that installs each missing one (Node and npm dependencies: pretest).
ensureTestTools();

if (checks) {
  step("typecheck", "npx", ["tsc", "--noEmit", "-p", "tsconfig.json"]);
  step("lint", "npx", ["eslint", "--max-warnings=0", "."]);
  step("manifest validation", "node", ["scripts/validate-manifest.mjs", "manifest.xml"]);
  step("build", "npx", ["webpack", "--mode", "production", "--env", `origin=${TEST_ORIGIN}`]);
  step("build (CLI)", "node", ["scripts/build-cli.mjs"]);
  step("built manifest validation", "node", ["scripts/validate-manifest.mjs", "dist/app/manifest.xml", "--origin", TEST_ORIGIN]);
  step("bundle size budget", "node", ["scripts/check-bundle.mjs"]);
}

mkdirSync(".tmp", { recursive: true });
let exitCode = 0;
for (const group of groups) {
  const out = join(".tmp", `jest-${group}.json`);
  rmSync(out, { force: true });
  const started = Date.now();
  const r = spawnSync(
    process.execPath,
    [
      "--experimental-vm-modules",
      "node_modules/jest/bin/jest.js",
      "--ci",
      "--selectProjects",
      group,
      ...(group === "browser" ? ["--runInBand"] : ["--maxWorkers=2"]),
      "--json",
      `--outputFile=${out}`,
    ],
    { stdio: "inherit", env: { ...process.env, NODE_NO_WARNINGS: "1" } },
  );
  if (!existsSync(out)) {
    console.error(`[test] ${group}: Jest wrote no results (exit ${r.status})`);
    failed++;
    exitCode = 1;
    continue;
  }
  const result = JSON.parse(readFileSync(out, "utf8"));
  // A file that fails to load has no test results of its own: count it as a failure.
  const groupFailed = result.numFailedTests + result.numRuntimeErrorTestSuites;
  passed += result.numPassedTests;
  failed += groupFailed;
  console.log(
    `[test] ${group}: ${result.numPassedTests} passed, ${groupFailed} failed, ${result.numTotalTestSuites} files in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (r.status !== 0 || groupFailed > 0) exitCode = 1;
}
summary();
process.exit(exitCode || (failed > 0 ? 1 : 0));
