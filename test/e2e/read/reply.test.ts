/**
 * Encrypted reply and forward (issue 12 §3), end to end in the simulator: Bob reads Alice's signed and
 * encrypted message in our format; the read pane records the conversation as encrypted (roaming settings),
 * opens Outlook's own reply form with the decrypted text quoted (and, from Mailbox 1.15, the decrypted file
 * byte-exact), a forward as a new message without files; the compose pane then encrypts the reply and OpenSSL
 * decrypts it for Alice. A letter over Outlook's 32 KB form limit is quoted shortened, with a note.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { openssl } from "../../helpers/openssl";
import { outerHeaders } from "../compose/graph-helpers";
import { mainButton, openCompose } from "../pages/compose";
import { SimulatorPage, waitForClosedDraft } from "../pages/simulator";
import { leakedRequests, openRead, ownFormatEml } from "../pages/read";
import { browserSuite } from "../../helpers/suite";
import { draftFromAlice, protectDraft } from "../../helpers/protect";

const env = browserSuite({
  identities: {
    alice: ["alice", "alice@clinic.example"],
    bob: ["bob", "bob@lab.example"],
  },
});

const pdf = Buffer.concat([Buffer.from("%PDF-1.7\n"), randomBytes(40_000)]);

async function aliceWrites(text: string, attachments: { name: string; content: Uint8Array; contentType: string }[] = []): Promise<string> {
  const draft = draftFromAlice({
    subject: "Befund Müller",
    date: new Date("2026-03-02T09:00:00Z"),
    messageId: "reply-1@clinic.example",
    text,
    attachments,
  });
  const cms = await protectDraft(draft, env.ids.alice, [env.ids.bob]);
  return ownFormatEml(cms, { headers: ["From: Dr. Alice <alice@clinic.example>", "To: Bob <bob@lab.example>", "Subject: [...]", "Message-ID: <reply-1@clinic.example>"] });
}

/** Bob's session with Alice's certificate in his address book (for the encrypted answer). */
async function bobSession(): Promise<SimulatorPage> {
  const s = await SimulatorPage.open(env, { anchorsPem: env.pki.caCertPem, identities: [env.ids.bob] });
  await s.page.evaluate((pem) => window.spmSimulator.importRecipientCertificate(pem), env.ids.alice.certPem);
  // The mailbox belongs to Bob: his address is the draft's From and the one reply-all leaves out.
  await s.page.evaluate(() => window.spmSimulator.loadDraft({ from: { displayName: "Bob", emailAddress: "bob@lab.example" } }));
  return s;
}

const registry = (s: SimulatorPage) =>
  s.page.evaluate(() => {
    const v = (window as unknown as { __spmSimulatorBackend: { roamingSettings: Record<string, unknown> } }).__spmSimulatorBackend.roamingSettings.spmEncryptedConversations;
    return (typeof v === "string" ? JSON.parse(v) : v ?? []) as { conversationId: string; at: string }[];
  });

