/**
 * OnMessageDecrypt in Outlook's own reading pane (web runtime): the real launchevent.html with its decrypt
 * module, in the simulator. Our own signed+encrypted output and messages made by `openssl cms` in our format
 * decrypt, byte-exact attachments included; no signature status appears inside the content; contextData
 * and the conversation registry are written for replies.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildDraftEntity, type Draft } from "../../../src/core/mime";
import { protectEntity } from "../../../src/core/smime";
import type { Identity } from "../../../src/core/types";
import { openssl, type TestIdentity } from "../../helpers/openssl";
import { NEUTRAL_LINE_EN, attachmentBytes, openItem, ownFormat, readingView, roamingSetting } from "./helpers";
import { SimulatorPage } from "../pages/simulator";
import { leakedRequests } from "../pages/read";
import { browserSuite } from "../../helpers/suite";
import { attachmentPart, multipart, textPart } from "../../helpers/mime-build";

const env = browserSuite({
  identities: {
    alice: ["alice", "alice@clinic.example"],
    bob: ["bob", "bob@lab.example"],
  },
});

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
// Every byte value, so any text/charset/base64 mishandling shows.
const PDF = Buffer.concat([Buffer.from("%PDF-1.4 Befund\n"), Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 256))]);

const identity = (i: TestIdentity): Identity => ({ certificate: i.certDer, privateKey: i.keyPkcs8, chain: [] });

function draft(): Draft {
  return {
    from: { name: "Dr. Alice", address: "alice@clinic.example" },
    to: [{ name: "Bob", address: "bob@lab.example" }],
    cc: [],
    subject: "Referral Müller, patient 4711",
    date: new Date(),
    messageId: "own-1@clinic.example",
    html: '<html><body><p>Dear Bob,</p><p>Please see <b>Mr Müller</b>.</p><img src="cid:sig@clinic" alt="signature"></body></html>',
    attachments: [
      { name: "sig.png", content: PNG, contentType: "image/png", inline: true, contentId: "sig@clinic" },
      { name: "befund.pdf", content: PDF, contentType: "application/pdf" },
    ],
  };
}

test("our own signed+encrypted message: Outlook gets the letter, byte-exact attachments, the inline image by contentId, contextData", async () => {
  const { cms } = await protectEntity({ entity: buildDraftEntity(draft()), signer: identity(env.ids.alice), recipients: [{ certificate: env.ids.bob.certDer }], cipher: "aes-256-cbc" });
  const s = await SimulatorPage.open(env, { identities: [env.ids.bob] });
  const started = Date.now();
  const r = await openItem(s.page, ownFormat(cms));
  const ms = Date.now() - started;
  assert.ok(r, "OnMessageDecrypt ran");
  assert.equal(r.allowEvent, true, JSON.stringify(r.errorMessage));
  assert.equal(r.errorMessage, undefined);
  assert.equal(r.emailBody?.coercionType, "html");
  const html = r.emailBody.content;
  assert.ok(html.startsWith(`<div><p style="margin:0 0 8px 0;color:#616161;font-size:12px">${NEUTRAL_LINE_EN}</p><hr>`), html.slice(0, 300));
  assert.match(html, /<p>Please see <b>Mr Müller<\/b>\.<\/p>/);
  // RFC 9788 legacy display: Outlook does not read protected headers, so the real subject is in the body.
  assert.match(html, /Subject: Referral Müller, patient 4711/);
  assert.match(html, /<img src="cid:sig@clinic" alt="signature">/);
  assert.deepEqual(
    r.attachments!.map((a) => ({ name: a.name, type: a.attachmentType, inline: a.isInline, cid: a.contentId })),
    [
      { name: "sig.png", type: "file", inline: true, cid: "sig@clinic" },
      { name: "befund.pdf", type: "file", inline: false, cid: undefined },
    ],
  );
  assert.ok(attachmentBytes(r, "befund.pdf").equals(PDF), "PDF byte-exact");
  assert.ok(attachmentBytes(r, "sig.png").equals(PNG), "inline image byte-exact");
  assert.equal(r.contextData, '{"spm":"encrypted-original","messageId":"<own-1@clinic.example>"}');

  // The reading view shows it as Outlook would, the inline image resolved from the returned attachment.
  const view = await readingView(s.page);
  assert.equal(view.bar, "Secure Patient Mail add-in has decrypted your message.");
  assert.match(view.text, /Please see Mr Müller\./);
  assert.match(view.html, /<img src="blob:/);
  assert.deepEqual(view.attachments, ["befund.pdf"]);

  // The conversation is recorded for the send guard.
  const registry = (await roamingSetting(s, "spmEncryptedConversations")) as { conversationId: string }[];
  const conversationId = await s.page.evaluate(() => window.__spmSimulatorBackend!.readItem!.conversationId);
  assert.deepEqual(registry.map((e) => e.conversationId), [conversationId]);
  assert.deepEqual(leakedRequests(s, env.server.url), []);
  assert.deepEqual(s.errors, []);
  console.log(`[decrypt] own message (${PDF.length} B attachment): openItem ${ms} ms`);
  await s.close();
});

test("no signature status inside the content: signed and unsigned messages get the same neutral line and nothing else", async () => {
  const bodies: string[] = [];
  const s = await SimulatorPage.open(env, { identities: [env.ids.bob] });
  for (const signer of [identity(env.ids.alice), undefined]) {
    const { cms } = await protectEntity({ entity: buildDraftEntity({ ...draft(), attachments: [] }), ...(signer ? { signer } : {}), recipients: [{ certificate: env.ids.bob.certDer }], cipher: "aes-256-gcm" });
    const r = await openItem(s.page, ownFormat(cms));
    assert.equal(r?.allowEvent, true);
    bodies.push(r.emailBody!.content);
  }
  // The signature changes nothing Outlook shows: the content Outlook gets is identical.
  assert.equal(bodies[0], bodies[1]);
  const text = bodies[0].replace(/<[^>]+>/g, " ");
  assert.equal(text.split(NEUTRAL_LINE_EN).length, 2, "the neutral line once");
  const rest = text.replace(NEUTRAL_LINE_EN, "");
  assert.doesNotMatch(rest, /sign|verif|valid|trust|secure patient mail|✓|✔/i);
  assert.deepEqual(s.errors, []);
  await s.close();
});

test("messages made by openssl cms in our format decrypt, attachments byte-exact (PKCS#1 v1.5 and OAEP, sign-then-encrypt)", async () => {
  const b = "----=_openssl_1";
  const entity = multipart(b, [
    textPart("Patient 4711: lab results attached.", "text/plain; charset=utf-8", ["Content-Transfer-Encoding: 8bit"]),
    attachmentPart("labor.pdf", "application/pdf", PDF),
  ]);
  const dir = env.pki.dir;
  writeFileSync(join(dir, "entity.mime"), entity);
  openssl(["cms", "-sign", "-in", join(dir, "entity.mime"), "-signer", env.ids.alice.certPath, "-inkey", env.ids.alice.keyPath, "-out", join(dir, "signed.mime")]);
  const variants: [string, string, string[]][] = [
    ["pkcs1", "entity.mime", []],
    ["oaep", "entity.mime", ["-keyopt", "rsa_padding_mode:oaep"]],
    ["signed pkcs1", "signed.mime", []],
  ];
  const s = await SimulatorPage.open(env, { identities: [env.ids.bob] });
  for (const [label, input, keyopt] of variants) {
    const der = openssl(["cms", "-encrypt", "-aes-256-cbc", "-binary", "-outform", "DER", "-in", join(dir, input), "-recip", env.ids.bob.certPath, ...keyopt]);
    const r = await openItem(s.page, ownFormat(der, { messageId: `<openssl-${label.replace(" ", "-")}@clinic.example>` }));
    assert.equal(r?.allowEvent, true, `${label}: ${r?.errorMessage}`);
    assert.equal(r.emailBody!.coercionType, "text", label);
    assert.equal(r.emailBody!.content, `${NEUTRAL_LINE_EN}\r\n\r\nPatient 4711: lab results attached.`, label);
    assert.deepEqual(r.attachments!.map((a) => a.name), ["labor.pdf"], label);
    assert.ok(attachmentBytes(r, "labor.pdf").equals(PDF), `${label}: byte-exact`);
    assert.equal(r.contextData, `{"spm":"encrypted-original","messageId":"<openssl-${label.replace(" ", "-")}@clinic.example>"}`);
  }
  assert.deepEqual(s.errors, []);
  await s.close();
});

test("a signature that does not bind the content to the sender shown is not displayed in Outlook", async () => {
  // Signed by Alice, but the message claims to come from Mallory: the classic spoofing shape.
  const { cms } = await protectEntity({ entity: buildDraftEntity({ ...draft(), attachments: [] }), signer: identity(env.ids.alice), recipients: [{ certificate: env.ids.bob.certDer }], cipher: "aes-256-cbc" });
  const s = await SimulatorPage.open(env, { identities: [env.ids.bob] });
  const r = await openItem(s.page, ownFormat(cms, { from: "Mallory <mallory@clinic.example>" }));
  assert.deepEqual(r, {
    allowEvent: false,
    errorMessage: "The signature of this message does not match its content or its sender, so it is not shown here. Open Secure Patient Mail on the ribbon for details.",
  });
  assert.match((await readingView(s.page)).bar, /^Error from Secure Patient Mail: The signature of this message/);
  await s.close();
});
