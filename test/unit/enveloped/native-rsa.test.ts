/**
 * OpenSSL's raw RSA private operation behind the core's hook (the CLI installs it) gives the BigInt operation's
 * results, and everything built on it behaves the same: OpenSSL-made PKCS#1 v1.5 and OAEP messages open, a key
 * that does not fit fails the same way (implicit rejection: DECRYPTION_FAILED only at the content).
 */
import { afterAll, afterEach, beforeAll, describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createTestPki, openssl, type TestIdentity, type TestPki } from "../../helpers/openssl";
import { openEnvelope } from "../../../src/core/cms/enveloped";
import { installNativeRsaPrivate, parseRsaPrivateKeyPkcs8, rsaPrivateOperation } from "../../../src/core/crypto";
import { bytesToBigInt } from "../../../src/core/crypto/rsa";
import { nodeRsaPrivate } from "../../../src/cli/native";

let pki: TestPki;
let alice: TestIdentity;
let mallory: TestIdentity;
beforeAll(() => {
  pki = createTestPki();
  alice = pki.issue("alice", "alice@example.org", { keyType: "rsa3072" });
  mallory = pki.issue("mallory", "mallory@example.org", { keyType: "rsa3072" });
});
afterAll(() => pki.cleanup());
afterEach(() => installNativeRsaPrivate(undefined));

describe("native raw RSA", () => {
  test("equals the BigInt operation on random inputs below n, and refuses the same out-of-range ones", () => {
    const key = parseRsaPrivateKeyPkcs8(alice.keyPkcs8);
    for (let i = 0; i < 20; i++) {
      const c = new Uint8Array(randomBytes(key.byteLength));
      c[0] &= 0x7f; // below n for a full-length modulus
      if (bytesToBigInt(c) >= key.n) continue;
      installNativeRsaPrivate(undefined);
      const js = rsaPrivateOperation(key, c);
      installNativeRsaPrivate(nodeRsaPrivate);
      assert.deepEqual(new Uint8Array(rsaPrivateOperation(key, c)), js);
    }
    installNativeRsaPrivate(nodeRsaPrivate);
    assert.throws(() => rsaPrivateOperation(key, new Uint8Array(key.byteLength).fill(0xff)), { code: "DECRYPTION_FAILED" });
    assert.throws(() => rsaPrivateOperation(key, new Uint8Array(key.byteLength - 1)), { code: "DECRYPTION_FAILED" });
  });

  for (const transport of ["pkcs1", "oaep"] as const) {
    test(`OpenSSL-made ${transport} message opens; someone else's key fails as DECRYPTION_FAILED or NOT_FOR_ME as without it`, async () => {
      installNativeRsaPrivate(nodeRsaPrivate);
      const content = new Uint8Array(randomBytes(1000));
      const opts = transport === "oaep" ? ["-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha256"] : [];
      const der = new Uint8Array(openssl(["cms", "-encrypt", "-binary", "-aes256", "-outform", "DER", "-recip", alice.certPath, ...opts], { input: content }));
      const opened = await openEnvelope(der, [{ certificate: alice.certDer, privateKey: alice.keyPkcs8 }]);
      assert.deepEqual(opened.content, content);
      // Mallory's key under Alice's certificate: the recipient matches, the key does not fit.
      const outcomes = [];
      for (const native of [nodeRsaPrivate, undefined]) {
        installNativeRsaPrivate(native);
        outcomes.push(await openEnvelope(der, [{ certificate: alice.certDer, privateKey: mallory.keyPkcs8 }]).then(() => "opened", (e: { code?: string }) => e.code));
      }
      assert.deepEqual(outcomes, ["DECRYPTION_FAILED", "DECRYPTION_FAILED"]);
    });
  }
});
