/**
 * Issue 13 in the read pane, with messages made by OpenSSL in the test run:
 * - weakness 2: an ordinary mail (forged From, attacker's text) whose single attachment is a genuine signed
 *   message of the real person is not opened as if the whole mail were that message;
 * - weakness 4: a malformed cid: URL does not blank the pane; error boundaries keep the status chrome;
 * - a valid signature bound to the .eml's own From is never green when Outlook shows another sender.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { openssl } from "../../helpers/openssl";
import { SimulatorPage } from "../pages/simulator";
import { leakedRequests, openRead, ownFormatEml, readPane } from "../pages/read";
import { openGuardedPage } from "../../helpers/browser";
import { browserSuite } from "../../helpers/suite";
import { multipart, p7mPart, textPart } from "../../helpers/mime-build";

const env = browserSuite({
  identities: {
    alice: ["alice", "alice@clinic.example", { keyType: "p256" }],
    bob: ["bob", "bob@lab.example"],
  },
});


function file(name: string, content: string | Uint8Array): string {
  const p = join(env.pki.dir, name);
  writeFileSync(p, content);
  return p;
}

/** Alice's genuine old signed message (opaque signed-data), as an attacker may have captured it. */
function aliceSignedDer(text: string): Uint8Array {
  const entity = `Content-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n`;
  return new Uint8Array(openssl(["cms", "-sign", "-binary", "-nodetach", "-in", file("old.mime", entity), "-signer", env.ids.alice.certPath, "-inkey", env.ids.alice.keyPath, "-outform", "DER"]));
}

