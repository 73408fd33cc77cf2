/**
 * Calm, specific errors: not for me (with the recipient identities the message names), every cryptographic
 * decryption failure reading the same, damaged message, 3DES (a choice: open anyway, with a warning), a locked key store
 * (passphrase inline, then the message opens), plus automatic address-book collection per setting and the
 * German UI.
 */
import { afterAll, beforeAll, test } from "@jest/globals";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { SpmError } from "../../../src/core/errors";
import { statusText } from "../../../src/core/pki";
import { errorText } from "../../../src/ui/shared/errors";
import { createTestPki, openssl, type TestIdentity, type TestPki } from "../../helpers/openssl";
import { loadStoreTools, newSession, openRead, readPane, startHarness, STORE_TOOLS_ENTRY, storeTool, type Harness } from "./read-harness";

let h: Harness;
let pki: TestPki;
let alice: TestIdentity;
let bob: TestIdentity;
let carol: TestIdentity;
const ENTITY = "Content-Type: text/plain\r\n\r\nPatient 4711: all clear.\r\n";
const HEADERS = ["-from", "alice@clinic.example", "-to", "bob@lab.example", "-subject", "Result"];

beforeAll(async () => {
  pki = createTestPki();
  alice = pki.issue("alice", "alice@clinic.example", { keyType: "p256" });
  bob = pki.issue("bob", "bob@lab.example");
  carol = pki.issue("carol", "carol@lab.example");
  h = await startHarness(STORE_TOOLS_ENTRY);
});
afterAll(async () => {
  await h?.close();
  pki?.cleanup();
});

function file(name: string, content: string | Uint8Array): string {
  const p = join(pki.dir, name);
  writeFileSync(p, content);
  return p;
}

function encryptDer(recipient: TestIdentity, cipher = "-aes-256-cbc"): Uint8Array {
  return new Uint8Array(openssl(["cms", "-encrypt", "-binary", "-in", file("in.mime", ENTITY), cipher, "-outform", "DER", "-recip", recipient.certPath]));
}

function p7mEml(der: Uint8Array): string {
  return [
    "From: alice@clinic.example",
    "To: bob@lab.example",
    "Subject: Result",
    "MIME-Version: 1.0",
    'Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"',
    "Content-Transfer-Encoding: base64",
    "",
    Buffer.from(der).toString("base64").replace(/.{76}/g, "$&\r\n"),
  ].join("\r\n");
}

const en = (code: ConstructorParameters<typeof SpmError>[0]) => errorText(new SpmError(code, "x"), "en");

test("not for me: the calm sentence and the recipient identities the message names", async () => {
  const s = await newSession(h, { identities: [bob] });
  const v = await readPane(await openRead(s, p7mEml(encryptDer(carol))));
  assert.equal(v.kind, "error");
  assert.equal(v.errorCode, "NOT_FOR_ME");
  assert.equal(v.errorText, en("NOT_FOR_ME"));
  const serial = openssl(["x509", "-in", carol.certPath, "-noout", "-serial"]).toString().trim().split("=")[1].toLowerCase();
  const listed = (await s.pane().locator('[data-testid="recipients"]').innerText()).toLowerCase();
  assert.match(listed, /spm test root ca/);
  assert.ok(listed.replace(/[^0-9a-f]/g, "").includes(serial.replace(/^0+/, "")), `${listed} names serial ${serial}`);
  await s.close();
});

