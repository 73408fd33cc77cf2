/**
 * The fast paths of the envelope code give the results of the general ones:
 * - Node's streaming AES-CBC (installed by the CLI) against WebCrypto in steps, both directions, and OpenSSL;
 * - encrypted content in pieces (BER from `openssl cms -stream` and Outlook) split off before parsing, against the
 *   general parser on the same bytes, on real OpenSSL output, random shapes and random damage.
 */
import { afterAll, afterEach, beforeAll, describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { createTestPki, openssl, type TestIdentity, type TestPki } from "../../helpers/openssl";
import { envelope, envelopeParts, openEnvelope, type EnvelopeInParts } from "../../../src/core/cms/enveloped";
import { cbcDecryptSteps, installNativeCbc } from "../../../src/core/crypto/cbc-steps";
import { DEFAULT_CONFIG } from "../../../src/core/config";
import { joinSegments, splitEncryptedContent } from "../../../src/core/cms/enveloped/segmented";
import { explicitInner, octets, sequenceChildren } from "../../../src/core/cms/enveloped/ber-reader";
import { parseBerExact } from "../../../src/core/asn1";
import { aesCbcEncrypt } from "../../../src/core/crypto";
import { concatBytes } from "../../../src/core/bytes";
import { isSpmError } from "../../../src/core/errors";
import { nodeCbc } from "../../../src/cli/native";

let pki: TestPki;
let rsa: TestIdentity;
const keyOf = (id: TestIdentity) => ({ certificate: id.certDer, privateKey: id.keyPkcs8 });

beforeAll(() => {
  pki = createTestPki();
  rsa = pki.issue("alice", "alice@example.org");
});
afterAll(() => pki.cleanup());
afterEach(() => installNativeCbc(undefined));

async function joined(env: EnvelopeInParts): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const c of env.chunks) chunks.push(c.slice());
  return concatBytes(env.prefix, ...chunks, env.suffix);
}

describe("Node's streaming AES-CBC behind the core's hook", () => {
  test("decrypts what WebCrypto encrypted, at every length around the steps, in place and not; bad padding fails alike", async () => {
    let collected = 0;
    installNativeCbc(nodeCbc(() => collected++));
    const key = new Uint8Array(randomBytes(32));
    const iv = new Uint8Array(randomBytes(16));
    for (const size of [0, 1, 15, 16, 17, 31, 32, 33, 95, 96, 97, 200]) {
      const plain = new Uint8Array(randomBytes(size));
      const ct = await aesCbcEncrypt(key, iv, plain);
      for (const step of [16, 32, 48]) {
        assert.deepEqual(await cbcDecryptSteps(key, iv, ct, step), plain, `size ${size} step ${step}`);
        const own = ct.slice();
        const inPlace = await cbcDecryptSteps(key, iv, own, step, true);
        assert.deepEqual(inPlace, plain);
        assert.equal(inPlace.buffer, own.buffer);
      }
      if (size > 0) {
        // Flip the low bit of the last padding byte (through the block before it, or the IV for a one-block
        // message): p becomes p^1, which is never valid PKCS#7 padding. A garbled last block would pass the
        // padding check about once in 256 runs.
        const tampered = ct.slice();
        const tamperedIv = iv.slice();
        if (ct.length >= 32) tampered[ct.length - 17] ^= 0x01;
        else tamperedIv[15] ^= 0x01;
        await assert.rejects(cbcDecryptSteps(key, tamperedIv, tampered, 32), { code: "DECRYPTION_FAILED" });
      }
    }
    // 25 MB-sized work triggers the young-generation collections the CLI relies on.
    const big = await aesCbcEncrypt(key, iv, new Uint8Array(9 * 1024 * 1024));
    await cbcDecryptSteps(key, iv, big, 1024 * 1024, true);
    assert.ok(collected >= 1);
  });

  test("envelopeParts with it: OpenSSL and the WebCrypto path open the result", async () => {
    const content = new Uint8Array(randomBytes(3 * 1024 * 1024 + 5));
    installNativeCbc(nodeCbc(() => undefined));
    const der = await joined(await envelopeParts([content.subarray(0, 100), content.subarray(100)], [{ certificate: rsa.certDer }], { cipher: "aes-256-cbc", chunkSize: 4096 }));
    installNativeCbc(undefined);
    assert.deepEqual((await openEnvelope(der, [keyOf(rsa)])).content, content);
    const out = openssl(["cms", "-decrypt", "-binary", "-inform", "DER", "-inkey", rsa.keyPath, "-recip", rsa.certPath], { input: der });
    assert.deepEqual(new Uint8Array(out), content);
  });
});

/** The general parser's view of the encrypted content (asn1js, every piece a node). */
function generalContent(cms: Uint8Array): Uint8Array {
  const [, content] = sequenceChildren(parseBerExact(cms, { copyInput: false }), "ContentInfo", 2);
  const fields = sequenceChildren(explicitInner(content, "content"), "EnvelopedData", 3);
  const eci = fields.find((f, i) => i > 0 && (f as unknown as { idBlock: { tagNumber: number; tagClass: number } }).idBlock.tagNumber === 16);
  return octets(sequenceChildren(eci, "eci", 3)[2], "encrypted content").slice();
}

