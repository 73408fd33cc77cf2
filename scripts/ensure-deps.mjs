#!/usr/bin/env node
// Runs before `npm start` and `npm test` (prestart/pretest): on a fresh clone the npm dependencies are not
// there yet, so install them exactly as locked (npm ci). Only Node built-ins here: nothing else exists yet.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

// npm writes node_modules/.package-lock.json after every install; without it there is no usable install.
if (!existsSync("node_modules/.package-lock.json")) {
  console.log("[setup] first run: installing the npm dependencies (npm ci)");
  const r = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
