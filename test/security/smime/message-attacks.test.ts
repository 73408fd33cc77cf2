/**
 * Message-level attacks: the "Re: What's up Johnny" reply oracle (ciphertext nested in a reply),
 * partial signatures (only an inner part signed), ambiguous senders, and layer bombs.
 */
import assert from "node:assert/strict";
import { describe, it } from "@jest/globals";
import { concatBytes, latin1Decode, latin1Encode, utf8Encode } from "../../../src/core/bytes";
import { buildDraftEntity } from "../../../src/core/mime";
import { openMessage, protectEntity } from "../../../src/core/smime";
import { asIdentity, loadPki } from "../../helpers/fixtures";

const pki = loadPki("basic");
const alice = asIdentity(pki.identity("alice"));
const bob = asIdentity(pki.identity("bob"));

const secret = { to: [{ address: "bob@example.org" }], cc: [], subject: "s", text: "the secret diagnosis", attachments: [] };

describe("message-level attacks", () => {
  it("ciphertext forwarded inside an unencrypted reply is not decrypted automatically", async () => {
    const encrypted = await protectEntity({ entity: buildDraftEntity(secret), recipients: [{ certificate: bob.certificate }] });
    // Mallory wraps Bob's ciphertext as an attachment of an innocent-looking mail to Bob.
    const wrapper = concatBytes(
      latin1Encode('From: mallory@example.org\r\nTo: bob@example.org\r\nSubject: hi\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="x"\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nplease reply\r\n--x\r\n'),
      encrypted.entity,
      latin1Encode("\r\n--x--\r\n"),
    );
    const report = await openMessage(wrapper, { keys: [bob], anchors: [pki.caCertDer] });
    assert.equal(report.encryption, "none");
    assert.equal(report.layers.length, 0);
    assert.doesNotMatch(latin1Decode(report.content), /secret diagnosis/);
    assert.ok(report.findings.some((f) => f.status === "nested-smime"));
  });

  it("a signature over an inner part only does not make the message signed", async () => {
    const signedPart = await protectEntity({ entity: utf8Encode("Content-Type: text/plain\r\n\r\nsigned inner text\r\n"), signer: alice });
    const message = concatBytes(
      latin1Encode('From: alice@example.org\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="y"\r\n\r\n--y\r\nContent-Type: text/plain\r\n\r\nUNSIGNED text added by an attacker\r\n--y\r\n'),
      signedPart.entity,
      latin1Encode("\r\n--y--\r\n"),
    );
    const report = await openMessage(message, { anchors: [pki.caCertDer] });
    assert.equal(report.signature, "unsigned");
    assert.ok(report.findings.some((f) => f.status === "nested-smime"));
  });

  it("several From addresses can never give a valid signature", async () => {
    const signed = await protectEntity({ entity: utf8Encode("Content-Type: text/plain\r\n\r\nhello\r\n"), signer: alice });
    const message = concatBytes(latin1Encode("From: alice@example.org, mallory@example.org\r\nSubject: x\r\nMIME-Version: 1.0\r\n"), signed.entity);
    const report = await openMessage(message, { anchors: [pki.caCertDer] });
    assert.equal(report.signature, "signer-mismatch");
    const none = concatBytes(latin1Encode("Subject: x\r\nMIME-Version: 1.0\r\n"), signed.entity);
    assert.equal((await openMessage(none, { anchors: [pki.caCertDer] })).signature, "signer-mismatch");
  });

  it("a layer bomb (signatures nested beyond the limit) is LIMIT_EXCEEDED, not a hang", async () => {
    let entity = utf8Encode("Content-Type: text/plain\r\n\r\ncore\r\n");
    for (let i = 0; i < 8; i++) entity = (await protectEntity({ entity, signer: alice })).entity;
    await assert.rejects(openMessage(entity, { anchors: [pki.caCertDer], addresses: null }), { code: "LIMIT_EXCEEDED" });
  });

  it("CBC content without a signature is flagged as not integrity protected", async () => {
    const encrypted = await protectEntity({ entity: buildDraftEntity(secret), recipients: [{ certificate: bob.certificate }], cipher: "aes-256-cbc" });
    const report = await openMessage(encrypted.entity, { keys: [bob] });
    assert.equal(report.integrity, "none");
    assert.ok(report.findings.some((f) => f.status === "not-integrity-protected"));
  });
});
