/**
 * The one collector of page errors for browser tests: uncaught exceptions (`pageerror`), console errors, and
 * Content-Security-Policy violations. A test asserts `assert.deepEqual(errors, [])` at its end, so a CSP that
 * blocks something the product needs (or code that trips it) fails the suite instead of breaking silently.
 */
import type { Page } from "playwright-core";

const CSP_BINDING = "__spmTestReportCspViolation";

/**
 * Runs in every document of the page before its own scripts, frames included (Playwright evaluates init
 * scripts in each attached frame). A sandboxed frame without allow-scripts runs no script at all: its
 * violations still reach the collector as Chromium's console error.
 */
const CSP_LISTENER = `(() => {
  document.addEventListener("securitypolicyviolation", (e) => {
    const report = globalThis[${JSON.stringify(CSP_BINDING)}];
    if (typeof report === "function") {
      void report({ directive: e.violatedDirective, blockedURI: e.blockedURI, documentURI: e.documentURI, disposition: e.disposition });
    }
  });
})();`;

interface CspViolation {
  directive: string;
  blockedURI: string;
  documentURI: string;
  disposition: string;
}

/** Text of one CSP violation as the collector records it (exported so tests can assert expected ones). */
export function cspViolationText(v: Pick<CspViolation, "directive" | "blockedURI">): string {
  return `CSP violation: ${v.directive} blocked ${v.blockedURI || "(inline)"}`;
}

/**
 * Start collecting on `page` (call before its first navigation). Returns the live list: exceptions as
 * their message, console errors as `console.error: <text>`, CSP violations as `CSP violation: <directive>
 * blocked <blockedURI>` (report-only violations too: they show what an enforced policy would break).
 * Chromium also logs each violation as a console error ("Loading the image '...' violates the following
 * Content Security Policy directive ..."), which covers frames where the init script cannot run (sandboxed
 * without allow-scripts), so a violation in a scripted document appears twice.
 */
export async function collectPageErrors(page: Page): Promise<string[]> {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    // Chromium logs every HTTP error status as "Failed to load resource": a network outcome, not a page error
    // (optional config files such as config/anchors.pem answer 404 by design; tests that care check responses).
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource:")) errors.push(`console.error: ${m.text()}`);
  });
  await page.exposeBinding(CSP_BINDING, (_source, v: CspViolation) => {
    errors.push(cspViolationText(v) + (v.disposition === "report" ? " (report-only)" : ""));
  });
  await page.addInitScript(CSP_LISTENER);
  return errors;
}

/**
 * Chromium applies the page's policy to the inert document a sanitizer parses hostile HTML into, and reports
 * what the policy would block there: a `<base href>` (base-uri) and inline event handlers (script-src-attr),
 * although nothing loads or runs and the sanitizer drops both (docs/decisions.md, the CSP decision). Tests that
 * feed such HTML on purpose drop exactly these reports and still fail on any other error or violation.
 */
export function withoutInertParseReports(errors: readonly string[]): string[] {
  const expected = [
    /^CSP violation: base-uri blocked /,
    /^CSP violation: script-src-attr blocked \(?inline\)?$/,
    /^console\.error: Setting the document's base URI to '[^']*' violates the following Content Security Policy directive: "base-uri 'none'"\. The action has been blocked\.$/,
    /^console\.error: Executing inline event handler violates the following Content Security Policy directive 'script-src /,
  ];
  return errors.filter((e) => !expected.some((re) => re.test(e)));
}
