/**
 * Issue 18: attacker-controlled text reaches the panes' DOM only as text. A `<script>` and an event-handler
 * payload go through each place such text enters: a certificate subject (the issuing CA's name, shown for the
 * signer in the read pane and for the own certificate in settings), a file name (an attachment), a display
 * name (the sender; a compose recipient) and a subject line (the protected subject; the compose draft). Nothing runs: no marker is set in any window, no
 * dialog opens, the payload's elements do not exist, the text shows literally, and the policy never even had
 * to block anything (zero violations: nothing tried).
 */
import { afterAll, beforeAll, test } from "@jest/globals";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { Browser, Frame, Page } from "playwright-core";
import { buildDraftEntity } from "../../../src/core/mime";
import { protectEntity } from "../../../src/core/smime";
import { launchBrowser, paneFrame, startServer, type TestServer } from "../../helpers/browser";
import { createTestPki, type TestIdentity, type TestPki } from "../../helpers/openssl";
import { ownFormatEml } from "../pages/read";
import { cspSession, describe as describeViolations, type CspSession } from "./csp-harness";

/** An event handler and a script element; each would set top.__pwned to its tag if it ever ran. */
const payload = (tag: string) => `<img src=x onerror="top.__pwned='${tag}'"><script>top.__pwned='${tag}'</script>`;
/**
 * A certificate subject (the issuing CA's: the panes show issuers' names, and the signer's own CN in details).
 * openssl -subj cannot take "/", so no closing tag there (both are live elements when parsed as HTML).
 */
const CERT_NAME = `<img src=x onerror=top.__pwned=1><svg onload=top.__pwned=2>`;

let server: TestServer;
let browser: Browser;
let pki: TestPki;
let mallory: TestIdentity;
let bob: TestIdentity;

beforeAll(async () => {
  pki = createTestPki({ caName: CERT_NAME });
  mallory = pki.issue(CERT_NAME, "mallory@clinic.example");
  bob = pki.issue("bob", "bob@lab.example");
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  pki?.cleanup();
});

const p12 = (id: TestIdentity) => [readFileSync(id.p12Path).toString("base64"), id.password] as const;

async function hostileMessage(): Promise<string> {
  const entity = buildDraftEntity({
    from: { name: payload("display-inner"), address: "mallory@clinic.example" },
    to: [{ name: "Bob", address: "bob@lab.example" }],
    cc: [],
    subject: payload("subject"),
    date: new Date(),
    messageId: "inject-1@clinic.example",
    text: "Plain text body.",
    attachments: [{ name: `${payload("file")}.pdf`, content: new TextEncoder().encode("%PDF-1.7\n"), contentType: "application/pdf" }],
  });
  const { cms } = await protectEntity({ entity, signer: { certificate: mallory.certDer, privateKey: mallory.keyPkcs8, chain: [] }, recipients: [{ certificate: bob.certDer }] });
  return ownFormatEml(cms, {
    headers: [`From: "${payload("display")}" <mallory@clinic.example>`, "To: Bob <bob@lab.example>", `Subject: ${payload("outer-subject")}`, "Message-ID: <inject-1@clinic.example>"],
  });
}

/** Nothing ran and nothing of the payload became an element, in the simulator page and the pane. */
async function assertInert(s: CspSession, pane: Frame, dialogs: string[]): Promise<void> {
  await s.page.waitForTimeout(500);
  for (const target of [s.page as Page | Frame, pane]) {
    assert.equal(await target.evaluate(() => (window as { __pwned?: unknown }).__pwned), undefined);
  }
  assert.equal(await pane.locator('img[src="x"], svg[onload], script:not([src])').count(), 0, "no payload element exists");
  assert.deepEqual(dialogs, []);
  assert.equal(s.violations.length, 0, describeViolations(s.violations));
  assert.deepEqual(s.errors, []);
}

// The read pane names the sender by address, so the display-name payloads (outer and protected From) are
// checked only for not running; the others are also asserted to be on screen, literally.
test("read pane: a certificate subject, the protected subject and a file name render as text; the sender's display name runs nothing", async () => {
  const s = await cspSession(browser, server);
  const dialogs: string[] = [];
  s.page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await s.page.evaluate(([b, pw]) => window.spmSimulator.importIdentity(b, pw), p12(bob));
  await s.page.evaluate((m) => window.spmSimulator.loadMessage(m), await hostileMessage());
  await s.page.evaluate(() => window.spmSimulator.openPane("read"));
  const pane = paneFrame(s.page);
  await pane.locator('[data-testid="opened"]').waitFor({ timeout: 45_000 });
  const text = (await pane.locator('[data-testid="opened"]').textContent()) ?? "";
  // Each reached the DOM, literally (so the test exercised the place it names).
  assert.ok(text.includes(payload("subject")), `protected subject shown as text: ${text.slice(0, 400)}`);
  assert.ok(text.includes(`CN=${CERT_NAME}`), `the issuer's certificate subject is shown as text: ${text.slice(0, 600)}`);
  const names = await pane.locator('[data-testid="attachments"] li').evaluateAll((lis) => lis.map((li) => li.textContent ?? ""));
  assert.ok(names.some((n) => n.includes("<img src=x onerror=")), `file name shown as text: ${JSON.stringify(names)}`);
  await assertInert(s, pane, dialogs);
  await s.close();
}, 90_000);

test("settings and compose: a certificate subject and a recipient's display name render as text; the draft subject runs nothing", async () => {
  const s = await cspSession(browser, server);
  const dialogs: string[] = [];
  s.page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await s.page.evaluate(([b, pw]) => window.spmSimulator.importIdentity(b, pw), p12(mallory));
  await s.page.evaluate((pem) => window.spmSimulator.importRecipientCertificate(pem), bob.certPem);
  await s.page.evaluate(() => window.spmSimulator.openPane("settings"));
  let pane = paneFrame(s.page);
  await pane.getByText(`Issued by ${CERT_NAME}`).first().waitFor({ timeout: 15_000 });
  await assertInert(s, pane, dialogs);

  const hostile = { display: payload("recipient"), subject: payload("draft-subject") };
  await s.page.evaluate(
    (h) =>
      window.spmSimulator.loadDraft({
        from: { displayName: "Mallory", emailAddress: "mallory@clinic.example" },
        to: [{ displayName: h.display, emailAddress: "bob@lab.example" }],
        subject: h.subject,
        bodyHtml: "<p>Hello</p>",
        attachments: [],
      }),
    hostile,
  );
  await s.page.evaluate(() => window.spmSimulator.openPane("compose"));
  pane = paneFrame(s.page);
  await pane.getByRole("button", { name: /^(Encrypt|Sign(?! in))/ }).first().waitFor({ timeout: 15_000 });
  const text = (await pane.locator("#root").textContent()) ?? "";
  assert.ok(text.includes(hostile.display), `the recipient's display name is shown as text: ${text.slice(0, 600)}`);
  await assertInert(s, pane, dialogs);
  await s.close();
}, 90_000);
