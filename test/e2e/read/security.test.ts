/**
 * Security regressions of the read pane, with messages made by OpenSSL and edited in the test:
 * tampered content, signer != From, two From addresses, zero and two SignerInfos, content both embedded and
 * detached, a signature over an inner part only, and encrypted parts that are not the message's own payload
 * (attached to an ordinary message, forwarded inside an encrypted one): never decrypted without the user.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { statusText } from "../../../src/core/pki";
import { openssl, type TestIdentity } from "../../helpers/openssl";
import { SimulatorPage } from "../pages/simulator";
import { leakedRequests, openRead, readPane } from "../pages/read";
import { browserSuite } from "../../helpers/suite";
import { multipart, p7mPart, textPart } from "../../helpers/mime-build";

const env = browserSuite({
  identities: {
    alice: ["alice", "alice@clinic.example", { keyType: "p256" }],
    mallory: ["mallory", "mallory@evil.example", { keyType: "p256" }],
    bob: ["bob", "bob@lab.example"],
  },
});

const TEXT = "Lab result for patient 4711: negative.";
const ENTITY = `Content-Type: text/plain; charset=utf-8\r\n\r\n${TEXT}\r\n`;

function file(name: string, content: string | Buffer | Uint8Array): string {
  const p = join(env.pki.dir, name);
  writeFileSync(p, content);
  return p;
}

function sign(signer: TestIdentity, headers: string[], extra: string[] = [], entity = ENTITY): string {
  return openssl(["cms", "-sign", "-in", file("in.mime", entity), "-signer", signer.certPath, "-inkey", signer.keyPath, ...extra, ...headers]).toString("latin1");
}

function encryptFor(recipient: TestIdentity, entity: string | Buffer, headers: string[]): string {
  return openssl(["cms", "-encrypt", "-in", file("enc-in.mime", entity), "-aes-256-cbc", ...headers, "-recip", recipient.certPath]).toString("latin1");
}

const ALICE_TO_BOB = ["-from", "alice@clinic.example", "-to", "bob@lab.example", "-subject", "Result"];
const b64lines = (b: Uint8Array) => Buffer.from(b).toString("base64").replace(/.{76}/g, "$&\r\n");

/** An opaque signed-data S/MIME message around `der`. */
function opaqueEml(from: string, der: Uint8Array): string {
  return [
    `From: ${from}`,
    "To: bob@lab.example",
    "Subject: Result",
    "MIME-Version: 1.0",
    'Content-Type: application/pkcs7-mime; smime-type=signed-data; name="smime.p7m"',
    "Content-Transfer-Encoding: base64",
    'Content-Disposition: attachment; filename="smime.p7m"',
    "",
    b64lines(der),
  ].join("\r\n");
}

function signedDataDer(signers: TestIdentity[], detached: boolean): Uint8Array {
  const args = ["cms", "-sign", "-binary", "-in", file("in.mime", ENTITY), "-outform", "DER"];
  for (const s of signers) args.push("-signer", s.certPath, "-inkey", s.keyPath);
  if (!detached) args.push("-nodetach");
  return new Uint8Array(openssl(args));
}

test("tampered signed content is 'invalid', shown as such, never 'Signed'", async () => {
  const s = await SimulatorPage.open(env, { anchorsPem: env.pki.caCertPem });
  const good = sign(env.ids.alice, ALICE_TO_BOB);
  const tampered = good.replace("negative", "positive");
  assert.notEqual(tampered, good);
  const v = await readPane(await openRead(s, tampered));
  assert.equal(v.kind, "opened");
  assert.equal(v.status, "invalid");
  assert.equal(v.intent, "error");
  assert.equal(v.title, "Signature not valid");
  assert.ok(v.sentence?.startsWith(statusText("invalid").en));
  assert.match(v.text ?? "", /positive/); // shown, but under a red status in the chrome
  assert.deepEqual(await s.pane().locator('[data-testid="collect"]').count(), 0, "no address-book offer for a bad signature");
  await s.close();
});

test("signer differs from From: 'signer-mismatch' (detached and opaque), no address-book offer", async () => {
  const s = await SimulatorPage.open(env, { anchorsPem: env.pki.caCertPem });
  const headers = ["-from", "alice@clinic.example", "-to", "bob@lab.example", "-subject", "Result"];
  for (const message of [sign(env.ids.mallory, headers), sign(env.ids.mallory, headers, ["-nodetach"])]) {
    const v = await readPane(await openRead(s, message));
    assert.equal(v.status, "signer-mismatch");
    assert.equal(v.intent, "error");
    assert.equal(v.title, "Signature not valid");
    assert.match(v.signer ?? "", /Signed by mallory@evil\.example/);
    assert.match(v.signer ?? "", /Sender shown: alice@clinic\.example/);
    assert.equal(v.fromMatches, "false");
    assert.equal(await s.pane().locator('[data-testid="collect"]').count(), 0);
  }
  await s.close();
});

