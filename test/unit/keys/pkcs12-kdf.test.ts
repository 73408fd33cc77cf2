import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { pkcs12Kdf } from "../../../src/core/crypto/kdf";
import { bmpPassword, bmpPasswordFromUtf8Bytes, type HashName } from "../../../src/core/keys/pbe";
import { sha1, sha1Iterated, sha256, sha256Iterated } from "../../../src/core/crypto/sha";
import { toHex } from "../../../src/core/bytes";
import { cryptoVectors } from "../../helpers/fixtures";

/** `openssl kdf PKCS12KDF` answers (test/fixtures/crypto/pkcs12-kdf.json, made by scripts/gen-test-pki.mjs). */
interface KdfVector {
  hash: HashName;
  password: string;
  passwordBmpHex: string;
  saltHex: string;
  iterations: number;
  id: 1 | 2 | 3;
  length: number;
  keyHex: string;
}

test("sync SHA-1/SHA-256 match node:crypto for lengths 0..200 and iterate correctly", () => {
  for (let n = 0; n <= 200; n++) {
    const d = new Uint8Array(randomBytes(n));
    assert.equal(toHex(sha1(d)), createHash("sha1").update(d).digest("hex"));
    assert.equal(toHex(sha256(d)), createHash("sha256").update(d).digest("hex"));
  }
  let a = new Uint8Array([1, 2, 3]);
  let b = a;
  for (let i = 0; i < 50; i++) {
    a = new Uint8Array(createHash("sha256").update(a).digest());
    b = new Uint8Array(createHash("sha1").update(b).digest());
  }
  assert.equal(toHex(sha256Iterated(new Uint8Array([1, 2, 3]), 50)), toHex(a));
  assert.equal(toHex(sha1Iterated(new Uint8Array([1, 2, 3]), 50)), toHex(b));
});

test("BMPString password encoding (RFC 7292 B.1) with the trailing null", () => {
  assert.equal(toHex(bmpPassword("ab")), "006100620000");
  assert.equal(toHex(bmpPassword("ä€")), "00e420ac0000");
  assert.equal(toHex(bmpPassword("")), "0000");
  assert.equal(toHex(bmpPasswordFromUtf8Bytes("ä")), "00c300a40000");
});

test("PKCS#12 KDF matches OpenSSL's PKCS12KDF (digests, ids, multi-block lengths, odd salts)", async () => {
  const cases = cryptoVectors<KdfVector>("pkcs12-kdf.json");
  // Digests, ids, multi-block lengths, odd salts, a non-ASCII and an empty password.
  assert.deepEqual([...new Set(cases.map((c) => c.hash))].sort(), ["SHA-1", "SHA-256", "SHA-384", "SHA-512"]);
  assert.equal(cases.length, 9);
  for (const c of cases) {
    // OpenSSL was given this BMPString; ours must be the same bytes.
    assert.equal(toHex(bmpPassword(c.password)), c.passwordBmpHex, c.password);
    const ours = await pkcs12Kdf(c.hash, bmpPassword(c.password), Buffer.from(c.saltHex, "hex"), c.id, c.iterations, c.length);
    assert.equal(toHex(ours), c.keyHex, `${c.hash} ${c.password} id ${c.id} len ${c.length}`);
  }
});
