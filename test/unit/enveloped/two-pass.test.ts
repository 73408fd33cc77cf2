/**
 * openEnvelopeInTwoPasses (large files read twice instead of held): the same content and report as openEnvelope
 * for every shape and size, and nothing written whenever openEnvelope would fail (a key that does not fit under
 * PKCS#1 implicit rejection, no matching entry), or when the message must be opened in memory (AES-GCM, no
 * native stream, not an envelope).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { createTestPki, openssl, type TestIdentity, type TestPki } from "../../helpers/openssl";
import { envelope, openEnvelope, openEnvelopeInTwoPasses } from "../../../src/core/cms/enveloped";
import { installNativeCbc } from "../../../src/core/crypto/cbc-steps";
import { concatBytes } from "../../../src/core/bytes";
import { nodeCbc } from "../../../src/cli/native";

let pki: TestPki;
let alice: TestIdentity;
let mallory: TestIdentity;
const keyOf = (id: TestIdentity, cert = id) => ({ certificate: cert.certDer, privateKey: id.keyPkcs8 });

beforeAll(() => {
  pki = createTestPki();
  alice = pki.issue("alice", "alice@example.org");
  mallory = pki.issue("mallory", "mallory@example.org");
});
afterAll(() => pki.cleanup());
beforeEach(() => installNativeCbc(nodeCbc(() => undefined)));
afterEach(() => installNativeCbc(undefined));

/** The DER in pieces of the given sizes, again at every call (a file read twice). */
function source(der: Uint8Array, sizes: number[]): () => Iterable<Uint8Array> {
  return function* () {
    for (let at = 0, k = 0; at < der.length; k++) {
      const n = Math.max(1, sizes[k % sizes.length]);
      yield der.slice(at, at + n); // a copy: like a reused read buffer, nothing may keep it
      at += n;
    }
  };
}

async function twoPass(read: () => Iterable<Uint8Array>, keys: ReturnType<typeof keyOf>[]) {
  const out: Uint8Array[] = [];
  const report = await openEnvelopeInTwoPasses(read, keys, (p) => out.push(p.slice()));
  return { report, content: concatBytes(...out), written: out.reduce((n, p) => n + p.length, 0) };
}

describe("openEnvelopeInTwoPasses", () => {
  test("property: OpenSSL DER and -stream BER of any size, read in pieces of any size: openEnvelope's content and report", async () => {
    const samples = [0, 1, 15, 16, 17, 31, 32, 33, 4095, 4096, 4097, 20_000];
    const made = samples.map((size) => {
      const content = new Uint8Array(randomBytes(size));
      const stream = size % 2 === 0;
      const der = new Uint8Array(openssl(["cms", "-encrypt", "-binary", "-aes256", ...(stream ? ["-stream"] : []), "-outform", "DER", alice.certPath], { input: content }));
      return { content, der };
    });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...made), fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 5 }), async ({ content, der }, sizes) => {
        const r = await twoPass(source(der, sizes), [keyOf(alice)]);
        const whole = await openEnvelope(der, [keyOf(alice)]);
        assert.deepEqual(r.content, content);
        const { content: _c, ...report } = whole;
        assert.deepEqual(r.report, report);
      }),
      { numRuns: 80 },
    );
  });

  test("a key that does not fit the certificate (implicit rejection) is DECRYPTION_FAILED, with nothing written, like openEnvelope", async () => {
    const der = new Uint8Array(openssl(["cms", "-encrypt", "-binary", "-aes256", "-outform", "DER", alice.certPath], { input: new Uint8Array(randomBytes(50_000)) }));
    for (let i = 0; i < 5; i++) {
      const out: Uint8Array[] = [];
      await assert.rejects(openEnvelopeInTwoPasses(source(der, [4096]), [keyOf(mallory, alice)], (p) => out.push(p)), { code: "DECRYPTION_FAILED" });
      assert.equal(out.length, 0);
    }
    await assert.rejects(openEnvelope(der, [keyOf(mallory, alice)]), { code: "DECRYPTION_FAILED" });
    await assert.rejects(openEnvelopeInTwoPasses(source(der, [4096]), [keyOf(mallory)], () => assert.fail("written")), { code: "NOT_FOR_ME" });
  });

  test("AES-GCM, no native stream, or something that is not an envelope: undefined, nothing read twice or written", async () => {
    const gcm = await envelope(new Uint8Array(1000), [{ certificate: alice.certDer }], { cipher: "aes-256-gcm" });
    let reads = 0;
    const counted = (der: Uint8Array) => () => {
      reads++;
      return [der];
    };
    assert.equal(await openEnvelopeInTwoPasses(counted(gcm), [keyOf(alice)], () => assert.fail("written")), undefined);
    const signed = new Uint8Array(openssl(["cms", "-sign", "-binary", "-nodetach", "-outform", "DER", "-signer", alice.certPath, "-inkey", alice.keyPath], { input: "x" }));
    assert.equal(await openEnvelopeInTwoPasses(counted(signed), [keyOf(alice)], () => assert.fail("written")), undefined);
    installNativeCbc(undefined);
    const cbc = await envelope(new Uint8Array(1000), [{ certificate: alice.certDer }], { cipher: "aes-256-cbc" });
    assert.equal(await openEnvelopeInTwoPasses(counted(cbc), [keyOf(alice)], () => assert.fail("written")), undefined);
    assert.equal(reads, 3);
  });

  test("a source that changes between the passes fails (at the end of the second pass)", async () => {
    const content = new Uint8Array(randomBytes(10_000));
    const der = await envelope(content, [{ certificate: alice.certDer }], { cipher: "aes-128-cbc" });
    const other = await envelope(content, [{ certificate: alice.certDer }], { cipher: "aes-128-cbc" });
    let call = 0;
    const changing = () => [call++ === 0 ? der : other];
    await assert.rejects(openEnvelopeInTwoPasses(changing, [keyOf(alice)], () => undefined), (e: { code?: string }) => e.code === "DECRYPTION_FAILED" || e.code === "MALFORMED");
  });
});
