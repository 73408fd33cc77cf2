import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { rc2CbcDecrypt, rc2CbcEncrypt } from "../../../src/core/crypto/legacy/rc2";
import { fromHex, toHex } from "../../../src/core/bytes";
import { cryptoVectors } from "../../helpers/fixtures";

/** RC2-CBC vectors from OpenSSL's legacy provider (`openssl enc -rc2-40-cbc|-rc2-cbc -nopad`, test/fixtures/crypto). */
interface Rc2Vector {
  cipher: "rc2-40-cbc" | "rc2-cbc";
  keyHex: string;
  effectiveBits: number;
  ivHex: string;
  plainHex: string;
  cipherHex: string;
}

// RFC 2268 section 5: key, effective key bits, plaintext, ciphertext (one block: CBC with a zero IV = ECB).
const RFC2268_VECTORS: [string, number, string, string][] = [
  ["0000000000000000", 63, "0000000000000000", "ebb773f993278eff"],
  ["ffffffffffffffff", 64, "ffffffffffffffff", "278b27e42e2f0d49"],
  ["3000000000000000", 64, "1000000000000001", "30649edf9be7d2c2"],
  ["88", 64, "0000000000000000", "61a8a244adacccf0"],
  ["88bca90e90875a", 64, "0000000000000000", "6ccf4308974c267f"],
  ["88bca90e90875a7f0f79c384627bafb2", 64, "0000000000000000", "1a807d272bbe5db1"],
  ["88bca90e90875a7f0f79c384627bafb2", 128, "0000000000000000", "2269552ab0f85ca6"],
  ["88bca90e90875a7f0f79c384627bafb216f80a6f85920584c42fceb0be255daf1e", 129, "0000000000000000", "5b78d3a43dfff1f1"],
];

test("RC2 matches the RFC 2268 test vectors (encrypt and decrypt)", () => {
  const iv = new Uint8Array(8);
  for (const [key, bits, pt, ct] of RFC2268_VECTORS) {
    assert.equal(toHex(rc2CbcEncrypt(fromHex(key), bits, iv, fromHex(pt))), ct, `encrypt ${key}/${bits}`);
    assert.equal(toHex(rc2CbcDecrypt(fromHex(key), bits, iv, fromHex(ct))), pt, `decrypt ${key}/${bits}`);
  }
});

test("RC2-CBC (40 and 128 bit) decrypts what OpenSSL's legacy provider encrypts", () => {
  const vectors = cryptoVectors<Rc2Vector>("rc2-cbc.json");
  assert.deepEqual(vectors.map((v) => v.cipher), ["rc2-40-cbc", "rc2-40-cbc", "rc2-40-cbc", "rc2-cbc", "rc2-cbc", "rc2-cbc"]);
  for (const v of vectors) {
    const key = fromHex(v.keyHex);
    const iv = fromHex(v.ivHex);
    const data = fromHex(v.plainHex);
    const ct = fromHex(v.cipherHex);
    assert.equal(key.length * 8, v.effectiveBits);
    assert.equal(ct.length, data.length);
    assert.deepEqual(rc2CbcDecrypt(key, key.length * 8, iv, ct), data);
    assert.deepEqual(rc2CbcEncrypt(key, key.length * 8, iv, data), ct);
  }
});

test("RC2-CBC rejects wrong sizes", () => {
  assert.throws(() => rc2CbcDecrypt(new Uint8Array(0), 40, new Uint8Array(8), new Uint8Array(8)), { code: "INVALID_ARGUMENT" });
  assert.throws(() => rc2CbcDecrypt(new Uint8Array(5), 40, new Uint8Array(4), new Uint8Array(8)), { code: "INVALID_ARGUMENT" });
  assert.throws(() => rc2CbcDecrypt(new Uint8Array(5), 40, new Uint8Array(8), new Uint8Array(12)), { code: "MALFORMED" });
  assert.throws(() => rc2CbcDecrypt(new Uint8Array(5), 0, new Uint8Array(8), new Uint8Array(8)), { code: "INVALID_ARGUMENT" });
});
