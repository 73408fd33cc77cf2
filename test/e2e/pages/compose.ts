/**
 * The compose pane (compose.html in the simulator): open it on the loaded draft, its main button, the
 * delivery format radios, and the sign-only draft the standard S/MIME tests send.
 */
import type { Frame, Page } from "playwright-core";
import { paneFrame } from "../../helpers/browser";
import { getDraft, type SimDraft } from "./simulator";

export const b64 = (s: string | Buffer) => (typeof s === "string" ? Buffer.from(s, "utf8") : s).toString("base64");

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

/** The compose pane's delivery radios. */
export function standardRadio(frame: Frame) {
  return frame.getByRole("radio", { name: /^Standard S\/MIME/ });
}
export function attachmentRadio(frame: Frame) {
  return frame.getByRole("radio", { name: /^Secure Patient Mail format/ });
}

/** A draft to Bob (with a certificate) and Carl (without): sent signed only, so Carl may stay. */
export const SIGN_ONLY_DRAFT = {
  from: { displayName: "Dr. Alice", emailAddress: "alice@clinic.example" },
  to: ["Bob Lab <bob@lab.example>"],
  cc: ["Carl <carl@clinic.example>"],
  subject: "Findings",
  bodyHtml: "<p>Findings for patient 4711.</p>",
  attachments: [{ name: "labs.csv", contentBase64: b64("a;b\r\n1;2\r\n") }],
};

/** Load SIGN_ONLY_DRAFT into the simulator page, open the compose pane and switch encryption off. */
export async function signOnlyDraft(page: Page): Promise<{ frame: Frame; before: SimDraft }> {
  await page.evaluate((d) => window.spmSimulator.loadDraft(d), SIGN_ONLY_DRAFT);
  const before = await getDraft(page);
  const frame = await openCompose(page);
  await frame.getByRole("switch", { name: "Encrypt" }).click();
  return { frame, before };
}

/** tsx (esbuild keepNames) wraps named functions in callbacks with __name(): give evaluated code a no-op one. */
export async function allowNamedFunctions(target: { evaluate(script: string): Promise<unknown> }): Promise<void> {
  await target.evaluate("globalThis.__name = globalThis.__name || ((f) => f)");
}
