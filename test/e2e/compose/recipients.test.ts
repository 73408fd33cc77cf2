/**
 * What the pane says before it acts: missing, expired and signing-only certificates (and the import from a
 * file picker that fixes a missing one), "ask for their certificate" changes nothing, Bcc recipients,
 * drafts too large for the platform, no identity of one's own. Signing only (encryption switched off).
 */
import { beforeAll, test } from "@jest/globals";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Frame } from "playwright-core";
import { openssl, type TestIdentity } from "../../helpers/openssl";
import { mainButton, openCompose } from "../pages/compose";
import { SimulatorPage, getDraft } from "../pages/simulator";
import { browserSuite } from "../../helpers/suite";

const env = browserSuite({
  identities: {
    alice: ["Dr. Alice Sender", "alice@clinic.example"],
    bob: ["Bob Lab", "bob@lab.example"],
    dave: ["Dave New", "dave@new.example"],
    old: ["Olga Old", "olga@old.example", { notBefore: "20200101000000Z", notAfter: "20210101000000Z" }],
  },
  work: true,
});

let signOnly: TestIdentity;
let daveBundle: string;

const from = { displayName: "Dr. Alice Sender", emailAddress: "alice@clinic.example" };

beforeAll(async () => {
  signOnly = env.pki.issue("Sid Signer", "sid@sign.example", {
    replaceExtensions: true,
    extensions: ["basicConstraints=critical,CA:FALSE", "keyUsage=critical,digitalSignature", "extendedKeyUsage=emailProtection", "subjectAltName=email:sid@sign.example"],
  });
  // A PKCS#7 certificate bundle (.p7c) with Dave's certificate and the CA, as many directories hand them out.
  daveBundle = join(env.work, "dave.p7c");
  openssl(["crl2pkcs7", "-nocrl", "-certfile", env.ids.dave.certPath, "-certfile", env.pki.caCertPath, "-outform", "DER", "-out", daveBundle]);
});

function stateOf(frame: Frame, email: string) {
  return frame.locator("li", { hasText: email }).locator("[data-state]").first();
}

test("missing certificate: the pane says who, 'ask' changes nothing, importing a .p7c from the file picker fixes it", async () => {
  const { page, errors } = await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.bob] });
  await page.evaluate((f) => window.spmSimulator.loadDraft({ from: f, to: ["Bob Lab <bob@lab.example>", "Dave New <dave@new.example>"], subject: "Plan", bodyHtml: "<p>Plan</p>" }), from);
  const before = await getDraft(page);
  const frame = await openCompose(page);
  assert.equal(await stateOf(frame, "bob@lab.example").getAttribute("data-state"), "found");
  assert.equal(await stateOf(frame, "dave@new.example").getAttribute("data-state"), "missing");
  assert.equal(await stateOf(frame, "dave@new.example").textContent(), "No certificate");
  const button = mainButton(frame);
  assert.equal(await button.isDisabled(), true);
  assert.match(await frame.locator("#spm-blockers").textContent() ?? "", /cannot be encrypted for: Dave New\. It will not be sent to fewer people/);

  const ask = frame.getByRole("button", { name: "Ask for their certificate (Dave New)" });
  await ask.click();
  assert.equal(await ask.getAttribute("aria-expanded"), "true");
  await frame.getByText(/Send Dave New a signed message/).waitFor();
  assert.deepEqual(await getDraft(page), before, "asking sends and changes nothing by itself");

  // A certificate for someone else is refused.
  let chooser = page.waitForEvent("filechooser");
  await frame.getByRole("button", { name: "Import certificate for Dave New" }).click();
  await (await chooser).setFiles(env.ids.bob.certPath);
  await frame.getByRole("alert").filter({ hasText: "The certificate cannot be used for this." }).waitFor();
  assert.equal(await stateOf(frame, "dave@new.example").getAttribute("data-state"), "missing");

  chooser = page.waitForEvent("filechooser");
  await frame.getByRole("button", { name: "Import certificate for Dave New" }).click();
  const fileChooser = await chooser;
  assert.match((await fileChooser.element().getAttribute("accept")) ?? "", /\.cer.*\.crt.*\.pem.*\.p7c.*\.p7b/);
  await fileChooser.setFiles(daveBundle);
  await frame.locator("li", { hasText: "dave@new.example" }).locator('[data-state="found"]').waitFor();
  assert.equal(await button.isEnabled(), true);
  // Standard S/MIME is the default here: the button sends.
  assert.equal(await button.textContent(), "Encrypt, sign & send");
  assert.deepEqual(errors, []);
  await page.close();
});