test("weakness 2: a forged mail wrapping Alice's genuine signed message is not shown as signed; the outside text is not covered", async () => {
  const s = await SimulatorPage.open(env, { anchorsPem: env.pki.caCertPem, identities: [env.ids.bob] });
  const b = "----=_wrap";
  const forged = multipart(b, [
    textPart("Please double the dose for patient 4711 at once. Signed copy attached.", "text/plain; charset=utf-8"),
    p7mPart(aliceSignedDer("Lab appointment confirmed for Tuesday."), "signed-data"),
  ], { headers: ["From: Dr. Alice <alice@clinic.example>", "To: bob@lab.example", "Subject: Urgent: change of medication", "MIME-Version: 1.0"] });
  const frame = await openRead(s, forged);
  const v = await readPane(frame);
  assert.equal(v.kind, "nested-only", `the wrapped message must not open as the mail itself (got ${v.kind}, ${v.title ?? ""})`);
  assert.equal(v.status, undefined, "no status bar for the mail itself");
  assert.match(await frame.locator('[data-testid="outside-not-covered"]').innerText(), /text Outlook shows for this message, outside that attachment, is not covered/);
  assert.deepEqual(v.nestedButtons, ["Verify signed attachment smime.p7m"]);
  await frame.getByRole("button", { name: "Verify signed attachment smime.p7m" }).click();
  const nested = frame.locator('[data-testid="opened-nested"]');
  await nested.waitFor();
  // Opened on request, it is Alice's own signed text, framed as that attachment only.
  assert.match(await nested.innerText(), /Lab appointment confirmed/);
  assert.match(await frame.locator("main").innerText(), /applies only to this attachment/);
  assert.match(await frame.locator("main").innerText(), /not covered by the attachment's encryption or signature/);
  assert.deepEqual(leakedRequests(s, env.server.url), []);
  await s.close();
});

test("weakness 2: our exact notice with one .p7m opens automatically; one word added and it does not", async () => {
  const s = await SimulatorPage.open(env, { anchorsPem: env.pki.caCertPem, identities: [env.ids.bob] });
  const der = new Uint8Array(openssl(["cms", "-encrypt", "-binary", "-in", file("e.mime", "Content-Type: text/plain\r\n\r\nAll clear.\r\n"), "-aes-256-cbc", "-outform", "DER", "-recip", env.ids.bob.certPath]));
  let v = await readPane(await openRead(s, ownFormatEml(der)));
  assert.equal(v.kind, "opened");
  assert.match(v.text ?? "", /All clear/);
  v = await readPane(await openRead(s, ownFormatEml(der, { body: "<p>Call me first.</p>" + (await import("../../../src/ui/compose/notice")).noticeHtml("both", "en", "https://x.example/reader.html") })));
  assert.equal(v.kind, "nested-only");
  await s.close();
});

test("weakness 4: a malformed cid: URL drops the image and the status chrome renders; content that throws leaves the status on screen", async () => {
  const s = await SimulatorPage.open(env, { anchorsPem: env.pki.caCertPem, identities: [env.ids.bob] });
  const html = '<p>Result text</p><img src="cid:%E0%A4%A" alt="bad"><img src="cid:%" alt="bad2">';
  const entity = `Content-Type: text/html; charset=utf-8\r\n\r\n${html}\r\n`;
  const message = openssl(["cms", "-encrypt", "-in", file("cid.mime", entity), "-aes-256-cbc", "-from", "alice@clinic.example", "-to", "bob@lab.example", "-subject", "Cid", "-recip", env.ids.bob.certPath]).toString("latin1");
  const v = await readPane(await openRead(s, message));
  assert.equal(v.kind, "opened");
  assert.equal(v.title, "Encrypted, not integrity protected");
  assert.match(v.htmlSrcdoc ?? "", /Result text/);
  assert.doesNotMatch(v.htmlSrcdoc ?? "", /cid:/);
  await s.close();

  // The boundary itself: a content view that throws while rendering.
  const { page, errors } = await openGuardedPage(await env.browser.newContext(), env.server, "boundary.html");
  await page.waitForSelector('[data-testid="status"]');
  assert.equal(await page.locator('[data-testid="status"] [id$="-title"]').innerText(), "Encrypted, not integrity protected");
  assert.equal(await page.locator('[data-testid="content-error"]').count(), 2, "the body and the attachment list each fail alone");
  assert.match(await page.locator('[data-testid="content-error"]').first().innerText(), /could not be shown/);
  // The fixture throws on purpose in both views: React reports each caught error and the boundary says
  // which kind failed (never the content). Nothing else may go wrong on the page.
  const reactReport = /^console\.error: %o[\s\S]*Error: (content|attachment name) exploded/;
  assert.deepEqual(errors.filter((e) => !reactReport.test(e)), ["console.error: [read] a content view failed to render (Error)", "console.error: [read] a content view failed to render (Error)"]);
  assert.equal(errors.filter((e) => reactReport.test(e)).length, 2);
  await page.close();
});

test("a valid signature by the .eml's own From is not green when Outlook shows another sender", async () => {
  const s = await SimulatorPage.open(env, { anchorsPem: env.pki.caCertPem, identities: [env.ids.bob] });
  const signed = openssl(["cms", "-sign", "-in", file("g.mime", "Content-Type: text/plain\r\n\r\nOrders.\r\n"), "-signer", env.ids.alice.certPath, "-inkey", env.ids.alice.keyPath, "-from", "alice@clinic.example", "-to", "bob@lab.example", "-subject", "Orders"]).toString("latin1");
  await s.page.evaluate((m) => window.spmSimulator.loadMessage(m), signed);
  // Exchange shows a sender other than the one in the message's own header (a parser differential, or a
  // header Exchange rewrote): the core checked the header, the user sees this one.
  await s.page.evaluate(() => {
    const backend = (window as unknown as { __spmSimulatorBackend: { readItem: { from: unknown } } }).__spmSimulatorBackend;
    backend.readItem.from = { displayName: "Mallory", emailAddress: "mallory@evil.example" };
  });
  await s.page.evaluate(() => window.spmSimulator.openPane("read"));
  const frame = s.pane();
  await frame.waitForSelector('[data-testid="opened"]');
  const v = await readPane(frame);
  assert.match(v.status ?? "", /^(valid|revocation-unknown)$/);
  assert.notEqual(v.intent, "success");
  assert.equal(v.title, "Signed by someone other than the sender shown");
  assert.equal(v.fromMatches, "false");
  assert.equal(await frame.locator('[data-testid="collect"]').count(), 0, "no address-book offer");
  await s.close();
});

test("weakness 6: an attachment name with bidi and zero-width controls is shown and saved without them, its real type apart", async () => {
  const s = await SimulatorPage.open(env, { anchorsPem: env.pki.caCertPem, identities: [env.ids.bob] });
  const b = "----=_bidi";
  const entity = [
    `Content-Type: multipart/mixed; boundary="${b}"`,
    "",
    `--${b}`,
    "Content-Type: text/plain",
    "",
    "Your invoice is attached.",
    `--${b}`,
    "Content-Type: application/octet-stream",
    // "invoice" U+202E "fdp.exe" U+200B: displays as "invoiceexe.pdf" where bidi controls are honoured.
    "Content-Disposition: attachment; filename*=utf-8''invoice%E2%80%AEfdp.exe%E2%80%8B",
    "Content-Transfer-Encoding: base64",
    "",
    Buffer.from("MZ fake program").toString("base64"),
    `--${b}--`,
    "",
  ].join("\r\n");
  const message = openssl(["cms", "-encrypt", "-in", file("bidi.mime", entity), "-aes-256-cbc", "-from", "alice@clinic.example", "-to", "bob@lab.example", "-subject", "Invoice", "-recip", env.ids.bob.certPath]).toString("latin1");
  const frame = await openRead(s, message);
  const v = await readPane(frame);
  assert.deepEqual(v.attachments, ["invoicefdp.exe"]);
  const row = frame.locator('[data-testid="attachments"] li');
  assert.doesNotMatch(await row.innerText(), /[\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff]/);
  assert.equal(await row.getAttribute("data-extension"), "exe");
  assert.equal(await frame.locator('[data-testid="attachment-extension"]').innerText(), "EXE file");
  assert.match(await frame.locator('[data-testid="attachment-name-changed"]').innerText(), /invisible or direction-changing characters/);
  const [download] = await Promise.all([s.page.waitForEvent("download"), frame.getByRole("button", { name: "Save invoicefdp.exe" }).click()]);
  assert.equal(download.suggestedFilename(), "invoicefdp.exe");
  await s.close();
});

test("weakness 1 in the pane: a signature outside the encryption is shown apart and never as the signer of the text", async () => {
  const s = await SimulatorPage.open(env, { anchorsPem: env.pki.caCertPem, identities: [env.ids.bob] });
  const mallory = env.pki.issue("mallory", "mallory@evil.example", { keyType: "p256" });
  // Someone's unsigned CBC message to Bob, wrapped by Mallory in her own valid multipart/signed.
  const encrypted = openssl(["cms", "-encrypt", "-in", file("plain.mime", "Content-Type: text/plain\r\n\r\nTransfer 500 EUR to the new account.\r\n"), "-aes-256-cbc", "-recip", env.ids.bob.certPath]);
  const wrapped = openssl(["cms", "-sign", "-in", file("wrap.mime", encrypted), "-signer", mallory.certPath, "-inkey", mallory.keyPath, "-from", "mallory@evil.example", "-to", "bob@lab.example", "-subject", "Payment"]).toString("latin1");
  const frame = await openRead(s, wrapped);
  const v = await readPane(frame);
  assert.equal(v.kind, "opened");
  assert.equal(v.status, "unsigned");
  assert.equal(v.intent, "warning");
  assert.equal(v.signer, undefined, "no 'Signed by' line for the outer signer");
  assert.match(await frame.locator('[data-testid="outer-signature"]').innerText(), /A signature by mallory@evil\.example lies outside the encryption\. It covers only the encrypted form/);
  assert.match(v.sentence ?? "", /Not integrity protected/);
  await s.close();
});

test("protected header fields that differ from the outside ones are said plainly, and the bar is not green", async () => {
  const s = await SimulatorPage.open(env, { anchorsPem: env.pki.caCertPem, identities: [env.ids.bob] });
  const inner = "From: alice@clinic.example\r\nSubject: Lab results patient 4711\r\nContent-Type: text/plain\r\n\r\nAll values normal.\r\n";
  const signed = openssl(["cms", "-sign", "-in", file("hp.mime", inner), "-signer", env.ids.alice.certPath, "-inkey", env.ids.alice.keyPath]);
  const message = openssl(["cms", "-encrypt", "-in", file("hp-signed.mime", signed), "-aes-256-cbc", "-from", "alice@clinic.example", "-to", "bob@lab.example", "-subject", "Invoice overdue", "-recip", env.ids.bob.certPath]).toString("latin1");
  const v = await readPane(await openRead(s, message));
  assert.match(v.status ?? "", /^(valid|revocation-unknown)$/);
  assert.equal(v.intent, "warning", "a valid signature, but the subject Outlook shows is not the signed one");
  assert.ok(v.details.some((d) => /Subject field inside the protected message \(Lab results patient 4711\) differs from the one outside \(Invoice overdue\)/.test(d)), v.details.join(" | "));
  assert.equal(v.subject, "Subject: Lab results patient 4711");
  await s.close();
});
