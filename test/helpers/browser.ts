/**
 * Browser test helpers: a dev build with the simulator (built once per test process into a temp dir, so it
 * does not depend on `dist/` or on `npm test` having built with --dev), a static server using the same handler
 * as `npm start`, and Chromium through playwright-core.
 */
import { createServer, type Server } from "node:http";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from "playwright-core";
import { buildDev, createHandler } from "../../scripts/serve-lib.mjs";
import type { SpmSimulatorApi } from "../../src/simulator/api";
import { collectPageErrors } from "./page-errors";

/** The simulator's test API, typed once for every browser test (pages are evaluated in its top window). */
declare global {
  interface Window {
    spmSimulator: SpmSimulatorApi;
    // Test-only pane fixture (test/e2e/simulator/fixtures).
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    testPane: any;
  }
}

const repoRoot = resolve(import.meta.dirname, "../..");

export interface TestServer {
  url: string;
  root: string;
  close(): Promise<void>;
}

export interface BuildExtras {
  /** Extra ESM entries, e.g. a fixture pane: { "test-pane": "test/e2e/simulator/fixtures/test-pane.ts" }. */
  entries?: Record<string, string>;
  /** Folders whose files are copied next to the build (fixture HTML pages). */
  staticDirs?: string[];
}

const builds = new Map<string, Promise<string>>();

/**
 * The development build the browser tests serve: the shared one from globalSetup (SPM_TEST_BUILD, which
 * holds every fixture entry), or, when a file runs outside the `browser` group, one built for this process.
 */
export function devBuild(extras: BuildExtras = {}): Promise<string> {
  const shared = process.env.SPM_TEST_BUILD;
  if (shared) return Promise.resolve(shared);
  const key = JSON.stringify(extras);
  let p = builds.get(key);
  if (!p) {
    const outDir = mkdtempSync(join(tmpdir(), "spm-app-"));
    p = buildDev({
      outDir,
      cwd: repoRoot,
      extraEntries: extras.entries ?? {},
      extraStaticDirs: (extras.staticDirs ?? []).map((d) => resolve(repoRoot, d)),
    }).then(() => outDir);
    builds.set(key, p);
    process.once("exit", () => rmSync(outDir, { recursive: true, force: true }));
  }
  return p;
}

/**
 * Serve a dev build on a free port on 127.0.0.1. `files` (path -> content, e.g. "config/policy.json") are
 * served in front of the build, as an admin's deployment would overlay them.
 */
export async function startServer(extras: BuildExtras = {}, files: Record<string, string> = {}): Promise<TestServer> {
  const root = await devBuild(extras);
  const overlay = mkdtempSync(join(tmpdir(), "spm-overlay-"));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(overlay, path)), { recursive: true });
    writeFileSync(join(overlay, path), content);
  }
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

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const CHROMIUM = { executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS, headless: true };

/** Chromium from Debian with a fresh profile (playwright's launch uses a new temporary user-data dir). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch(CHROMIUM);
}

/** The same Chromium with a profile folder the test keeps (to close and reopen it: data that must survive). */
export async function launchPersistentBrowser(userDataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, CHROMIUM);
}

/** Load `path` of the server on a fresh page of `context` that collects errors and blocks external requests. */
export async function openGuardedPage(context: BrowserContext, server: TestServer, path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors = await collectPageErrors(page);
  // Nothing may leave the machine: the fake replaces office.js, anything else external is a bug.
  await page.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => {
    errors.push(`external request blocked: ${route.request().url()}`);
    return route.abort();
  });
  await page.goto(`${server.url}/${path}`);
  return { page, errors };
}

/** Open the simulator page (own context) and wait for its test API. Page errors fail loudly through `errors`. */
export async function openSimulator(browser: Browser, server: TestServer): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await openGuardedPage(await browser.newContext(), server, "simulator.html");
  await page.waitForFunction(() => "spmSimulator" in window);
  return { page, errors };
}

/** The pane iframe (the simulator page's only child frame; a pane's own content frames are below it). */
export function paneFrame(page: Page): Frame {
  const frames = page.frames().filter((f) => f.parentFrame() === page.mainFrame());
  if (frames.length !== 1) throw new Error(`expected exactly one pane frame, found ${frames.length}`);
  return frames[0];
}

/** A test-only page of the build (test/helpers/pages/*.html) in a fresh context, once its module set `window.ready`. */
export async function openReadyPage(env: { browser: Browser; server: TestServer }, path: string): Promise<{ page: Page; errors: string[] }> {
  const opened = await openGuardedPage(await env.browser.newContext(), env.server, path);
  await opened.page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  return opened;
}
