/**
 * The main flow end to end: a draft with HTML, an inline image (cid) and two attachments for two
 * recipients is encrypted and signed by the real pane in the simulator; OpenSSL decrypts smime.p7m for a
 * recipient and with the sender's own key, verifies the inner signature, and every part matches the original.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openssl } from "../../helpers/openssl";
import { leaves } from "./mime-walk";
import { b64, mainButton, openCompose } from "../pages/compose";
import { SimulatorPage, getDraft, sessionData } from "../pages/simulator";
import { browserSuite } from "../../helpers/suite";

const env = browserSuite({
  identities: {
    alice: ["Dr. Alice Sender", "alice@clinic.example"],
    bob: ["Bob Lab", "bob@lab.example"],
    carol: ["Carol Ward", "carol@ward.example", { keyType: "p256" }],
  },
  work: true,
});

const html =
  '<html><body><p>Dear colleague,</p><p>please find the referral letter attached. Grüße aus der Praxis – Ärztin Müller.</p>' +
  '<p><img src="cid:scan.png@01DA2B3C.4D5E6F70" alt="scan"></p></body></html>';
const image = randomBytes(30_000);
const pdf = Buffer.concat([Buffer.from("%PDF-1.7\n"), randomBytes(250_000)]);
const csv = Buffer.from("date;value\r\n2026-11-01;4.2\r\n2026-11-02;4.4\r\n", "utf8");

test("Encrypt & sign: OpenSSL decrypts for a recipient and for the sender, verifies, and every part is the original", async () => {
  const { page, errors } = await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.bob, env.ids.carol] });
  await page.evaluate(
    (d) => window.spmSimulator.loadDraft(d),
    {
      from: { displayName: "Dr. Alice Sender", emailAddress: "alice@clinic.example" },
      to: [{ displayName: "Bob Lab", emailAddress: "bob@lab.example" }],
      cc: [{ displayName: "Carol Ward", emailAddress: "carol@ward.example" }],
      subject: "Referral 4711",
      bodyHtml: html,
      attachments: [
        { name: "scan.png", contentBase64: b64(image), isInline: true, contentId: "scan.png@01DA2B3C.4D5E6F70" },
        { name: "referral.pdf", contentBase64: b64(pdf), isInline: false },
        { name: "labs.csv", contentBase64: b64(csv), isInline: false },
      ],
    },
  );
  const frame = await openCompose(page, { format: "attachment" });
  // Both recipients have a certificate; the button does both by default.
  assert.equal(await frame.locator('[data-state="found"]').count(), 2);
  const button = mainButton(frame);
  assert.equal(await button.textContent(), "Encrypt & sign");
  await button.click();
  await frame.getByText("The message is encrypted and signed.").first().waitFor({ timeout: 20_000 });

  const draft = await getDraft(page);
  assert.deepEqual(draft.attachments.map((a) => [a.name, a.isInline]), [["smime.p7m", false]]);
  assert.match(draft.bodyHtml, /This message is encrypted and signed/);
  assert.match(draft.bodyHtml, /Diese Nachricht ist verschlüsselt und signiert/);
  assert.equal(draft.internetHeaders["x-spm-protected"], "1");
  assert.equal(draft.subject, "[...]");
  assert.equal((await sessionData(page))["spm-protected"], "1");

  const p7mPath = join(env.work, "smime.p7m");
  writeFileSync(p7mPath, Buffer.from(draft.attachments[0].contentBase64, "base64"));
  const forBob = openssl(["cms", "-decrypt", "-inform", "DER", "-in", p7mPath, "-recip", env.ids.bob.certPath, "-inkey", env.ids.bob.keyPath]);
  const forAlice = openssl(["cms", "-decrypt", "-inform", "DER", "-in", p7mPath, "-recip", env.ids.alice.certPath, "-inkey", env.ids.alice.keyPath]);
  const forCarol = openssl(["cms", "-decrypt", "-inform", "DER", "-in", p7mPath, "-recip", env.ids.carol.certPath, "-inkey", env.ids.carol.keyPath]);
  assert.ok(forBob.equals(forAlice) && forBob.equals(forCarol), "every recipient decrypts the same content");
  // Three recipient infos: Bob, Carol, and the sender's own copy.
  const info = openssl(["cms", "-cmsout", "-print", "-inform", "DER", "-in", p7mPath]).toString();
  assert.equal((info.match(/d\.(ktri|kari):/g) ?? []).length, 3);
  assert.match(info, /contentEncryptionAlgorithm:\s+algorithm: aes-256-cbc/);

  const signedPath = join(env.work, "signed.eml");
  writeFileSync(signedPath, forBob);
  const innerPath = join(env.work, "inner.eml");
  openssl(["cms", "-verify", "-in", signedPath, "-CAfile", env.pki.caCertPath, "-out", innerPath]);
  const inner = readFileSync(innerPath);
  // OpenSSL's -out writes the signed content; it must be exactly the first part of the multipart/signed.
  assert.ok(forBob.includes(inner.subarray(0, 200)), "verified content comes from the signed message");
  const innerText = inner.toString("latin1");
  assert.match(innerText, /hp="cipher"/);
  assert.match(innerText, /\r\nSubject: Referral 4711\r\n/);

  const parts = leaves(inner);
  const htmlPart = parts.find((p) => p.contentType.startsWith("text/html"));
  const textPart = parts.find((p) => p.contentType.startsWith("text/plain"));
  assert.ok(htmlPart && textPart, "HTML with a text alternative");
  const withoutLegacyDisplay = htmlPart.body.toString("utf8").replace(/<div class="header-protection-legacy-display">[\s\S]*?<\/div>/, "");
  assert.equal(withoutLegacyDisplay, html);
  assert.match(textPart.body.toString("utf8"), /Grüße aus der Praxis/);
  const img = parts.find((p) => /filename="?scan\.png/.test(p.headers["content-disposition"] ?? ""));
  assert.ok(img);
  assert.equal(img.headers["content-id"], "<scan.png@01DA2B3C.4D5E6F70>");
  assert.match(img.headers["content-disposition"], /^inline/);
  assert.ok(img.body.equals(image), "inline image bytes");
  const pdfPart = parts.find((p) => /referral\.pdf/.test(p.headers["content-disposition"] ?? ""));
  const csvPart = parts.find((p) => /labs\.csv/.test(p.headers["content-disposition"] ?? ""));
  assert.ok(pdfPart?.body.equals(pdf), "PDF bytes");
  assert.ok(csvPart?.body.equals(csv), "CSV bytes");

  // Opened again on the protected draft, the pane says so and offers nothing to redo.
  const again = await openCompose(page);
  await again.getByText("This message is already protected by Secure Patient Mail.").waitFor();
  assert.equal(await mainButton(again).isDisabled(), true);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a plain-text draft: the notice is plain text, the content travels as text/plain", async () => {
  const { page, errors } = await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.bob] });
  const text = "Dear Bob,\r\nthe results are attached.\r\nÄrztin Müller";
  await page.evaluate(
    ([t, att]) => window.spmSimulator.loadDraft({ from: "Dr. Alice Sender <alice@clinic.example>", to: ["Bob Lab <bob@lab.example>"], subject: "Results", bodyText: t, attachments: [{ name: "r.pdf", contentBase64: att }] }),
    [text, b64(pdf)] as const,
  );
  const frame = await openCompose(page, { format: "attachment" });
  await mainButton(frame).click();
  await frame.getByText("The message is encrypted and signed.").first().waitFor({ timeout: 15_000 });
  const draft = await getDraft(page);
  assert.equal(draft.bodyType, "text");
  assert.match(draft.bodyHtml, /^This message is encrypted and signed \(S\/MIME\)\./);
  const p7mPath = join(env.work, "text.p7m");
  writeFileSync(p7mPath, Buffer.from(draft.attachments[0].contentBase64, "base64"));
  const signedPath = join(env.work, "text-signed.eml");
  writeFileSync(signedPath, openssl(["cms", "-decrypt", "-inform", "DER", "-in", p7mPath, "-recip", env.ids.bob.certPath, "-inkey", env.ids.bob.keyPath]));
  const inner = openssl(["cms", "-verify", "-in", signedPath, "-CAfile", env.pki.caCertPath]);
  const parts = leaves(inner);
  assert.equal(parts.filter((p) => p.contentType.startsWith("text/html")).length, 0);
  const plain = parts.find((p) => p.contentType.startsWith("text/plain"));
  assert.ok(plain);
  assert.ok(plain.body.toString("utf8").endsWith(text), "the text follows the legacy display block unchanged");
  assert.ok(parts.find((p) => /r\.pdf/.test(p.headers["content-disposition"] ?? ""))?.body.equals(pdf));
  assert.deepEqual(errors, []);
  await page.close();
});

test("attached Outlook items: the pane says why before doing anything", async () => {
  const { page, errors } = await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.bob] });
  await page.evaluate(() =>
    window.spmSimulator.loadDraft({
      from: "Dr. Alice Sender <alice@clinic.example>",
      to: ["Bob Lab <bob@lab.example>"],
      subject: "Fwd",
      bodyHtml: "<p>see below</p>",
      attachments: [{ name: "Earlier message", contentBase64: "Subject: hi\r\n\r\nhello\r\n", attachmentType: "item" }],
    }),
  );
  const before = await getDraft(page);
  const frame = await openCompose(page);
  await frame.getByText(/Attached Outlook items cannot be protected \(Earlier message\)/).waitFor();
  assert.equal(await mainButton(frame).isDisabled(), true);
  assert.deepEqual(await getDraft(page), before);
  assert.deepEqual(errors, []);
  await page.close();
});
