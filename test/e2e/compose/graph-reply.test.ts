/**
 * Replies stay threaded and encrypted: Outlook's `item.inReplyTo` (with the noise office-js #4717 reports)
 * becomes In-Reply-To and References outside and inside the envelope; a reply to encrypted mail (the
 * OnMessageDecrypt handler's contextData) opens with Encrypt on even where the default is off, and is
 * threaded by the original's Message-ID from that context.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { openssl } from "../../helpers/openssl";
import { outerHeaders, startServerWithPolicy } from "./graph-helpers";
import { mainButton, openCompose } from "../pages/compose";
import { SimulatorPage, waitForClosedDraft } from "../pages/simulator";
import { browserSuite } from "../../helpers/suite";

const env = browserSuite({
  identities: {
    alice: ["Dr. Alice", "alice@clinic.example"],
    bob: ["Bob Lab", "bob@lab.example"],
  },
  work: true,
  // The organisation's default is "sign only": a reply to encrypted mail must still start encrypted.
  server: () => startServerWithPolicy({ defaults: { sign: true, encrypt: false } }),
});

const base = { from: { displayName: "Dr. Alice", emailAddress: "alice@clinic.example" }, to: ["Bob Lab <bob@lab.example>"], bodyHtml: "<p>Thanks, agreed.</p>" };


function innerOf(mime: string, name: string): string {
  const path = join(env.work, `${name}.eml`);
  writeFileSync(path, Buffer.from(mime, "latin1"));
  const signed = join(env.work, `${name}-signed.eml`);
  writeFileSync(signed, openssl(["cms", "-decrypt", "-in", path, "-recip", env.ids.bob.certPath, "-inkey", env.ids.bob.keyPath]));
  return openssl(["cms", "-verify", "-in", signed, "-CAfile", env.pki.caCertPath]).toString("latin1");
}

test("a reply threads by Outlook's inReplyTo; a reply to encrypted mail starts encrypted and threads by the context's Message-ID", async () => {
  const { page, errors } = await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.bob] });

  // A new message: the organisation's default applies (encryption off).
  await page.evaluate((d) => window.spmSimulator.loadDraft({ ...d, subject: "New" }), base);
  let frame = await openCompose(page);
  assert.equal(await frame.getByRole("switch", { name: "Encrypt" }).isChecked(), false);
  assert.equal(await frame.getByText(/reply to or forward of an encrypted message/).count(), 0);

  // A reply Outlook made: inReplyTo with an item id glued on (office-js #4717). Encrypt on by hand.
  await page.evaluate((d) => window.spmSimulator.loadDraft({ ...d, subject: "RE: Lab", inReplyTo: "<lab-1@lab.example>0ZDZhNWFiLWE0Y2EtNDc4" }), base);
  frame = await openCompose(page);
  await frame.getByRole("switch", { name: "Encrypt" }).click();
  await mainButton(frame).click();
  await waitForClosedDraft(page);
  let [message] = await page.evaluate(() => window.spmSimulator.sentMessages());
  let h = outerHeaders(message.mime);
  assert.equal(h["in-reply-to"], "<lab-1@lab.example>");
  assert.equal(h["references"], "<lab-1@lab.example>");
  let inner = innerOf(message.mime, "reply");
  assert.match(inner, /\r\nIn-Reply-To: <lab-1@lab\.example>\r\n/);
  assert.match(inner, /\r\nReferences: <lab-1@lab\.example>\r\n/);

  // A reply to a message OnMessageDecrypt decrypted: the context data says so (no inReplyTo here).
  const context = JSON.stringify({ spm: "encrypted-original", messageId: "<enc-7@lab.example>" });
  await page.evaluate(([d, c]) => window.spmSimulator.loadDraft({ ...d, subject: "RE: Befund", initializationContext: c }), [base, context] as const);
  frame = await openCompose(page);
  await frame.getByText("This is a reply to or forward of an encrypted message, so encryption is on.").waitFor();
  assert.equal(await frame.getByRole("switch", { name: "Encrypt" }).isChecked(), true);
  assert.equal(await mainButton(frame).textContent(), "Encrypt, sign & send");
  await mainButton(frame).click();
  await waitForClosedDraft(page);
  [, message] = await page.evaluate(() => window.spmSimulator.sentMessages());
  h = outerHeaders(message.mime);
  assert.equal(message.itemClass, "IPM.Note.SMIME");
  assert.equal(h["in-reply-to"], "<enc-7@lab.example>");
  assert.equal(h["subject"], "[...]");
  inner = innerOf(message.mime, "reply-enc");
  assert.match(inner, /\r\nSubject: RE: Befund\r\n/);
  assert.match(inner, /\r\nIn-Reply-To: <enc-7@lab\.example>\r\n/);
  assert.deepEqual(errors, []);
  await page.close();
});
