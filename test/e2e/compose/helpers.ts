/**
 * Shared setup for the compose pane's browser tests: the test PKI (made once per file), the simulator page
 * with the sender's identity and recipients' certificates imported, and the pane frame.
 */
import { readFileSync } from "node:fs";
import type { Browser, Frame, Page } from "playwright-core";
import { openSimulator, paneFrame, type TestServer } from "../../helpers/browser";
import type { TestIdentity } from "../../helpers/openssl";
import type { DraftView } from "../../../src/simulator/mailbox-state";

/** The simulator's draft view (window.spmSimulator is typed in test/helpers/browser.ts). */
export type SimDraft = DraftView;

export const b64 = (s: string | Buffer) => (typeof s === "string" ? Buffer.from(s, "utf8") : s).toString("base64");

/** Open the simulator, import the sender's identity and the given recipients' certificates. */
export async function simulatorWith(browser: Browser, server: TestServer, sender: TestIdentity | undefined, recipients: TestIdentity[]): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await openSimulator(browser, server);
  if (sender) {
    const p12 = readFileSync(sender.p12Path).toString("base64");
    await page.evaluate(([p, pw]) => window.spmSimulator.importIdentity(p, pw), [p12, sender.password]);
  }
  for (const r of recipients) await page.evaluate((pem) => window.spmSimulator.importRecipientCertificate(pem), r.certPem);
  return { page, errors };
}

/**
 * Open the compose pane and wait until it has read the draft (its main button is there). `format:
 * "attachment"` then picks the Secure Patient Mail format on purpose (standard S/MIME is the default).
 */
export async function openCompose(page: Page, options: { format?: "attachment" } = {}): Promise<Frame> {
  await page.evaluate(() => window.spmSimulator.openPane("compose"));
  const frame = paneFrame(page);
  await frame.getByRole("button", { name: /^(Encrypt|Sign(?! in)|Verschlüsseln|Signieren)/ }).first().waitFor({ timeout: 15_000 });
  if (options.format === "attachment") await frame.getByRole("radio", { name: /^(Secure Patient Mail format|Secure-Patient-Mail-Format)/ }).check();
  return frame;
}

/** The pane's main button ("Sign in" offers a sign-in for standard S/MIME and is not it). */
export function mainButton(frame: Frame) {
  return frame.getByRole("button", { name: /^(Encrypt|Sign(?! in))/ }).first();
}

export async function getDraft(page: Page): Promise<SimDraft> {
  return page.evaluate(() => window.spmSimulator.getDraft());
}

export async function sessionData(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => ({ ...window.__spmSimulatorBackend!.draft.sessionData }));
}

/** tsx (esbuild keepNames) wraps named functions in callbacks with __name(): give evaluated code a no-op one. */
export async function allowNamedFunctions(target: { evaluate(script: string): Promise<unknown> }): Promise<void> {
  await target.evaluate("globalThis.__name = globalThis.__name || ((f) => f)");
}
