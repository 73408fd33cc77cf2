/**
 * The web reader (reader.html) in Chromium, with messages made in the test run:
 * - our format (.eml) with hostile HTML, dropped on the page after importing a .p12 through the page's
 *   (the settings pane's) import form: decrypted, verified, the same status chrome and sandboxed content,
 *   the attachment saved byte-exact; and nothing leaves the browser: no request at all from choosing the file
 *   on (Playwright's page listener), and none reaching a server on another local origin from the sandboxed
 *   content frame (whose requests the listener does not see), with a positive control for that server;
 * - keys from the same key store on the same origin (imported through the simulator page);
 * - a bare smime.p7m (OpenSSL DER): opened, never green (no sender to compare);
 * - a forged .eml wrapping a genuine signed .p7m: not opened as the message (issue 13, weakness 2);
 * - a message for someone else: the calm sentence, and the import form is there.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext } from "playwright-core";
import { openssl } from "../../helpers/openssl";
import { startRecorder, type Recorder } from "../decrypt/helpers";
import { ownFormatEml } from "../pages/read";
import { ReaderPage, readerContext } from "../pages/reader";
import { SimulatorPage } from "../pages/simulator";
import { browserSuite } from "../../helpers/suite";
import { multipart, p7mPart, textPart } from "../../helpers/mime-build";
import { draftFromAlice, protectDraft } from "../../helpers/protect";

const env = browserSuite({
  identities: { alice: ["alice", "alice@clinic.example"], bob: ["bob", "bob@lab.example"] },
  extra: async () => (rec = await startRecorder()),
});
let rec: Recorder;
const pdf = Buffer.concat([Buffer.from("%PDF-1.7\n"), randomBytes(20_000)]);

const newContext = (options: { bypassCSP?: boolean } = {}) => readerContext(env, env.pki.caCertPem, options);
const openReader = async (context?: BrowserContext) => ReaderPage.open(env, context ?? (await newContext()));

function hostileHtml(R: string): string {
  return `<html><head><link rel="stylesheet" href="${R}/link.css"><style>@import url("${R}/import.css"); body { background: url(${R}/bg.png) }</style></head>
<body><p>Dear Bob, the biopsy is benign.</p><img src="${R}/track.png?secret=1"><img srcset="${R}/srcset.png 1x">
<div style="background-image:url('${R}/div.png')">styled</div><form action="${R}/form"><input name="q" value="secret"></form>
<video poster="${R}/poster.png"></video><iframe src="${R}/frame"></iframe><a href="${R}/link">a link</a></body></html>`;
}

async function ownMessage(html: string): Promise<string> {
  const draft = draftFromAlice({
    subject: "Biopsy",
    messageId: "reader-1@clinic.example",
    html,
    attachments: [{ name: "befund.pdf", content: pdf, contentType: "application/pdf" }],
  });
  const cms = await protectDraft(draft, env.ids.alice, [env.ids.bob]);
  return ownFormatEml(cms, { readerUrl: `${env.server.url}/reader.html` });
}

test("our .eml dropped in after a .p12 import: decrypted, verified, sandboxed; the file saved; nothing leaves the browser", async () => {
  const r = await openReader();
  const { page } = r;
  // The page says where it is and that nothing leaves, before anything is chosen.
  assert.equal(await page.locator('[data-testid="reader-origin"]').innerText(), env.server.url);
  assert.match(await page.locator('[data-testid="local-only"]').innerText(), /Nothing leaves this browser/);
  assert.equal(await page.locator('input[type="file"]#reader-file').count(), 1);
  await r.importP12(env.ids.bob);

  const before = r.requests.length;
  await r.dropFile("Biopsy.eml", Buffer.from(await ownMessage(hostileHtml(rec.url)), "latin1"));
  await page.locator('[data-testid="opened"]').waitFor({ timeout: 30_000 });
  const status = page.locator('[data-testid="status"]').first();
  assert.match((await status.getAttribute("data-status")) ?? "", /^(valid|revocation-unknown)$/);
  assert.equal(await status.getAttribute("data-intent"), "success");
  assert.equal(await status.locator('[id$="-title"]').innerText(), "Encrypted and signed");
  assert.equal(await page.locator('[data-testid="from-match"]').getAttribute("data-matches"), "true");
  const frame = page.locator('[data-testid="html-body"]');
  assert.equal(await frame.getAttribute("sandbox"), "");
  const srcdoc = (await frame.getAttribute("srcdoc")) ?? "";
  assert.match(srcdoc, /the biopsy is benign/);
  assert.ok(!srcdoc.includes(rec.url.replace("http://", "")) || /\[http:\/\/127\.0\.0\.1:\d+\/link\]/.test(srcdoc), "no remote URL is live in the frame");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Save befund.pdf" }).click()]);
  assert.equal(download.suggestedFilename(), "befund.pdf");
  assert.deepEqual(readFileSync((await download.path())), pdf);

  // Give the content frame time to try anything it could.
  await page.waitForTimeout(1500);
  const after = r.requests.slice(before).map((q) => `${q.method()} ${q.url()}`);
  assert.deepEqual(after.filter((u) => !u.startsWith("GET blob:")), [], "no request from choosing the file on (the saved file is a local blob)");
  assert.deepEqual([...rec.requests], [], "no request reached another origin");
  assert.deepEqual(r.errors, []);
  // Positive control: the recorder does see a page that loads from it.
  const control = await r.context.newPage();
  await control.setContent(`<img src="${rec.url}/control.png">`);
  await control.waitForLoadState("networkidle");
  assert.ok(rec.requests.some((q) => q.includes("/control.png")));
  rec.requests.length = 0;
  await r.context.close();
});

test("keys already in this origin's key store are used without asking for a file", async () => {
  const context = await newContext();
  await SimulatorPage.open(env, { context, identities: [env.ids.bob] });
  const r = await openReader(context);
  assert.match(await r.page.locator('[data-testid="reader-keys-held"]').innerText(), /bob@lab\.example/);
  const eml = openssl(["cms", "-encrypt", "-in", writeTemp("n.mime", "Content-Type: text/plain\r\n\r\nNative S/MIME for Bob.\r\n"), "-aes-256-cbc", "-from", "alice@clinic.example", "-to", "bob@lab.example", "-subject", "N", "-recip", env.ids.bob.certPath]);
  await r.chooseFile("native.eml", "message/rfc822", eml);
  await r.page.locator('[data-testid="opened"]').waitFor();
  assert.match(await r.page.locator('[data-testid="text-body"]').innerText(), /Native S\/MIME for Bob/);
  assert.equal(await r.page.locator('[data-testid="status"] [id$="-title"]').innerText(), "Encrypted, not integrity protected");
  await context.close();
});

function writeTemp(name: string, content: string | Buffer): string {
  const p = join(env.pki.dir, name);
  writeFileSync(p, content);
  return p;
}

test("a bare smime.p7m opens but is never green; a forged .eml around a genuine .p7m is not the message; a message for someone else says so", async () => {
  const r = await openReader();
  await r.importP12(env.ids.bob);
  const signed = openssl(["cms", "-sign", "-in", writeTemp("s.mime", "Content-Type: text/plain\r\n\r\nSigned by Alice.\r\n"), "-signer", env.ids.alice.certPath, "-inkey", env.ids.alice.keyPath]);
  const der = openssl(["cms", "-encrypt", "-binary", "-in", writeTemp("s.eml", signed), "-aes-256-cbc", "-outform", "DER", "-recip", env.ids.bob.certPath]);
  await r.chooseFile("smime.p7m", "application/pkcs7-mime", der);
  await r.page.locator('[data-testid="opened"]').waitFor();
  assert.match(await r.page.locator('[data-testid="bare-cms"]').innerText(), /no sender to compare/);
  assert.equal(await r.page.locator('[data-testid="status"]').first().getAttribute("data-intent"), "warning");
  assert.match(await r.page.locator('[data-testid="status-details"]').innerText(), /no sender to compare the signer with: check that alice@clinic\.example/);

  const b = "----=_forged";
  const forged = multipart(b, [
    textPart("Please double the dose. Signed copy attached."),
    p7mPart(der),
  ], { headers: ["From: alice@clinic.example", "To: bob@lab.example", "Subject: Transfer"] });
  await r.chooseFile("forged.eml", "message/rfc822", Buffer.from(forged, "latin1"));
  await r.page.locator('[data-testid="nested-only"]').waitFor();
  assert.match(await r.page.locator('[data-testid="outside-not-covered"]').innerText(), /not covered/);
  assert.equal(await r.page.locator('[data-testid="opened"]').count(), 0);

  const carol = env.pki.issue("carol", "carol@lab.example");
  const forCarol = openssl(["cms", "-encrypt", "-in", writeTemp("c.mime", "Content-Type: text/plain\r\n\r\nx\r\n"), "-aes-256-cbc", "-recip", carol.certPath]);
  await r.chooseFile("carol.eml", "message/rfc822", forCarol);
  await r.page.locator('[data-testid="error"]').waitFor();
  assert.equal(await r.page.locator('[data-testid="error"]').getAttribute("data-code"), "NOT_FOR_ME");
  assert.equal(await r.page.locator('[data-testid="import-form"]').count(), 1, "a key file can be given right here");
  assert.deepEqual(r.errors, []);
  await r.context.close();
});

test("axe: the reader has no serious or critical violations, before and after opening a message; German follows the browser", async () => {
  // axe is injected as an inline script, which the page's own CSP rightly refuses: bypassed for this audit only.
  const r = await openReader(await newContext({ bypassCSP: true }));
  assert.deepEqual(await r.axe(), [], "idle");
  await r.importP12(env.ids.bob);
  await r.chooseFile("m.eml", "message/rfc822", Buffer.from(await ownMessage("<p>Hello</p>"), "latin1"));
  await r.page.locator('[data-testid="opened"]').waitFor();
  assert.deepEqual(await r.axe(), [], "opened");
  await r.context.close();
  const de = await env.browser.newContext({ locale: "de-DE" });
  const page = await de.newPage();
  await page.goto(`${env.server.url}/reader.html`);
  assert.match(await page.locator('[data-testid="local-only"]').innerText(), /Nichts verlässt diesen Browser/);
  assert.equal(await page.evaluate(() => document.documentElement.lang), "de");
  await de.close();
});
