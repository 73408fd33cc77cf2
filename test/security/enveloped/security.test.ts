/** Failure behaviour of the CMS enveloping engine: typed errors, no padding oracle, no crash on garbage. */
import { afterAll, beforeAll, describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { constants, publicEncrypt, randomBytes as nodeRandomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createTestPki, openssl, type TestIdentity, type TestPki } from "../../helpers/openssl";
import { envelope, openEnvelope } from "../../../src/core/cms/enveloped";
import { isSpmError, type SpmError } from "../../../src/core/errors";
import { parseRsaPrivateKeyPkcs8, pkcs1DecryptImplicitRejection } from "../../../src/core/crypto";
import { bytesEqual } from "../../../src/core/bytes";

let pki: TestPki;
let alice: TestIdentity;
let mallory: TestIdentity;
let bob: TestIdentity;
let eve: TestIdentity;
const keyOf = (id: TestIdentity) => ({ certificate: id.certDer, privateKey: id.keyPkcs8 });

beforeAll(() => {
  pki = createTestPki();
  alice = pki.issue("alice", "alice@example.org", { keyType: "rsa2048" });
  mallory = pki.issue("mallory", "mallory@example.org", { keyType: "rsa2048" });
  bob = pki.issue("bob", "bob@example.org", { keyType: "p256" });
  eve = pki.issue("eve", "eve@example.org", { keyType: "p256" });
});
afterAll(() => pki.cleanup());

async function failure(p: Promise<unknown>): Promise<SpmError> {
  try {
    await p;
  } catch (e) {
    assert.ok(isSpmError(e), `expected SpmError, got ${String(e)}`);
    return e;
  }
  assert.fail("expected a failure");
}

/** Offset of the first 256-byte OCTET STRING (the RSA-2048 encryptedKey; recipient infos precede the content). */
function encryptedKeyOffset(cms: Uint8Array): number {
  for (let i = 0; i < cms.length - 4; i++) {
    if (cms[i] === 0x04 && cms[i + 1] === 0x82 && cms[i + 2] === 0x01 && cms[i + 3] === 0x00) return i + 4;
  }
  throw new Error("encryptedKey not found");
}

/** Encrypt a raw 256-byte block with alice's public key (no padding) - a test-only way to craft bad PKCS#1 blocks. */
function rawRsa(block: Uint8Array): Uint8Array {
  return new Uint8Array(publicEncrypt({ key: alice.certPem, padding: constants.RSA_NO_PADDING }, block));
}

function pkcs1Block(options: { first?: number; type?: number; psLength?: number; separator?: boolean; messageLength: number }): Uint8Array {
  const block = new Uint8Array(256);
  block[0] = options.first ?? 0;
  block[1] = options.type ?? 2;
  const message = nodeRandomBytes(options.messageLength);
  const psEnd = 256 - options.messageLength - 1;
  for (let i = 2; i < psEnd; i++) block[i] = 1 + (i % 255);
  if (options.psLength !== undefined) for (let i = 2 + options.psLength; i < psEnd; i++) block[i] = 0; // zero early
  block[psEnd] = options.separator === false ? 7 : 0;
  block.set(message, psEnd + 1);
  return block;
}

describe("recipient matching and key errors", () => {
  test("a message for someone else is NOT_FOR_ME with the recipients listed", async () => {
    const cms = await envelope(new Uint8Array(10), [{ certificate: alice.certDer }, { certificate: bob.certDer }], { cipher: "aes-256-gcm" });
    const e = await failure(openEnvelope(cms, [keyOf(mallory), keyOf(eve)]));
    assert.equal(e.code, "NOT_FOR_ME");
    const listed = (e.details?.recipients as { serialNumberHex: string }[]).map((r) => r.serialNumberHex);
    assert.equal(listed.length, 2);
    await assert.rejects(openEnvelope(cms, []), { code: "NOT_FOR_ME" });
  });

  test("matching certificate with another private key is DECRYPTION_FAILED (OAEP, PKCS#1, ECDH)", async () => {
    const cases: [TestIdentity, TestIdentity, "oaep" | "pkcs1", "aes-256-cbc" | "aes-256-gcm"][] = [
      [alice, mallory, "oaep", "aes-256-cbc"],
      [alice, mallory, "pkcs1", "aes-256-gcm"],
      [bob, eve, "oaep", "aes-256-cbc"],
      [bob, eve, "oaep", "aes-256-gcm"],
    ];
    for (const [target, other, keyTransport, cipher] of cases) {
      const cms = await envelope(new Uint8Array(10), [{ certificate: target.certDer, keyTransport }], { cipher });
      const e = await failure(openEnvelope(cms, [{ certificate: target.certDer, privateKey: other.keyPkcs8 }]));
      assert.equal(e.code, "DECRYPTION_FAILED");
      assert.equal(e.message, "Decryption failed");
    }
  });

  test("bad PKCS#1 v1.5 padding fails exactly like a wrong key (implicit rejection)", async () => {
    const cms = await envelope(new TextEncoder().encode("secret"), [{ certificate: alice.certDer, keyTransport: "pkcs1" }], {
      cipher: "aes-128-gcm",
    });
    const wrongKey = await failure(openEnvelope(cms, [{ certificate: alice.certDer, privateKey: mallory.keyPkcs8 }]));
    const offset = encryptedKeyOffset(cms);
    const blocks = {
      "good padding, other key": pkcs1Block({ messageLength: 16 }),
      "first byte not zero": pkcs1Block({ first: 1, messageLength: 16 }),
      "block type 1": pkcs1Block({ type: 1, messageLength: 16 }),
      "no separator": pkcs1Block({ separator: false, messageLength: 16 }),
      "padding string shorter than 8": pkcs1Block({ psLength: 3, messageLength: 16 }),
      "key of the wrong length": pkcs1Block({ messageLength: 32 }),
      "empty message": pkcs1Block({ messageLength: 0 }),
    };
    for (const [name, block] of Object.entries(blocks)) {
      const tampered = cms.slice();
      tampered.set(rawRsa(block), offset);
      const e = await failure(openEnvelope(tampered, [keyOf(alice)]));
      assert.equal(e.code, wrongKey.code, name);
      assert.equal(e.message, wrongKey.message, name);
      assert.equal(e.code, "DECRYPTION_FAILED");
    }
  });

  test("implicit rejection key is deterministic per ciphertext, of the expected length", async () => {
    const key = parseRsaPrivateKeyPkcs8(alice.keyPkcs8);
    const c1 = rawRsa(pkcs1Block({ type: 1, messageLength: 32 }));
    const c2 = rawRsa(pkcs1Block({ type: 1, messageLength: 32 }));
    const a = await pkcs1DecryptImplicitRejection(key, c1, 32);
    const b = await pkcs1DecryptImplicitRejection(key, c1, 32);
    const c = await pkcs1DecryptImplicitRejection(key, c2, 32);
    assert.equal(a.length, 32);
    assert.ok(bytesEqual(a, b));
    assert.ok(!bytesEqual(a, c));
    const good = pkcs1Block({ messageLength: 24 });
    assert.ok(bytesEqual(await pkcs1DecryptImplicitRejection(key, rawRsa(good), 24), good.subarray(256 - 24)));
    assert.equal((await pkcs1DecryptImplicitRejection(key, rawRsa(good), 16)).length, 16);
  });
});

describe("integrity and padding of the content", () => {
  test("a flipped GCM tag or ciphertext byte is DECRYPTION_FAILED", async () => {
    const content = new Uint8Array(1000).fill(7);
    const cms = await envelope(content, [{ certificate: bob.certDer }], { cipher: "aes-256-gcm" });
    const tagFlip = cms.slice();
    tagFlip[tagFlip.length - 1] ^= 1; // the mac OCTET STRING is the last field
    assert.equal((await failure(openEnvelope(tagFlip, [keyOf(bob)]))).code, "DECRYPTION_FAILED");
    const ctFlip = cms.slice();
    ctFlip[ctFlip.length - 18 - 500] ^= 0x80; // inside the ciphertext
    assert.equal((await failure(openEnvelope(ctFlip, [keyOf(bob)]))).code, "DECRYPTION_FAILED");
  });

  test("bad CBC padding is DECRYPTION_FAILED", async () => {
    // 32 bytes of content => one full block of padding 0x10; flipping the last byte of the
    // previous ciphertext block turns the last pad byte into 0x11, which is invalid.
    const cms = await envelope(new Uint8Array(32), [{ certificate: alice.certDer }], { cipher: "aes-128-cbc" });
    const tampered = cms.slice();
    tampered[tampered.length - 17] ^= 0x01;
    const e = await failure(openEnvelope(tampered, [keyOf(alice)]));
    assert.equal(e.code, "DECRYPTION_FAILED");
    assert.equal(e.message, "Decryption failed");
  });
});

describe("legacy algorithms", () => {
  test("3DES content is refused without allowLegacy, opened with it", async () => {
    const input = join(pki.dir, "legacy.txt");
    const output = join(pki.dir, "legacy.der");
    writeFileSync(input, "legacy 3des message");
    openssl(["cms", "-encrypt", "-binary", "-des3", "-outform", "DER", "-in", input, "-out", output, "-recip", alice.certPath]);
    const cms = new Uint8Array(readFileSync(output));
    const e = await failure(openEnvelope(cms, [keyOf(alice)]));
    assert.equal(e.code, "UNSUPPORTED_ALGORITHM");
    assert.match(e.message, /3DES/);
    const opened = await openEnvelope(cms, [keyOf(alice)], { config: { allowLegacy: true } });
    assert.equal(new TextDecoder().decode(opened.content), "legacy 3des message");
    assert.equal(opened.contentCipher, "des-ede3-cbc");
    assert.equal(opened.legacyAlgorithm, true);
    assert.equal(opened.integrityProtected, false);
  });
});

describe("malformed input", () => {
  const allowed = new Set(["MALFORMED"]);

  async function assertTruncationsMalformed(cms: Uint8Array, keys: ReturnType<typeof keyOf>[]): Promise<number> {
    const offsets = new Set<number>();
    for (let i = 0; i < Math.min(cms.length, 700); i++) offsets.add(i);
    for (let i = 700; i < cms.length; i += 37) offsets.add(i);
    for (let i = Math.max(0, cms.length - 40); i < cms.length; i++) offsets.add(i);
    for (const n of offsets) {
      const e = await failure(openEnvelope(cms.subarray(0, n), keys));
      assert.ok(allowed.has(e.code), `truncated at ${n}: ${e.code} ${e.message}`);
    }
    return offsets.size;
  }

  test("truncation at every offset of DER and BER messages is MALFORMED", async () => {
    const content = new Uint8Array(3000).fill(0x41);
    for (const cipher of ["aes-256-cbc", "aes-128-gcm"] as const) {
      const cms = await envelope(content, [{ certificate: alice.certDer }, { certificate: bob.certDer }], { cipher });
      await assertTruncationsMalformed(cms, [keyOf(bob)]);
    }
    const input = join(pki.dir, "stream.txt");
    const output = join(pki.dir, "stream.der");
    writeFileSync(input, content);
    openssl(["cms", "-encrypt", "-binary", "-stream", "-aes-256-gcm", "-outform", "DER", "-in", input, "-out", output, "-recip", bob.certPath]);
    await assertTruncationsMalformed(new Uint8Array(readFileSync(output)), [keyOf(bob)]);
  });

  test("random byte corruption gives only typed errors or the unchanged content, never a crash", async () => {
    const original = new Uint8Array(200).fill(1);
    const cms = await envelope(original, [{ certificate: alice.certDer }, { certificate: bob.certDer }], {
      cipher: "aes-128-gcm",
    });
    const codes = new Set(["MALFORMED", "DECRYPTION_FAILED", "UNSUPPORTED_ALGORITHM", "NOT_FOR_ME"]);
    let opened = 0;
    for (let i = 0; i < cms.length; i += 7) {
      const bad = cms.slice();
      bad[i] ^= 0x5a;
      let content: Uint8Array;
      try {
        content = (await openEnvelope(bad, [keyOf(bob), keyOf(alice)])).content;
      } catch (e) {
        assert.ok(isSpmError(e) && codes.has(e.code), `byte ${i}: ${String(e)}`);
        continue;
      }
      // A corrupted message that still opens (the flip hit the other recipient's entry) must give the
      // original content: AES-GCM lets no changed plaintext through.
      opened++;
      assert.equal(Buffer.compare(Buffer.from(content), Buffer.from(original)), 0, `byte ${i} opened with changed content`);
    }
    assert.ok(opened > 0, "some flips (in the other recipient's entry) still open: the comparison above ran");
  });

  test("garbage and non-enveloped CMS are MALFORMED", async () => {
    for (const bytes of [new Uint8Array(0), new Uint8Array([0x30]), new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]), nodeRandomBytes(500)]) {
      assert.equal((await failure(openEnvelope(new Uint8Array(bytes), [keyOf(alice)]))).code, "MALFORMED");
    }
    const signed = new Uint8Array([0x30, 0x0b, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02]);
    assert.equal((await failure(openEnvelope(signed, [keyOf(alice)]))).code, "MALFORMED");
  });
});
