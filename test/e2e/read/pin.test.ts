/**
 * "Trust this certificate for <address>" (pinning): offered for an intact signature by a self-signed
 * certificate (made by OpenSSL) that names the From shown; after the confirmation step (the SHA-256 fingerprint
 * shown) the message opens again as valid and "trusted by you", and stays so when reopened. Not offered for a
 * tampered message or a signer whose address differs from the From.
 */
import { beforeAll, test } from "@jest/globals";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Frame } from "playwright-core";
import { openssl } from "../../helpers/openssl";
import { SimulatorPage } from "../pages/simulator";
import { STORE_TOOLS_ENTRY, loadStoreTools, openRead, readPane, storeTool } from "../pages/read";
import { browserSuite } from "../../helpers/suite";

const env = browserSuite({ work: true, entries: STORE_TOOLS_ENTRY });

let certPath: string;
let keyPath: string;
let certSha256: string;
const ENTITY = "Content-Type: text/plain; charset=utf-8\r\n\r\nPatient 4711: results follow by courier.\r\n";

function sign(from: string): string {
  const input = join(env.work, "in.mime");
  writeFileSync(input, ENTITY);
  return openssl(["cms", "-sign", "-in", input, "-signer", certPath, "-inkey", keyPath, "-from", from, "-to", "bob@lab.example", "-subject", "Results"]).toString("latin1");
}

beforeAll(async () => {
  certPath = join(env.work, "c.pem");
  keyPath = join(env.work, "k.pem");
  openssl([
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyPath, "-out", certPath,
    "-subj", "/CN=Self/emailAddress=self@ext.example",
    "-addext", "subjectAltName=email:self@ext.example",
    "-addext", "keyUsage=digitalSignature,keyEncipherment",
    "-addext", "extendedKeyUsage=emailProtection",
    "-days", "30",
  ]);
  const der = openssl(["x509", "-in", certPath, "-outform", "DER"]);
  certSha256 = createHash("sha256").update(der).digest("hex");
});

const AXE = resolve(import.meta.dirname, "../../../node_modules/axe-core/axe.min.js");

/** Serious or critical axe violations in the pane (as a11y.test.ts checks the other states). */
async function axe(frame: Frame): Promise<{ id: string; impact: string }[]> {
  // Evaluated, not a <script>: the pane requires Trusted Types (scripts/csp.mjs), so a script tag with text is refused.
  await frame.evaluate(readFileSync(AXE, "utf8"));
  const result = await frame.evaluate<{ violations: { id: string; impact: string }[] }>(`axe.run(document, { resultTypes: ["violations"], iframes: false })`);
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => ({ id: v.id, impact: v.impact }));
}

const PINNABLE = new Set(["untrusted", "self-signed"]);

test("self-signed signer: Trust, confirm with the fingerprint, then valid and trusted by you (kept on reopen, listed as a pin)", async () => {
  const s = await SimulatorPage.open(env);
  await loadStoreTools(s);
  const message = sign("self@ext.example");
  let frame = await openRead(s, message);
  let v = await readPane(frame);
  assert.equal(v.kind, "opened");
  assert.ok(PINNABLE.has(v.status ?? ""), v.status);
  assert.equal(v.title, "Signature not confirmed");
  const trust = frame.getByRole("button", { name: /^Trust this certificate for self@ext\.example$/ });
  assert.equal(await trust.count(), 1);
  assert.match((await frame.locator('[data-testid="trust"]').textContent()) ?? "", /personal decision, not a confirmation by a certification authority/);
  assert.deepEqual(await axe(frame), [], "offer");
  await trust.click();
  // The confirmation step: the SHA-256 fingerprint of exactly this certificate, and nothing pinned yet.
  const fp = ((await frame.locator('[data-testid="trust-fingerprint"]').textContent()) ?? "").replace(/:/g, "").toLowerCase();
  assert.equal(fp, certSha256);
  assert.deepEqual(await storeTool(s, "pins"), []);
  assert.deepEqual(await axe(frame), [], "confirm");
  // Cancel goes back without pinning.
  await frame.getByRole("button", { name: "Cancel" }).click();
  assert.deepEqual(await storeTool(s, "pins"), []);
  await frame.getByRole("button", { name: /^Trust this certificate/ }).click();
  await frame.getByRole("button", { name: "Confirm: the fingerprints match" }).click();
  await frame.waitForSelector('[data-testid="status"][data-trust="pinned"]', { timeout: 30_000 });
  v = await readPane(frame);
  assert.equal(v.status, "valid");
  assert.equal(v.title, "Signed, trusted by you");
  assert.match(v.sentence ?? "", /you decided yourself to trust this certificate/);
  assert.ok(v.details.some((d) => /You decided to trust this exact certificate for this address/.test(d)), v.details.join(" | "));
  assert.equal(v.fromMatches, "true");
  assert.equal(await frame.getByRole("button", { name: /^Trust this certificate/ }).count(), 0);
  assert.deepEqual(await axe(frame), [], "pinned");
  assert.deepEqual(await storeTool(s, "pins"), [{ email: "self@ext.example", sha256Hex: certSha256 }]);
  // Reopening keeps the decision.
  frame = await openRead(s, message);
  v = await readPane(frame);
  assert.equal(v.status, "valid");
  assert.equal(v.title, "Signed, trusted by you");
  assert.equal(await frame.locator('[data-testid="status"]').getAttribute("data-trust"), "pinned");
  assert.deepEqual(s.errors, []);
  await s.close();
});

test("not offered for a tampered message or a signer whose address differs from the From", async () => {
  const s = await SimulatorPage.open(env);
  // A control: the intact message offers it (so the absences below are meaningful).
  const intact = sign("self@ext.example");
  let frame = await openRead(s, intact);
  assert.equal(await frame.getByRole("button", { name: /^Trust this certificate/ }).count(), 1);

  const tampered = intact.replace("Patient 4711", "Patient 4712");
  assert.notEqual(tampered, intact);
  frame = await openRead(s, tampered);
  let v = await readPane(frame);
  assert.equal(v.kind, "opened");
  assert.equal(v.status, "invalid");
  assert.equal(await frame.locator('[data-testid="trust"]').count(), 0);
  assert.equal(await frame.getByRole("button", { name: /^Trust/ }).count(), 0);

  frame = await openRead(s, sign("someone@else.example"));
  v = await readPane(frame);
  assert.equal(v.kind, "opened");
  assert.equal(v.status, "signer-mismatch");
  assert.equal(await frame.locator('[data-testid="trust"]').count(), 0);
  assert.equal(await frame.getByRole("button", { name: /^Trust/ }).count(), 0);
  assert.deepEqual(s.errors, []);
  await s.close();
});

test("German: the button reads 'Vertrauen ...'", async () => {
  const s = await SimulatorPage.open(env);
  await s.page.evaluate(() => window.spmSimulator.setDisplayLanguage("de-DE"));
  const frame = await openRead(s, sign("self@ext.example"));
  const label = (await frame.locator('[data-testid="trust"] button').first().textContent()) ?? "";
  assert.match(label, /^Vertrauen .*self@ext\.example/);
  await s.close();
});
