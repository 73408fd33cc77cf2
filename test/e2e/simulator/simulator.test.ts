import { afterAll, beforeAll, test } from "@jest/globals";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { Browser, Frame, Page } from "playwright-core";
import { launchBrowser, openSimulator, paneFrame, startServer, type TestServer } from "../../helpers/browser";
import { makeTestMessages, type TestMessages } from "../../unit/host/messages";
import type { DraftSnapshot, EncryptedDraft, ItemInfo, SmimeBytes } from "../../../src/host";

/** JSON crossing back from the page: bytes travel as base64. */
type Base64Bytes<T extends { bytes: Uint8Array }> = Omit<T, "bytes"> & { bytes: string };

/** An error as fixtures/test-pane.ts reports it (code and details of the host port's SpmError). */
interface PaneError {
  error: true;
  code?: string;
  message: string;
  details: { officeError?: string; nativeSmimeSuspected?: boolean };
}

/** What fixtures/test-pane.ts puts on `window.testPane`. */
interface TestPane {
  snapshot(): Promise<Omit<DraftSnapshot, "attachments"> & { attachments: Base64Bytes<DraftSnapshot["attachments"][number]>[] }>;
  apply(result: EncryptedDraft): Promise<{ ok: true } | PaneError>;
  undo(): Promise<void>;
  itemInfo(): ItemInfo;
  addressBook(): Promise<{ entries: string[]; identities: string[]; lost: { storageLost: boolean } }>;
  smime(): Promise<Base64Bytes<SmimeBytes> | undefined>;
}

/** Calls a method of the test pane in the pane's frame, typed by TestPane. */
async function pane<K extends keyof TestPane>(frame: Frame, method: K, ...args: Parameters<TestPane[K]>): Promise<Awaited<ReturnType<TestPane[K]>>> {
  const result = await frame.evaluate(
    ([m, a]) => (window as unknown as { testPane: Record<string, (...x: unknown[]) => unknown> }).testPane[m](...a),
    [method, args] as [string, unknown[]],
  );
  return result as Awaited<ReturnType<TestPane[K]>>;
}

/** A failed apply: the PaneError, or an assertion failure when the apply succeeded. */
function failed(r: { ok: true } | PaneError): PaneError {
  assert.ok("error" in r, "expected the apply to fail");
  return r;
}

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
const draft = {
  from: { displayName: "Dr. Alice", emailAddress: "alice@clinic.example" },
  to: ["Bob <bob@lab.example>", { displayName: "Carol", emailAddress: "carol@lab.example" }],
  cc: ["dave@lab.example"],
  bcc: [],
  subject: "Results for patient 4711",
  bodyHtml: "<p>Dear Bob, see attached.</p>",
  attachments: [{ name: "results.pdf", contentBase64: b64("%PDF-1.4 fake"), isInline: false, contentId: undefined }],
};
const encrypted = { noticeHtml: "<p>This message is encrypted.</p>", p7mBase64: b64("CMS-BLOB"), headers: { "x-spm-protected": "1" } };

let server: TestServer;
let browser: Browser;
let messages: TestMessages;

