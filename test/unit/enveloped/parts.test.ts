import { afterAll, beforeAll, describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createTestPki, openssl, tempDir, type TestIdentity, type TestPki } from "../../helpers/openssl";
import { envelopeParts, openEnvelope, type EnvelopeInParts } from "../../../src/core/cms/enveloped";
import { Base64LineEncoder, base64EncodeBytes, concatBytes } from "../../../src/core/bytes";
import type { ContentCipher } from "../../../src/core/types";
import { aesCbcEncrypt } from "../../../src/core/crypto";
import { cbcDecryptSteps } from "../../../src/core/crypto/cbc-steps";

let pki: TestPki;
let rsa: TestIdentity;
let p256: TestIdentity;
const keyOf = (id: TestIdentity) => ({ certificate: id.certDer, privateKey: id.keyPkcs8 });

beforeAll(() => {
  pki = createTestPki();
  rsa = pki.issue("alice", "alice@example.org", { keyType: "rsa2048" });
  p256 = pki.issue("bob", "bob@example.org", { keyType: "p256" });
});
afterAll(() => pki.cleanup());

async function join_(env: EnvelopeInParts): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  // Chunks may be reused storage: copy each as it comes.
  for await (const c of env.chunks) chunks.push(c.slice());
  const der = concatBytes(env.prefix, ...chunks, env.suffix);
  assert.equal(der.length, env.length);
  return der;
}

/** Split bytes at the given cut points. */
function pieces(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let from = 0;
  for (const c of [...cuts, bytes.length]) {
    out.push(bytes.subarray(from, Math.min(c, bytes.length)));
    from = Math.min(c, bytes.length);
  }
  return out;
}

describe("envelopeParts: the same EnvelopedData as envelope, written in pieces", () => {
  // Chunk size 64: lengths around chunk and block boundaries, content split across pieces at odd places.
  for (const size of [0, 1, 15, 16, 17, 63, 64, 65, 128, 129, 1000]) {
    test(`AES-256-CBC, ${size} bytes in 3 pieces, 64-byte steps: openEnvelope and OpenSSL recover it`, async () => {
      const content = new Uint8Array(randomBytes(size));
      const env = await envelopeParts(pieces(content, [size >> 2, (size * 3) >> 2]), [{ certificate: rsa.certDer }, { certificate: p256.certDer }], {
        cipher: "aes-256-cbc",
        chunkSize: 64,
      });
      const der = await join_(env);
      assert.deepEqual((await openEnvelope(der, [keyOf(p256)])).content, content);
      const dir = tempDir();
      writeFileSync(join(dir, "e.p7m"), der);
      const out = openssl(["cms", "-decrypt", "-binary", "-inform", "DER", "-in", join(dir, "e.p7m"), "-inkey", rsa.keyPath, "-recip", rsa.certPath]);
      assert.deepEqual(new Uint8Array(out), content);
    });
  }

  for (const cipher of ["aes-128-gcm", "aes-128-cbc"] as ContentCipher[]) {
    test(`${cipher} with the default step, 3 MiB: openEnvelope recovers it`, async () => {
      const content = new Uint8Array(randomBytes(3 * 1024 * 1024 + 5));
      const env = await envelopeParts(pieces(content, [100, 2 * 1024 * 1024]), [{ certificate: rsa.certDer }], { cipher });
      const der = await join_(env);
      assert.deepEqual((await openEnvelope(der, [keyOf(rsa)])).content, content);
    });
  }

  test("consumeInput: the content is decrypted over the ciphertext with one matching entry, not with two", async () => {
    const content = new Uint8Array(randomBytes(5000));
    const single = await join_(await envelopeParts([content], [{ certificate: rsa.certDer }], { cipher: "aes-128-cbc", chunkSize: 64 }));
    const opened = await openEnvelope(single, [keyOf(rsa)], { consumeInput: true });
    assert.deepEqual(opened.content, content);
    assert.equal(opened.content.buffer, single.buffer);
    // Two entries for the same key: a failed try must not have destroyed the ciphertext, so a copy is used.
    const twice = await join_(await envelopeParts([content], [{ certificate: rsa.certDer }, { certificate: rsa.certDer }], { cipher: "aes-128-cbc" }));
    const again = await openEnvelope(twice, [keyOf(rsa)], { consumeInput: true });
    assert.deepEqual(again.content, content);
    assert.notEqual(again.content.buffer, twice.buffer);
  });

  test("a step size that is not a multiple of 16 is refused", async () => {
    await assert.rejects(envelopeParts([new Uint8Array(10)], [{ certificate: rsa.certDer }], { cipher: "aes-128-cbc", chunkSize: 100 }), { code: "INVALID_ARGUMENT" });
  });
});

