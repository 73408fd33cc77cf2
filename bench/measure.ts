/**
 * Whole-process timing, as a user sees it: start to exit, Node's own start included. Two commands run in turn
 * (A B A B ...) after one warm-up each, so a machine whose speed drifts during the run moves both alike; the
 * ratio is taken pair by pair and its median reported. Peak memory is GNU time's %M (the process's maximum
 * resident set). Wall time is read around the child with a monotonic clock (GNU time's %e has 10 ms steps).
 */
import { spawnSync } from "node:child_process";

export interface Command {
  /** argv; the command's standard output goes to `stdout` (a file) when given. */
  argv: string[];
  stdout?: string;
}

export interface Measured {
  seconds: number;
  peakMiB: number;
}

export interface Pair {
  a: Measured;
  b: Measured;
  /** Median of the per-pair ratios A/B of wall time. */
  ratio: number;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function once(command: Command): Measured {
  const shell = `exec ${command.argv.map(quote).join(" ")}${command.stdout ? ` > ${quote(command.stdout)}` : ""}`;
  const start = process.hrtime.bigint();
  const r = spawnSync("/usr/bin/time", ["-f", "@@%M", "sh", "-c", shell], { stdio: ["ignore", "ignore", "pipe"] });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const stderr = r.stderr.toString();
  const m = /@@(\d+)\s*$/.exec(stderr);
  if (r.status !== 0 || !m) throw new Error(`${command.argv.join(" ")} failed (${r.status}): ${stderr.slice(0, 400)}`);
  return { seconds, peakMiB: Number(m[1]) / 1024 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** `runs` pairs after one warm-up pair; medians of wall time and of the ratio, the largest peak of each. */
export function measurePair(a: Command, b: Command, runs: number): Pair {
  once(a);
  once(b);
  const as: Measured[] = [];
  const bs: Measured[] = [];
  for (let i = 0; i < runs; i++) {
    as.push(once(a));
    bs.push(once(b));
  }
  const summary = (list: Measured[]): Measured => ({
    seconds: median(list.map((m) => m.seconds)),
    peakMiB: Math.max(...list.map((m) => m.peakMiB)),
  });
  return { a: summary(as), b: summary(bs), ratio: median(as.map((m, i) => m.seconds / bs[i].seconds)) };
}
