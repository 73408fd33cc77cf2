/**
 * Interop with NSS `cmsutil` (the CMS engine of Thunderbird), both directions.
 */
import { describe, it, beforeAll, afterAll } from "@jest/globals";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createTestPki, hasCommand, type TestPki, type TestIdentity, type KeyType } from "../../helpers/openssl";
import { signData, verifySignedData } from "../../../src/core/cms/signed";
import { OID } from "../../../src/core/oids";
import { utf8Encode } from "../../../src/core/bytes";

const haveNss = hasCommand("cmsutil") && hasCommand("certutil") && hasCommand("pk12util");
let pki: TestPki;
let db: string;
const ids = {} as Record<KeyType, TestIdentity>;
const content = utf8Encode("Content-Type: text/plain\r\n\r\nLaborwerte anbei.\r\n");
let contentPath: string;
let n = 0;
const file = (name: string) => join(pki.dir, `${n++}-${name}`);

function run(cmd: string, args: string[]): { status: number | null; stdout: Buffer; stderr: string } {
  const r = spawnSync(cmd, args, { stdio: ["ignore", "pipe", "pipe"], timeout: 20_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}

function must(cmd: string, args: string[]): Buffer {
  const r = run(cmd, args);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

beforeAll(() => {
  if (!haveNss) throw new Error("NSS tools (cmsutil, certutil, pk12util) are missing: apt-get install -y libnss3-tools");
  pki = createTestPki();
  for (const kt of ["rsa2048", "rsa3072", "p256", "p384"] as const) ids[kt] = pki.issue(`nss-${kt}`, `${kt}@example.test`, { keyType: kt });
  contentPath = join(pki.dir, "content.bin");
  writeFileSync(contentPath, content);
  db = `sql:${join(pki.dir, "nssdb")}`;
  mkdirSync(join(pki.dir, "nssdb"));
  must("certutil", ["-N", "-d", db, "--empty-password"]);
  must("certutil", ["-A", "-d", db, "-n", "ca", "-t", "C,C,C", "-i", pki.caCertPath]);
  for (const id of Object.values(ids)) must("pk12util", ["-i", id.p12Path, "-d", db, "-W", id.password]);
});
afterAll(() => pki?.cleanup());

describe("ours -> NSS cmsutil -D", () => {
  const cases: [KeyType, "pkcs1" | "pss" | undefined][] = [["rsa2048", "pkcs1"], ["rsa3072", "pss"], ["p256", undefined], ["p384", undefined]];
  for (const [kt, scheme] of cases) {
    for (const detached of [true, false]) {
      it(`${kt}${scheme ? " " + scheme : ""} ${detached ? "detached (-c content)" : "opaque"}`, async () => {
        const id = ids[kt];
        const cms = await signData(content, { certificate: id.certDer, privateKey: id.keyPkcs8, chain: [] }, {
          detached, rsaScheme: scheme, digest: kt === "p384" ? "SHA-384" : "SHA-256",
        });
        const p = file("ours.der");
        writeFileSync(p, cms);
        const good = run("cmsutil", ["-D", "-d", db, "-i", p, ...(detached ? ["-c", contentPath] : [])]);
        assert.equal(good.status, 0, good.stderr);
        assert.deepEqual(new Uint8Array(good.stdout), content);
        // Negative control: cmsutil really checks (one flipped signature bit fails).
        const bad = new Uint8Array(cms);
        bad[bad.length - 3] ^= 1;
        writeFileSync(p, bad);
        const rejected = run("cmsutil", ["-D", "-d", db, "-i", p, ...(detached ? ["-c", contentPath] : [])]);
        assert.notEqual(rejected.status, 0);
        assert.match(rejected.stderr, /BAD_SIGNATURE|BadSignature/);
      });
    }
  }
});

describe("NSS cmsutil -S -> verifySignedData", () => {
  for (const kt of ["rsa2048", "p256", "p384"] as const) {
    for (const [label, extra, detached] of [
      ["opaque", [], false],
      ["detached (-T)", ["-T"], true],
      ["with signing time and S/MIME capabilities (-G -P)", ["-G", "-P"], false],
    ] as const) {
      it(`${kt} ${label}`, async () => {
        const out = file("nss.der");
        must("cmsutil", ["-S", "-N", `nss-${kt}`, "-H", "SHA256", "-d", db, "-i", contentPath, "-o", out, ...extra]);
        const r = await verifySignedData(new Uint8Array(readFileSync(out)), detached ? content : undefined);
        assert.equal(r.outcome, "valid", r.reason);
        assert.deepEqual(r.content, content);
        assert.equal(r.detached, detached);
        assert.deepEqual(r.signerCertificate, ids[kt].certDer);
        assert.equal(r.digestAlgorithm, "SHA-256");
        assert.equal(r.signatureAlgorithm, kt.startsWith("p") ? "ecdsa" : "rsa-pkcs1");
        assert.equal(r.weakAlgorithm, false);
        // NSS always advertises the signer's certificate as encryption key preference.
        assert.ok(r.encryptionKeyPreference?.issuerAndSerial);
        if ((extra as readonly string[]).includes("-G")) {
          assert.ok(r.signingTime && Math.abs(r.signingTime.getTime() - Date.now()) < 120_000);
          assert.ok(r.capabilities.includes(OID.aes256CBC));
        }
      });
    }
  }
});
