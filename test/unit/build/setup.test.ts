/**
 * A fresh machine (issue 15): the pre-script of `npm start` and `npm test` stops on a too-old Node with one
 * line and reinstalls when the lock is newer than the install; `npm test` names each missing test program with
 * the command that installs it instead of running into hundreds of failures.
 */
import { afterAll, describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../../..");
const ENSURE = join(ROOT, "scripts/ensure-deps.mjs");
/** `npm test`'s first step: the test peers check of scripts/test.mjs. */
const TEST = join(ROOT, "scripts/test.mjs");
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A project folder with the given engines range, a lock without dependencies, and an install marker. */
function project(engines: string): string {
  const dir = mkdtempSync(join(tmpdir(), "spm-setup-"));
  dirs.push(dir);
  const pkg = { name: "fresh", version: "1.0.0", engines: { node: engines } };
  writeFileSync(join(dir, "package.json"), JSON.stringify(pkg));
  writeFileSync(join(dir, "package-lock.json"), JSON.stringify({ name: "fresh", version: "1.0.0", lockfileVersion: 3, requires: true, packages: { "": pkg } }));
  mkdirSync(join(dir, "node_modules"));
  writeFileSync(join(dir, "node_modules/.package-lock.json"), "{}");
  return dir;
}

function run(cwd: string, args: string[] = [ENSURE], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, args, { cwd, env, encoding: "utf8" });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe("npm start / npm test pre-script", () => {
  test("a Node older than engines stops with one line that names the version, before installing anything", () => {
    const dir = project(">=99.1");
    rmSync(join(dir, "node_modules"), { recursive: true });
    const r = run(dir);
    assert.equal(r.status, 1);
    const lines = r.out.trim().split("\n");
    assert.equal(lines.length, 1, r.out);
    assert.match(lines[0], new RegExp(`needs Node 99\\.1 or newer; this is Node ${process.versions.node.replace(/\./g, "\\.")}`));
    assert.throws(() => statSync(join(dir, "node_modules")), "nothing was installed");
  });

  test("an install that is up to date is left alone, a lock newer than the install runs npm ci", () => {
    const dir = project(">=18");
    const fresh = run(dir);
    assert.equal(fresh.status, 0, fresh.out);
    assert.equal(fresh.out, "");
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(join(dir, "node_modules/.package-lock.json"), old, old);
    writeFileSync(join(dir, "node_modules/leftover.txt"), "from the old install");
    const stale = run(dir);
    assert.equal(stale.status, 0, stale.out);
    assert.match(stale.out, /\[setup\] package-lock\.json changed since the last install: reinstalling the npm dependencies \(npm ci\)/);
    // npm ci starts from an empty node_modules: the old install's files are gone.
    assert.throws(() => readFileSync(join(dir, "node_modules/leftover.txt")));
  }, 60_000);

  test("missing test programs: npm test says one line each with the exact install command, exit 1, nothing run", () => {
    const dir = project(">=18");
    // A PATH with only sh and node: no chromium, openssl, NSS tools, gpgsm, xmllint, and no apt-get to install them.
    const bin = join(dir, "bin");
    mkdirSync(bin);
    symlinkSync("/bin/sh", join(bin, "sh"));
    symlinkSync(process.execPath, join(bin, "node"));
    const r = run(dir, [TEST], { ...process.env, PATH: bin });
    assert.equal(r.status, 1);
    const lines = r.out.trim().split("\n");
    assert.deepEqual(
      lines.map((l) => /^\[setup\] missing (\S+) \(.+\): install it with {2}(?:sudo )?apt-get install -y (\S+)$/.exec(l)?.slice(1, 3)),
      [["chromium", "chromium"], ["openssl", "openssl"], ["certutil", "libnss3-tools"], ["pk12util", "libnss3-tools"], ["cmsutil", "libnss3-tools"], ["gpgsm", "gpgsm"], ["xmllint", "libxml2-utils"]],
      r.out,
    );
  });

  test("with every program present, the tools check passes silently", () => {
    const dir = project(">=18");
    // The check alone (scripts/test.mjs would go on to run the whole suite).
    const r = run(dir, ["--input-type=module", "-e", `import { ensureTestTools } from ${JSON.stringify(join(ROOT, "scripts/setup.mjs"))}; ensureTestTools();`]);
    assert.equal(r.status, 0, r.out);
    assert.equal(r.out, "");
  });
});