test("Reply: the conversation is recorded, Outlook's form opens with the quote; Reply all adds the decrypted file; Forward has none", async () => {
  const s = await bobSession();
  const frame = await openRead(s, await aliceWrites("Dear Bob,\nthe biopsy of Mr Müller is benign.\nAlice", [{ name: "befund.pdf", content: pdf, contentType: "application/pdf" }]));
  await frame.locator('[data-testid="reply-actions"]').waitFor();
  // Recorded on open, before any button: Outlook's own Reply button leads to a marked draft too.
  await s.page.waitForFunction(() => (window as unknown as { __spmSimulatorBackend: { roamingSettings: Record<string, unknown> } }).__spmSimulatorBackend.roamingSettings.spmEncryptedConversations !== undefined);
  const recorded = await registry(s);
  assert.equal(recorded.length, 1);
  assert.ok(Math.abs(Date.parse(recorded[0].at) - Date.now()) < 60_000);

  await frame.getByRole("button", { name: "Reply", exact: true }).click();
  await frame.locator('[data-testid="reply-opened"][data-kind="reply"]').waitFor();
  let forms = await s.page.evaluate(() => window.spmSimulator.getOpenedForms());
  let form = forms.at(-1)!;
  assert.equal(form.kind, "reply");
  assert.deepEqual([...form.to], ["alice@clinic.example"]);
  assert.equal(form.conversationId, recorded[0].conversationId, "the reply belongs to the recorded conversation");
  assert.match(form.htmlBody, /the biopsy of Mr Müller is benign\.<br>Alice/);
  assert.match(form.htmlBody, /<b>Subject:<\/b> Befund Müller/);
  assert.equal(form.attachments.length, 0, "a reply carries no files unless asked");
  assert.match(await frame.locator('[data-testid="reply-opened"]').innerText(), /keeps the draft unencrypted in your Drafts folder/);

  await frame.getByRole("checkbox", { name: "Add the decrypted attachments to the reply (1)" }).check();
  await frame.getByRole("button", { name: "Reply all" }).click();
  await frame.waitForFunction(() => (window.parent as unknown as { spmSimulator: { getOpenedForms(): unknown[] } }).spmSimulator.getOpenedForms().length === 2);
  forms = await s.page.evaluate(() => window.spmSimulator.getOpenedForms());
  form = forms.at(-1)!;
  assert.equal(form.kind, "replyAll");
  assert.deepEqual(form.attachments.map((a) => a.name), ["befund.pdf"]);
  const draft = await s.page.evaluate(() => window.spmSimulator.getDraft());
  assert.deepEqual(Buffer.from(draft.attachments[0].contentBase64, "base64"), pdf, "byte-exact");

  await frame.getByRole("button", { name: "Forward" }).click();
  await frame.locator('[data-testid="reply-opened"][data-kind="forward"]').waitFor();
  form = (await s.page.evaluate(() => window.spmSimulator.getOpenedForms())).at(-1)!;
  assert.equal(form.kind, "new");
  assert.equal(form.subject, "FW: Befund Müller");
  assert.equal(form.conversationId, null, "Outlook gives a new message no conversation: the registry cannot mark a forward");
  assert.equal(form.attachments.length, 0);
  assert.match(form.htmlBody, /Forwarded message, decrypted by Secure Patient Mail/);
  assert.match(await frame.locator('[data-testid="reply-actions"]').innerText(), /does not let add-ins put files into a forward/);
  assert.deepEqual(leakedRequests(s, env.server.url), []);
  assert.deepEqual(s.errors, []);
  await s.close();
});

