/** Interop with the real OpenSSL 3 `cms` command, both directions. */
import { afterAll, beforeAll, describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createTestPki, openssl, type TestIdentity, type TestPki } from "../../helpers/openssl";
import { envelope, openEnvelope } from "../../../src/core/cms/enveloped";
import type { ContentCipher } from "../../../src/core/types";
import { bytesEqual } from "../../../src/core/bytes";

const CIPHERS: ContentCipher[] = ["aes-128-cbc", "aes-192-cbc", "aes-256-cbc", "aes-128-gcm", "aes-256-gcm"];
const OAEP_SHA256 = ["-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha256", "-keyopt", "rsa_mgf1_md:sha256"];

let pki: TestPki;
let ids: Record<"rsa2048" | "rsa3072" | "p256" | "p384", TestIdentity>;
let counter = 0;
const keyOf = (id: TestIdentity) => ({ certificate: id.certDer, privateKey: id.keyPkcs8 });
const file = (name: string) => join(pki.dir, `${counter++}-${name}`);

/** openssl cms -encrypt from a content file; returns the DER output. */
function opensslEncrypt(content: Uint8Array, args: string[]): Uint8Array {
  const input = file("plain.bin");
  const output = file("enc.der");
  writeFileSync(input, content);
  openssl(["cms", "-encrypt", "-binary", "-outform", "DER", "-in", input, "-out", output, ...args]);
  return new Uint8Array(readFileSync(output));
}

function opensslDecrypt(cms: Uint8Array, id: TestIdentity): Uint8Array {
  const input = file("cms.der");
  const output = file("dec.bin");
  writeFileSync(input, cms);
  openssl(["cms", "-decrypt", "-binary", "-inform", "DER", "-in", input, "-out", output, "-recip", id.certPath, "-inkey", id.keyPath]);
  return new Uint8Array(readFileSync(output));
}

beforeAll(() => {
  pki = createTestPki();
  ids = {
    rsa2048: pki.issue("rsa2048", "rsa2048@example.org", { keyType: "rsa2048" }),
    rsa3072: pki.issue("rsa3072", "rsa3072@example.org", { keyType: "rsa3072" }),
    p256: pki.issue("p256", "p256@example.org", { keyType: "p256" }),
    p384: pki.issue("p384", "p384@example.org", { keyType: "p384" }),
  };
});
afterAll(() => pki.cleanup());

type Kind = "rsa-oaep" | "rsa-pkcs1" | "p256" | "p384";
const KINDS: Kind[] = ["rsa-oaep", "rsa-pkcs1", "p256", "p384"];
const identityOf = (k: Kind) => (k === "p256" ? ids.p256 : k === "p384" ? ids.p384 : ids.rsa2048);

describe("cipher x key transport matrix", () => {
  for (const cipher of CIPHERS) {
    for (const kind of KINDS) {
      test(`${cipher} ${kind}: ours -> openssl and openssl -> ours`, async () => {
        const id = identityOf(kind);
        const content = new TextEncoder().encode(`Befund ${cipher} ${kind} \u00e4\u00f6\u00fc\r\n`);
        const ours = await envelope(content, [{ certificate: id.certDer, keyTransport: kind === "rsa-pkcs1" ? "pkcs1" : "oaep" }], { cipher });
        assert.ok(bytesEqual(opensslDecrypt(ours, id), content));

        const keyopts = kind === "rsa-oaep" ? OAEP_SHA256 : [];
        const theirs = opensslEncrypt(content, [`-${cipher}`, "-recip", id.certPath, ...keyopts]);
        const opened = await openEnvelope(theirs, [keyOf(id)]);
        assert.ok(bytesEqual(opened.content, content));
        assert.equal(opened.contentCipher, cipher);
        assert.equal(opened.integrityProtected, cipher.endsWith("gcm"));
        const expected = {
          "rsa-oaep": "rsa-oaep-sha256",
          "rsa-pkcs1": "rsa-pkcs1",
          p256: `ecdh-p256-sha1-aes${cipher.slice(4, 7)}-wrap`, // OpenSSL's default KDF is SHA-1
          p384: `ecdh-p384-sha1-aes${cipher.slice(4, 7)}-wrap`,
        }[kind];
        assert.equal(opened.keyTransport, expected);
      });
    }
  }
});

