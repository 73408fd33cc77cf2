import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

test("npm start's server builds the simulator and serves it", async () => {
  const out = mkdtempSync(join(tmpdir(), "spm-serve-"));
  const child = spawn(process.execPath, ["scripts/serve.mjs", "--once", "--port", "0", "--host", "127.0.0.1", "--out", out], {
    cwd: resolve(import.meta.dirname, "../../.."),
    stdio: ["ignore", "pipe", "pipe"],
  });
  try {
    const base = await new Promise<string>((ok, fail) => {
      let text = "";
      const timer = setTimeout(() => fail(new Error(`server did not start: ${text}`)), 20_000);
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
    assert.match(await sim.text(), /<script src="simulator\.js"/);
    const js = await fetch(`${base}/simulator.js`);
    assert.equal(js.status, 200);
    assert.match(js.headers.get("content-type") ?? "", /javascript/);
    assert.match(await (await fetch(`${base}/compose.html`)).text(), /src="\/office-fake\.js"/);
    assert.equal((await fetch(`${base}/office-fake.js`)).status, 200);
    assert.equal((await fetch(`${base}/..%2f..%2fpackage.json`)).status, 403);
    assert.equal((await fetch(`${base}/`, { redirect: "manual" })).headers.get("location"), "/simulator.html");
  } finally {
    child.kill("SIGTERM");
    rmSync(out, { recursive: true, force: true });
  }
});
