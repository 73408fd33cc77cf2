/**
 * The read pane opens messages made in the test run by the real OpenSSL, loaded as Exchange presents them:
 * cms -encrypt (PKCS#1 v1.5 and OAEP, AES-CBC and AES-GCM, -stream), cms -sign detached and opaque,
 * sign-then-encrypt with an HTML body and an attachment (saved through a Blob download).
 */
import { beforeAll, test } from "@jest/globals";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { statusText } from "../../../src/core/pki";
import { openssl } from "../../helpers/openssl";
import { SimulatorPage } from "../pages/simulator";
import { leakedRequests, openRead, readPane } from "../pages/read";
import { browserSuite } from "../../helpers/suite";
import { attachmentPart, multipart, textPart } from "../../helpers/mime-build";

const env = browserSuite({
  identities: {
    alice: ["alice", "alice@clinic.example"],
    bob: ["bob", "bob@lab.example"],
  },
});

const HEADERS = ["-from", "alice@clinic.example", "-to", "bob@lab.example", "-subject", "Referral"];
const TEXT = "Patient 4711: the lab results are attached.\r\nKind regards, Alice";
let plainEntity: string;
let richEntity: string;
const PDF = Buffer.from("%PDF-1.4\n% fake referral letter\n" + "x".repeat(3000));

beforeAll(async () => {
  plainEntity = `Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${TEXT}\r\n`;
  const b = "----=_rich_1";
  richEntity = multipart(b, [
    textPart("<html><body><p>Dear Bob,</p><p><b>Patient 4711</b>: see the letter.</p></body></html>", "text/html; charset=utf-8"),
    attachmentPart("letter.pdf", "application/pdf", PDF),
  ]);
});

function file(name: string, content: string | Buffer): string {
  const p = join(env.pki.dir, name);
  writeFileSync(p, content);
  return p;
}

/** `keyopt`: options for the recipient (OpenSSL wants them after -recip). */
function encrypt(entity: string, extra: string[], keyopt: string[] = []): string {
  return openssl(["cms", "-encrypt", "-in", file("in.mime", entity), ...extra, ...HEADERS, "-recip", env.ids.bob.certPath, ...keyopt]).toString("latin1");
}

const TRUSTED = new Set(["valid", "revocation-unknown"]);

test("cms -encrypt: PKCS#1 v1.5 + AES-256-CBC and OAEP + AES-128-CBC -stream open; CBC without signature is labelled", async () => {
  const s = await SimulatorPage.open(env, { anchorsPem: env.pki.caCertPem, identities: [env.ids.bob] });
  for (const [label, args, keyopt] of [
    ["pkcs1 cbc", ["-aes-256-cbc"], []],
    ["oaep cbc stream", ["-aes-128-cbc", "-stream"], ["-keyopt", "rsa_padding_mode:oaep"]],
  ] as const) {
    const frame = await openRead(s, encrypt(plainEntity, [...args], [...keyopt]));
    const v = await readPane(frame);
    assert.equal(v.kind, "opened", label);
    assert.match(v.text ?? "", /Patient 4711: the lab results are attached\./);
    assert.equal(v.status, "unsigned", label);
    assert.equal(v.title, "Encrypted, not integrity protected", label);
    assert.equal(v.intent, "warning");
    assert.ok(v.sentence?.startsWith(statusText("unsigned").en), v.sentence);
    assert.match(v.sentence ?? "", /Not integrity protected/);
    assert.match(v.sentence ?? "", label.includes("256") || label.startsWith("pkcs1") ? /AES-256-CBC/ : /AES-128-CBC/);
  }
  assert.deepEqual(s.errors, []);
  assert.deepEqual(leakedRequests(s, env.server.url), []);
  await s.close();
});

test("cms -encrypt -aes-256-gcm (AuthEnvelopedData): integrity from the encryption, not signed", async () => {
  const s = await SimulatorPage.open(env, { anchorsPem: env.pki.caCertPem, identities: [env.ids.bob] });
  const frame = await openRead(s, encrypt(plainEntity, ["-aes-256-gcm"]));
  const v = await readPane(frame);
  assert.equal(v.kind, "opened");
  assert.match(v.text ?? "", /Patient 4711/);
  assert.equal(v.status, "unsigned");
  assert.equal(v.title, "Encrypted, not signed");
  assert.equal(v.intent, "info");
  assert.match(v.sentence ?? "", /AES-256-GCM.*Protected against changes by the encryption/);
  await s.close();
});

