/**
 * The read pane (read.html in the simulator): open it on a message loaded as Exchange presents it, wait
 * until it settles, and read what it shows from the DOM; the requests it made; messages in our format.
 */
import type { Frame, Page } from "playwright-core";
import { paneFrame } from "../../helpers/browser";
import { noticeHtml, type Protection } from "../../../src/ui/compose/notice";
import type { SimulatorPage } from "./simulator";
import { multipart, p7mPart, textPart } from "../../helpers/mime-build";
import { draftFromAlice, protectDraft } from "../../helpers/protect";
import type { TestIdentity } from "../../helpers/openssl";

/** Load a message (raw .eml as a latin1 string) and open the read pane; waits until the pane settles. */
export async function openRead(s: SimulatorPage, eml: string): Promise<Frame> {
  await s.loadMessage(eml);
  await s.openPane("read");
  return settledReadPane(s.page);
}

/** The read pane of `page` (opened by the test or by the simulator's delivery), once it has settled. */
export async function settledReadPane(page: Page): Promise<Frame> {
  const frame = paneFrame(page);
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
export function leakedRequests(s: SimulatorPage, serverUrl: string): string[] {
  return s.requests
    .filter((r) => {
      const url = r.url();
      if (/^(data|blob|about):/.test(url)) return r.frame().url() === "about:srcdoc";
      if (r.frame().url() === "about:srcdoc") return true;
      return !url.startsWith(serverUrl);
    })
    .map((r) => `${r.frame().url()} -> ${r.url()}`);
}

/** Build an .eml from header lines and a body (CRLF). */
export function eml(headers: string[], body: string): string {
  return [...headers, "", body].join("\r\n");
}

export const STORE_TOOLS_ENTRY = { "store-tools": "test/e2e/read/fixtures/store-tools.ts" };

/** Load fixtures/store-tools into the simulator page (needs browserSuite({ entries: STORE_TOOLS_ENTRY })). */
export async function loadStoreTools(s: SimulatorPage): Promise<void> {
  await s.page.addScriptTag({ url: "/store-tools.js", type: "module" });
  await s.page.waitForFunction(() => "readTestTools" in window);
}

export async function storeTool<T>(s: SimulatorPage, name: "setPassphrase" | "setSettings" | "addressBook" | "pins", ...args: unknown[]): Promise<T> {
  return s.page.evaluate(
    ([n, a]) => (window as unknown as { readTestTools: Record<string, (...x: unknown[]) => Promise<unknown>> }).readTestTools[n as string](...(a)),
    [name, args] as const,
  ) as Promise<T>;
}

/**
 * Our attachment format as the compose pane sends it: an ordinary message whose visible body is exactly our
 * notice (with the reader's address) and whose single attachment is the CMS as smime.p7m.
 */
export interface OwnFormatOptions {
  /** The header lines before X-SPM-Protected (From, To, Subject, Message-ID by default). */
  headers?: string[];
  /** Leave out X-SPM-Protected (a message that only looks like ours). */
  protectedHeader?: boolean;
  /** Header lines after X-SPM-Protected. */
  extraHeaders?: string[];
  protection?: Protection;
  readerUrl?: string;
  /** The visible body instead of our notice. */
  body?: string;
}

export function ownFormatEml(cms: Uint8Array, options: OwnFormatOptions = {}): string {
  const headers = options.headers ?? ["From: Dr. Alice <alice@clinic.example>", "To: Bob <bob@lab.example>", "Subject: [...]", "Message-ID: <own-1@clinic.example>"];
  const notice = options.body ?? noticeHtml(options.protection ?? "both", "en", options.readerUrl ?? "https://mail-addin.clinic.example/reader.html");
  return multipart("----=_spm_own", [
    // The .eml is handed over as a latin1 string: the UTF-8 bytes of the notice, one character each.
    textPart(Buffer.from(notice, "utf8").toString("latin1"), "text/html; charset=utf-8"),
    p7mPart(cms),
  ], { headers: [...headers, ...(options.protectedHeader === false ? [] : ["X-SPM-Protected: 1"]), ...(options.extraHeaders ?? []), "MIME-Version: 1.0"] });
}

/**
 * Alice's short letter to Bob with one large attachment (scan.tiff, `size` bytes, a marked byte every 4 KiB),
 * signed by `signer` and encrypted to `recipient`, in our own format (notice + smime.p7m).
 */
export async function largeScanEml(signer: TestIdentity, recipient: TestIdentity, size: number, options: OwnFormatOptions = {}): Promise<string> {
  const big = Buffer.alloc(size);
  for (let i = 0; i < big.length; i += 4096) big[i] = i & 0xff;
  const draft = draftFromAlice({
    from: { address: "alice@clinic.example" },
    to: [{ address: "bob@lab.example" }],
    subject: "Scan",
    text: "The scan is attached.",
    attachments: [{ name: "scan.tiff", content: big, contentType: "image/tiff" }],
  });
  return ownFormatEml(await protectDraft(draft, signer, [recipient]), options);
}
