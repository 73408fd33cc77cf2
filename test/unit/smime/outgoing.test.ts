/**
 * The complete outgoing message (src/core/smime/outgoing.ts): what it refuses, and the Message-ID and threading
 * helpers. OpenSSL reading whole outgoing messages is tested in test/interop/smime/outgoing.test.ts.
 */
import assert from "node:assert/strict";
import { beforeAll, describe, it } from "@jest/globals";
import { cleanMessageId, newMessageId, threadingFields } from "../../../src/core/mime";
import { buildOutgoingMessage } from "../../../src/core/smime";
import type { Identity } from "../../../src/core/types";
import { loadPki } from "../../helpers/fixtures";
import { draft } from "./outgoing-draft";

let aliceId: Identity;

beforeAll(() => {
  const alice = loadPki("basic").identity("alice");
  aliceId = { certificate: alice.certDer, privateKey: alice.keyPkcs8, chain: [] };
});

describe("buildOutgoingMessage", () => {
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
