import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { desEde3CbcDecrypt, desEde3CbcEncrypt } from "../../../src/core/crypto/legacy/des";
import { fromHex, toHex } from "../../../src/core/bytes";

function nodeEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const c = createCipheriv("des-ede3-cbc", key, iv);
  c.setAutoPadding(false);
  return new Uint8Array(Buffer.concat([c.update(data), c.final()]));
}

function nodeDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const d = createDecipheriv("des-ede3-cbc", key, iv);
  d.setAutoPadding(false);
  return new Uint8Array(Buffer.concat([d.update(data), d.final()]));
}

test("single-DES known answer (K1=K2=K3): FIPS 81 / classic test vector", () => {
  // DES(133457799BBCDFF1, 0123456789ABCDEF) = 85E813540F0AB405; 3DES with three equal keys is single DES.
  const k = fromHex("133457799BBCDFF1");
  const key = new Uint8Array([...k, ...k, ...k]);
  const iv = new Uint8Array(8);
  const ct = desEde3CbcEncrypt(key, iv, fromHex("0123456789ABCDEF"));
  assert.equal(toHex(ct).toUpperCase(), "85E813540F0AB405");
  assert.equal(toHex(desEde3CbcDecrypt(key, iv, ct)).toUpperCase(), "0123456789ABCDEF");
});

test("3DES-CBC matches node:crypto des-ede3-cbc both ways, random keys and lengths", () => {
  for (let i = 0; i < 50; i++) {
    const key = new Uint8Array(randomBytes(24));
    const iv = new Uint8Array(randomBytes(8));
    const data = new Uint8Array(randomBytes(8 * (1 + (i % 17))));
    const ref = nodeEncrypt(key, iv, data);
    assert.deepEqual(desEde3CbcEncrypt(key, iv, data), ref);
    assert.deepEqual(desEde3CbcDecrypt(key, iv, ref), data);
    // Decrypting arbitrary bytes must match node too (no padding removal).
    const junk = new Uint8Array(randomBytes(data.length));
    assert.deepEqual(desEde3CbcDecrypt(key, iv, junk), nodeDecrypt(key, iv, junk));
  }
});

test("3DES-CBC decrypts 1 MiB quickly and correctly", () => {
  const key = new Uint8Array(randomBytes(24));
  const iv = new Uint8Array(randomBytes(8));
  const data = new Uint8Array(randomBytes(1024 * 1024));
  const ct = nodeEncrypt(key, iv, data);
  const t0 = Date.now();
  const pt = desEde3CbcDecrypt(key, iv, ct);
  const ms = Date.now() - t0;
  assert.deepEqual(pt, data);
  assert.ok(ms < 5000, `1 MiB took ${ms} ms`);
});

test("3DES-CBC rejects wrong sizes", () => {
  assert.throws(() => desEde3CbcDecrypt(new Uint8Array(16), new Uint8Array(8), new Uint8Array(8)), { code: "INVALID_ARGUMENT" });
  assert.throws(() => desEde3CbcDecrypt(new Uint8Array(24), new Uint8Array(7), new Uint8Array(8)), { code: "INVALID_ARGUMENT" });
  assert.throws(() => desEde3CbcDecrypt(new Uint8Array(24), new Uint8Array(8), new Uint8Array(9)), { code: "MALFORMED" });
});
