/**
 * `npm start` (webpack serve --mode development): builds the panes and the simulator in memory, serves the
 * simulator page, swaps the panes' office.js for the fake, and writes nothing into the production folder.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../../..");

function listing(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).map((f) => `${f}:${statSync(join(dir, f)).mtimeMs}`).sort();
}

test("npm start's server builds the simulator and serves it, and leaves dist/app alone", async () => {
  const before = listing(join(ROOT, "dist/app"));
  const child = spawn(process.execPath, ["node_modules/webpack/bin/webpack.js", "serve", "--mode", "development"], {
    cwd: ROOT,
    env: { ...process.env, PORT: "auto", HOST: "127.0.0.1", SPM_HTTP: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  try {
    const base = await new Promise<string>((ok, fail) => {
      let text = "";
      const timer = setTimeout(() => fail(new Error(`server did not start: ${text}`)), 90_000);
      child.stdout.on("data", (d: Buffer) => {
        text += d.toString();
        const m = /simulator: (http:\/\/\S+)\/simulator\.html/.exec(text);
        if (m) {
          clearTimeout(timer);
          ok(m[1]);
        }
      });
      child.stderr.on("data", (d: Buffer) => (text += d.toString()));
      child.on("exit", (code) => fail(new Error(`server exited with ${code}: ${text}`)));
    });
    const sim = await fetch(`${base}/simulator.html`);
    assert.equal(sim.status, 200);
    assert.match(await sim.text(), /<script defer src="simulator\.js"><\/script>/);
    const js = await fetch(`${base}/simulator.js`);
    assert.equal(js.status, 200);
    assert.match(js.headers.get("content-type") ?? "", /javascript/);
    const compose = await (await fetch(`${base}/compose.html`)).text();
    assert.match(compose, /src="\/office-fake\.js"/);
    // (The host stays in the page policy's script-src, the same in development as in production.)
    assert.doesNotMatch(compose, /<script[^>]*appsforoffice\.microsoft\.com/);
    assert.match(compose, /<script defer src="compose\.js"><\/script>/);
    assert.equal((await fetch(`${base}/office-fake.js`)).status, 200);
    assert.notEqual((await fetch(`${base}/..%2f..%2fpackage.json`)).status, 200);
    assert.equal((await fetch(`${base}/`, { redirect: "manual" })).headers.get("location"), "/simulator.html");
  } finally {
    child.kill("SIGTERM");
  }
  assert.deepEqual(listing(join(ROOT, "dist/app")), before, "npm start wrote into the production folder");
}, 120_000);
