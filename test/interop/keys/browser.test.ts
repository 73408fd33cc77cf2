/**
 * src/core/keys in real Chromium (no Node built-ins): legacy and AES PKCS#12 import, key generation,
 * self-signed certificate, backup export with the default iterations; OpenSSL checks what the browser wrote.
 */
import { beforeAll, test } from "@jest/globals";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openssl } from "../../helpers/openssl";
import { openReadyPage } from "../../helpers/browser";
import { browserSuite } from "../../helpers/suite";

const env = browserSuite({
  identities: {
    alice: ["alice", "alice@example.org"],
  },
});


beforeAll(async () => {
  openssl(["pkcs12", "-export", "-legacy", "-inkey", env.ids.alice.keyPath, "-in", env.ids.alice.certPath, "-certfile", env.pki.caCertPath,
    "-passout", "pass:Pässwörd€", "-out", join(env.pki.dir, "legacy.p12")]);
});

test("PKCS#12 import (legacy + AES), keygen, self-signed and default-iteration export run in Chromium", async () => {
  const { page, errors } = await openReadyPage(env, "core-keys.html");
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
  })(${JSON.stringify({ legacy: b64(join(env.pki.dir, "legacy.p12")), aes: b64(env.ids.alice.p12Path) })})`;
  const result = await page.evaluate<{
    legacyFlag: boolean; legacyKey: string; aesKey: string; wrong: string; p12: string; exportMs: number; roundTrip: boolean;
  }>(script);
  assert.deepEqual(errors, []);
  assert.equal(result.legacyFlag, true);
  assert.equal(result.legacyKey, Buffer.from(env.ids.alice.keyPkcs8).toString("base64"));
  assert.equal(result.aesKey, Buffer.from(env.ids.alice.keyPkcs8).toString("base64"));
  assert.equal(result.wrong, "WRONG_PASSWORD");
  assert.equal(result.roundTrip, true);
  const file = join(env.pki.dir, "from-browser.p12");
  writeFileSync(file, Buffer.from(result.p12, "base64"));
  const info = openssl(["pkcs12", "-info", "-nodes", "-in", file, "-passin", "pass:browser-pw"]).toString();
  assert.match(info, /BEGIN PRIVATE KEY/);
  assert.match(info, /Secure Patient Mail - self-signed, for testing only/);
  assert.ok(result.exportMs < 15_000, `export in Chromium took ${result.exportMs} ms`);
  console.log(`# Chromium: default export (3 x 300,000 iterations) took ${Math.round(result.exportMs)} ms`);
});
