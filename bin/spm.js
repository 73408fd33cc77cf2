#!/usr/bin/env node
// `spm` command: the built CLI (run `npm run build` first). CommonJS (bin/package.json), like the loader it
// runs: an ES module here would start Node's ES module loader for every command (see scripts/cli-build.mjs).
"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose (above) */
const { existsSync } = require("node:fs");
const { join } = require("node:path");
const built = join(__dirname, "..", "dist", "cli", "spm.js");
if (!existsSync(built)) {
  process.stderr.write("spm: not built yet; run `npm run build` first\n");
  process.exit(2);
}
require(built);