describe("keys and recipients", () => {
  test("RSA 3072 both directions (OAEP and PKCS#1)", async () => {
    const content = new TextEncoder().encode("rsa 3072");
    for (const keyTransport of ["oaep", "pkcs1"] as const) {
      const ours = await envelope(content, [{ certificate: ids.rsa3072.certDer, keyTransport }], { cipher: "aes-256-cbc" });
      assert.ok(bytesEqual(opensslDecrypt(ours, ids.rsa3072), content));
    }
    for (const keyopts of [OAEP_SHA256, []]) {
      const theirs = opensslEncrypt(content, ["-aes-256-gcm", "-recip", ids.rsa3072.certPath, ...keyopts]);
      assert.ok(bytesEqual((await openEnvelope(theirs, [keyOf(ids.rsa3072)])).content, content));
    }
  });

  test("two recipients both directions", async () => {
    const content = new TextEncoder().encode("two recipients");
    const ours = await envelope(content, [{ certificate: ids.rsa3072.certDer }, { certificate: ids.p384.certDer }], { cipher: "aes-256-gcm" });
    assert.ok(bytesEqual(opensslDecrypt(ours, ids.rsa3072), content));
    assert.ok(bytesEqual(opensslDecrypt(ours, ids.p384), content));
    const theirs = opensslEncrypt(content, ["-aes-128-cbc", "-recip", ids.rsa2048.certPath, ...OAEP_SHA256, "-recip", ids.p256.certPath]);
    const a = await openEnvelope(theirs, [keyOf(ids.rsa2048)]);
    const b = await openEnvelope(theirs, [keyOf(ids.p384), keyOf(ids.p256)]);
    assert.ok(bytesEqual(a.content, content) && bytesEqual(b.content, content));
    assert.equal(b.matchedKeyIndex, 1);
    assert.equal(a.recipients.length, 2);
  });

  test("OAEP with SHA-1, SHA-384 and SHA-512, MGF1 hash differing from the OAEP hash", async () => {
    const content = new TextEncoder().encode("oaep variants");
    const cases: [string[], string][] = [
      [["-keyopt", "rsa_padding_mode:oaep"], "rsa-oaep-sha1"],
      [["-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha384", "-keyopt", "rsa_mgf1_md:sha384"], "rsa-oaep-sha384"],
      [["-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha384", "-keyopt", "rsa_mgf1_md:sha1"], "rsa-oaep-sha384-mgf1-sha1"],
      [["-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha512", "-keyopt", "rsa_mgf1_md:sha256"], "rsa-oaep-sha512-mgf1-sha256"],
      [["-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha256", "-keyopt", "rsa_mgf1_md:sha512"], "rsa-oaep-sha256-mgf1-sha512"],
    ];
    for (const [keyopts, name] of cases) {
      const theirs = opensslEncrypt(content, ["-aes-256-cbc", "-recip", ids.rsa3072.certPath, ...keyopts]);
      const opened = await openEnvelope(theirs, [keyOf(ids.rsa3072)]);
      assert.ok(bytesEqual(opened.content, content));
      assert.equal(opened.keyTransport, name);
    }
  });

  test("ECDH with OpenSSL's SHA-256/SHA-384/SHA-512 KDF options", async () => {
    const content = new TextEncoder().encode("ecdh kdfs");
    for (const md of ["sha256", "sha384", "sha512"]) {
      for (const id of [ids.p256, ids.p384]) {
        const theirs = opensslEncrypt(content, ["-aes-256-gcm", "-recip", id.certPath, "-keyopt", `ecdh_kdf_md:${md}`]);
        const opened = await openEnvelope(theirs, [keyOf(id)]);
        assert.ok(bytesEqual(opened.content, content));
        assert.equal(opened.keyTransport, `ecdh-${id.keyType}-${md}-aes256-wrap`);
      }
    }
  });

  test("subjectKeyIdentifier recipients both directions (openssl -keyid)", async () => {
    const content = new TextEncoder().encode("ski");
    for (const id of [ids.rsa2048, ids.p256]) {
      const theirs = opensslEncrypt(content, ["-aes-128-gcm", "-keyid", "-recip", id.certPath]);
      const opened = await openEnvelope(theirs, [keyOf(id)]);
      assert.ok(bytesEqual(opened.content, content));
      assert.ok(opened.recipients[0].subjectKeyIdentifierHex, "recipient identified by SKI");
      assert.equal(opened.recipients[0].serialNumberHex, undefined);
      const ours = await envelope(content, [{ certificate: id.certDer, useSubjectKeyIdentifier: true }], { cipher: "aes-256-cbc" });
      assert.ok(bytesEqual(opensslDecrypt(ours, id), content));
    }
  });

  test("indefinite-length BER from openssl -stream (CBC and GCM)", async () => {
    const content = new Uint8Array(100_000).map((_, i) => i % 251);
    for (const cipher of ["aes-256-cbc", "aes-128-gcm"]) {
      const theirs = opensslEncrypt(content, ["-stream", `-${cipher}`, "-recip", ids.rsa2048.certPath, ...OAEP_SHA256]);
      assert.equal(theirs[1], 0x80, "outer length is indefinite");
      const opened = await openEnvelope(theirs, [keyOf(ids.rsa2048)]);
      assert.ok(bytesEqual(opened.content, content));
    }
  });
});

describe("large content", () => {
  test("30 MB round trip with openssl in both directions", async () => {
    const content = new Uint8Array(30 * 1000 * 1000);
    for (let i = 0; i < content.length; i += 997) content[i] = (i * 7) & 0xff;
    const ours = await envelope(content, [{ certificate: ids.rsa2048.certDer }, { certificate: ids.p256.certDer }], { cipher: "aes-256-cbc" });
    assert.ok(bytesEqual(opensslDecrypt(ours, ids.p256), content));
    const theirs = opensslEncrypt(content, ["-aes-256-gcm", "-recip", ids.rsa2048.certPath, ...OAEP_SHA256]);
    assert.ok(bytesEqual((await openEnvelope(theirs, [keyOf(ids.rsa2048)])).content, content));
    const streamed = opensslEncrypt(content, ["-stream", "-aes-256-cbc", "-recip", ids.p256.certPath]);
    assert.ok(bytesEqual((await openEnvelope(streamed, [keyOf(ids.p256)])).content, content));
  });
});
