/**
 * One browser test file's environment: the shared dev build served, one Chromium, and (when asked) a test
 * PKI with named identities and a scratch folder. `browserSuite()` registers the beforeAll/afterAll pair
 * every browser file needed, so a file states only what it needs.
 */
import { afterAll, beforeAll } from "@jest/globals";
import type { Browser } from "playwright-core";
import { launchBrowser, startServer, type TestServer } from "./browser";
import { createTestPki, removeDir, tempDir, type IssueOptions, type TestIdentity, type TestPki } from "./openssl";

/** An identity the suite issues from its PKI: [display name, e-mail address, options]. */
export type IdentitySpec = [name: string, email: string, options?: IssueOptions];

export interface SuiteOptions<K extends string> {
  /** Identities issued once per file by the suite's test PKI (a PKI is made when this or `pki` is given). */
  identities?: Record<K, IdentitySpec>;
  pki?: boolean;
  /** A scratch folder, removed after the file. */
  work?: boolean;
  /** Serve something else than the shared build as it is (e.g. with a config/policy.json in front). */
  server?: () => Promise<TestServer>;
  /** Extra fixture entries for a build made outside the `browser` group (the shared build has them all). */
  entries?: Record<string, string>;
  /** false: the file launches its own Chromium (e.g. a persistent profile it restarts). */
  launch?: boolean;
  /** Anything else the file starts with the browser (a recorder, a second server); closed after it. */
  extra?: () => Promise<{ close(): Promise<void> }>;
}

export interface BrowserSuite<K extends string> {
  server: TestServer;
  browser: Browser;
  pki: TestPki;
  ids: Record<K, TestIdentity>;
  work: string;
}

/** Register the file's setup and teardown; the returned object is filled in beforeAll. */
export function browserSuite<K extends string = never>(options: SuiteOptions<K> = {}): BrowserSuite<K> {
  const suite = { ids: {} } as BrowserSuite<K>;
  const closers: (() => Promise<void> | void)[] = [];
  beforeAll(async () => {
    if (options.identities || options.pki) {
      suite.pki = createTestPki();
      closers.push(() => suite.pki.cleanup());
      for (const [key, [name, email, issue]] of Object.entries(options.identities ?? {}) as [K, IdentitySpec][]) {
        suite.ids[key] = suite.pki.issue(name, email, issue);
      }
    }
    if (options.work) {
      suite.work = tempDir();
      closers.push(() => removeDir(suite.work));
    }
    const [server, browser, extra] = await Promise.all([
      options.server ? options.server() : startServer({ entries: options.entries }),
      options.launch === false ? undefined : launchBrowser(),
      options.extra?.(),
    ]);
    Object.assign(suite, { server, browser });
    closers.push(() => server.close());
    if (browser) closers.push(() => browser.close());
    if (extra) closers.push(() => extra.close());
  });
  afterAll(async () => {
    // Last made, first closed: the browser before the server it talks to, the PKI last.
    for (const close of closers.splice(0).reverse()) await close();
  });
  return suite;
}
