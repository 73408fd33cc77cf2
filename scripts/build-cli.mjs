#!/usr/bin/env node
// The `spm` CLI: dist/cli/spm.js (a loader), spm.cjs (the esbuild bundle) and its V8 code cache. The browser
// code is built by webpack (webpack.config.js); why the CLI is not: docs/decisions.md, "Bundlers".
import { rmSync } from "node:fs";
import { buildCli } from "./cli-build.mjs";

rmSync("dist/cli", { recursive: true, force: true }); // nothing of an earlier build left behind
await buildCli("dist/cli");
console.log("[build] dist/cli/spm.js");
