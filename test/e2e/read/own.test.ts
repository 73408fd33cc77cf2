/**
 * Our own compose output read back: the entity built by src/core (buildDraftEntity with RFC 9788 header
 * protection, inline cid image, attachment), signed and encrypted by protectEntity, sent in our format
 * (notice + smime.p7m in an ordinary item). Read by the recipient and by the sender (Sent Items), CBC and
 * GCM. (30 MB: large.test.ts.)
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { buildDraftEntity, type Draft } from "../../../src/core/mime";
import { protectEntity } from "../../../src/core/smime";
import type { ContentCipher, Identity } from "../../../src/core/types";
import { type TestIdentity } from "../../helpers/openssl";
import { SimulatorPage } from "../pages/simulator";
import { leakedRequests, openRead, ownFormatEml, readPane } from "../pages/read";
import { browserSuite } from "../../helpers/suite";

const env = browserSuite({
  identities: {
    alice: ["alice", "alice@clinic.example"],
    bob: ["bob", "bob@lab.example", { keyType: "p256" }],
  },
});

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

const identity = (i: TestIdentity): Identity => ({ certificate: i.certDer, privateKey: i.keyPkcs8, chain: [] });

function draft(attachments: Draft["attachments"]): Draft {
  return {
    from: { name: "Dr. Alice", address: "alice@clinic.example" },
    to: [{ name: "Bob", address: "bob@lab.example" }],
    cc: [],
    subject: "Referral Müller, patient 4711",
    date: new Date(),
    messageId: "own-1@clinic.example",
    html: '<html><body><p>Dear Bob,</p><p>Please see <b>Mr Müller</b>.</p><img src="cid:sig@clinic"></body></html>',
    attachments,
  };
}

async function protect(attachments: Draft["attachments"], cipher: ContentCipher): Promise<string> {
  const entity = buildDraftEntity(draft(attachments));
  const result = await protectEntity({ entity, signer: identity(env.ids.alice), recipients: [{ certificate: env.ids.bob.certDer }], cipher });
  return ownFormatEml(result.cms);
}

const FILES: Draft["attachments"] = [
  { name: "sig.png", content: PNG, contentType: "image/png", inline: true, contentId: "sig@clinic" },
  { name: "befund.pdf", content: Buffer.from("%PDF-1.4 Befund"), contentType: "application/pdf" },
];

test("recipient and sender (Sent Items) read our own signed+encrypted output; protected subject shown, legacy display removed", async () => {
  for (const cipher of ["aes-256-cbc", "aes-256-gcm"] as const) {
    const message = await protect(FILES, cipher);
    for (const reader of [env.ids.bob, env.ids.alice]) {
      const s = await SimulatorPage.open(env, { anchorsPem: env.pki.caCertPem, identities: [reader] });
      const frame = await openRead(s, message);
      const v = await readPane(frame);
      const label = `${cipher} read by ${reader.email}`;
      assert.equal(v.kind, "opened", label);
      assert.match(v.status ?? "", /^(valid|revocation-unknown)$/, label);
      assert.equal(v.title, "Encrypted and signed", label);
      assert.equal(v.intent, "success", label);
      assert.match(v.sentence ?? "", cipher === "aes-256-gcm" ? /AES-256-GCM/ : /AES-256-CBC\)\. Protected against changes by the signature/, label);
      assert.equal(v.fromMatches, "true", label);
      assert.equal(v.subject, "Subject: Referral Müller, patient 4711", label);
      assert.ok(!v.details.some((d) => /differs from the sender shown/.test(d)), v.details.join(" | "));
      assert.match(v.htmlSrcdoc ?? "", /<b>Mr Müller<\/b>/);
      assert.doesNotMatch(v.htmlSrcdoc ?? "", /header-protection-legacy-display/);
      assert.ok((v.htmlSrcdoc ?? "").includes(`src="data:image/png;base64,${PNG.toString("base64")}"`), "inline image resolved");
      assert.deepEqual(v.attachments, ["befund.pdf"], label);
      assert.deepEqual(leakedRequests(s, env.server.url), []);
      assert.deepEqual(s.errors, []);
      await s.close();
    }
  }
});
