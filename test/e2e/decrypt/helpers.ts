/**
 * OnMessageDecrypt tests: messages in our attachment format (notice + smime.p7m, X-SPM-Protected header),
 * opened through window.spmSimulator.openItem(), which runs the real event bundles as Outlook does.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { Page } from "playwright-core";
import { ownFormatEml } from "../pages/read";
import type { SimulatorPage } from "../pages/simulator";

export interface CompletedOptions {
  allowEvent?: boolean;
  emailBody?: { coercionType: string; content: string };
  attachments?: { attachmentType: string; name: string; content: string; isInline: boolean; contentId?: string }[];
  errorMessage?: string;
  contextData?: unknown;
}

export const NEUTRAL_LINE_EN =
  "Decrypted by Secure Patient Mail. Whether and by whom this message was signed is shown only in Secure Patient Mail (on the ribbon).";

/** Our send format with the notice Outlook shows before decryption (OnMessageDecrypt replaces it). */
export function ownFormat(cms: Uint8Array, options: { messageId?: string; from?: string; extraHeaders?: string[]; header?: boolean } = {}): string {
  return ownFormatEml(cms, {
    headers: [`From: ${options.from ?? "Dr. Alice <alice@clinic.example>"}`, "To: Bob <bob@lab.example>", "Subject: [...]", `Message-ID: ${options.messageId ?? "<own-1@clinic.example>"}`],
    protectedHeader: options.header !== false,
    extraHeaders: options.extraHeaders,
    body: "<p>This message is encrypted. Open it with Secure Patient Mail.</p>",
  });
}

/** Load a message and open it as Outlook would; returns what OnMessageDecrypt passed to event.completed. */
export async function openItem(page: Page, eml: string): Promise<CompletedOptions | null> {
  await page.evaluate((m) => window.spmSimulator.loadMessage(m), eml);
  return (await page.evaluate(() => window.spmSimulator.openItem()));
}

/** The simulator's reading view: Outlook's bar, the rendered body's text and HTML, the attachment names. */
export async function readingView(page: Page): Promise<{ bar: string; text: string; html: string; attachments: string[] }> {
  return page.evaluate(() => {
    const view = document.getElementById("sim-reading-view");
    const body = document.getElementById("sim-decrypted-body")?.shadowRoot;
    return {
      bar: view?.querySelector('[data-testid="sim-outlook-bar"]')?.textContent ?? "",
      text: body?.textContent ?? "",
      html: body?.innerHTML ?? "",
      attachments: [...document.querySelectorAll("#sim-decrypted-attachments li")].map((li) => (li as HTMLElement).dataset.name ?? ""),
    };
  });
}

export function attachmentBytes(options: CompletedOptions, name: string): Buffer {
  const a = options.attachments?.find((x) => x.name === name);
  if (!a) throw new Error(`no attachment ${name} in ${JSON.stringify(options.attachments?.map((x) => x.name))}`);
  return Buffer.from(a.content, "base64");
}

/** A server on another origin than the simulator that records every request (sandboxes hide them from Playwright). */
export interface Recorder {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

export async function startRecorder(): Promise<Recorder> {
  const requests: string[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    requests.push(`${req.method ?? "?"} ${req.url ?? ""}`);
    if ((req.url ?? "").endsWith(".css")) res.writeHead(200, { "Content-Type": "text/css", "Access-Control-Allow-Origin": "*" }).end("body{color:red}");
    else res.writeHead(200, { "Content-Type": "image/png", "Access-Control-Allow-Origin": "*" }).end(PNG);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("recorder has no port");
  return { url: `http://127.0.0.1:${address.port}`, requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export async function roamingSetting(s: SimulatorPage, key: string): Promise<unknown> {
  return s.page.evaluate((k) => window.__spmSimulatorBackend!.roamingSettings[k], key);
}
