// The child Node that makes the CLI's V8 code cache (run by compileCache in scripts/cli-build.mjs): it compiles
// the bundle lazily, as a normal run does, runs the given commands in this process, then writes the cache. V8
// puts in it the functions compiled so far, so it holds the code those commands ran and nothing else.
// argv: BUNDLE COMMANDS.json (a list of argument lists; standard output goes to /dev/null).
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { setFlagsFromString } from "node:v8";
import vm from "node:vm";

const [file, commandsFile] = process.argv.slice(2);
const commands = JSON.parse(readFileSync(commandsFile, "utf8"));
const wrapped = "(function (exports, require, module, __filename, __dirname) {" + readFileSync(file, "utf8") + "\n})";
const script = new vm.Script(wrapped, { filename: file });
const run = script.runInThisContext();
const require = createRequire(file);
let done = 0;
// The CLI leaves with process.exit once a command has succeeded (src/cli/main.ts): here the next one follows.
const exit = process.exit.bind(process);
process.exit = (code) => {
  process.exitCode = code ?? 0;
};

// The CLI runs its command asynchronously and sets process.exitCode; each command starts when the event loop
// has emptied after the previous one.
function next() {
  if (done > 0 && process.exitCode !== 0) {
    process.stderr.write(`cli-cache-train: "spm ${commands[done - 1][0]}" exited ${process.exitCode}\n`);
    exit(1);
  }
  if (done === commands.length) {
    // The CLI turns on --expose-gc while it runs (src/cli/native.ts). V8 stamps the cache with a hash of the
    // flags and rejects it when they differ: back to a normal run's flags before writing.
    setFlagsFromString("--no-expose-gc");
    writeFileSync(file + ".cache", script.createCachedData());
    process.removeListener("beforeExit", next);
    return;
  }
  process.argv = [process.execPath, file, ...commands[done++]];
  const module = { exports: {} };
  run(module.exports, require, module, file, dirname(file));
  // An event that keeps the loop alive until the command's promises have run, so that beforeExit comes again.
  setImmediate(() => undefined);
}

process.on("beforeExit", next);
next();