const hdr = (tag: number, length: number | "inf") => {
  if (length === "inf") return [tag, 0x80];
  if (length < 0x80) return [tag, length];
  const bytes: number[] = [];
  for (let v = length; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return [tag, 0x80 | bytes.length, ...bytes];
};

describe("content in pieces, split off before parsing", () => {
  test("OpenSSL -stream output: the pieces joined equal the general parser's content, and it opens (in place too)", async () => {
    const content = new Uint8Array(randomBytes(300_000));
    const ber = new Uint8Array(openssl(["cms", "-encrypt", "-stream", "-binary", "-aes256", "-outform", "DER", rsa.certPath], { input: content }));
    const split = splitEncryptedContent(ber, DEFAULT_CONFIG);
    assert.ok(split && split.segments.length > 10);
    assert.deepEqual(concatBytes(...split.segments), generalContent(ber));
    assert.deepEqual((await openEnvelope(ber.slice(), [keyOf(rsa)])).content, content);
    const own = ber.slice();
    const opened = await openEnvelope(own, [keyOf(rsa)], { consumeInput: true });
    assert.deepEqual(opened.content, content);
    assert.equal(opened.content.buffer, own.buffer);
  });

  test("property: any shape (definite or indefinite containers, nested pieces of any size) opens to the content", async () => {
    const content = new Uint8Array(randomBytes(5000));
    const der = await envelope(content, [{ certificate: rsa.certDer }], { cipher: "aes-128-cbc" });
    // Take the DER apart: the EnvelopedData's fields and the ciphertext.
    const split = splitEncryptedContent(reshape(der, { indefinite: [true, true, true, true], pieces: [4096], nest: false }), DEFAULT_CONFIG);
    assert.ok(split);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        fc.boolean(),
        async (indefinite, sizes, nest, inPlace) => {
          const ber = reshape(der, { indefinite, pieces: sizes, nest });
          assert.deepEqual(generalContent(ber), generalContent(der));
          const opened = await openEnvelope(ber, [keyOf(rsa)], { consumeInput: inPlace });
          assert.deepEqual(opened.content, content);
        },
      ),
      { numRuns: 60 },
    );
  });

  test("property: damaged structure never gives the fast path content the general parser would not give", () => {
    const ber = new Uint8Array(openssl(["cms", "-encrypt", "-stream", "-binary", "-aes128", "-outform", "DER", rsa.certPath], { input: new Uint8Array(randomBytes(9000)) }));
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.boolean(), (at, value, truncate) => {
        const bad = truncate ? ber.subarray(0, at % ber.length) : ber.slice();
        if (!truncate) bad[at % bad.length] = value;
        let split;
        try {
          split = splitEncryptedContent(bad, DEFAULT_CONFIG);
        } catch (e) {
          assert.ok(isSpmError(e), String(e)); // typed, never a crash
          return;
        }
        if (!split) return; // the general parser decides
        let general: Uint8Array;
        try {
          general = generalContent(bad);
        } catch {
          // The general parser refuses the original: then the skeleton must be refused as well.
          assert.throws(() => generalContent(split.skeleton));
          return;
        }
        assert.deepEqual(joinSegments(bad, split.segments, false), general);
      }),
      { numRuns: 2000 },
    );
  });
});

/** Re-encode a DER EnvelopedData: container lengths definite or indefinite, the content in pieces, maybe nested. */
function reshape(der: Uint8Array, shape: { indefinite: boolean[]; pieces: number[]; nest: boolean }): Uint8Array {
  const [, content] = sequenceChildren(parseBerExact(der), "ContentInfo", 2);
  const env = explicitInner(content, "content");
  const fields = sequenceChildren(env, "EnvelopedData", 3);
  const encOf = (n: unknown) => (n as { valueBeforeDecodeView: Uint8Array }).valueBeforeDecodeView;
  const [ct, alg, enc] = sequenceChildren(fields[2], "eci", 3);
  const cipher = octets(enc, "content");
  const chunks: Uint8Array[] = [];
  for (let i = 0, k = 0; i < cipher.length; k++) {
    const n = shape.pieces[k % shape.pieces.length];
    const piece = cipher.subarray(i, i + n);
    chunks.push(new Uint8Array([...hdr(0x04, piece.length), ...piece]));
    i += n;
  }
  const wrapped = shape.nest ? [new Uint8Array([...hdr(0x24, "inf"), ...concatBytes(...chunks), 0, 0])] : chunks;
  const container = (tag: number, inf: boolean, parts: Uint8Array[]) => {
    const body = concatBytes(...parts);
    return new Uint8Array([...hdr(tag, inf ? "inf" : body.length), ...body, ...(inf ? [0, 0] : [])]);
  };
  const [i0, i1, i2, i3] = shape.indefinite;
  const eci = container(0x30, i3, [encOf(ct), encOf(alg), container(0xa0, true, wrapped)]);
  const data = container(0x30, i2, [encOf(fields[0]), encOf(fields[1]), eci]);
  const oid = encOf(sequenceChildren(parseBerExact(der), "ContentInfo", 2)[0]);
  return container(0x30, i0, [oid, container(0xa0, i1, [data])]);
}