test("expired and signing-only certificates are not used; switching encryption off signs only", async () => {
  const { page, errors } = await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.old, signOnly] });
  await page.evaluate((f) => window.spmSimulator.loadDraft({ from: f, to: ["Olga Old <olga@old.example>"], cc: ["Sid Signer <sid@sign.example>"], subject: "Dates", bodyHtml: "<p>Dates for next week</p>" }), from);
  const frame = await openCompose(page, { format: "attachment" });
  assert.equal(await stateOf(frame, "olga@old.example").getAttribute("data-state"), "expired");
  assert.equal(await stateOf(frame, "olga@old.example").textContent(), "Certificate expired");
  assert.equal(await stateOf(frame, "sid@sign.example").getAttribute("data-state"), "not-for-encryption");
  assert.equal(await stateOf(frame, "sid@sign.example").textContent(), "Certificate not for encryption");
  assert.equal(await mainButton(frame).isDisabled(), true);

  await frame.getByRole("switch", { name: "Encrypt" }).click();
  const button = frame.getByRole("button", { name: /^Sign/ });
  assert.equal(await button.isEnabled(), true);
  await button.click();
  await frame.getByText("The message is signed.").first().waitFor({ timeout: 15_000 });
  const draft = await getDraft(page);
  assert.deepEqual(draft.attachments.map((a) => a.name), ["smime.p7m"]);
  assert.equal(draft.subject, "Dates", "signed-only mail keeps its subject");
  assert.equal(draft.internetHeaders["x-spm-protected"], undefined, "the send guard's marker means encrypted");
  assert.match(draft.bodyHtml, /This message is signed \(S\/MIME\)/);
  const p7m = join(env.work, "signed.p7m");
  writeFileSync(p7m, Buffer.from(draft.attachments[0].contentBase64, "base64"));
  const content = openssl(["cms", "-verify", "-inform", "DER", "-in", p7m, "-CAfile", env.pki.caCertPath]).toString("utf8");
  assert.match(content, /hp="clear"/);
  assert.match(content, /Dates for next week/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("Bcc recipients: warning, encryption blocked until they are removed through the pane", async () => {
  const { page, errors } = await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.bob] });
  await page.evaluate((f) => window.spmSimulator.loadDraft({ from: f, to: ["Bob Lab <bob@lab.example>"], bcc: ["boss@clinic.example"], subject: "x", bodyHtml: "<p>x</p>" }), from);
  const frame = await openCompose(page);
  await frame.getByText(/Bcc recipients \(boss@clinic\.example\) would be visible to everyone inside the encrypted message/).waitFor();
  assert.equal(await mainButton(frame).isDisabled(), true);
  await frame.getByRole("button", { name: "Remove Bcc recipients" }).click();
  await frame.getByText("The Bcc recipients were removed.").first().waitFor();
  assert.deepEqual((await getDraft(page)).bcc, []);
  assert.equal(await mainButton(frame).isEnabled(), true);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a draft too large for Outlook on the web is refused before anything changes, with the sizes", async () => {
  const { page, errors } = await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.bob] });
  await page.evaluate(() => window.spmSimulator.setPlatform("OfficeOnline"));
  // 22 MB of attachment: about 29.4 million base64 characters even in the compact layout (binary inside the
  // envelope), over the 27,892,122 characters one add takes.
  await page.evaluate((f) => {
    const bytes = new Uint8Array(22_000_000);
    for (let i = 0; i < bytes.length; i += 65_536) crypto.getRandomValues(bytes.subarray(i, Math.min(i + 65_536, bytes.length)));
    let b64 = "";
    for (let i = 0; i < bytes.length; i += 3 * 8192) b64 += btoa(String.fromCharCode(...bytes.subarray(i, i + 3 * 8192)));
    window.spmSimulator.loadDraft({ from: f, to: ["Bob Lab <bob@lab.example>"], subject: "Scans", bodyHtml: "<p>Scans</p>", attachments: [{ name: "scans.zip", contentBase64: b64 }] });
  }, from);
  const before = await page.evaluate(() => window.spmSimulator.getDraft().attachments.map((a) => a.contentBase64.length));
  const frame = await openCompose(page);
  const message = frame.getByText(/The protected message would be about .* more than Outlook accepts here \(27\.9 MB; Outlook counts all attachments of the message together\)\. Send the attachments in several messages\./);
  await message.waitFor();
  assert.equal(await mainButton(frame).isDisabled(), true);
  assert.deepEqual(await page.evaluate(() => window.spmSimulator.getDraft().attachments.map((a) => a.contentBase64.length)), before);
  assert.deepEqual(errors, []);
  await page.close();
});

test("no identity of one's own: the pane explains and opens the settings", async () => {
  const { page, errors } = await SimulatorPage.open(env, { recipients: [env.ids.bob] });
  await page.evaluate((f) => window.spmSimulator.loadDraft({ from: f, to: ["Bob Lab <bob@lab.example>"], subject: "x", bodyHtml: "<p>x</p>" }), from);
  const frame = await openCompose(page);
  await frame.getByText("No certificate of your own yet").waitFor();
  assert.equal(await mainButton(frame).isDisabled(), true);
  await frame.getByRole("button", { name: "Open settings" }).click();
  await page.waitForFunction(() => document.querySelector("iframe")?.contentWindow?.location.pathname.endsWith("/settings.html"));
  assert.deepEqual(errors, []);
  await page.close();
});
