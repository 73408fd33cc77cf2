/**
 * `npm run fuzz`: the four fuzz targets (test/fuzz/targets.ts) driven by fast-check with mutated seeds, within a
 * time budget. Not part of `npm test` or CI: it runs for minutes and its inputs are random.
 *
 *   npm run fuzz -- [--seconds 300] [--targets ber,mime,pkcs12,open] [--coverage] [--seed N]
 *
 * The budget is split evenly between the targets. Every input that makes a target throw (FuzzFailure: a crash,
 * a wrong error code, a broken invariant) or take longer than the slow limit is written to
 * test/fuzz/findings/<target>/<sha256>.bin (deduplicated by error; "slow" counts the best of three runs). Move a finding to test/fuzz/regressions/ once
 * it is fixed: test/security/fuzz-regressions.test.ts replays that folder in every `npm test`.
 * `--coverage` measures V8 block and function coverage of src/core per target (in-process, precise coverage).
 * Jazzer.js (coverage-guided libFuzzer) can run the same targets: see test/fuzz/README.md.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { join } from "node:path";
import fc from "fast-check";
import { fuzzInput } from "./mutate";
import { makeSeeds } from "./seeds";
import { setOpenContext, TARGETS, type TargetName } from "./targets";

const ROOT = new URL("../..", import.meta.url).pathname;
/** An input slower than this is a finding (a hang or super-linear work); PKCS#12 and open do real crypto. */
const SLOW_MS: Record<TargetName, number> = { ber: 1000, mime: 1000, pkcs12: 3000, open: 3000 };

interface Args {
  seconds: number;
  targets: TargetName[];
  coverage: boolean;
  seed: number;
}

function parseArgs(argv: string[]): Args {
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const targets = (value("targets") ?? process.env.FUZZ_TARGETS ?? "ber,mime,pkcs12,open").split(",").map((t) => t.trim()) as TargetName[];
  for (const t of targets) if (!(t in TARGETS)) throw new Error(`unknown target ${t} (${Object.keys(TARGETS).join(", ")})`);
  return {
    seconds: Number(value("seconds") ?? process.env.FUZZ_SECONDS ?? 300),
    targets,
    coverage: argv.includes("--coverage") || process.env.FUZZ_COVERAGE === "1",
    seed: Number(value("seed") ?? Date.now() % 2 ** 31),
  };
}

interface Finding {
  kind: "failure" | "slow";
  message: string;
  count: number;
  file: string;
}

interface TargetResult {
  target: TargetName;
  executions: number;
  seconds: number;
  findings: Finding[];
  slowestMs: number;
  coverage?: { blockPercent: number; files: number };
}

function signature(e: unknown): string {
  const err = e as { message?: string; cause?: { stack?: string } };
  const frame = (err.cause?.stack ?? "").split("\n").find((l) => l.includes("/src/core/") || l.includes("node_modules")) ?? "";
  return `${(err.message ?? String(e)).split("\n")[0].replace(/\d+/g, "N")} @ ${frame.trim().replace(/:\d+:\d+\)?$/, "")}`;
}

