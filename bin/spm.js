#!/usr/bin/env node
// `spm` command: the built CLI (run `npm run build` first).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
const built = fileURLToPath(new URL("../dist/cli/spm.js", import.meta.url));
if (!existsSync(built)) {
  process.stderr.write("spm: not built yet; run `npm run build` first\n");
  process.exit(2);
}
await import(built);
