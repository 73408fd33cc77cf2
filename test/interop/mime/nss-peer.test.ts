/**
 * Peer check with NSS (the CMS engine of Thunderbird): an NSS-made detached signature over our entity,
 * framed by buildMultipartSigned, verifies in OpenSSL, and the bytes our parser extracts verify in NSS.
 */
import { beforeAll, afterAll, describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createTestPki, openssl, type TestIdentity, type TestPki } from "../../helpers/openssl";
import { buildDraftEntity, buildMessage, buildMultipartSigned, parseMime } from "../../../src/core/mime/index";

let pki: TestPki;
let alice: TestIdentity;
let db: string;

function nss(cmd: string, args: string[]): Buffer {
  return execFileSync(cmd, args, { stdio: ["pipe", "pipe", "pipe"] });
}

describe("NSS peer", () => {
  beforeAll(() => {
    pki = createTestPki();
    alice = pki.issue("alice", "alice@example.org");
    db = join(pki.dir, "nssdb");
    mkdirSync(db);
    nss("certutil", ["-N", "-d", `sql:${db}`, "--empty-password"]);
    nss("pk12util", ["-i", alice.p12Path, "-d", `sql:${db}`, "-W", alice.password]);
    nss("certutil", ["-A", "-n", "ca", "-t", "C,C,C", "-i", pki.caCertPath, "-d", `sql:${db}`]);
  });
  afterAll(() => pki?.cleanup());

  it("NSS detached signature + our multipart/signed framing: OpenSSL verifies, NSS verifies our parsed raw part", () => {
    const draft = {
      from: { name: "Dr. Müller", address: "alice@example.org" },
      to: [{ address: "bob@example.org" }],
      cc: [],
      subject: "Laborwerte für Frau Weiß",
      date: new Date("2026-11-28T12:00:00Z"),
      messageId: "nss@example.org",
      html: "<p>Anbei.</p>",
      attachments: [{ name: "Werte.csv", content: new TextEncoder().encode("a;b\n1;2\n") }],
    };
    const entity = buildDraftEntity(draft, { headerProtection: "clear" });
    const partPath = join(pki.dir, "part.eml");
    const sigPath = join(pki.dir, "nss.p7s");
    writeFileSync(partPath, entity);
    nss("cmsutil", ["-S", "-T", "-N", "alice", "-H", "SHA256", "-i", partPath, "-o", sigPath, "-d", `sql:${db}`]);
    const message = buildMessage(draft, buildMultipartSigned(entity, new Uint8Array(readFileSync(sigPath)), "sha-256"));
    const msgPath = join(pki.dir, "msg.eml");
    writeFileSync(msgPath, message);
    assert.deepEqual(new Uint8Array(openssl(["smime", "-verify", "-in", msgPath, "-CAfile", pki.caCertPath])), entity);

    const parsed = parseMime(message);
    const rawPath = join(pki.dir, "raw.bin");
    const sig2Path = join(pki.dir, "sig2.der");
    writeFileSync(rawPath, parsed.parts[0].raw);
    writeFileSync(sig2Path, parsed.parts[1].body());
    nss("cmsutil", ["-D", "-i", sig2Path, "-c", rawPath, "-d", `sql:${db}`]);
    // one byte off must fail in NSS as well
    writeFileSync(rawPath, parsed.parts[0].raw.subarray(0, parsed.parts[0].raw.length - 1));
    assert.throws(() => nss("cmsutil", ["-D", "-i", sig2Path, "-c", rawPath, "-d", `sql:${db}`]));
  });
});
