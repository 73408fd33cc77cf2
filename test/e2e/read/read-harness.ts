/**
 * Shared harness for the read pane e2e tests: one server + browser per test file, the test PKI's root served
 * as the organisation anchor (config/anchors.pem), identities imported through window.spmSimulator, a
 * message loaded as Exchange presents it, and the read pane opened. Network requests are recorded.
 */
import { readFileSync } from "node:fs";
import type { Browser, Frame, Page, Request } from "playwright-core";
import { launchBrowser, paneFrame, startServer, type TestServer } from "../../helpers/browser";
import { noticeHtml, type Protection } from "../../../src/ui/compose/notice";
import type { TestIdentity, TestPki } from "../../helpers/openssl";

export interface Harness {
  server: TestServer;
  browser: Browser;
  close(): Promise<void>;
}

/** The shared test build (it holds the fixture entries, e.g. STORE_TOOLS_ENTRY) and a browser. */
export async function startHarness(extraEntries: Record<string, string> = {}): Promise<Harness> {
  const [server, browser] = await Promise.all([startServer({ entries: extraEntries }), launchBrowser()]);
  return {
    server,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

export interface Session {
  page: Page;
  errors: string[];
  requests: Request[];
  consoleMessages: string[];
  /** The read pane's frame (after openRead). */
  pane(): Frame;
  close(): Promise<void>;
}

/** A fresh simulator page whose organisation anchors are `anchorsPem`, with `identities` imported. */
export async function newSession(h: Harness, options: { anchorsPem?: string; identities?: TestIdentity[] } = {}): Promise<Session> {
  // A fresh context: its own IndexedDB (identities and address book do not leak between tests).
  const context = await h.browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const requests: Request[] = [];
  const consoleMessages: string[] = [];
  page.on("request", (r) => requests.push(r));
  page.on("console", (m) => consoleMessages.push(m.text()));
  if (options.anchorsPem !== undefined) {
    const pem = options.anchorsPem;
    await page.route(/\/config\/anchors\.pem$/, (route) => route.fulfill({ status: 200, contentType: "application/x-pem-file", body: pem }));
  }
  const opened = await openSimulatorOn(page, h.server);
  for (const id of options.identities ?? []) {
    await page.evaluate(([b, pw]) => window.spmSimulator.importIdentity(b, pw), [readFileSync(id.p12Path).toString("base64"), id.password]);
  }
  return {
    page,
    errors: opened.errors,
    requests,
    consoleMessages,
    pane: () => paneFrame(page),
    close: () => context.close(),
  };
}

async function openSimulatorOn(page: Page, server: TestServer): Promise<{ errors: string[] }> {
  // As test/helpers/browser.ts openSimulator does, but on a page of our own context (fresh IndexedDB).
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => {
    errors.push(`external request blocked: ${route.request().url()}`);
    return route.abort();
  });
  await page.goto(`${server.url}/simulator.html`);
  await page.waitForFunction(() => "spmSimulator" in window);
  return { errors };
}

/** Load a message (raw .eml as a latin1 string) and open the read pane; waits until the pane settles. */
export async function openRead(s: Session, eml: string): Promise<Frame> {
  await s.page.evaluate((m) => window.spmSimulator.loadMessage(m), eml);
  await s.page.evaluate(() => window.spmSimulator.openPane("read"));
  const frame = s.pane();
  await frame.waitForSelector('[data-testid="opened"], [data-testid="error"], [data-testid="not-smime"], [data-testid="nested-only"], [data-testid="locked"], [data-testid="smime-unavailable"], [data-testid="legacy-cipher"]', { timeout: 45_000 });
  return frame;
}

export interface PaneView {
  kind: "opened" | "error" | "not-smime" | "nested-only" | "locked" | "smime-unavailable";
  status?: string;
  intent?: string;
  title?: string;
  sentence?: string;
  details: string[];
  signer?: string;
  fromMatches?: string;
  text?: string;
  htmlSrcdoc?: string;
  attachments: string[];
  nestedButtons: string[];
  errorCode?: string;
  errorText?: string;
  subject?: string;
}

/**
 * What the (top-level) pane shows, read from the DOM. A plain JS string: tsx would wrap named inner
 * functions in a helper (__name) that does not exist inside the page.
 */
const READ_PANE_SCRIPT = `(() => {
  const q = (sel, root = document) => root.querySelector(sel);
  const opened = q('[data-testid="opened"]');
  const kind = opened ? "opened" : q('[data-testid="error"]') ? "error" : q('[data-testid="not-smime"]') ? "not-smime" : q('[data-testid="nested-only"]') ? "nested-only" : q('[data-testid="smime-unavailable"]') ? "smime-unavailable" : "locked";
  const scope = opened || document;
  const own = (sel) => [...scope.querySelectorAll(sel)].filter((e) => !e.closest('[data-testid="opened-nested"]'));
  const status = own('[data-testid="status"]')[0];
  const t = (el) => (el ? el.textContent : undefined);
  const err = q('[data-testid="error"]');
  const fm = status && status.querySelector('[data-testid="from-match"]');
  const frameEl = own('[data-testid="html-body"]')[0];
  return {
    kind,
    status: status ? status.dataset.status : undefined,
    intent: status ? status.dataset.intent : undefined,
    title: status ? t(status.querySelector('[id$="-title"]')) : undefined,
    sentence: status ? t(status.querySelector('[data-testid="status-sentence"]')) : undefined,
    details: status ? [...status.querySelectorAll('[data-testid="status-details"] li')].map((li) => li.textContent) : [],
    signer: status ? t(status.querySelector('[data-testid="signer"]')) : undefined,
    fromMatches: fm ? fm.dataset.matches : undefined,
    text: t(own('[data-testid="text-body"]')[0]),
    htmlSrcdoc: frameEl ? frameEl.getAttribute("srcdoc") : undefined,
    attachments: own('[data-testid="attachments"] li').map((li) => li.dataset.name),
    nestedButtons: [...document.querySelectorAll('[data-testid="nested-item"] > button')].map((b) => b.textContent),
    errorCode: err ? err.dataset.code : undefined,
    errorText: t(q('[data-testid="error-text"]')),
    subject: t(own('[data-testid="protected-subject"]')[0]),
  };
})()`;

export async function readPane(frame: Frame): Promise<PaneView> {
  return frame.evaluate<PaneView>(READ_PANE_SCRIPT);
}

/** Requests that left for anything but the test server, and requests made by a content (srcdoc) frame. */
export function leakedRequests(s: Session, serverUrl: string): string[] {
  return s.requests
    .filter((r) => {
      const url = r.url();
      if (/^(data|blob|about):/.test(url)) return r.frame().url() === "about:srcdoc";
      if (r.frame().url() === "about:srcdoc") return true;
      return !url.startsWith(serverUrl);
    })
    .map((r) => `${r.frame().url()} -> ${r.url()}`);
}

export function caPem(pki: TestPki): string {
  return pki.caCertPem;
}

/** Build an .eml from header lines and a body (CRLF). */
export function eml(headers: string[], body: string): string {
  return [...headers, "", body].join("\r\n");
}

export const STORE_TOOLS_ENTRY = { "store-tools": "test/e2e/read/fixtures/store-tools.ts" };

/** Load fixtures/store-tools into the simulator page (needs startHarness(STORE_TOOLS_ENTRY)). */
export async function loadStoreTools(s: Session): Promise<void> {
  await s.page.addScriptTag({ url: "/store-tools.js", type: "module" });
  await s.page.waitForFunction(() => "readTestTools" in window);
}

export async function storeTool<T>(s: Session, name: "setPassphrase" | "setSettings" | "addressBook" | "pins", ...args: unknown[]): Promise<T> {
  return s.page.evaluate(
    ([n, a]) => (window as unknown as { readTestTools: Record<string, (...x: unknown[]) => Promise<unknown>> }).readTestTools[n as string](...(a)),
    [name, args] as const,
  ) as Promise<T>;
}

/**
 * Our attachment format as the compose pane sends it: an ordinary message whose visible body is exactly our
 * notice (with the reader's address) and whose single attachment is the CMS as smime.p7m.
 */
export function ownFormatEml(cms: Uint8Array, options: { headers?: string[]; protection?: Protection; readerUrl?: string; body?: string } = {}): string {
  const b = "----=_spm_own";
  const headers = options.headers ?? ["From: Dr. Alice <alice@clinic.example>", "To: Bob <bob@lab.example>", "Subject: [...]", "Message-ID: <own-1@clinic.example>"];
  return [
    ...headers,
    "X-SPM-Protected: 1",
    "MIME-Version: 1.0",
    `Content-Type: multipart/mixed; boundary="${b}"`,
    "",
    `--${b}`,
    "Content-Type: text/html; charset=utf-8",
    "",
    // The .eml is handed over as a latin1 string: the UTF-8 bytes of the notice, one character each.
    Buffer.from(options.body ?? noticeHtml(options.protection ?? "both", "en", options.readerUrl ?? "https://mail-addin.clinic.example/reader.html"), "utf8").toString("latin1"),
    `--${b}`,
    'Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"',
    "Content-Transfer-Encoding: base64",
    'Content-Disposition: attachment; filename="smime.p7m"',
    "",
    Buffer.from(cms).toString("base64").replace(/.{76}/g, "$&\r\n"),
    `--${b}--`,
    "",
  ].join("\r\n");
}
