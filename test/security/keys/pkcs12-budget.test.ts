/**
 * Issue 13 #5: a PKCS#12 import has a total key-derivation budget and a cap on encrypted items. Before, each
 * iteration count was capped (5 million) but a small file with several maximum-iteration bags kept the CLI and
 * the settings pane busy for minutes; such files now fail with LIMIT_EXCEEDED after at most the budget's work.
 */
import { afterAll, beforeAll, test } from "@jest/globals";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createTestPki, openssl, type TestIdentity, type TestPki } from "../../helpers/openssl";
import { DEFAULT_CONFIG } from "../../../src/core/config";
import { SpmError } from "../../../src/core/errors";
import { exportPkcs12, importPkcs12 } from "../../../src/core/keys";
import { buildPfx, certBag, shroudedKeyBag } from "../../interop/keys/pkcs12-builder";

let pki: TestPki;
let alice: TestIdentity;

beforeAll(() => {
  pki = createTestPki();
  alice = pki.issue("alice", "alice@example.org", { keyType: "p256" });
});
afterAll(() => pki.cleanup());

function limitError(field: string) {
  return (e: unknown) => {
    assert.ok(e instanceof SpmError, String(e));
    assert.equal(e.code, "LIMIT_EXCEEDED", e.message);
    assert.equal(e.details?.limit, field, JSON.stringify(e.details));
    return true;
  };
}

test("OpenSSL file with two 3,000,000-iteration safes: over the total budget, refused after at most the budget's work", async () => {
  // `-iter` sets PBKDF2 for the key bag and the certificate safe; each alone is under the per-derivation cap.
  const path = join(pki.dir, "heavy.p12");
  openssl(["pkcs12", "-export", "-inkey", alice.keyPath, "-in", alice.certPath, "-out", path, "-passout", "pass:pw", "-iter", "3000000", "-nomaciter"]);
  const bytes = new Uint8Array(readFileSync(path));
  const t0 = Date.now();
  await assert.rejects(importPkcs12(bytes, "pw"), (e: unknown) => {
    limitError("maxPkcs12KdfWork")(e);
    const d = (e as SpmError).details as { max: number; spent: number; requested: number };
    assert.equal(d.max, DEFAULT_CONFIG.maxPkcs12KdfWork);
    assert.ok(d.spent + d.requested > d.max && d.spent <= d.max, JSON.stringify(d));
    return true;
  });
  const refusedAfter = Date.now() - t0;
  // The same file opens when the caller raises the budget: the limit, not the file, stopped it.
  const t1 = Date.now();
  const opened = await importPkcs12(bytes, "pw", { config: { maxPkcs12KdfWork: 7_000_000 } });
  const fullWork = Date.now() - t1;
  assert.equal(opened.identities.length, 1);
  console.log(`3M+3M PBKDF2 file: refused after ${refusedAfter} ms, full import ${fullWork} ms`);
});

test("more encrypted items than maxPkcs12EncryptedBags is refused, however cheap each one is", async () => {
  const bags = [certBag(alice.certDer)];
  for (let i = 0; i < DEFAULT_CONFIG.maxPkcs12EncryptedBags + 1; i++) bags.push(await shroudedKeyBag(alice.keyPkcs8, "pw", 1));
  const bytes = await buildPfx(bags, "pw", 1);
  await assert.rejects(importPkcs12(bytes, "pw"), limitError("maxPkcs12EncryptedBags"));
  // At the cap it opens (the same key several times is one identity per bag).
  const atCap = await buildPfx(bags.slice(0, DEFAULT_CONFIG.maxPkcs12EncryptedBags + 1), "pw", 1);
  assert.equal((await importPkcs12(atCap, "pw")).identities.length, DEFAULT_CONFIG.maxPkcs12EncryptedBags);
});

test("normal files stay far inside the budget: our own backup (900,000 rounds) and OpenSSL's default", async () => {
  const ours = await exportPkcs12({ certificate: alice.certDer, privateKey: alice.keyPkcs8, chain: [] }, "pw");
  assert.equal((await importPkcs12(ours, "pw")).identities.length, 1);
  // Exactly our backup's work fits a budget of 900,000 rounds; one round less does not.
  assert.equal((await importPkcs12(ours, "pw", { config: { maxPkcs12KdfWork: 900_000 } })).identities.length, 1);
  await assert.rejects(importPkcs12(ours, "pw", { config: { maxPkcs12KdfWork: 899_999 } }), limitError("maxPkcs12KdfWork"));
  assert.equal((await importPkcs12(new Uint8Array(readFileSync(alice.p12Path)), alice.password)).identities.length, 1);
});
