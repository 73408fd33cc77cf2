/** Primitives under the CMS engine, checked against node:crypto (OpenSSL) as the reference. */
import { beforeAll, describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { constants, createPrivateKey, createPublicKey, privateDecrypt, publicEncrypt, createHash } from "node:crypto";
import { loadPki } from "../../helpers/fixtures";
import {
  aesKeyUnwrap,
  aesKeyWrap,
  oaepDecrypt,
  oaepEncrypt,
  parseRsaPrivateKeyPkcs8,
  parseRsaPublicKey,
  rsaPrivateOperation,
  x963Kdf,
  type HashName,
} from "../../../src/core/crypto";
import { fromHex, toHex } from "../../../src/core/bytes";

let pem: string;
let pkcs8: Uint8Array;

beforeAll(() => {
  // An RSA 2048 key made by `openssl genpkey` (the committed test PKI's alice).
  pem = loadPki("basic").identity("alice").keyPem;
  pkcs8 = new Uint8Array(createPrivateKey(pem).export({ format: "der", type: "pkcs8" }));
});

const publicOf = () => parseRsaPublicKey(new Uint8Array(createPublicKey(pem).export({ format: "der", type: "pkcs1" })));

describe("RSA-OAEP", () => {
  for (const hash of ["SHA-1", "SHA-256", "SHA-384", "SHA-512"] as HashName[]) {
    test(`${hash}: node encrypts, we decrypt; we encrypt, node decrypts (with a label)`, async () => {
      const key = parseRsaPrivateKeyPkcs8(pkcs8);
      const label = new TextEncoder().encode("label");
      const message = new Uint8Array(32).map((_, i) => i);
      const nodeHash = hash.toLowerCase().replace("-", "");
      const c = publicEncrypt({ key: pem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: nodeHash, oaepLabel: label }, message);
      assert.equal(toHex(await oaepDecrypt(key, new Uint8Array(c), { hash, mgf1Hash: hash, label })), toHex(message));
      await assert.rejects(oaepDecrypt(key, new Uint8Array(c), { hash, mgf1Hash: hash }), { code: "DECRYPTION_FAILED" });
      const ours = await oaepEncrypt(publicOf(), message, { hash, mgf1Hash: hash, label });
      const back = privateDecrypt({ key: pem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: nodeHash, oaepLabel: label }, ours);
      assert.equal(toHex(back), toHex(message));
    });
  }

  test("differing MGF1 hash round trips and is not confused with the plain variant", async () => {
    const key = parseRsaPrivateKeyPkcs8(pkcs8);
    const message = new Uint8Array(16).fill(9);
    const c = await oaepEncrypt(publicOf(), message, { hash: "SHA-384", mgf1Hash: "SHA-1" });
    assert.equal(toHex(await oaepDecrypt(key, c, { hash: "SHA-384", mgf1Hash: "SHA-1" })), toHex(message));
    await assert.rejects(oaepDecrypt(key, c, { hash: "SHA-384", mgf1Hash: "SHA-384" }), { code: "DECRYPTION_FAILED" });
  });

  test("ciphertext of the wrong length or >= n is DECRYPTION_FAILED", async () => {
    const key = parseRsaPrivateKeyPkcs8(pkcs8);
    assert.throws(() => rsaPrivateOperation(key, new Uint8Array(255)), { code: "DECRYPTION_FAILED" });
    assert.throws(() => rsaPrivateOperation(key, new Uint8Array(256).fill(0xff)), { code: "DECRYPTION_FAILED" });
  });

  test("blinded CRT private operation equals node's raw RSA", () => {
    const key = parseRsaPrivateKeyPkcs8(pkcs8);
    const c = new Uint8Array(256).map((_, i) => (i * 31 + 7) & 0xff);
    c[0] = 0x12;
    const expected = privateDecrypt({ key: pem, padding: constants.RSA_NO_PADDING }, c);
    assert.equal(toHex(rsaPrivateOperation(key, c)), toHex(expected));
  });
});

describe("X9.63 KDF and AES key wrap", () => {
  test("X9.63 KDF matches a direct hash computation (two blocks)", async () => {
    const z = new Uint8Array(32).fill(1);
    const info = new Uint8Array([0x30, 0x00]);
    const block = (counter: number) =>
      createHash("sha256").update(z).update(Uint8Array.of(0, 0, 0, counter)).update(info).digest();
    const expected = Buffer.concat([block(1), block(2)]).subarray(0, 48);
    assert.equal(toHex(await x963Kdf("SHA-256", z, info, 48)), expected.toString("hex"));
  });

  test("AES key wrap: RFC 3394 4.1 test vector, and a bad KEK is DECRYPTION_FAILED", async () => {
    const kek = fromHex("000102030405060708090A0B0C0D0E0F");
    const key = fromHex("00112233445566778899AABBCCDDEEFF");
    const wrapped = await aesKeyWrap(kek, key);
    assert.equal(toHex(wrapped), "1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5");
    assert.equal(toHex(await aesKeyUnwrap(kek, wrapped)), toHex(key));
    await assert.rejects(aesKeyUnwrap(new Uint8Array(16), wrapped), { code: "DECRYPTION_FAILED" });
  });
});
