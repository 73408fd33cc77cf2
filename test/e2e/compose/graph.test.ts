/**
 * Standard S/MIME through the simulated Microsoft Graph, end to end: the compose pane encrypts, signs and
 * sends; the simulated Exchange files it as IPM.Note.SMIME for each recipient and in the sender's Sent Items.
 * Then the real peers read the WHOLE delivered .eml: OpenSSL decrypts it for each recipient and for the
 * sender's copy and verifies the inner signature, NSS cmsutil (Thunderbird's engine) decrypts it, and our
 * read pane, opened on the delivered item as the recipient, shows the text and "Signed by".
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openssl } from "../../helpers/openssl";
import { outerHeaders, p7mDer } from "./graph-helpers";
import { leaves } from "./mime-walk";
import { b64, mainButton, openCompose, standardRadio } from "../pages/compose";
import { SimulatorPage, getDraft, waitForClosedDraft } from "../pages/simulator";
import { readPane, settledReadPane } from "../pages/read";
import { browserSuite } from "../../helpers/suite";

const env = browserSuite({
  identities: {
    alice: ["Dr. Alice Sender", "alice@clinic.example"],
    bob: ["Bob Lab", "bob@lab.example"],
    carol: ["Carol Ward", "carol@ward.example"],
  },
  work: true,
});

const html = "<html><body><p>Dear colleagues,</p><p>the referral for patient 4711 is attached. Grüße, Ärztin Müller.</p></body></html>";
const pdf = Buffer.concat([Buffer.from("%PDF-1.7\n"), randomBytes(60_000)]);

function nss(args: string[]): Buffer {
  return execFileSync(args[0], args.slice(1), { stdio: ["ignore", "pipe", "pipe"] });
}

test("Encrypt, sign & send: one top-level pkcs7-mime message that OpenSSL, NSS and the read pane open for every reader", async () => {
  const { page, errors } = await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.bob, env.ids.carol] });
  await page.evaluate(
    (d) => window.spmSimulator.loadDraft(d),
    {
      from: { displayName: "Dr. Alice Sender", emailAddress: "alice@clinic.example" },
      to: [{ displayName: "Bob Lab", emailAddress: "bob@lab.example" }],
      cc: [{ displayName: "Carol Ward", emailAddress: "carol@ward.example" }],
      subject: "Referral Frau M., geb. 03.04.1961",
      bodyHtml: html,
      attachments: [{ name: "referral.pdf", contentBase64: b64(pdf) }],
    },
  );
  const frame = await openCompose(page);
  // Standard S/MIME is the default, said in plain words, and the button says that it sends.
  assert.equal(await standardRadio(frame).isChecked(), true);
  const button = mainButton(frame);
  assert.equal(await button.textContent(), "Encrypt, sign & send");
  await button.click();
  await waitForClosedDraft(page);

  const draft = await getDraft(page);
  assert.equal(draft.discarded, true, "closed with discardItem");
  // The draft itself was never touched: no notice, no smime.p7m, the real subject.
  assert.equal(draft.subject, "Referral Frau M., geb. 03.04.1961");
  assert.deepEqual(draft.attachments.map((a) => a.name), ["referral.pdf"]);

  const sent = await page.evaluate(() => window.spmSimulator.sentMessages());
  assert.equal(sent.length, 1);
  assert.deepEqual([...sent[0].recipients], ["bob@lab.example", "carol@ward.example"]);
  assert.equal(sent[0].itemClass, "IPM.Note.SMIME");
  const h = outerHeaders(sent[0].mime);
  assert.match(h["content-type"], /^application\/pkcs7-mime; smime-type=enveloped-data; name="smime\.p7m"$/);
  assert.equal(h["subject"], "[...]");
  assert.match(h["from"], /<alice@clinic\.example>/);
  assert.match(h["to"], /<bob@lab\.example>/);
  assert.match(h["cc"], /<carol@ward\.example>/);
  assert.match(h["message-id"], /^<[0-9a-f]{32}@clinic\.example>$/);
  assert.ok(h["date"] && h["mime-version"] === "1.0");
  assert.equal(h["bcc"], undefined);
  assert.doesNotMatch(sent[0].mime, /4711|Referral/, "nothing of the content outside the envelope");

  // Delivered copies: each recipient's Inbox and the sender's Sent Items hold the same message.
  const copies = {
    bob: await page.evaluate(() => window.spmSimulator.mailbox("bob@lab.example")),
    carol: await page.evaluate(() => window.spmSimulator.mailbox("carol@ward.example")),
    alice: await page.evaluate(() => window.spmSimulator.mailbox("alice@clinic.example")),
  };
  assert.deepEqual(copies.alice.map((i) => [i.folder, i.itemClass]), [["Sent Items", "IPM.Note.SMIME"]]);
  for (const who of [env.ids.bob, env.ids.carol, env.ids.alice] as const) {
    const key = who === env.ids.bob ? "bob" : who === env.ids.carol ? "carol" : "alice";
    const item = copies[key][0];
    const emlPath = join(env.work, `${key}.eml`);
    writeFileSync(emlPath, Buffer.from(item.mime, "latin1"));
    // The whole .eml, not an extracted attachment.
    const signed = openssl(["cms", "-decrypt", "-in", emlPath, "-recip", who.certPath, "-inkey", who.keyPath]);
    const signedPath = join(env.work, `${key}-signed.eml`);
    writeFileSync(signedPath, signed);
    const content = openssl(["cms", "-verify", "-in", signedPath, "-CAfile", env.pki.caCertPath]);
    const text = content.toString("latin1");
    assert.match(text, /\r\nSubject: Referral Frau M\., geb\. 03\.04\.1961\r\n/, `${key}: real subject inside`);
    assert.ok(text.includes(`Message-ID: ${h["message-id"]}`), `${key}: same Message-ID inside`);
    const pdfPart = leaves(content).find((p) => /referral\.pdf/.test(p.headers["content-disposition"] ?? ""));
    assert.ok(pdfPart?.body.equals(pdf), `${key}: attachment bytes`);
  }

  // NSS cmsutil (Thunderbird's CMS engine) decrypts Bob's copy.
  const db = join(env.work, "nss-bob");
  mkdirSync(db);
  nss(["certutil", "-N", "-d", `sql:${db}`, "--empty-password"]);
  nss(["pk12util", "-i", env.ids.bob.p12Path, "-d", `sql:${db}`, "-W", env.ids.bob.password]);
  const derPath = join(env.work, "bob.p7m");
  writeFileSync(derPath, p7mDer(copies.bob[0].mime));
  const outPath = join(env.work, "bob-nss.out");
  nss(["cmsutil", "-D", "-d", `sql:${db}`, "-i", derPath, "-o", outPath]);
  assert.match(readFileSync(outPath).toString("latin1"), /Content-Type: multipart\/signed/);

  // The read pane, opened on the delivered IPM.Note.SMIME item as Bob.
  const sessionId = await page.evaluate(() => window.spmSimulator.getDelivery().sessionId);
  const reader = await SimulatorPage.open(env, { anchorsPem: env.pki.caCertPem, identities: [env.ids.bob], deliverySession: sessionId });
  const opened = await reader.page.evaluate(() => window.spmSimulator.openDelivered("bob@lab.example"));
  assert.deepEqual({ ...opened }, { itemClass: "IPM.Note.SMIME", folder: "Inbox" });
  const view = await readPane(await settledReadPane(reader.page));
  assert.equal(view.kind, "opened");
  assert.match(view.htmlSrcdoc ?? view.text ?? "", /the referral for patient 4711 is attached/);
  assert.equal(view.status, "valid");
  assert.equal(view.title, "Encrypted and signed");
  assert.match(view.signer ?? "", /Signed by alice@clinic\.example/);
  assert.equal(view.fromMatches, "true");
  assert.match(view.subject ?? "", /Referral Frau M\., geb\. 03\.04\.1961/);
  assert.deepEqual(view.attachments, ["referral.pdf"]);
  await reader.close();
  assert.deepEqual(errors, []);
  await page.close();
});
