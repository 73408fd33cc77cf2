/**
 * Accessibility of the read pane (axe-core injected into the pane frame): no serious or critical
 * violations in the opened, protected-attachment, error and locked states; every button's accessible name
 * starts with a verb; the status is announced in a live region. The mail content frame itself is not
 * audited (it is the sender's HTML; scripts cannot run in it).
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Frame } from "playwright-core";
import { openssl } from "../../helpers/openssl";
import { SimulatorPage } from "../pages/simulator";
import { STORE_TOOLS_ENTRY, loadStoreTools, openRead, storeTool } from "../pages/read";
import { browserSuite } from "../../helpers/suite";
import { multipart, textPart } from "../../helpers/mime-build";

const env = browserSuite({
  identities: {
    alice: ["alice", "alice@clinic.example", { keyType: "p256" }],
    bob: ["bob", "bob@lab.example"],
    carol: ["carol", "carol@lab.example", { keyType: "p256" }],
  },
  entries: STORE_TOOLS_ENTRY,
});

const AXE = resolve(import.meta.dirname, "../../../node_modules/axe-core/axe.min.js");
const VERBS = /^(Decrypt|Verify|Open|Save|Add|Unlock|Try|Reply|Forward)\b/;

function file(name: string, content: string | Buffer): string {
  const p = join(env.pki.dir, name);
  writeFileSync(p, content);
  return p;
}

async function axe(frame: Frame): Promise<{ id: string; impact: string; nodes: number }[]> {
  // Evaluated, not a <script>: the pane requires Trusted Types (scripts/csp.mjs), so a script tag with text is refused.
  await frame.evaluate(readFileSync(AXE, "utf8"));
  const result = await frame.evaluate<{ violations: { id: string; impact: string; nodes: unknown[] }[] }>(
    `axe.run(document, { resultTypes: ["violations"], iframes: false })`,
  );
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
}

async function buttonNames(frame: Frame): Promise<string[]> {
  return frame.evaluate<string[]>(`[...document.querySelectorAll("button")].map((b) => (b.getAttribute("aria-label") || b.textContent || "").trim())`);
}

test("axe: opened message (signed, encrypted, HTML, attachment, protected attachment), error and locked states", async () => {
  const s = await SimulatorPage.open(env, { anchorsPem: env.pki.caCertPem, identities: [env.ids.bob] });
  const b = "----=_a11y";
  const forwardedSecret = openssl(["cms", "-encrypt", "-in", file("old.mime", "Content-Type: text/plain\r\n\r\nold\r\n"), "-aes-256-cbc", "-subject", "Old", "-recip", env.ids.bob.certPath]).toString("latin1");
  const entity = multipart(b, [
    textPart("<p>Dear Bob, <b>patient 4711</b>.</p>", "text/html; charset=utf-8"),
    { headers: ['Content-Type: application/pdf; name="letter.pdf"', 'Content-Disposition: attachment; filename="letter.pdf"'], body: "%PDF-1.4" },
    textPart(forwardedSecret.replace(/\r?\n$/, "").replace(/\r?\n/g, "\r\n"), "message/rfc822"),
  ]);
  const signed = openssl(["cms", "-sign", "-in", file("e.mime", entity), "-signer", env.ids.alice.certPath, "-inkey", env.ids.alice.keyPath]);
  const message = openssl(["cms", "-encrypt", "-in", file("s.mime", signed), "-aes-256-cbc", "-from", "alice@clinic.example", "-to", "bob@lab.example", "-subject", "A11y", "-recip", env.ids.bob.certPath]).toString("latin1");
  let frame = await openRead(s, message);
  await frame.waitForSelector('[data-testid="collect"][data-phase="offer"]');
  assert.deepEqual(await axe(frame), [], "opened");
  // The check can fail: an unnamed button is reported.
  await frame.evaluate(`document.querySelector("main").appendChild(Object.assign(document.createElement("button"), { id: "axe-probe" }))`);
  assert.ok((await axe(frame)).some((v) => v.id === "button-name"));
  await frame.evaluate(`document.getElementById("axe-probe").remove()`);
  const names = await buttonNames(frame);
  assert.ok(names.length >= 3, names.join(" | "));
  for (const n of names) assert.match(n, VERBS);
  // The status sentence reaches the live region.
  await frame.waitForFunction(`[...document.querySelectorAll('[aria-live="polite"]')].some((r) => /Encrypted and signed/.test(r.textContent))`);
  // With the protected attachment opened on request (a second status, attachment list, ... in the pane).
  await frame.getByRole("button", { name: "Decrypt attachment Old" }).click();
  await frame.waitForSelector('[data-testid="opened-nested"]');
  assert.deepEqual(await axe(frame), [], "nested opened");
  // The iframe has an accessible name.
  assert.equal(await frame.locator('[data-testid="html-body"]').getAttribute("title"), "Message content");

  frame = await openRead(s, openssl(["cms", "-encrypt", "-in", file("c.mime", entity), "-aes-256-cbc", "-recip", env.ids.carol.certPath]).toString("latin1"));
  assert.equal(await frame.locator('[data-testid="error"]').getAttribute("data-code"), "NOT_FOR_ME");
  assert.deepEqual(await axe(frame), [], "error");

  await loadStoreTools(s);
  await storeTool(s, "setPassphrase", "pass phrase 1");
  frame = await openRead(s, message);
  await frame.waitForSelector('[data-testid="locked"]');
  assert.deepEqual(await axe(frame), [], "locked");
  for (const n of await buttonNames(frame)) assert.match(n, VERBS);
  await s.close();
});
