/**
 * envelopeParts (the EnvelopedData written in pieces, as the compose pane streams it) read by the real
 * OpenSSL: `openssl cms -decrypt` recovers the content at lengths around the 64-byte steps and the AES blocks.
 * Moved here from test/unit/enveloped/parts.test.ts, which checks the same output with openEnvelope.
 */
import { afterAll, beforeAll, describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadPki } from "../../helpers/fixtures";
import { openssl, removeDir, tempDir } from "../../helpers/openssl";
import { envelopeParts, type EnvelopeInParts } from "../../../src/core/cms/enveloped";
import { concatBytes } from "../../../src/core/bytes";

const pki = loadPki("basic");
const rsa = pki.identity("alice");
const p256 = pki.identity("bob-p256");
let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => removeDir(dir));

async function joined(env: EnvelopeInParts): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const c of env.chunks) chunks.push(c.slice());
  return concatBytes(env.prefix, ...chunks, env.suffix);
}

describe("envelopeParts output read by OpenSSL", () => {
  for (const size of [0, 1, 15, 16, 17, 63, 64, 65, 128, 129, 1000]) {
    test(`AES-256-CBC, ${size} bytes in 3 pieces, 64-byte steps: OpenSSL recovers it`, async () => {
      const content = new Uint8Array(randomBytes(size));
      const pieces = [content.subarray(0, size >> 2), content.subarray(size >> 2, (size * 3) >> 2), content.subarray((size * 3) >> 2)];
      const der = await joined(await envelopeParts(pieces, [{ certificate: rsa.certDer }, { certificate: p256.certDer }], { cipher: "aes-256-cbc", chunkSize: 64 }));
      const path = join(dir, `e-${size}.p7m`);
      writeFileSync(path, der);
      for (const id of [rsa, p256]) {
        const out = openssl(["cms", "-decrypt", "-binary", "-inform", "DER", "-in", path, "-inkey", id.keyPath, "-recip", id.certPath]);
        assert.deepEqual(new Uint8Array(out), content);
      }
    });
  }
});
