/** Hostile PKCS#12 input: cost limits, unknown algorithms, nesting, mutations. Only typed errors may come out. */
import { afterAll, beforeAll, test } from "@jest/globals";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createTestPki, openssl, type TestIdentity, type TestPki } from "../../helpers/openssl";
import { importPkcs12 } from "../../../src/core/keys";
import { SpmError } from "../../../src/core/errors";
import { int, nullValue, objId, octetString, seq } from "../../../src/core/keys/der";
import { PBE_OID } from "../../../src/core/keys/pbe";
import { buildPfx, certBag, keyBag, nestedBag, rawShroudedBag } from "../../interop/keys/pkcs12-builder";

let pki: TestPki;
let alice: TestIdentity;

beforeAll(() => {
  pki = createTestPki();
  alice = pki.issue("alice", "alice@example.org", { keyType: "p256" });
});
afterAll(() => pki.cleanup());

async function rejects(p: Promise<unknown>, code: string, messageIncludes?: string) {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof SpmError, `expected SpmError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (messageIncludes) assert.ok(e.message.includes(messageIncludes), e.message);
    return true;
  });
}

async function fast<T>(p: Promise<T>): Promise<T> {
  const t0 = Date.now();
  try {
    return await p;
  } finally {
    assert.ok(Date.now() - t0 < 2000, `took ${Date.now() - t0} ms`);
  }
}

test("a MAC iteration count of 50 million is refused before any work", async () => {
  const bytes = await buildPfx([certBag(alice.certDer)], "pw", 50_000_000, false);
  await fast(rejects(importPkcs12(bytes, "pw"), "LIMIT_EXCEEDED"));
});

test("PBKDF2 (PBES2) and PKCS#12-PBE iteration counts over the cap are refused", async () => {
  const pbes2 = seq(
    objId(PBE_OID.pbes2),
    seq(
      seq(objId(PBE_OID.pbkdf2), seq(octetString(new Uint8Array(16)), int(100_000_000), seq(objId(PBE_OID.hmacWithSHA256), nullValue()))),
      seq(objId(PBE_OID.aes256CBC), octetString(new Uint8Array(16))),
    ),
  );
  const a = await buildPfx([rawShroudedBag(pbes2, new Uint8Array(32)), certBag(alice.certDer)], "pw", 100);
  await fast(rejects(importPkcs12(a, "pw"), "LIMIT_EXCEEDED"));
  const legacy = seq(objId(PBE_OID.pbeWithSHAAnd3KeyTripleDESCBC), seq(octetString(new Uint8Array(8)), int(2_147_483_647)));
  const b = await buildPfx([rawShroudedBag(legacy, new Uint8Array(32)), certBag(alice.certDer)], "pw", 100);
  await fast(rejects(importPkcs12(b, "pw"), "LIMIT_EXCEEDED"));
});

test("an unknown PBE is UNSUPPORTED_ALGORITHM naming its OID (RC4 PBE)", async () => {
  const rc4 = seq(objId(PBE_OID.pbeWithSHAAnd128BitRC4), seq(octetString(new Uint8Array(8)), int(2048)));
  const bytes = await buildPfx([rawShroudedBag(rc4, new Uint8Array(32)), certBag(alice.certDer)], "pw", 100);
  await rejects(importPkcs12(bytes, "pw"), "UNSUPPORTED_ALGORITHM", PBE_OID.pbeWithSHAAnd128BitRC4);
});

test("deeply nested SafeContents bags are refused; shallow nesting is read", async () => {
  const shallow = await buildPfx([nestedBag(keyBag(alice.keyPkcs8), certBag(alice.certDer))], "pw", 100);
  assert.equal((await importPkcs12(shallow, "pw")).identities.length, 1);
  let bag = keyBag(alice.keyPkcs8);
  for (let i = 0; i < 6; i++) bag = nestedBag(bag);
  const deep = await buildPfx([bag, certBag(alice.certDer)], "pw", 100);
  await rejects(importPkcs12(deep, "pw"), "MALFORMED");
});

test("oversized input is refused without parsing", async () => {
  await rejects(importPkcs12(new Uint8Array(9 * 1024 * 1024).fill(0x30), "pw"), "LIMIT_EXCEEDED");
});

test("error messages never contain the password", async () => {
  const secret = "S3cret-Zebra-Password";
  await assert.rejects(importPkcs12(new Uint8Array(readFileSync(alice.p12Path)), secret), (e: unknown) => {
    assert.ok(e instanceof SpmError);
    assert.ok(!JSON.stringify({ m: e.message, d: e.details }).includes(secret));
    return true;
  });
});

test("300 random mutations of MAC-less and MAC-protected files produce only typed errors (or a valid import)", async () => {
  const noMacPath = join(pki.dir, "nomac.p12");
  openssl(["pkcs12", "-export", "-nomac", "-inkey", alice.keyPath, "-in", alice.certPath, "-passout", "pass:pw", "-iter", "10", "-out", noMacPath]);
  const files = [new Uint8Array(readFileSync(noMacPath)), new Uint8Array(readFileSync(alice.p12Path))];
  let seed = 12345;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let i = 0; i < 300; i++) {
    const base = files[i % 2];
    const m = base.slice();
    const flips = 1 + rand(3);
    for (let f = 0; f < flips; f++) m[rand(m.length)] ^= 1 << rand(8);
    const password = i % 2 === 0 ? "pw" : "test-password";
    try {
      await importPkcs12(m, password, { config: { allowPkcs12WithoutMac: true } });
    } catch (e) {
      assert.ok(e instanceof SpmError, `mutation ${i}: ${String(e)}`);
    }
  }
});
