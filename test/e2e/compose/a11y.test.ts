/**
 * Accessibility of the compose pane: axe-core finds no serious or critical violation (in the states that
 * show the most: missing certificate, Bcc warning, progress/result), and the main flow works with the
 * keyboard alone: Tab to the button, Enter; the result takes focus; Tab to Undo, Enter.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Frame, Page } from "playwright-core";
import { b64, openCompose } from "../pages/compose";
import { SimulatorPage, getDraft } from "../pages/simulator";
import { browserSuite } from "../../helpers/suite";

const env = browserSuite({
  identities: {
    alice: ["Dr. Alice Sender", "alice@clinic.example"],
    bob: ["Bob Lab", "bob@lab.example"],
  },
});

const AXE = resolve(import.meta.dirname, "../../../node_modules/axe-core/axe.min.js");
const from = { displayName: "Dr. Alice Sender", emailAddress: "alice@clinic.example" };

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

async function seriousViolations(frame: Frame): Promise<string[]> {
  if (!(await frame.evaluate(() => "axe" in window))) await frame.evaluate(readFileSync(AXE, "utf8")); // not a <script>: the pane requires Trusted Types
  const violations = await frame.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ["violations"] })).violations;
  });
  return violations
    .filter((v: AxeViolation) => v.impact === "serious" || v.impact === "critical")
    .map((v: AxeViolation) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

async function tabTo(page: Page, frame: Frame, name: RegExp, maxTabs = 40): Promise<void> {
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press("Tab");
    const focused = await frame.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (el?.tagName === "BUTTON") return el.textContent ?? "";
      // A radio button: its label.
      if (el instanceof HTMLInputElement && el.type === "radio") return document.querySelector(`label[for="${el.id}"]`)?.textContent ?? "";
      return "";
    });
    if (name.test(focused)) return;
  }
  throw new Error(`no button or radio matching ${name} reached with Tab`);
}

test("axe-core: no serious or critical violations (missing certificate, Bcc warning, locked-out button)", async () => {
  const { page, errors } = await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.bob] });
  await page.evaluate(
    (f) => window.spmSimulator.loadDraft({ from: f, to: ["Bob Lab <bob@lab.example>", "Dave <dave@new.example>"], bcc: ["boss@clinic.example"], subject: "x", bodyHtml: "<p>x</p>" }),
    from,
  );
  const frame = await openCompose(page);
  await frame.getByRole("button", { name: "Ask for their certificate (Dave)" }).click();
  assert.deepEqual(await seriousViolations(frame), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test("keyboard only: pick the Secure Patient Mail format, Tab to 'Encrypt & sign', Enter, then Undo; axe clean after success", async () => {
  const { page, errors } = await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.bob] });
  await page.evaluate(
    ([f, data]) => window.spmSimulator.loadDraft({ from: f, to: ["Bob Lab <bob@lab.example>"], subject: "Letter", bodyHtml: "<p>Letter</p>", attachments: [{ name: "letter.pdf", contentBase64: data }] }),
    [from, b64("%PDF-1.4 letter")] as const,
  );
  const before = await getDraft(page);
  const frame = await openCompose(page);
  await frame.locator("body").focus();
  await frame.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  // The delivery choice is a radio group: Tab lands on the chosen one, an arrow key moves the choice.
  await tabTo(page, frame, /^Standard S\/MIME/);
  await page.keyboard.press("ArrowDown");
  assert.equal(await frame.getByRole("radio", { name: /^Secure Patient Mail format/ }).isChecked(), true);
  await tabTo(page, frame, /^Encrypt & sign$/);
  await page.keyboard.press("Enter");
  await frame.getByText("The message is encrypted and signed.").first().waitFor({ timeout: 15_000 });
  // The result takes focus, so a screen reader user lands on it; the next Tab reaches Undo.
  const focusedInResult = await frame.evaluate(() => document.activeElement?.textContent ?? "");
  assert.match(focusedInResult, /The message is encrypted and signed\./);
  assert.deepEqual(await seriousViolations(frame), []);
  await tabTo(page, frame, /^Undo$/, 5);
  await page.keyboard.press("Enter");
  await frame.getByText("The original message is back.").first().waitFor({ timeout: 15_000 });
  const after = await getDraft(page);
  assert.deepEqual({ ...after, attachments: after.attachments.map(({ id: _id, ...a }) => a) }, { ...before, attachments: before.attachments.map(({ id: _id, ...a }) => a) });
  assert.deepEqual(errors, []);
  await page.close();
});
