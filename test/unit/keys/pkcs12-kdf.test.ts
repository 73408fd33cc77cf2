import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { pkcs12Kdf } from "../../../src/core/crypto/kdf";
import { bmpPassword, bmpPasswordFromUtf8Bytes, type HashName } from "../../../src/core/keys/pbe";
import { sha1, sha1Iterated, sha256, sha256Iterated } from "../../../src/core/crypto/sha";
import { toHex } from "../../../src/core/bytes";
import { openssl } from "../../helpers/openssl";

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
  const cases: [HashName, string, string, number, 1 | 2 | 3, number][] = [
    ["SHA-1", "smeg", "0a58cf64530d823f", 1, 1, 24],
    ["SHA-1", "smeg", "0a58cf64530d823f", 1, 2, 8],
    ["SHA-1", "Pässwörd€", "0102030405060708090a", 2048, 1, 24],
    ["SHA-1", "queeg", "3d83c0e4546ac140", 1000, 3, 20],
    ["SHA-1", "long password that is longer than one sixty-four byte block of the hash!", "00", 3, 1, 45],
    ["SHA-256", "test-password", "a1b2c3d4e5f60718", 2048, 3, 32],
    ["SHA-256", "", "a1b2c3d4e5f60718a1b2c3d4e5f60718aa", 5, 1, 70],
    ["SHA-512", "x", "11", 7, 3, 64],
    ["SHA-384", "x", "1122", 7, 1, 100],
  ];
  for (const [hash, pw, salt, iter, id, len] of cases) {
    const ours = await pkcs12Kdf(hash, bmpPassword(pw), Buffer.from(salt, "hex"), id, iter, len);
    const ref = openssl([
      "kdf", "-keylen", String(len), "-kdfopt", `digest:${hash.replace("-", "")}`, "-kdfopt", `hexpass:${toHex(bmpPassword(pw))}`,
      "-kdfopt", `hexsalt:${salt}`, "-kdfopt", `iter:${iter}`, "-kdfopt", `id:${id}`, "PKCS12KDF",
    ]).toString().trim().replace(/:/g, "").toLowerCase();
    assert.equal(toHex(ours), ref, `${hash} ${pw} id ${id} len ${len}`);
  }
});
