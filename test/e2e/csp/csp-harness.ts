/**
 * Content Security Policy harness for the browser tests (issue 18): a browser context that records every
 * `securitypolicyviolation` event of every document it opens (the simulator, the pane frames, the hidden
 * event-runtime frame, the web reader), the policy headers the server sent, and a simulator page on it.
 */
import type { Browser, BrowserContext, Frame, Page } from "playwright-core";
import type { TestServer } from "../../helpers/browser";

export interface Violation {
  directive: string;
  blocked: string;
  sample: string;
  source: string;
  line: number;
  document: string;
  disposition: string;
}

export interface CspSession {
  context: BrowserContext;
  page: Page;
  violations: Violation[];
  /** Page errors and external requests (nothing may leave the machine). */
  errors: string[];
  /** Content-Security-Policy response header per .html URL the server answered. */
  headers: Map<string, string | undefined>;
  close(): Promise<void>;
}

/**
 * Every document gets a listener before any of its own scripts run (an init script: it is not subject to
 * the page's CSP). Documents without script (the sandboxed content frame) report to themselves only.
 */
const LISTENER = `document.addEventListener("securitypolicyviolation", (e) => {
  window.__spmCspViolation({
    directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample, source: e.sourceFile,
    line: e.lineNumber, document: e.documentURI, disposition: e.disposition,
  });
}, true);`;

export async function cspSession(browser: Browser, server: TestServer): Promise<CspSession> {
  const context = await browser.newContext({ acceptDownloads: true });
  const violations: Violation[] = [];
  const errors: string[] = [];
  const headers = new Map<string, string | undefined>();
  await context.exposeFunction("__spmCspViolation", (v: Violation) => violations.push({ ...v }));
  await context.addInitScript(LISTENER);
  context.on("response", (r) => {
    if (/\.html(\?|$)/.test(r.url())) headers.set(new URL(r.url()).pathname, r.headers()["content-security-policy"]);
  });
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(e.message));
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => {
    errors.push(`external request blocked: ${route.request().url()}`);
    return route.abort();
  });
  await page.goto(`${server.url}/simulator.html`);
  await page.waitForFunction(() => "spmSimulator" in window);
  return { context, page, violations, errors, headers, close: () => context.close() };
}

/** The policy a document's <meta http-equiv="Content-Security-Policy"> carries. */
export function metaPolicy(frame: Frame | Page): Promise<string | null> {
  return frame.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute("content") ?? null);
}

/** Violations as readable lines (for assertion messages). */
export function describe(violations: Violation[]): string {
  return violations.map((v) => `${v.directive} blocked ${v.blocked || "(inline)"} in ${v.document} at ${v.source}:${v.line} ${v.sample}`).join("\n");
}
