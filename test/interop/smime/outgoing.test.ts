/**
 * The complete outgoing message (src/core/smime/outgoing.ts), read by OpenSSL as a whole .eml: top-level
 * application/pkcs7-mime or multipart/signed, the outer header fields, threading, the obscured Subject and the
 * protected fields inside. (The checks that need no OpenSSL are in test/unit/smime/outgoing.test.ts.)
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "@jest/globals";
import { latin1Decode } from "../../../src/core/bytes";
import { threadingFields } from "../../../src/core/mime";
import { buildOutgoingMessage } from "../../../src/core/smime";
import type { Identity } from "../../../src/core/types";
import { createTestPki, openssl, removeDir, tempDir, type TestIdentity, type TestPki } from "../../helpers/openssl";
import { draft } from "../../unit/smime/outgoing-draft";

let pki: TestPki;
let alice: TestIdentity;
let bob: TestIdentity;
let aliceId: Identity;
let work: string;

beforeAll(() => {
  pki = createTestPki();
  alice = pki.issue("Dr. Alice", "alice@clinic.example");
  bob = pki.issue("Bob Lab", "bob@lab.example");
  aliceId = { certificate: alice.certDer, privateKey: alice.keyPkcs8, chain: [] };
  work = tempDir();
});
afterAll(() => {
  pki.cleanup();
  removeDir(work);
});

function headerSection(message: Uint8Array): string {
  const text = latin1Decode(message);
  return text.slice(0, text.indexOf("\r\n\r\n") + 2);
}

describe("buildOutgoingMessage", () => {
  it("encrypted and signed: OpenSSL decrypts the whole message for Bob and for the sender, and verifies it", async () => {
    const { message, smimeType, cipher } = await buildOutgoingMessage({
      draft: { ...draft(), ...threadingFields("<parent-1@lab.example>", "<root@lab.example>") },
      signer: aliceId,
      recipients: [{ certificate: bob.certDer, keyTransport: "pkcs1" }, { certificate: alice.certDer, keyTransport: "oaep" }],
    });
    assert.equal(smimeType, "enveloped-data");
    assert.equal(cipher, "aes-256-cbc");
    const head = headerSection(message);
    assert.match(head, /^From: "?Dr\. Alice"? <alice@clinic\.example>\r\n/);
    assert.match(head, /\r\nTo: "?Bob Lab"? <bob@lab\.example>\r\n/);
    assert.match(head, /\r\nSubject: \[\.\.\.\]\r\n/);
    assert.match(head, /\r\nDate: Wed, 04 Mar 2026 05:06:07 \+0000\r\n/);
    assert.match(head, /\r\nMessage-ID: <0123abcd@clinic\.example>\r\n/);
    assert.match(head, /\r\nIn-Reply-To: <parent-1@lab\.example>\r\n/);
    assert.match(head, /\r\nReferences: <root@lab\.example> <parent-1@lab\.example>\r\n/);
    assert.match(head, /\r\nMIME-Version: 1\.0\r\n/);
    assert.match(head, /\r\nContent-Type: application\/pkcs7-mime; smime-type=enveloped-data;\s+name="smime\.p7m"\r\n/);
    assert.doesNotMatch(head, /Befund|Bcc|HP-Outer/i);

    const eml = join(work, "enc.eml");
    writeFileSync(eml, message);
    for (const who of [bob, alice]) {
      const inner = openssl(["cms", "-decrypt", "-in", eml, "-recip", who.certPath, "-inkey", who.keyPath]);
      const innerPath = join(work, `inner-${who.email}.eml`);
      writeFileSync(innerPath, inner);
      const content = openssl(["cms", "-verify", "-in", innerPath, "-CAfile", pki.caCertPath]).toString("latin1");
      // The real Subject and the same Message-ID and threading fields travel inside (RFC 9788).
      assert.match(content, /\r\nSubject: Befund Frau M\., geb\. 03\.04\.1961\r\n/);
      assert.match(content, /\r\nMessage-ID: <0123abcd@clinic\.example>\r\n/);
      assert.match(content, /\r\nIn-Reply-To: <parent-1@lab\.example>\r\n/);
      assert.match(content, /hp="cipher"/);
      assert.match(content, /labs\.csv/);
    }
  });

  it("signed only: a top-level multipart/signed that OpenSSL verifies, real Subject outside", async () => {
    const { message, smimeType } = await buildOutgoingMessage({ draft: draft(), signer: aliceId, recipients: [] });
    assert.equal(smimeType, "multipart-signed");
    const head = headerSection(message);
    assert.match(head, /\r\nSubject: Befund Frau M\., geb\. 03\.04\.1961\r\n/);
    assert.match(head, /\r\nContent-Type: multipart\/signed;/);
    const eml = join(work, "signed.eml");
    writeFileSync(eml, message);
    const content = openssl(["cms", "-verify", "-in", eml, "-CAfile", pki.caCertPath]).toString("latin1");
    assert.match(content, /hp="clear"/);
    assert.match(content, /the results\./);
  });

  it("compact (large drafts): binary attachments and an opaque signature inside; OpenSSL decrypts and verifies", async () => {
    const big = new Uint8Array(300_000).map((_, i) => (i * 7919) & 0xff);
    const { message } = await buildOutgoingMessage({
      draft: draft({ attachments: [{ name: "scan.bin", content: big }] }),
      signer: aliceId,
      recipients: [{ certificate: bob.certDer, keyTransport: "pkcs1" }, { certificate: alice.certDer, keyTransport: "oaep" }],
      compact: true,
    });
    const eml = join(work, "compact.eml");
    writeFileSync(eml, message);
    // Inside: an application/pkcs7-mime signed-data entity whose body is the DER itself (binary).
    const entity = openssl(["cms", "-decrypt", "-binary", "-in", eml, "-recip", bob.certPath, "-inkey", bob.keyPath]);
    const split = entity.indexOf("\r\n\r\n");
    assert.match(entity.subarray(0, split).toString("latin1"), /smime-type=signed-data[\s\S]*Content-Transfer-Encoding: binary/);
    const signedPath = join(work, "compact-signed.der");
    writeFileSync(signedPath, entity.subarray(split + 4));
    const inner = openssl(["cms", "-verify", "-binary", "-inform", "DER", "-in", signedPath, "-CAfile", pki.caCertPath]);
    assert.match(inner.toString("latin1"), /Content-Transfer-Encoding: binary/);
    assert.ok(inner.includes(Buffer.from(big)), "attachment bytes inside, unencoded");
  });

  it("GCM only when asked (every recipient advertised it): authEnveloped-data that OpenSSL opens", async () => {
    const { message, smimeType } = await buildOutgoingMessage({
      draft: draft(),
      recipients: [{ certificate: bob.certDer }, { certificate: alice.certDer }],
      cipher: "aes-256-gcm",
    });
    assert.equal(smimeType, "authEnveloped-data");
    assert.match(headerSection(message), /smime-type=authEnveloped-data/);
    const eml = join(work, "gcm.eml");
    writeFileSync(eml, message);
    assert.match(openssl(["cms", "-decrypt", "-in", eml, "-recip", bob.certPath, "-inkey", bob.keyPath]).toString("latin1"), /the results\./);
  });
});
