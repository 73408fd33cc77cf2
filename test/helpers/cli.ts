/** Run the `spm` CLI as users do: a Node process over the bundled CLI, built from the current source. */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildCli as buildInto } from "../../scripts/cli-build.mjs";

let built: string | undefined;

/** Build the CLI once per test process, as scripts/build-cli.mjs does (loader, bundle, code cache). */
export async function buildCli(): Promise<string> {
  if (built) return built;
  built = await buildInto(mkdtempSync(join(tmpdir(), "spm-cli-")), { logLevel: "error" });
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