test("two From addresses: the signature cannot be tied to one sender ('signer-mismatch')", async () => {
  const s = await SimulatorPage.open(env, { anchorsPem: env.pki.caCertPem });
  const message = sign(env.ids.alice, ["-to", "bob@lab.example", "-subject", "Result"]).replace(/^/, "From: alice@clinic.example, mallory@evil.example\r\n");
  const v = await readPane(await openRead(s, message));
  assert.equal(v.status, "signer-mismatch");
  assert.equal(v.intent, "error");
  assert.ok(v.details.some((d) => /several From addresses/.test(d)), v.details.join(" | "));
  await s.close();
});

test("zero SignerInfos is 'Not signed'; two SignerInfos is 'malformed'; never 'Signed'", async () => {
  const s = await SimulatorPage.open(env, { anchorsPem: env.pki.caCertPem });
  // Zero: OpenSSL's signed-data with its SignerInfos removed (asn1js + PKI.js re-encoding).
  const der = signedDataDer([env.ids.alice], false);
  const ci = new pkijs.ContentInfo({ schema: asn1js.fromBER(der).result });
  const sd = new pkijs.SignedData({ schema: ci.content as unknown });
  sd.signerInfos = [];
  ci.content = sd.toSchema(true) as unknown;
  const schema = ci.toSchema() as { toBER(): ArrayBuffer };
  const zero = new Uint8Array(schema.toBER());
  let v = await readPane(await openRead(s, opaqueEml("alice@clinic.example", zero)));
  assert.equal(v.kind, "opened");
  assert.equal(v.status, "unsigned");
  assert.equal(v.title, "Not signed");
  assert.notEqual(v.intent, "success");

  // Two: OpenSSL with two -signer options (alice and mallory), opaque.
  v = await readPane(await openRead(s, opaqueEml("alice@clinic.example", signedDataDer([env.ids.alice, env.ids.mallory], false))));
  assert.equal(v.status, "malformed");
  assert.equal(v.title, "Signature not valid");
  assert.equal(v.intent, "error");
  await s.close();
});

test("content both embedded and detached (opaque signature inside multipart/signed) is 'malformed'", async () => {
  const s = await SimulatorPage.open(env, { anchorsPem: env.pki.caCertPem });
  const opaque = signedDataDer([env.ids.alice], false);
  const b = "----=_both";
  const message = [
    "From: alice@clinic.example",
    "To: bob@lab.example",
    "Subject: Result",
    "MIME-Version: 1.0",
    `Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="${b}"`,
    "",
    `--${b}`,
    ENTITY.replace(TEXT, "Lab result for patient 4711: POSITIVE.").replace(/\r\n$/, ""),
    `--${b}`,
    'Content-Type: application/pkcs7-signature; name="smime.p7s"',
    "Content-Transfer-Encoding: base64",
    "",
    b64lines(opaque),
    `--${b}--`,
    "",
  ].join("\r\n");
  const v = await readPane(await openRead(s, message));
  assert.equal(v.status, "malformed");
  assert.equal(v.intent, "error");
  await s.close();
});

test("a signature over an inner part only: the message is 'Not signed'; the signed part is opened on request and framed", async () => {
  const s = await SimulatorPage.open(env, { anchorsPem: env.pki.caCertPem, identities: [env.ids.bob] });
  const innerSigned = sign(env.ids.alice, []).replace(/^MIME-Version: 1\.0\r?\n/, "");
  const b = "----=_outer";
  const outer = [
    `Content-Type: multipart/mixed; boundary="${b}"`,
    "",
    `--${b}`,
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Please pay the attached invoice today.",
    `--${b}`,
    innerSigned.replace(/\r?\n$/, ""),
    `--${b}--`,
    "",
  ].join("\r\n");
  const frame = await openRead(s, encryptFor(env.ids.bob, outer, ALICE_TO_BOB));
  let v = await readPane(frame);
  assert.equal(v.kind, "opened");
  assert.equal(v.status, "unsigned");
  assert.equal(v.title, "Encrypted, not integrity protected");
  assert.match(v.text ?? "", /Please pay/);
  assert.ok(v.details.some((d) => /encrypted or signed attachment/.test(d)), v.details.join(" | "));
  assert.deepEqual(v.nestedButtons, ["Verify signed attachment signed part"]);
  assert.equal(await frame.locator('[data-testid="opened-nested"]').count(), 0);
  assert.doesNotMatch(await frame.locator("main").innerText(), /Lab result/);
  await frame.getByRole("button", { name: "Verify signed attachment signed part" }).click();
  const nested = frame.locator('[data-testid="opened-nested"]');
  await nested.waitFor();
  assert.match((await nested.locator('[data-testid="text-body"]').textContent()) ?? "", /Lab result for patient 4711/);
  const nestedStatus = nested.locator('[data-testid="status"]');
  assert.match((await nestedStatus.getAttribute("data-status")) ?? "", /^(valid|revocation-unknown)$/);
  assert.match((await frame.locator('section[aria-label="Attachment signed part, opened on request"]').innerText()) ?? "", /applies only to this attachment/);
  // The top-level status is unchanged.
  v = await readPane(frame);
  assert.equal(v.status, "unsigned");
  await s.close();
});

