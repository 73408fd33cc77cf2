/**
 * Interop with NSS `cmsutil` (the CMS engine of Thunderbird). Measured with NSS 3.87 (Debian 12):
 * `cmsutil -E` writes indefinite-length BER EnvelopedData with AES-128-CBC and RSAES-PKCS1-v1_5,
 * cannot envelope to EC recipients, and `cmsutil -D` opens neither RSA-OAEP, AuthEnvelopedData (GCM)
 * nor ECDH messages - also not the ones OpenSSL makes. So the tests check: PKCS#1 + CBC both ways,
 * and for OAEP/GCM/ECDH that NSS treats our message exactly as it treats OpenSSL's equivalent one.
 */
import { afterAll, beforeAll, describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { createTestPki, hasCommand, openssl, type TestIdentity, type TestPki } from "../../helpers/openssl";
import { envelope, openEnvelope } from "../../../src/core/cms/enveloped";
import type { ContentCipher } from "../../../src/core/types";
import { bytesEqual } from "../../../src/core/bytes";

const available = hasCommand("cmsutil") && hasCommand("certutil") && hasCommand("pk12util");
let pki: TestPki;
let db: string;
let alice: TestIdentity;
let dave: TestIdentity;
let bob: TestIdentity;
let n = 0;
const keyOf = (id: TestIdentity) => ({ certificate: id.certDer, privateKey: id.keyPkcs8 });

function nssDecrypt(cms: Uint8Array): { ok: boolean; content: Uint8Array; stderr: string } {
  const input = join(pki.dir, `nss-in-${n++}.der`);
  const output = join(pki.dir, `nss-out-${n++}.bin`);
  writeFileSync(input, cms);
  const r = spawnSync("cmsutil", ["-D", "-d", `sql:${db}`, "-i", input, "-o", output], { encoding: "utf8" });
  const ok = r.status === 0;
  return { ok, content: ok ? new Uint8Array(readFileSync(output)) : new Uint8Array(0), stderr: r.stderr };
}

function nssEncrypt(content: Uint8Array, recipients: string[]): Uint8Array {
  const input = join(pki.dir, `nss-plain-${n++}.bin`);
  const output = join(pki.dir, `nss-enc-${n++}.der`);
  writeFileSync(input, content);
  execFileSync("cmsutil", ["-E", "-r", recipients.join(","), "-d", `sql:${db}`, "-i", input, "-o", output], { stdio: "pipe" });
  return new Uint8Array(readFileSync(output));
}

function opensslEncrypt(content: Uint8Array, args: string[]): Uint8Array {
  const input = join(pki.dir, `ossl-plain-${n++}.bin`);
  const output = join(pki.dir, `ossl-enc-${n++}.der`);
  writeFileSync(input, content);
  openssl(["cms", "-encrypt", "-binary", "-outform", "DER", "-in", input, "-out", output, ...args]);
  return new Uint8Array(readFileSync(output));
}

beforeAll(() => {
  if (!available) throw new Error("NSS tools (cmsutil, certutil, pk12util) are missing: apt-get install -y libnss3-tools");
  pki = createTestPki();
  alice = pki.issue("alice", "alice@example.org", { keyType: "rsa2048" });
  dave = pki.issue("dave", "dave@example.org", { keyType: "rsa3072" });
  bob = pki.issue("bob", "bob@example.org", { keyType: "p256" });
  db = join(pki.dir, "nssdb");
  mkdirSync(db);
  execFileSync("certutil", ["-N", "-d", `sql:${db}`, "--empty-password"], { stdio: "pipe" });
  for (const id of [alice, dave, bob]) execFileSync("pk12util", ["-i", id.p12Path, "-d", `sql:${db}`, "-W", id.password], { stdio: "pipe" });
  // cmsutil -E checks the recipient certificate for e-mail use: trust our test root.
  execFileSync("certutil", ["-A", "-d", `sql:${db}`, "-n", "spm-test-root", "-t", "C,C,C", "-i", pki.caCertPath], { stdio: "pipe" });
});
afterAll(() => pki?.cleanup());

describe("NSS cmsutil interop", () => {
  test("ours (RSA PKCS#1 v1.5, AES-CBC) -> cmsutil -D", async () => {
    for (const cipher of ["aes-128-cbc", "aes-192-cbc", "aes-256-cbc"] as ContentCipher[]) {
      const content = new TextEncoder().encode(`Arztbrief ${cipher}\n`);
      const cms = await envelope(content, [{ certificate: alice.certDer, keyTransport: "pkcs1" }, { certificate: dave.certDer, keyTransport: "pkcs1" }], {
        cipher,
      });
      const r = nssDecrypt(cms);
      assert.ok(r.ok, r.stderr);
      assert.ok(bytesEqual(r.content, content));
    }
  });

  test("cmsutil -E -> ours: defaults are AES-128-CBC, RSA PKCS#1 v1.5, indefinite BER", async () => {
    const content = new Uint8Array(50_000).map((_, i) => (i * 13) & 0xff);
    const cms = nssEncrypt(content, ["alice@example.org", "dave@example.org"]);
    assert.equal(cms[1], 0x80, "indefinite-length BER");
    for (const id of [alice, dave]) {
      const opened = await openEnvelope(cms, [keyOf(id)]);
      assert.ok(bytesEqual(opened.content, content));
      assert.equal(opened.contentCipher, "aes-128-cbc");
      assert.equal(opened.keyTransport, "rsa-pkcs1");
      assert.equal(opened.recipients.length, 2);
    }
  });

  test("OAEP, AuthEnvelopedData and ECDH: NSS treats ours exactly like OpenSSL's equivalent message", async () => {
    const content = new TextEncoder().encode("parity\n");
    const cases: [string, Promise<Uint8Array>, Uint8Array][] = [
      [
        "rsa-oaep-sha256 aes-256-cbc",
        envelope(content, [{ certificate: alice.certDer }], { cipher: "aes-256-cbc" }),
        opensslEncrypt(content, ["-aes-256-cbc", "-recip", alice.certPath, "-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha256"]),
      ],
      [
        "rsa-pkcs1 aes-256-gcm",
        envelope(content, [{ certificate: alice.certDer, keyTransport: "pkcs1" }], { cipher: "aes-256-gcm" }),
        opensslEncrypt(content, ["-aes-256-gcm", "-recip", alice.certPath]),
      ],
      [
        "ecdh p256 aes-128-cbc",
        envelope(content, [{ certificate: bob.certDer }], { cipher: "aes-128-cbc" }),
        opensslEncrypt(content, ["-aes-128-cbc", "-recip", bob.certPath, "-keyopt", "ecdh_kdf_md:sha256"]),
      ],
    ];
    for (const [name, oursPromise, theirs] of cases) {
      const ours = nssDecrypt(await oursPromise);
      const reference = nssDecrypt(theirs);
      assert.equal(ours.ok, reference.ok, `${name}: ours ${ours.ok ? "opened" : ours.stderr}; OpenSSL's ${reference.ok ? "opened" : reference.stderr}`);
      if (ours.ok) assert.ok(bytesEqual(ours.content, content), name);
      console.log(`NSS ${name}: ${ours.ok ? "opens" : "refuses (" + ours.stderr.trim().split("\n").pop() + ")"}`);
    }
  });
});
