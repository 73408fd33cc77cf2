#!/usr/bin/env node
// The `spm` CLI: Node ESM (dist/cli/spm.js and its chunks), bundled with esbuild. The browser code is built by
// webpack (webpack.config.js); why the CLI is not: docs/decisions.md, "Bundlers".
import { rmSync } from "node:fs";
import * as esbuild from "esbuild";
import { cliBuildOptions } from "./cli-build.mjs";

rmSync("dist/cli", { recursive: true, force: true }); // no chunks of an earlier build left behind
await esbuild.build(cliBuildOptions("dist/cli"));
console.log("[build] dist/cli/spm.js");
