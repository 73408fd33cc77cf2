/**
 * Helpers for the standard S/MIME (Graph) browser tests: a server whose config/policy.json a test chooses,
 * a second simulator page for a recipient (own store, same Graph session), the delivery controls of the
 * compose pane, and the delivered messages as files for OpenSSL and NSS.
 */
import { createServer, type Server } from "node:http";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Frame, Page } from "playwright-core";
import { createHandler } from "../../../scripts/serve-lib.mjs";
import { devBuild, paneFrame, type TestServer } from "../../helpers/browser";
import type { TestIdentity } from "../../helpers/openssl";
import { b64, getDraft, openCompose, type SimDraft } from "./helpers";

/**
 * The shared test build served with this config/policy.json in front of the shipped one. `graph: null` makes
 * the simulated server leave Graph unconfigured; leaving `graph` out gives the simulator's registration.
 */
export async function startServerWithPolicy(policy: Record<string, unknown>): Promise<TestServer> {
  const root = await devBuild();
  const overlay = mkdtempSync(join(tmpdir(), "spm-policy-"));
  mkdirSync(join(overlay, "config"));
  writeFileSync(join(overlay, "config", "policy.json"), JSON.stringify(policy));
  const server: Server = createServer(createHandler({ roots: [overlay, root] }));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("server has no port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    root,
    close: async () => {
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(overlay, { recursive: true, force: true });
    },
  };
}

/** The compose pane's delivery radios. */
export function standardRadio(frame: Frame) {
  return frame.getByRole("radio", { name: /^Standard S\/MIME/ });
}
export function attachmentRadio(frame: Frame) {
  return frame.getByRole("radio", { name: /^Secure Patient Mail format/ });
}

/** Choose the attachment format on purpose (the tests of that format use it). */
export async function useAttachmentFormat(frame: Frame): Promise<void> {
  await attachmentRadio(frame).check();
}

/** Wait until the pane has closed and discarded the draft (Graph accepted the message). */
export async function waitForClosedDraft(page: Page): Promise<void> {
  await page.waitForFunction(() => window.spmSimulator.getDraft().closed, undefined, { timeout: 30_000 });
}

/** A second simulator page in its own browser context (own IndexedDB) that joins `sessionId`'s mailboxes. */
export async function recipientPage(browser: Browser, server: TestServer, who: TestIdentity, sessionId: string, anchorsPem?: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
  // The test PKI's root as the organisation's anchor (config/anchors.pem), as an admin would deploy it.
  if (anchorsPem !== undefined) await page.route(/\/config\/anchors\.pem$/, (route) => route.fulfill({ status: 200, contentType: "application/x-pem-file", body: anchorsPem }));
  await page.goto(`${server.url}/simulator.html`);
  await page.waitForFunction(() => "spmSimulator" in window);
  await page.evaluate(([p12, pw]) => window.spmSimulator.importIdentity(p12, pw), [readFileSync(who.p12Path).toString("base64"), who.password]);
  await page.evaluate((id) => window.spmSimulator.setDelivery({ sessionId: id }), sessionId);
  return { page, close: () => context.close() };
}

/** The read pane of `page` after openDelivered: wait until it settled. */
export async function settledReadPane(page: Page): Promise<Frame> {
  const frame = paneFrame(page);
  await frame.waitForSelector('[data-testid="opened"], [data-testid="error"], [data-testid="not-smime"]', { timeout: 45_000 });
  return frame;
}

/** The base64 body of a single-part message as DER (for NSS cmsutil, which reads CMS, not MIME). */
export function p7mDer(mime: string): Buffer {
  const split = mime.indexOf("\r\n\r\n");
  return Buffer.from(mime.slice(split + 4).replace(/\s+/g, ""), "base64");
}

/** The header section of a raw message, unfolded, as name (lowercase) -> value. */
export function outerHeaders(mime: string): Record<string, string> {
  const head = mime.slice(0, mime.indexOf("\r\n\r\n")).replace(/\r\n[ \t]/g, " ");
  const out: Record<string, string> = {};
  for (const line of head.split("\r\n")) {
    const i = line.indexOf(":");
    out[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  return out;
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
