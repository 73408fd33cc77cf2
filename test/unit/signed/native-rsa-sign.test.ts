import { afterEach, test } from "@jest/globals";
import assert from "node:assert/strict";
import { nodeRsaPrivate } from "../../../src/cli/native";
import { utf8Encode } from "../../../src/core/bytes";
import { signData, verifySignedData } from "../../../src/core/cms/signed";
import { installNativeRsaPrivate } from "../../../src/core/crypto";
import type { DigestAlgorithm, Identity } from "../../../src/core/types";
import { loadPki } from "../../helpers/fixtures";

const pki = loadPki("basic");
const alice = pki.identity("alice");
const identity: Identity = { certificate: alice.certDer, privateKey: alice.keyPkcs8, chain: [] };
const content = utf8Encode("Content-Type: text/plain\r\n\r\nBefund\r\n");
const signingTime = new Date("2026-03-02T08:00:00Z");

afterEach(() => installNativeRsaPrivate(undefined));

test("RSA PKCS#1 v1.5 through the native private operation gives WebCrypto's very bytes (the scheme is deterministic)", async () => {
  for (const digest of ["SHA-256", "SHA-384", "SHA-512"] as DigestAlgorithm[]) {
    const web = await signData(content, identity, { detached: true, digest, signingTime });
    installNativeRsaPrivate(nodeRsaPrivate);
    const native = await signData(content, identity, { detached: true, digest, signingTime });
    installNativeRsaPrivate(undefined);
    assert.deepEqual(native, web, digest);
    const verified = await verifySignedData(native, content);
    assert.equal(verified.outcome, "valid", digest);
  }
});

test("with the native operation, a key that is not the certificate's is refused before anything is signed", async () => {
  installNativeRsaPrivate(nodeRsaPrivate);
  const wrong: Identity = { ...identity, privateKey: pki.identity("mallory").keyPkcs8 };
  await assert.rejects(signData(content, wrong, { detached: true }), { code: "INVALID_ARGUMENT", message: /does not belong/ });
});

test("with the native operation, a faulty private operation is caught by the check against the certificate", async () => {
  // A wrong result from the private operation (a fault) must never leave signData as a signature.
  installNativeRsaPrivate((key, input) => {
    const out = nodeRsaPrivate(key, input);
    out[out.length - 1] ^= 1;
    return out;
  });
  await assert.rejects(signData(content, identity, { detached: true }), { code: "INVALID_ARGUMENT", message: /does not belong/ });
});
