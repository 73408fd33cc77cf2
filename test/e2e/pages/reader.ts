/**
 * The web reader (reader.html): a page of its own, no simulator. A fresh profile whose organisation anchor
 * (config/anchors.pem next to the page) is the test CA; the key import form; a file chosen or dropped.
 */
import { resolve } from "node:path";
import type { Browser, BrowserContext, Page, Request } from "playwright-core";
import { openGuardedPage, type TestServer } from "../../helpers/browser";
import type { TestIdentity } from "../../helpers/openssl";

const AXE = resolve(import.meta.dirname, "../../../node_modules/axe-core/axe.min.js");

export interface ReaderEnv {
  browser: Browser;
  server: TestServer;
}

/** A fresh profile whose config/anchors.pem is `anchorsPem`. */
export async function readerContext(env: ReaderEnv, anchorsPem: string, options: { bypassCSP?: boolean } = {}): Promise<BrowserContext> {
  const ctx = await env.browser.newContext({ acceptDownloads: true, ...options });
  await ctx.route(/\/config\/anchors\.pem$/, (route) => route.fulfill({ status: 200, contentType: "application/x-pem-file", body: anchorsPem }));
  return ctx;
}

export class ReaderPage {
  /** Every request the page made (a sandboxed content frame's own requests are not seen here). */
  readonly requests: Request[] = [];

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly errors: string[],
  ) {
    page.on("request", (r) => this.requests.push(r));
  }

  /** Open reader.html in `context` and wait until everything it needs at start has loaded. */
  static async open(env: ReaderEnv, context: BrowserContext): Promise<ReaderPage> {
    const { page, errors } = await openGuardedPage(context, env.server, "reader.html");
    const reader = new ReaderPage(context, page, errors);
    await page.locator('[data-testid="reader-keys-held"]').waitFor();
    // Scripts, config/anchors.pem and the bundled roots.
    await page.waitForLoadState("networkidle");
    return reader;
  }

  /** Import a .p12 through the page's (the settings pane's) import form. */
  async importP12(who: TestIdentity): Promise<void> {
    const page = this.page;
    // Open with no key in this browser; a click on its summary opens it otherwise.
    if (!(await page.locator('[data-testid="import-file"]').isVisible())) await page.locator("summary", { hasText: "Use a key file" }).click();
    await page.locator('[data-testid="import-file"]').setInputFiles(who.p12Path);
    await page.locator('[data-testid="import-password"]').fill(who.password);
    await page.getByRole("button", { name: "Import and open" }).click();
    await page.locator('[data-testid="reader-keys-held"]', { hasText: who.email }).waitFor();
  }

  /** Choose a message file in the page's file picker. */
  async chooseFile(name: string, mimeType: string, buffer: Buffer): Promise<void> {
    await this.page.locator('[data-testid="reader-file"]').setInputFiles({ name, mimeType, buffer });
  }

  /** Drop a file on the page, as a user dragging it from the mail program. */
  async dropFile(name: string, bytes: Buffer): Promise<void> {
    const data = await this.page.evaluateHandle(
      ([n, b64]) => {
        const dt = new DataTransfer();
        const raw = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        dt.items.add(new File([raw], n));
        return dt;
      },
      [name, bytes.toString("base64")] as const,
    );
    await this.page.dispatchEvent("main", "drop", { dataTransfer: data });
  }

  /** Serious and critical axe violations (axe is an inline script: the context must bypass the CSP). */
  async axe(): Promise<string[]> {
    await this.page.addScriptTag({ path: AXE });
    const result = await this.page.evaluate<{ violations: { id: string; impact: string }[] }>(`axe.run(document, { resultTypes: ["violations"], iframes: false })`);
    return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id);
  }
}
