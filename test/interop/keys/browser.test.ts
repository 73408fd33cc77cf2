/**
 * src/core/keys in real Chromium (no Node built-ins): legacy and AES PKCS#12 import, key generation,
 * self-signed certificate, backup export with the default iterations; OpenSSL checks what the browser wrote.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as esbuild from "esbuild";
import { chromium, type Browser } from "playwright-core";
import { createTestPki, openssl, type TestIdentity, type TestPki } from "../../helpers/openssl";

const ROOT = resolve(import.meta.dirname, "../../..");
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const PAGE = `<!doctype html><meta charset="utf-8"><script type="module">
import * as keys from "/keys.js";
window.keys = keys;
window.ready = true;
</script>`;

let pki: TestPki;
let alice: TestIdentity;
let dir: string;
let server: Server;
let url: string;
let browser: Browser;

before(async () => {
  pki = createTestPki();
  alice = pki.issue("alice", "alice@example.org");
  openssl(["pkcs12", "-export", "-legacy", "-inkey", alice.keyPath, "-in", alice.certPath, "-certfile", pki.caCertPath,
    "-passout", "pass:Pässwörd€", "-out", join(pki.dir, "legacy.p12")]);
  dir = mkdtempSync(join(tmpdir(), "spm-keys-browser-"));
  await esbuild.build({
    entryPoints: { keys: join(ROOT, "src/core/keys/index.ts") },
    bundle: true, format: "esm", platform: "browser", target: "es2022", outdir: dir, logLevel: "silent",
  });
  writeFileSync(join(dir, "index.html"), PAGE);
  server = createServer((req, res) => {
    const file = req.url === "/keys.js" ? "keys.js" : "index.html";
    res.writeHead(200, { "content-type": file.endsWith(".js") ? "text/javascript" : "text/html" });
    res.end(readFileSync(join(dir, file)));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address();
  if (!addr || typeof addr === "string") throw new Error("no port");
  url = `http://127.0.0.1:${addr.port}/`;
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ARGS, headless: true });
});

after(async () => {
  await browser?.close();
  await new Promise<void>((r) => server?.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
  pki.cleanup();
});

test("PKCS#12 import (legacy + AES), keygen, self-signed and default-iteration export run in Chromium", async () => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  const b64 = (p: string) => readFileSync(p).toString("base64");
  // A string, not a function: tsx's transform would add helpers (__name) that do not exist in the page.
  const script = `(async ({ legacy, aes }) => {
    const k = window.keys;
    const bytes = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
    const toB64 = (u) => btoa(String.fromCharCode(...u));
    const a = await k.importPkcs12(bytes(legacy), "Pässwörd€");
    const b = await k.importPkcs12(bytes(aes), "test-password");
    let wrong = "";
    try { await k.importPkcs12(bytes(aes), "nope"); } catch (e) { wrong = e.code; }
    const key = await k.generatePrivateKey("p256");
    const cert = await k.createSelfSignedCertificate(key, { email: "web@example.org" });
    const t0 = performance.now();
    const p12 = await k.exportPkcs12({ certificate: cert, privateKey: key, chain: [] }, "browser-pw");
    const exportMs = performance.now() - t0;
    const back = await k.importPkcs12(p12, "browser-pw");
    return {
      legacyFlag: a.legacyEncryption, legacyKey: toB64(a.identities[0].privateKey), aesKey: toB64(b.identities[0].privateKey),
      wrong, p12: toB64(p12), exportMs, roundTrip: toB64(back.identities[0].privateKey) === toB64(key),
    };
  })(${JSON.stringify({ legacy: b64(join(pki.dir, "legacy.p12")), aes: b64(alice.p12Path) })})`;
  const result = (await page.evaluate(script)) as {
    legacyFlag: boolean; legacyKey: string; aesKey: string; wrong: string; p12: string; exportMs: number; roundTrip: boolean;
  };
  assert.deepEqual(errors, []);
  assert.equal(result.legacyFlag, true);
  assert.equal(result.legacyKey, Buffer.from(alice.keyPkcs8).toString("base64"));
  assert.equal(result.aesKey, Buffer.from(alice.keyPkcs8).toString("base64"));
  assert.equal(result.wrong, "WRONG_PASSWORD");
  assert.equal(result.roundTrip, true);
  const file = join(pki.dir, "from-browser.p12");
  writeFileSync(file, Buffer.from(result.p12, "base64"));
  const info = openssl(["pkcs12", "-info", "-nodes", "-in", file, "-passin", "pass:browser-pw"]).toString();
  assert.match(info, /BEGIN PRIVATE KEY/);
  assert.match(info, /Secure Patient Mail - self-signed, for testing only/);
  assert.ok(result.exportMs < 15_000, `export in Chromium took ${result.exportMs} ms`);
  console.log(`# Chromium: default export (3 x 300,000 iterations) took ${Math.round(result.exportMs)} ms`);
});