test("cms -sign detached (multipart/signed) and opaque (signed-data): signed by the From address", async () => {
  const s = await SimulatorPage.open(env, { anchorsPem: env.pki.caCertPem });
  const detached = openssl(["cms", "-sign", "-in", file("in.mime", plainEntity), "-signer", env.ids.alice.certPath, "-inkey", env.ids.alice.keyPath, ...HEADERS]).toString("latin1");
  const opaque = openssl(["cms", "-sign", "-nodetach", "-in", file("in.mime", plainEntity), "-signer", env.ids.alice.certPath, "-inkey", env.ids.alice.keyPath, ...HEADERS]).toString("latin1");
  for (const [label, message, itemClass] of [
    ["detached", detached, "IPM.Note.SMIME.MultipartSigned"],
    ["opaque", opaque, "IPM.Note.SMIME"],
  ] as const) {
    assert.equal((await s.page.evaluate((m) => window.spmSimulator.loadMessage(m), message)).itemClass, itemClass);
    const frame = await openRead(s, message);
    const v = await readPane(frame);
    assert.equal(v.kind, "opened", label);
    assert.match(v.text ?? "", /Patient 4711/, label);
    assert.ok(TRUSTED.has(v.status ?? ""), `${label}: ${v.status}`);
    assert.equal(v.title, "Signed", label);
    assert.equal(v.intent, "success", label);
    assert.equal(v.sentence?.startsWith(statusText(v.status as "valid").en), true, label);
    assert.match(v.signer ?? "", /Signed by alice@clinic\.example/);
    assert.equal(v.fromMatches, "true", label);
  }
  // A client without Mailbox 1.14 (no getAsFileAsync): the smime.p7m Exchange made of the multipart/signed entity.
  const sets = Array.from({ length: 13 }, (_, i) => `1.${i + 1}`);
  await s.page.evaluate((v) => {
    window.spmSimulator.setRequirementSets(v);
    window.spmSimulator.clearEventLog();
  }, sets);
  const older = await readPane(await openRead(s, detached));
  const calls = (await s.page.evaluate(() => window.spmSimulator.getEventLog())).map((e) => e.method);
  assert.ok(calls.includes("getAttachmentContentAsync") && !calls.includes("getAsFileAsync"), calls.join(", "));
  assert.ok(TRUSTED.has(older.status ?? ""), `without 1.14: ${older.status}`);
  assert.match(older.text ?? "", /Patient 4711/);
  // The signer's certificate is offered to the address book, and added on request.
  const frame = s.pane();
  const button = frame.getByRole("button", { name: "Add alice@clinic.example to address book" });
  await button.click();
  await frame.waitForSelector('[data-testid="collect"][data-phase="added"]');
  assert.deepEqual(s.errors, []);
  await s.close();
});

test("sign-then-encrypt (OpenSSL): HTML in the sandboxed frame, the attachment listed and saved as a Blob", async () => {
  const s = await SimulatorPage.open(env, { anchorsPem: env.pki.caCertPem, identities: [env.ids.bob] });
  const signed = openssl(["cms", "-sign", "-in", file("rich.mime", richEntity), "-signer", env.ids.alice.certPath, "-inkey", env.ids.alice.keyPath]);
  const message = openssl(["cms", "-encrypt", "-in", file("signed.mime", signed), "-aes-256-cbc", ...HEADERS, "-recip", env.ids.bob.certPath, "-keyopt", "rsa_padding_mode:oaep"]).toString("latin1");
  const frame = await openRead(s, message);
  const v = await readPane(frame);
  assert.equal(v.kind, "opened");
  assert.ok(TRUSTED.has(v.status ?? ""), v.status);
  assert.equal(v.title, "Encrypted and signed");
  assert.match(v.sentence ?? "", /AES-256-CBC.*Protected against changes by the signature/);
  assert.match(v.htmlSrcdoc ?? "", /<b>Patient 4711<\/b>/);
  assert.match(v.htmlSrcdoc ?? "", /Content-Security-Policy/);
  assert.deepEqual(v.attachments, ["letter.pdf"]);
  const iframe = frame.locator('[data-testid="html-body"]');
  assert.equal(await iframe.getAttribute("sandbox"), "");
  const row = frame.locator('[data-testid="attachments"] li').first();
  assert.match((await row.textContent()) ?? "", /application\/pdf, 3\.?\d* KB/);
  const [download] = await Promise.all([s.page.waitForEvent("download"), frame.getByRole("button", { name: "Save letter.pdf" }).click()]);
  assert.equal(download.suggestedFilename(), "letter.pdf");
  const saved = readFileSync((await download.path()));
  assert.deepEqual(saved, PDF);
  assert.deepEqual(s.errors, []);
  assert.deepEqual(leakedRequests(s, env.server.url), []);
  await s.close();
});