test("an encrypted part in an ordinary message, and a forwarded encrypted message, are not decrypted automatically", async () => {
  const s = await SimulatorPage.open(env, { anchorsPem: env.pki.caCertPem, identities: [env.ids.bob] });
  const secret = "Old secret for bob: diagnosis X.";
  const oldEncrypted = encryptFor(env.ids.bob, `Content-Type: text/plain\r\n\r\n${secret}\r\n`, ALICE_TO_BOB);
  const der = new Uint8Array(openssl(["cms", "-cmsout", "-inform", "SMIME", "-outform", "DER"], { input: oldEncrypted }));
  const b = "----=_johnny";
  // 1. Mallory attaches Bob's old ciphertext to an ordinary message next to another file.
  const ordinary = multipart(b, [
    textPart("What's up?"),
    p7mPart(der),
    { headers: ['Content-Type: text/plain; name="notes.txt"', 'Content-Disposition: attachment; filename="notes.txt"'], body: "notes" },
  ], { headers: ["From: mallory@evil.example", "To: bob@lab.example", "Subject: Re: What's up", "MIME-Version: 1.0"] });
  let frame = await openRead(s, ordinary);
  let v = await readPane(frame);
  assert.equal(v.kind, "nested-only");
  assert.deepEqual(v.nestedButtons, ["Decrypt attachment smime.p7m"]);
  assert.doesNotMatch(await frame.locator("main").innerText(), /diagnosis X/);
  await frame.getByRole("button", { name: "Decrypt attachment smime.p7m" }).click();
  const nested = frame.locator('[data-testid="opened-nested"]');
  await nested.waitFor();
  assert.match((await nested.innerText()) ?? "", /diagnosis X/);
  assert.match((await frame.locator("main").innerText()) ?? "", /applies only to this attachment/);

  // 2. Inside an encrypted message: a forwarded (message/rfc822) encrypted message is offered, not opened.
  const inner = multipart(b, [
    textPart("See the forwarded message."),
    textPart(oldEncrypted.replace(/\r?\n$/, "").replace(/\r?\n/g, "\r\n"), "message/rfc822"),
  ]);
  frame = await openRead(s, encryptFor(env.ids.bob, inner, ["-from", "mallory@evil.example", "-to", "bob@lab.example", "-subject", "Fwd"]));
  v = await readPane(frame);
  assert.equal(v.kind, "opened");
  assert.match(v.text ?? "", /See the forwarded message/);
  assert.deepEqual(v.nestedButtons, ["Decrypt attachment Result"]);
  assert.doesNotMatch(await frame.locator("main").innerText(), /diagnosis X/);
  // On request it opens, framed as that attachment only, with focus moved to it.
  await frame.getByRole("button", { name: "Decrypt attachment Result" }).click();
  const forwarded = frame.locator('section[aria-label="Attachment Result, opened on request"]');
  await forwarded.waitFor();
  assert.match(await forwarded.innerText(), /diagnosis X/);
  assert.equal(await forwarded.evaluate((el) => el === document.activeElement), true);
  assert.equal(await forwarded.locator('[data-testid="status"]').getAttribute("data-status"), "unsigned");
  assert.equal((await readPane(frame)).status, "unsigned", "the message's own status is unchanged");
  assert.deepEqual(s.errors, []);
  assert.deepEqual(leakedRequests(s, env.server.url), []);
  await s.close();
});

test("a signed From inside the protected message that differs from the From shown makes the signature signer-mismatch (issue 13 #3)", async () => {
  const s = await SimulatorPage.open(env, { anchorsPem: env.pki.caCertPem, identities: [env.ids.bob] });
  const entity = `From: chief@clinic.example\r\nSubject: Orders\r\n${ENTITY}`;
  const signed = openssl(["cms", "-sign", "-in", file("inner.mime", entity), "-signer", env.ids.alice.certPath, "-inkey", env.ids.alice.keyPath]);
  const v = await readPane(await openRead(s, encryptFor(env.ids.bob, signed, ALICE_TO_BOB)));
  // The core compares the protected From (RFC 9788 §4.4): a valid signature over another sender is not green.
  assert.equal(v.status, "signer-mismatch");
  assert.equal(v.intent, "error");
  assert.ok(v.details.some((d) => /inside the protected message \(chief@clinic\.example\) differs from the sender shown \(alice@clinic\.example\)/.test(d)), v.details.join(" | "));
  await s.close();
});