function save(target: TargetName, input: Uint8Array): string {
  const dir = join(ROOT, "test/fuzz/findings", target);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${createHash("sha256").update(input).digest("hex").slice(0, 16)}.bin`);
  writeFileSync(file, input);
  return file.slice(ROOT.length);
}

/** Inputs kept from earlier findings (fixed): they are replayed first and join the seeds. */
function regressions(target: TargetName): Uint8Array[] {
  const dir = join(ROOT, "test/fuzz/regressions", target);
  try {
    return readdirSync(dir).filter((f) => f.endsWith(".bin")).map((f) => new Uint8Array(readFileSync(join(dir, f))));
  } catch {
    return [];
  }
}

type Coverage = { result: { url: string; functions: { functionName: string; ranges: { startOffset: number; endOffset: number; count: number }[] }[] }[] };

/**
 * Block coverage: the share of src/core code (bytes of the transpiled modules) whose innermost V8 coverage range
 * ran at least once, over the files the target touched. (V8 does not list functions that were never compiled, so
 * a function count would flatter; uncovered functions are inside uncovered ranges here.)
 */
function summarize(cov: Coverage): TargetResult["coverage"] {
  let total = 0;
  let covered = 0;
  let files = 0;
  for (const script of cov.result) {
    if (!script.url.includes("/src/core/")) continue;
    const length = Math.max(...script.functions.flatMap((f) => f.ranges.map((r) => r.endOffset)));
    const hit = new Uint8Array(length);
    const ranges = script.functions.flatMap((f) => f.ranges).sort((a, b) => a.startOffset - b.startOffset || b.endOffset - a.endOffset);
    for (const r of ranges) hit.fill(r.count > 0 ? 1 : 0, r.startOffset, r.endOffset); // inner ranges come later
    if (!hit.some((b) => b === 1)) continue;
    files++;
    total += length;
    covered += hit.reduce((n, b) => n + b, 0);
  }
  return { blockPercent: total ? Math.round((1000 * covered) / total) / 10 : 0, files };
}

async function fuzzTarget(target: TargetName, corpus: Uint8Array[], ms: number, seed: number, session?: Session): Promise<TargetResult> {
  const run = TARGETS[target];
  const found = new Map<string, Finding>();
  let executions = 0;
  let slowestMs = 0;
  const record = (kind: Finding["kind"], message: string, input: Uint8Array) => {
    const f = found.get(message);
    if (f) f.count++;
    else found.set(message, { kind, message, count: 1, file: save(target, input) });
  };
  const once = async (input: Uint8Array) => {
    const t0 = performance.now();
    try {
      await run(input);
    } catch (e) {
      record("failure", signature(e), input);
    }
    let dt = performance.now() - t0;
    executions++;
    if (dt > SLOW_MS[target]) {
      // A busy machine (GC, other processes, coverage) makes single runs slow: only a repeatable time counts.
      for (let i = 0; i < 2 && dt > SLOW_MS[target]; i++) {
        const t1 = performance.now();
        await run(input).catch(() => undefined);
        dt = Math.min(dt, performance.now() - t1);
      }
      if (dt > SLOW_MS[target]) record("slow", `slower than ${SLOW_MS[target]} ms (best of three)`, input);
    }
    slowestMs = Math.max(slowestMs, dt);
  };
  if (session) await session.post("Profiler.startPreciseCoverage", { callCount: true, detailed: true });
  const start = performance.now();
  const seeds = [...corpus, ...regressions(target)];
  for (const input of seeds) await once(input);
  const deadline = start + ms;
  for (let round = 0; performance.now() < deadline; round++) {
    await fc.check(
      fc.asyncProperty(fuzzInput(seeds), async (input) => {
        await once(input);
        return true;
      }),
      { numRuns: 1_000_000, seed: seed + round, interruptAfterTimeLimit: Math.max(1, deadline - performance.now()), markInterruptAsFailure: false },
    );
  }
  const result: TargetResult = { target, executions, seconds: (performance.now() - start) / 1000, findings: [...found.values()], slowestMs };
  if (session) {
    result.coverage = summarize(await session.post("Profiler.takePreciseCoverage"));
    await session.post("Profiler.stopPreciseCoverage");
  }
  return result;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  console.log(`fuzz: ${args.targets.join(", ")}, ${args.seconds} s in total, seed ${args.seed}${args.coverage ? ", coverage on" : ""}`);
  const seeds = await makeSeeds();
  setOpenContext(seeds.context);
  let session: Session | undefined;
  if (args.coverage) {
    session = new Session();
    session.connect();
    await session.post("Profiler.enable");
  }
  const results: TargetResult[] = [];
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  for (const target of args.targets) {
    const r = await fuzzTarget(target, seeds.corpus[target], (args.seconds * 1000) / args.targets.length, args.seed, session);
    results.push(r);
    const cov = r.coverage ? `, block coverage ${r.coverage.blockPercent}% of the ${r.coverage.files} src/core files it reached` : "";
    console.log(`${target}: ${r.executions} executions in ${r.seconds.toFixed(0)} s (${(r.executions / r.seconds).toFixed(0)}/s), slowest ${r.slowestMs.toFixed(0)} ms, ${r.findings.length} findings${cov}`);
    for (const f of r.findings) console.log(`  ${f.kind} x${f.count}: ${f.message}\n    ${f.file}`);
  }
  clearInterval(sampler);
  console.log(`peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
  return results.some((r) => r.findings.length > 0) ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    console.error(e);
    process.exitCode = 2;
  },
);