test("the send guard stops the reply unencrypted; the compose pane opens it with Encrypt on, threads it, and OpenSSL decrypts it for Alice (both delivery formats)", async () => {
  const s = await bobSession();
  // A policy under which only the "answer to encrypted mail" rule can stop this reply (internal, no patterns).
  await s.page.evaluate(() => void (window.__spmSimulatorBackend!.roamingSettings["spm.policy"] = JSON.stringify({ sendGuard: "warn", scope: "patient-data-or-external", internalDomains: ["lab.example", "clinic.example"] })));
  const message = await aliceWrites("Please confirm the dose of 50 mg.");
  for (const format of ["standard", "attachment"] as const) {
    const frame = await openRead(s, message);
    await frame.getByRole("button", { name: "Reply", exact: true }).click();
    await frame.locator('[data-testid="reply-opened"]').waitFor();
    const unencrypted = await s.page.evaluate(() => window.spmSimulator.send());
    assert.equal(unencrypted.allowEvent, false, JSON.stringify(unencrypted));
    assert.match(String(unencrypted.errorMessage), /answers or forwards an encrypted message/);

    const compose = await openCompose(s.page, format === "attachment" ? { format } : {});
    // The compose pane knows the draft answers encrypted mail: the registry the read pane wrote names its conversation.
    await compose.getByText("This is a reply to or forward of an encrypted message, so encryption is on.").waitFor();
    assert.equal(await compose.getByRole("switch", { name: "Encrypt" }).isChecked(), true);
    await mainButton(compose).click();
    const dir = env.pki.dir;
    let inner: string;
    if (format === "standard") {
      // Sent through the simulated Graph as a whole S/MIME message: threaded by the draft's inReplyTo.
      await waitForClosedDraft(s.page);
      const [sent] = await s.page.evaluate(() => window.spmSimulator.sentMessages());
      const outer = outerHeaders(sent.mime);
      assert.equal(outer["in-reply-to"], "<reply-1@clinic.example>");
      assert.equal(outer["references"], "<reply-1@clinic.example>");
      writeFileSync(join(dir, "reply.eml"), Buffer.from(sent.mime, "latin1"));
      inner = openssl(["cms", "-decrypt", "-in", join(dir, "reply.eml"), "-inkey", env.ids.alice.keyPath, "-recip", env.ids.alice.certPath]).toString("latin1");
    } else {
      await compose.getByText(/The message is encrypted/).first().waitFor({ timeout: 20_000 });
      const draft = await s.page.evaluate(() => window.spmSimulator.getDraft());
      const p7m = draft.attachments.find((a) => a.name === "smime.p7m");
      assert.ok(p7m, draft.attachments.map((a) => a.name).join(","));
      writeFileSync(join(dir, "reply.p7m"), Buffer.from(p7m.contentBase64, "base64"));
      inner = openssl(["cms", "-decrypt", "-inform", "DER", "-in", join(dir, "reply.p7m"), "-inkey", env.ids.alice.keyPath, "-recip", env.ids.alice.certPath]).toString("latin1");
      // Outlook sends this one itself: Exchange threads the outer message from the reply draft, which names
      // the original (item.inReplyTo).
      assert.equal(await s.page.evaluate(() => window.__spmSimulatorBackend!.draft.inReplyTo), "<reply-1@clinic.example>");
      const encrypted = await s.page.evaluate(() => window.spmSimulator.send());
      assert.notEqual(encrypted.allowEvent, false, JSON.stringify(encrypted));
    }
    // Inside the envelope (RFC 9788) only where the compose pane builds the whole message itself.
    if (format === "standard") assert.ok(/\r\nIn-Reply-To: <reply-1@clinic\.example>\r\n/.test(inner), inner.slice(0, 900));
    writeFileSync(join(dir, "reply-inner.eml"), inner);
    const content = openssl(["cms", "-verify", "-in", join(dir, "reply-inner.eml"), "-CAfile", env.pki.caCertPath, "-signer", join(dir, "reply-signer.pem")]).toString("utf8");
    assert.match(openssl(["x509", "-in", join(dir, "reply-signer.pem"), "-noout", "-email"]).toString(), /bob@lab\.example/);
    assert.match(content.replace(/=\r?\n/g, "").replace(/=3D/g, "="), /Please confirm the dose of 50 mg\./, format);
  }
  assert.deepEqual(s.errors, []);
  await s.close();
});

test("a letter longer than Outlook's 32 KB form limit is quoted shortened, with a note in the quote and in the pane", async () => {
  const s = await bobSession();
  const long = Array.from({ length: 900 }, (_, i) => `Line ${i}: the measurements were within the normal range.`).join("\n");
  const frame = await openRead(s, await aliceWrites(long));
  await frame.getByRole("button", { name: "Reply", exact: true }).click();
  await frame.locator('[data-testid="reply-opened"]').waitFor();
  const form = (await s.page.evaluate(() => window.spmSimulator.getOpenedForms())).at(-1)!;
  assert.ok(form.htmlBody.length <= 32 * 1024, String(form.htmlBody.length));
  assert.ok(/the quoted message was shortened to fit Outlook's 32 KB limit/.test(form.htmlBody), form.htmlBody.slice(-400));
  assert.match(await frame.locator('[data-testid="reply-opened"]').innerText(), /The quote was shortened to fit Outlook's limit for replies \(\d+ of \d+ characters\)/);
  await s.close();
});