describe("Base64LineEncoder", () => {
  test("pieces of any size give base64EncodeBytes(all, 76) + CRLF, and Node's base64", () => {
    for (const size of [0, 1, 2, 3, 56, 57, 58, 114, 1000, 5000]) {
      const all = new Uint8Array(randomBytes(size));
      for (const [step, reuseOutput] of [[1, false], [7, true], [57, false], [100, true], [4096, false], [4096, true]] as const) {
        const enc = new Base64LineEncoder({ reuseOutput });
        const out: Uint8Array[] = [];
        // With reuseOutput a result is valid until the next push: copy it at once.
        for (let i = 0; i < size; i += step) out.push(enc.push(all.subarray(i, i + step)).slice());
        out.push(enc.end());
        const text = Buffer.from(concatBytes(...out)).toString("latin1");
        const expected = size === 0 ? "" : Buffer.from(base64EncodeBytes(all, 76)).toString("latin1") + "\r\n";
        assert.equal(text, expected, `size ${size} step ${step} reuse ${reuseOutput}`);
        assert.equal(text.replace(/\r\n/g, ""), Buffer.from(all).toString("base64"));
        assert.ok(text.split("\r\n").every((l) => l.length <= 76));
      }
    }
  });

  test("base64EncodeBytes matches Node's encoder at every length and line width", () => {
    for (let size = 0; size < 200; size++) {
      const all = new Uint8Array(randomBytes(size));
      const plain = Buffer.from(all).toString("base64");
      assert.equal(Buffer.from(base64EncodeBytes(all)).toString("latin1"), plain);
      for (const width of [4, 64, 76]) {
        const expected = plain.match(new RegExp(`.{1,${width}}`, "g"))?.join("\r\n") ?? "";
        assert.equal(Buffer.from(base64EncodeBytes(all, width)).toString("latin1"), expected, `size ${size} width ${width}`);
      }
    }
  });
});

describe("AES-CBC in steps", () => {
  test("cbcDecryptSteps with small steps recovers what WebCrypto encrypted in one call, at every length around the steps", async () => {
    const key = new Uint8Array(randomBytes(32));
    const iv = new Uint8Array(randomBytes(16));
    for (const size of [0, 1, 15, 16, 31, 32, 33, 47, 48, 64, 95, 96, 97, 200]) {
      const plain = new Uint8Array(randomBytes(size));
      const ct = await aesCbcEncrypt(key, iv, plain);
      for (const step of [16, 32, 48]) {
        assert.deepEqual(await cbcDecryptSteps(key, iv, ct, step), plain, `size ${size} step ${step}`);
        const own = ct.slice();
        const inPlace = await cbcDecryptSteps(key, iv, own, step, true);
        assert.deepEqual(inPlace, plain, `in place, size ${size} step ${step}`);
        assert.equal(inPlace.buffer, own.buffer, "in place: a view of the ciphertext's storage");
      }
    }
  });

  test("bad padding or a truncated ciphertext is DECRYPTION_FAILED, as in one call", async () => {
    const key = new Uint8Array(randomBytes(16));
    const iv = new Uint8Array(randomBytes(16));
    const ct = await aesCbcEncrypt(key, iv, new Uint8Array(randomBytes(100)));
    const tampered = ct.slice();
    tampered[tampered.length - 17] ^= 0xff; // changes the last block's plaintext, so its padding
    await assert.rejects(cbcDecryptSteps(key, iv, tampered, 32), { code: "DECRYPTION_FAILED" });
    await assert.rejects(cbcDecryptSteps(key, iv, ct.subarray(0, ct.length - 1), 32), { code: "DECRYPTION_FAILED" });
  });
});
