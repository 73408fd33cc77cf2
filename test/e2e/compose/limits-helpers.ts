/** Drafts with large attachments for the limits and S/MIME-switch tests (limits.test.ts, smime-switch.test.ts). */
import type { Page } from "playwright-core";
import { getDraft, sessionData } from "../pages/simulator";

export const MB = 1_000_000;
export const DONE = "The message is encrypted and signed.";

export interface FileSpec {
  name: string;
  size: number;
  isInline?: boolean;
}

/** Load a draft to Bob whose attachments are random bytes of these sizes (made in the page: no 20 MB round trip). */
export async function loadDraft(page: Page, platform: "OfficeOnline" | "PC", files: FileSpec[]): Promise<void> {
  await page.evaluate((p) => window.spmSimulator.setPlatform(p), platform);
  await page.evaluate((specs) => {
    const attachments = specs.map((f) => {
      const bytes = new Uint8Array(f.size);
      for (let i = 0; i < bytes.length; i += 65_536) crypto.getRandomValues(bytes.subarray(i, Math.min(i + 65_536, bytes.length)));
      let b64 = "";
      for (let i = 0; i < bytes.length; i += 3 * 8192) b64 += btoa(String.fromCharCode(...bytes.subarray(i, i + 3 * 8192)));
      return { name: f.name, contentBase64: b64, isInline: f.isInline === true, ...(f.isInline ? { contentId: f.name } : {}) };
    });
    window.spmSimulator.loadDraft({
      from: { displayName: "Dr. Alice Sender", emailAddress: "alice@clinic.example" },
      to: ["Bob Lab <bob@lab.example>"],
      subject: "Scans",
      bodyHtml: '<p>Scans for patient 4711.</p><img src="cid:letterhead.png">',
      attachments,
    });
  }, files);
}

/** The draft without the session-only attachment ids, plus its session data. */
export async function content(page: Page) {
  const d = await getDraft(page);
  return { ...d, attachments: d.attachments.map(({ id: _id, ...rest }) => rest), sessionData: await sessionData(page) };
}

/** Attachment adds and removes in the order Outlook saw them, with their outcome. */
export async function attachmentCalls(page: Page): Promise<string[]> {
  const log = await page.evaluate(() => window.spmSimulator.getEventLog());
  return log.filter((e) => e.method === "addFileAttachmentFromBase64Async" || e.method === "removeAttachmentAsync").map((e) => `${e.method === "removeAttachmentAsync" ? "remove" : "add"}:${e.outcome}${e.error ? `:${e.error}` : ""}`);
}

