/** Run the `spm` CLI as users do: a Node process over the bundled CLI, built from the current source. */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { cliBuildOptions } from "../../scripts/cli-build.mjs";

let built: string | undefined;

/** Bundle src/cli/main.ts once per test process (the options of scripts/build-cli.mjs). */
export async function buildCli(): Promise<string> {
  if (built) return built;
  const dir = mkdtempSync(join(tmpdir(), "spm-cli-"));
  await esbuild.build({ ...cliBuildOptions(dir), logLevel: "error" });
  built = join(dir, "spm.js");
  return built;
}

export interface CliResult {
  status: number;
  stdout: Buffer;
  stderr: string;
}

export function runCli(cli: string, args: string[], input?: Uint8Array): CliResult {
  const r = spawnSync(process.execPath, [cli, ...args], { input, maxBuffer: 512 * 1024 * 1024 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.toString() };
}