test("every cryptographic decryption failure reads the same; damaged and unsupported are specific", async () => {
  const s = await newSession(h, { identities: [bob] });
  const good = encryptDer(bob);
  // (a) The RSA-encrypted content key altered (PKCS#1 v1.5: implicit rejection, then a wrong key).
  const ci = new pkijs.ContentInfo({ schema: asn1js.fromBER(good).result });
  const env = new pkijs.EnvelopedData({ schema: ci.content });
  const ek = (env.recipientInfos[0].value as pkijs.KeyTransRecipientInfo).encryptedKey.valueBlock.valueHexView;
  const at = Buffer.from(good).indexOf(Buffer.from(ek));
  assert.ok(at > 0);
  const badKey = good.slice();
  badKey[at + 100] ^= 0x55;
  // (b) The last ciphertext block altered (CBC padding).
  const badPadding = good.slice();
  badPadding[badPadding.length - 1] ^= 0x01;
  const texts: string[] = [];
  for (const der of [badKey, badPadding]) {
    const v = await readPane(await openRead(s, p7mEml(der)));
    assert.equal(v.kind, "error");
    assert.equal(v.errorCode, "DECRYPTION_FAILED");
    texts.push(v.errorText ?? "");
  }
  assert.equal(texts[0], texts[1]);
  assert.equal(texts[0], en("DECRYPTION_FAILED"));

  let v = await readPane(await openRead(s, p7mEml(new Uint8Array([0x30, 0x82, 0x01, 0x00, 1, 2, 3, 4, 5]))));
  assert.equal(v.errorCode, "MALFORMED");
  assert.equal(v.errorText, en("MALFORMED"));

  // 3DES (issue 16): not a dead end but a choice. The pane says what it is and offers to open this one message
  // with the legacy switch; the opened message carries a warning bar naming the outdated cipher, never green.
  const legacyFrame = await openRead(s, p7mEml(encryptDer(bob, "-des3")));
  const legacy = legacyFrame.locator('[data-testid="legacy-cipher"]');
  await legacy.waitFor();
  assert.equal(await legacy.getAttribute("data-code"), "UNSUPPORTED_ALGORITHM");
  assert.match((await legacyFrame.locator('[data-testid="legacy-text"]').textContent()) ?? "", /Triple DES \(3DES\)/);
  await legacyFrame.getByRole("button", { name: "Open anyway (3DES)" }).click();
  await legacyFrame.waitForSelector('[data-testid="opened"]');
  v = await readPane(legacyFrame);
  assert.equal(v.intent, "warning");
  assert.ok(v.details.some((d) => /outdated cipher des-ede3-cbc/.test(d)), v.details.join(" | "));
  assert.match(v.text ?? "", /Patient 4711: all clear\./);
  assert.deepEqual(s.errors, []);
  await s.close();
});

test("locked key store: the passphrase is asked inline (wrong one refused), then the message opens", async () => {
  const s = await newSession(h, { identities: [bob] });
  await loadStoreTools(s);
  await storeTool(s, "setPassphrase", "correct horse battery");
  const message = openssl(["cms", "-encrypt", "-in", file("in.mime", ENTITY), "-aes-256-gcm", ...HEADERS, "-recip", bob.certPath]).toString("latin1");
  const frame = await openRead(s, message);
  assert.equal((await readPane(frame)).kind, "locked");
  const field = frame.getByLabel("Passphrase");
  await field.fill("wrong");
  await frame.getByRole("button", { name: "Unlock and open" }).click();
  await frame.getByText(en("WRONG_PASSWORD")).waitFor();
  await field.fill("correct horse battery");
  await frame.getByRole("button", { name: "Unlock and open" }).click();
  await frame.waitForSelector('[data-testid="opened"]');
  const v = await readPane(frame);
  assert.match(v.text ?? "", /Patient 4711: all clear/);
  assert.equal(v.title, "Encrypted, not signed");
  await s.close();
});

test("auto-collect setting adds the signer's certificate; the German UI shows the German sentence", async () => {
  const s = await newSession(h, { anchorsPem: pki.caCertPem });
  await loadStoreTools(s);
  await storeTool(s, "setSettings", "read", { autoCollect: true });
  await s.page.evaluate(() => window.spmSimulator.setDisplayLanguage("de-DE"));
  const message = openssl(["cms", "-sign", "-in", file("in.mime", ENTITY), "-signer", alice.certPath, "-inkey", alice.keyPath, ...HEADERS]).toString("latin1");
  const frame = await openRead(s, message);
  const v = await readPane(frame);
  assert.match(v.status ?? "", /^(valid|revocation-unknown)$/);
  assert.equal(v.title, "Signiert");
  assert.ok(v.sentence?.startsWith(statusText(v.status as "valid").de), v.sentence);
  await frame.waitForSelector('[data-testid="collect"][data-phase="added"]');
  const book = await storeTool<{ email: string; source: string }[]>(s, "addressBook");
  assert.deepEqual(book.map((e) => [e.email, e.source]), [["alice@clinic.example", "collected"]]);
  // Opened again: already there, nothing offered.
  await openRead(s, message);
  await s.pane().waitForSelector('[data-testid="collect"][data-phase="present"]');
  await s.close();
});
