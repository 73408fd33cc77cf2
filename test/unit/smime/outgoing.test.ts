/**
 * The complete outgoing message (src/core/smime/outgoing.ts), read by OpenSSL as a whole .eml: top-level
 * application/pkcs7-mime or multipart/signed, the outer header fields, threading, the obscured Subject and the
 * protected fields inside.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "@jest/globals";
import { latin1Decode } from "../../../src/core/bytes";
import { cleanMessageId, newMessageId, threadingFields } from "../../../src/core/mime";
import { buildOutgoingMessage } from "../../../src/core/smime";
import type { Identity } from "../../../src/core/types";
import { createTestPki, openssl, removeDir, tempDir, type TestIdentity, type TestPki } from "../../helpers/openssl";

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

const date = new Date("2026-03-04T05:06:07Z");
function draft(over: Record<string, unknown> = {}) {
  return {
    from: { name: "Dr. Alice", address: "alice@clinic.example" },
    to: [{ name: "Bob Lab", address: "bob@lab.example" }],
    cc: [],
    subject: "Befund Frau M., geb. 03.04.1961",
    date,
    messageId: "<0123abcd@clinic.example>",
    text: "Dear Bob,\r\nthe results.\r\n",
    attachments: [{ name: "labs.csv", content: new TextEncoder().encode("a;b\r\n1;2\r\n") }],
    ...over,
  };
}

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

  it("refuses a message without To/Cc, a bad Message-ID, or nothing to do", async () => {
    await assert.rejects(buildOutgoingMessage({ draft: draft({ to: [] }), signer: aliceId, recipients: [] }), /at least one To or Cc/);
    await assert.rejects(buildOutgoingMessage({ draft: draft({ messageId: "no-brackets@x" }), signer: aliceId, recipients: [] }), /Message-ID/);
    await assert.rejects(buildOutgoingMessage({ draft: draft(), recipients: [] }), /Nothing to do/);
    await assert.rejects(buildOutgoingMessage({ draft: draft({ inReplyTo: "<a@b>\r\nBcc: x@y" }), signer: aliceId, recipients: [] }), /In-Reply-To/);
  });
});

describe("message ids", () => {
  it("newMessageId: 128 random bits at the sender's domain, different every time", () => {
    const a = newMessageId("Alice@Clinic.Example");
    assert.match(a, /^<[0-9a-f]{32}@clinic\.example>$/);
    assert.notEqual(a, newMessageId("alice@clinic.example"));
    assert.throws(() => newMessageId("nodomain"), /domain/);
  });

  it("cleanMessageId keeps the leading msg-id only (office-js #4717 appends an item id)", () => {
    assert.equal(cleanMessageId("<YT4P288MB@PROD.OUTLOOK.COM>0ZDZhNWFiLWE0Y2Et"), "<YT4P288MB@PROD.OUTLOOK.COM>");
    assert.equal(cleanMessageId("  <a@b>  "), "<a@b>");
    assert.equal(cleanMessageId("a@b"), undefined);
    assert.equal(cleanMessageId(null), undefined);
    assert.equal(cleanMessageId("<a b@c>"), undefined);
  });

  it("threadingFields: parent id, earlier references kept in order without duplicates", () => {
    assert.deepEqual(threadingFields(undefined), {});
    assert.deepEqual(threadingFields("<p@x>"), { inReplyTo: "<p@x>", references: "<p@x>" });
    assert.deepEqual(threadingFields("<p@x>", "<r@x>\r\n <p@x> junk <q@x>"), { inReplyTo: "<p@x>", references: "<r@x> <q@x> <p@x>" });
  });
});
