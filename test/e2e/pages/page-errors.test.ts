/**
 * The page-error collector every browser test relies on: it must report an uncaught exception, a console
 * error, and a Content-Security-Policy violation in the page and in a child frame (with the directive and
 * the blocked URL) and in a script-less sandboxed frame (Chromium's console line), so that a CSP which breaks
 * the product fails the suite.
 */
import { afterAll, beforeAll, test } from "@jest/globals";
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { launchBrowser } from "../../helpers/browser";
import { collectPageErrors, cspViolationText } from "../../helpers/page-errors";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

// Served through page.route: no server needed, and the CSP arrives as a real response header.
const ORIGIN = "http://127.0.0.1:9";
const CSP = "default-src 'self'; script-src 'self' 'unsafe-inline'; img-src 'self'";
const PAGES: Record<string, string> = {
  "/top.html": `<!doctype html><p>top</p><img src="https://img.example/top.png"><iframe src="/child.html"></iframe>
<iframe sandbox srcdoc='<img src="https://img.example/sandboxed.png">'></iframe>
<script>console.error("logged on purpose"); setTimeout(() => { throw new Error("thrown on purpose"); });</script>`,
  "/child.html": `<!doctype html><p>child</p><img src="https://img.example/child.png">`,
};

test("exceptions, console errors and CSP violations (page and frame) all land in the list", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = await collectPageErrors(page);
  await page.route(`${ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    const body = PAGES[path];
    if (body === undefined) return route.fulfill({ status: 204 });
    return route.fulfill({ status: 200, contentType: "text/html", headers: { "Content-Security-Policy": CSP }, body });
  });
  await page.route("https://img.example/**", (route) => route.abort());
  await page.goto(`${ORIGIN}/top.html`);
  await page.frameLocator("iframe[src]").locator("p").waitFor();
  // The exception is thrown from a timer and the violations are reported asynchronously.
  const expected = [
    "console.error: logged on purpose",
    "thrown on purpose",
    cspViolationText({ directive: "img-src", blockedURI: "https://img.example/top.png" }),
    cspViolationText({ directive: "img-src", blockedURI: "https://img.example/child.png" }),
  ];
  const deadline = Date.now() + 10_000;
  while (!expected.every((e) => errors.includes(e)) && Date.now() < deadline) await page.waitForTimeout(100);
  for (const e of expected) assert.ok(errors.includes(e), `${e} missing from ${JSON.stringify(errors)}`);
  // Chromium's own console line for each refused load is there too (it covers script-less frames).
  // Chromium's console line for each blocked load is there too: the only trace from the script-less sandbox.
  const consoleLines = (name: string) => errors.filter((e) => e.startsWith(`console.error: Loading the image 'https://img.example/${name}.png' violates the following Content Security Policy directive: "img-src 'self'"`));
  for (const name of ["top", "child", "sandboxed"]) assert.equal(consoleLines(name).length, 1, name);
  await context.close();
});
