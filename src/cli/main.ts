/**
 * `spm`: the command line over src/core. Exit codes: 0 success (verify: valid and trusted),
 * 1 verification failed, 2 usage or input error (one line on stderr, never a stack trace).
 */
import { isSpmError } from "../core/errors";
import { parseArgs } from "./args";
import { COMMANDS, runCommand, USAGE } from "./commands";
import { installNodeNatives } from "./native";

async function main(argv: string[]): Promise<number> {
  installNodeNatives();
  try {
    const args = parseArgs(argv, COMMANDS);
    return await runCommand(args);
  } catch (e) {
    if (isSpmError(e)) {
      if (e.message === "usage") {
        process.stderr.write(USAGE + "\n");
        return 2;
      }
      process.stderr.write(`spm: ${e.message}\n`);
      return 2;
    }
    // Not one of ours: still one line, no stack (it could carry data), and the code says it is a bug.
    const message = e instanceof Error ? e.message.split("\n")[0] : String(e);
    process.stderr.write(`spm: internal error: ${message}\n`);
    return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    // Exit 0 and 1 wrote only through synchronous writes (io.ts): leave now. Node's own teardown after the event
    // loop took 10-12 ms after a 25 MB sign (none after a small one). Exit 2 has written to stderr, a stream that
    // may still be flushing (pipes on some platforms): that one ends the normal way.
    if (code === 2) process.exitCode = code;
    else process.exit(code);
  },
  (e: unknown) => {
    process.stderr.write(`spm: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
