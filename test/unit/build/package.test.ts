/**
 * The production package (`SPM_ORIGIN=... npm run build`): a clean folder with the panes, the event handler,
 * assets and a manifest moved to the given origin that passes the offline validator; never the simulator;
 * and no package at all when the manifest would still point at localhost.
 */
import { afterAll, beforeAll, describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pagePolicy, pageProblem, POLICY_PAGES } from "../../../scripts/csp.mjs";
import { runWebpack } from "../../../scripts/webpack-run.mjs";

const ROOT = resolve(import.meta.dirname, "../../..");
const ORIGIN = "https://mail-addin.example.org/spm";
let outDir: string;

beforeAll(async () => {
  outDir = join(mkdtempSync(join(tmpdir(), "spm-package-")), "app");
  // A stale file from an earlier build, e.g. a dev build's simulator: output.clean must remove it.
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "simulator.js"), "stale");
  await runWebpack({ mode: "production", outDir, origin: ORIGIN });
}, 300_000); // a production webpack build; generous because the unit group runs beside it on 2 cores

afterAll(() => rmSync(resolve(outDir, ".."), { recursive: true, force: true }));

describe("production package", () => {
  test("holds the pages, the event handler, assets and config, and nothing of the simulator", () => {
    const files = readdirSync(outDir, { recursive: true, encoding: "utf8" });
    for (const f of ["compose.html", "read.html", "settings.html", "launchevent.html", "launchevent.js", "manifest.xml", "config/policy.json", "assets/icon-80.png", "support.html", ".well-known/microsoft-officeaddins-allowed.json"]) {
      assert.ok(files.includes(f), `${f} is in the package`);
    }
    // Spread: arrays from Node's fs belong to Node's realm, and deepStrictEqual compares prototypes.
    assert.deepEqual([...files.filter((f) => /simulator|office-fake/i.test(f))], []);
    for (const f of files.filter((f) => f.endsWith(".js"))) {
      const js = readFileSync(join(outDir, f), "utf8");
      assert.doesNotMatch(js, /spmSimulator|__spmSimulatorBackend|office-fake/, `${f} carries simulator code`);
    }
    // Pages load Microsoft's Office.js and their own bundle, injected by the build.
    const compose = readFileSync(join(outDir, "compose.html"), "utf8");
    assert.match(compose, /<script src="https:\/\/appsforoffice\.microsoft\.com\/lib\/1\/hosted\/office\.js"><\/script>/);
    assert.match(compose, /<script defer src="compose\.js"><\/script>/);
    // The web reader ships too: no Office.js, its own bundle, and a CSP that lets nothing leave the page.
    const reader = readFileSync(join(outDir, "reader.html"), "utf8");
    assert.deepEqual([...reader.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]), ["reader.js"]);
    assert.match(reader, /http-equiv="Content-Security-Policy"[\s\S]*default-src 'none'[\s\S]*connect-src 'self'[\s\S]*form-action 'none'/);
    // The event runtime page: Office.js, then the decrypt module's hook, then the ES2016 handlers (in this order).
    const event = readFileSync(join(outDir, "launchevent.html"), "utf8");
    const scripts = [...event.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]);
    // (First the Trusted Types default policy, which Office.js needs to load its own files: scripts/csp.mjs.)
    assert.deepEqual(scripts, ["trusted-types.js", "https://appsforoffice.microsoft.com/lib/1/hosted/office.js", "launchevent-decrypt.js", "launchevent.js"]);
    assert.doesNotMatch(event, /<script[^>]*(defer|async|type="module")/, "blocking, so both have run before an event arrives");
    // launchevent.js stays crypto-free: the decryption code is a chunk of its own, loaded on demand.
    assert.ok(files.some((f) => /^chunks\/decrypt-handler\.[0-9a-f]+\.js$/.test(f)), "the decrypt-handler chunk is in the package");
    assert.doesNotMatch(readFileSync(join(outDir, "launchevent.js"), "utf8"), /subtle|indexedDB|pkijs/);
  });

  test("every page carries the one Content Security Policy first in <head>; webpack loads chunks through its Trusted Types policy", () => {
    for (const page of POLICY_PAGES) {
      const html = readFileSync(join(outDir, page), "utf8");
      assert.equal(pageProblem(html, pagePolicy(page === "reader.html" ? { office: false, graph: false } : {})), undefined, page);
    }
    // The chunk loader and the worker URL go through the "spm-webpack" policy (output.trustedTypes).
    assert.match(readFileSync(join(outDir, "read.js"), "utf8"), /createPolicy\("spm-webpack"/);
    const worker = readdirSync(join(outDir, "chunks")).find((f) => /^spm-crypto\.[0-9a-f]+\.js$/.test(f));
    assert.ok(worker, "the crypto worker chunk exists");
    // The worker loads its own chunks with importScripts through the same policy (its header requires it too).
    assert.match(readFileSync(join(outDir, "chunks", worker), "utf8"), /createPolicy\("spm-webpack"/);
  });

  test("the manifest points at the origin everywhere and passes the offline validator", () => {
    const xml = readFileSync(join(outDir, "manifest.xml"), "utf8");
    assert.doesNotMatch(xml, /localhost/);
    assert.match(xml, /<SourceLocation DefaultValue="https:\/\/mail-addin\.example\.org\/spm\/compose\.html"\/>/);
    const r = spawnSync(process.execPath, ["scripts/validate-manifest.mjs", join(outDir, "manifest.xml"), "--origin", ORIGIN], { cwd: ROOT, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr + r.stdout);
  });

  test("the well-known file lists the JavaScript runtime's script on the origin (classic Outlook's event runtime)", () => {
    const wellKnown = JSON.parse(readFileSync(join(outDir, ".well-known/microsoft-officeaddins-allowed.json"), "utf8")) as { allowed: string[] };
    assert.deepEqual([...wellKnown.allowed], [`${ORIGIN}/launchevent.js`]);
    const xml = readFileSync(join(outDir, "manifest.xml"), "utf8");
    assert.match(xml, new RegExp(`<bt:Url id="JSRuntime.Url" DefaultValue="${ORIGIN}/launchevent.js"/>`));
  });

  test("without an origin the production build refuses", () => {
    assert.throws(() => runWebpack({ mode: "production", outDir: join(outDir, "..", "refused") }), /SPM_ORIGIN/);
    assert.throws(() => runWebpack({ mode: "production", outDir: join(outDir, "..", "refused"), origin: "http://plain.example" }), /https/);
  });
});
