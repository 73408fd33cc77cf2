#!/usr/bin/env node
// The `spm` CLI: one Node ESM file (dist/cli/spm.js), bundled with esbuild. The browser code is built by
// webpack (webpack.config.js); why the CLI is not: docs/decisions.md, "Bundlers".
import * as esbuild from "esbuild";
import { cliBuildOptions } from "./cli-build.mjs";

await esbuild.build(cliBuildOptions("dist/cli/spm.js"));
console.log("[build] dist/cli/spm.js");