beforeAll(async () => {
  messages = makeTestMessages();
  [server, browser] = await Promise.all([
    startServer({ entries: { "test-pane": "test/e2e/simulator/fixtures/test-pane.ts" }, staticDirs: ["test/e2e/simulator/fixtures"] }),
    launchBrowser(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  messages?.cleanup();
});

async function openTestPane(page: Page, mode: "compose" | "read" = "compose"): Promise<Frame> {
  await page.evaluate((m) => window.spmSimulator.openPane("test-pane.html", { mode: m }), mode);
  const frame = paneFrame(page);
  await frame.waitForFunction(() => "testPane" in window);
  return frame;
}

test("loadDraft/getDraft round trip; both address forms accepted", async () => {
  const { page, errors } = await openSimulator(browser, server);
  const got = await page.evaluate((d) => {
    window.spmSimulator.loadDraft(d);
    return window.spmSimulator.getDraft();
  }, draft);
  assert.deepEqual(got.to, [
    { displayName: "Bob", emailAddress: "bob@lab.example" },
    { displayName: "Carol", emailAddress: "carol@lab.example" },
  ]);
  assert.equal(got.attachments[0].name, "results.pdf");
  assert.equal(got.attachments[0].contentBase64, draft.attachments[0].contentBase64);
  assert.deepEqual(got.internetHeaders, {});
  // The mock mail window shows the draft, and edits there reach the mailbox.
  assert.equal(await page.inputValue("#sim-subject"), draft.subject);
  await page.fill("#sim-subject", "Edited subject");
  assert.equal(await page.evaluate(() => (window.spmSimulator.getDraft() as unknown as { subject: string }).subject), "Edited subject");
  assert.deepEqual(errors, []);
  await page.close();
});

test("the pane in the iframe sees the draft through the host port, applies and undoes", async () => {
  const { page, errors } = await openSimulator(browser, server);
  await page.evaluate((d) => window.spmSimulator.loadDraft(d), draft);
  const frame = await openTestPane(page);
  const snap = await pane(frame, "snapshot");
  assert.equal(snap.subject, draft.subject);
  assert.equal(snap.body, draft.bodyHtml);
  assert.equal(snap.from?.emailAddress, "alice@clinic.example");
  assert.equal(Buffer.from(snap.attachments[0].bytes, "base64").toString(), "%PDF-1.4 fake");
  assert.deepEqual(await pane(frame, "apply", encrypted), { ok: true });
  const after = await page.evaluate(() => window.spmSimulator.getDraft());
  assert.deepEqual(after.attachments.map((a) => a.name), ["smime.p7m"]);
  assert.equal(after.bodyHtml, encrypted.noticeHtml);
  assert.equal(after.internetHeaders["x-spm-protected"], "1");
  await pane(frame, "undo");
  const undone = await page.evaluate(() => window.spmSimulator.getDraft());
  assert.equal(undone.bodyHtml, draft.bodyHtml);
  assert.deepEqual(undone.attachments.map((a) => [a.name, a.contentBase64]), [["results.pdf", draft.attachments[0].contentBase64]]);
  assert.deepEqual(undone.internetHeaders, {});
  assert.deepEqual(errors, []);
  await page.close();
});

test("failNext set on the top window fails the pane's call; the draft is left as it was", async () => {
  const { page } = await openSimulator(browser, server);
  await page.evaluate((d) => window.spmSimulator.loadDraft(d), draft);
  const before = await page.evaluate(() => window.spmSimulator.getDraft());
  const frame = await openTestPane(page);
  for (const [method, code] of [
    ["addFileAttachmentFromBase64Async", "AttachmentSizeExceeded"],
    ["body.setAsync", "DataExceedsMaximumSize"],
    ["removeAttachmentAsync", 9009],
  ] as const) {
    // The port's first add and remove are its S/MIME probe (src/host/smime-probe.ts): fail the real call.
    const after = method === "body.setAsync" ? 0 : 1;
    await page.evaluate(([m, c, n]) => window.spmSimulator.failNext(m, c, { after: n }), [method, code, after] as [string, string | number, number]);
    const r = failed(await pane(frame, "apply", encrypted));
    assert.equal(r.code, "HOST_ERROR", method);
    assert.equal(r.details.officeError, typeof code === "number" ? "AttachmentDeleteGeneralFailure" : code);
    const now = await page.evaluate(() => window.spmSimulator.getDraft());
    assert.deepEqual(
      now.attachments.map((a) => [a.name, a.contentBase64]),
      before.attachments.map((a) => [a.name, a.contentBase64]),
    );
    assert.equal(now.bodyHtml, before.bodyHtml);
    assert.deepEqual(now.internetHeaders, before.internetHeaders);
  }
  await page.close();
});

test("Outlook's own S/MIME on: the attachment add hangs and the port reports it", async () => {
  const { page } = await openSimulator(browser, server);
  await page.evaluate((d) => {
    window.spmSimulator.loadDraft(d);
    window.spmSimulator.setNativeSmime(true);
  }, draft);
  const frame = await openTestPane(page);
  const r = failed(await pane(frame, "apply", encrypted));
  assert.equal(r.details.nativeSmimeSuspected, true);
  assert.ok((await page.evaluate(() => window.spmSimulator.getEventLog())).some((e) => e.outcome === "pending-forever"));
  await page.close();
});

test("loadMessage: openssl cms -encrypt is IPM.Note.SMIME with smime.p7m = CMS DER; cms -sign is MultipartSigned", async () => {
  const { page } = await openSimulator(browser, server);
  assert.equal((await page.evaluate((eml) => window.spmSimulator.loadMessage(eml), messages.encryptedEml)).itemClass, "IPM.Note.SMIME");
  let frame = await openTestPane(page, "read");
  const info = await pane(frame, "itemInfo");
  assert.equal(info.itemClass, "IPM.Note.SMIME");
  assert.deepEqual(info.attachments.map((a: { name: string }) => a.name), ["smime.p7m"]);
  // Mailbox 1.14: the whole original message; without it, the smime.p7m attachment (exactly the CMS DER).
  const whole = await pane(frame, "smime");
  assert.ok(whole, "the read port found the S/MIME bytes");
  assert.equal(whole.kind, "eml");
  assert.equal(Buffer.from(whole.bytes, "base64").toString("latin1"), messages.encryptedEml);
  await page.evaluate(() => window.spmSimulator.setRequirementSets(["1.1", "1.5", "1.8", "1.13"]));
  frame = await openTestPane(page, "read");
  const enc = await pane(frame, "smime");
  assert.ok(enc, "the read port found the S/MIME bytes");
  assert.equal(enc.kind, "p7m-attachment");
  assert.deepEqual(new Uint8Array(Buffer.from(enc.bytes, "base64")), messages.encryptedDer);
  await page.evaluate(() => window.spmSimulator.setRequirementSets(["1.1", "1.5", "1.8", "1.11", "1.12", "1.13", "1.14"]));

  await page.evaluate((eml) => window.spmSimulator.loadMessage(eml), messages.signedEml);
  frame = await openTestPane(page, "read");
  assert.equal((await pane(frame, "itemInfo")).itemClass, "IPM.Note.SMIME.MultipartSigned");
  const signed = await pane(frame, "smime");
  assert.ok(signed, "the read port found the S/MIME bytes");
  assert.equal(signed.kind, "eml");
  assert.equal(Buffer.from(signed.bytes, "base64").toString("latin1"), messages.signedEml);
  await page.close();
});

test("the real pane pages are served with the fake Office instead of Microsoft's office.js", async () => {
  const { page } = await openSimulator(browser, server);
  for (const pane of ["compose", "read", "settings"]) {
    const html = await page.evaluate((p) => fetch(`${p}.html`).then((r) => r.text()), pane);
    assert.match(html, /<script src="\/office-fake\.js"><\/script>/);
    // (The host stays in the page policy's script-src, the same in development as in production.)
    assert.doesNotMatch(html, /<script[^>]*appsforoffice\.microsoft\.com/);
  }
  await page.evaluate(() => window.spmSimulator.openPane("settings"));
  const frame = paneFrame(page);
  assert.match(frame.url(), /\/settings\.html\?/);
  assert.equal(await frame.evaluate(() => typeof (window as unknown as { Office?: { onReady?: unknown } }).Office?.onReady), "function");
  await page.close();
});

test("importIdentity and importRecipientCertificate go through the store; the pane's store sees them", async () => {
  const { page, errors } = await openSimulator(browser, server);
  const carol = messages.pki.issue("Carol", "carol@lab.example", { keyType: "p256" });
  const entry = await page.evaluate((pem) => window.spmSimulator.importRecipientCertificate(pem), carol.certPem);
  assert.equal(entry.email, "carol@lab.example");
  const alice = messages.pki.issue("Alice", "alice@clinic.example", { keyType: "p256" });
  const p12 = readFileSync(alice.p12Path).toString("base64");
  const ids = await page.evaluate(([b, pw]) => window.spmSimulator.importIdentity(b, pw), [p12, alice.password]);
  assert.deepEqual((ids as { email: string }[]).map((i) => i.email), ["alice@clinic.example"]);
  await assert.rejects(page.evaluate(([b]) => window.spmSimulator.importIdentity(b, "wrong"), [p12]), /password/i);
  const frame = await openTestPane(page);
  const book = await pane(frame, "addressBook");
  assert.deepEqual(book.entries, ["carol@lab.example"]);
  assert.deepEqual(book.identities, ["alice@clinic.example"]);
  assert.equal(book.lost.storageLost, false);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the mail window's .eml picker loads a message in read mode and opens the read pane", async () => {
  const { page, errors } = await openSimulator(browser, server);
  await page.setInputFiles("#sim-load-eml", { name: "signed.eml", mimeType: "message/rfc822", buffer: Buffer.from(messages.signedEml, "latin1") });
  await page.waitForSelector("#sim-meta:has-text('IPM.Note.SMIME.MultipartSigned')");
  assert.equal(await page.inputValue("#sim-subject"), "Results");
  assert.equal(await page.getAttribute("#sim-subject", "readonly"), "");
  await page.waitForFunction(() => (document.getElementById("pane") as HTMLIFrameElement).src.includes("/read.html?"));
  assert.deepEqual(errors, []);
  await page.close();
});
