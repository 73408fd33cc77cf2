/**
 * The simulator page (simulator.html): Outlook's stand-in that hosts the panes in its iframe. Each
 * SimulatorPage has its own browser context (own IndexedDB, so identities and address books do not leak
 * between tests), collects page errors, blocks and reports anything that would leave the machine, and can
 * serve the test PKI's root as the organisation anchor (config/anchors.pem), as an admin deploys it.
 */
import { readFileSync } from "node:fs";
import type { Browser, BrowserContext, Frame, Page, Request } from "playwright-core";
import { openGuardedPage, paneFrame, type TestServer } from "../../helpers/browser";
import type { TestIdentity } from "../../helpers/openssl";
import type { DraftView } from "../../../src/simulator/mailbox-state";

export type SimDraft = DraftView;
export type DraftInput = Parameters<Window["spmSimulator"]["loadDraft"]>[0];

export interface SimulatorOptions {
  /** A context of the test's own (e.g. one a web reader page shares); a fresh one by default. */
  context?: BrowserContext;
  /** Served as config/anchors.pem (the organisation's trust anchors). */
  anchorsPem?: string;
  /** Identities (own certificate and key) imported through the simulator's API. */
  identities?: TestIdentity[];
  /** Recipients' certificates imported into the address book. */
  recipients?: TestIdentity[];
  /** Install Playwright's fake clock before the page loads. */
  clock?: boolean;
  /** Set the Outlook display language before any pane opens. */
  displayLanguage?: string;
  /** Anything else to prepare on the page before a pane opens (served files, theme). */
  setup?: (page: Page) => Promise<unknown>;
  /**
   * Upload time of attachment adds in ms per MB of base64. Small by default (10) so that tests of other things
   * are not slowed by the simulator's realistic upload time; the slow-upload test sets its own.
   */
  uploadMsPerMb?: number;
  /** Join the simulated Graph session `sessionId` (a second mailbox of the same tenant). */
  deliverySession?: string;
}

export class SimulatorPage {
  /** Every request the page made (content frames' requests that Playwright sees included). */
  readonly requests: Request[] = [];
  /** Every console message's text (errors are also in `errors`). */
  readonly consoleMessages: string[] = [];

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly errors: string[],
  ) {
    page.on("request", (r) => this.requests.push(r));
    page.on("console", (m) => this.consoleMessages.push(m.text()));
  }

  /** Open the simulator on `env.server` in a fresh context of `env.browser` (a BrowserSuite is such an env). */
  static async open(env: { browser: Browser; server: TestServer }, options: SimulatorOptions = {}): Promise<SimulatorPage> {
    const context = options.context ?? (await env.browser.newContext({ acceptDownloads: true }));
    if (options.clock) await context.clock.install();
    if (options.anchorsPem !== undefined) {
      const pem = options.anchorsPem;
      await context.route(/\/config\/anchors\.pem$/, (route) => route.fulfill({ status: 200, contentType: "application/x-pem-file", body: pem }));
    }
    const { page, errors } = await openGuardedPage(context, env.server, "simulator.html");
    const sim = new SimulatorPage(context, page, errors);
    await page.waitForFunction(() => "spmSimulator" in window);
    await page.evaluate((ms) => window.spmSimulator.setUploadSpeed(ms), options.uploadMsPerMb ?? 10);
    if (options.displayLanguage) await page.evaluate((l) => window.spmSimulator.setDisplayLanguage(l), options.displayLanguage);
    for (const id of options.identities ?? []) await sim.importIdentity(id);
    for (const r of options.recipients ?? []) await sim.importRecipient(r);
    if (options.setup) await options.setup(page);
    if (options.deliverySession) await page.evaluate((id) => window.spmSimulator.setDelivery({ sessionId: id }), options.deliverySession);
    return sim;
  }

  async importIdentity(id: TestIdentity): Promise<void> {
    await this.page.evaluate(([p12, pw]) => window.spmSimulator.importIdentity(p12, pw), [readFileSync(id.p12Path).toString("base64"), id.password]);
  }

  async importRecipient(id: TestIdentity): Promise<void> {
    await this.page.evaluate((pem) => window.spmSimulator.importRecipientCertificate(pem), id.certPem);
  }

  async loadDraft(draft: DraftInput): Promise<void> {
    await this.page.evaluate((d) => window.spmSimulator.loadDraft(d), draft);
  }

  getDraft(): Promise<SimDraft> {
    return getDraft(this.page);
  }

  /** Load a raw message (.eml as a latin1 string) as Exchange presents it. */
  async loadMessage(eml: string): Promise<void> {
    await this.page.evaluate((m) => window.spmSimulator.loadMessage(m), eml);
  }

  async openPane(name: string): Promise<Frame> {
    await this.page.evaluate((n) => window.spmSimulator.openPane(n), name);
    return this.pane();
  }

  /** The pane iframe (the simulator page's only iframe). */
  pane(): Frame {
    return paneFrame(this.page);
  }

  close(): Promise<void> {
    return this.context.close();
  }
}

export function getDraft(page: Page): Promise<SimDraft> {
  return page.evaluate(() => window.spmSimulator.getDraft());
}

/** The draft's session data (Outlook keeps it with the draft; the compose pane stores its markers there). */
export function sessionData(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => ({ ...window.__spmSimulatorBackend!.draft.sessionData }));
}

/** Wait until the pane has closed and discarded the draft (Graph accepted the message). */
export async function waitForClosedDraft(page: Page): Promise<void> {
  await page.waitForFunction(() => window.spmSimulator.getDraft().closed, undefined, { timeout: 30_000 });
}
