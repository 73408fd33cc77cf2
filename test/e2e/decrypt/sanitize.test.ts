/**
 * The HTML that OnMessageDecrypt hands to Outlook, vector by vector, in real Chromium (the sanitizer needs a
 * DOM): scripts and handlers, mutation-XSS shapes, resource-naming CSS, positioned overlays, cid:/data: images,
 * links, deep nesting; and stability (sanitizing the output again changes nothing).
 */
import { beforeAll, test } from "@jest/globals";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { openGuardedPage } from "../../helpers/browser";
import { browserSuite } from "../../helpers/suite";

const env = browserSuite();

let page: Page;

beforeAll(async () => {
  ({ page } = await openGuardedPage(await env.browser.newContext(), env.server, "decrypt-sanitize.html"));
  await page.waitForFunction(() => "decryptTools" in window);
});

interface Sanitized {
  html: string;
  cids: string[];
  removed: number;
}

function sanitize(html: string, cids: string[] = []): Promise<Sanitized> {
  return page.evaluate(([h, c]) => (window as unknown as { decryptTools: { sanitize(h: string, c: string[]): Sanitized } }).decryptTools.sanitize(h, c), [html, cids] as const);
}

const CASES: [string, string, string][] = [
  ["script and handlers", '<p onclick="x()">a</p><script>alert(1)</script><img src=x onerror=alert(1)>', "<p>a</p>"],
  ["javascript: link", '<a href="javascript:alert(1)">go</a>', "<span>go [javascript:alert(1)]</span>"],
  ["link whose text is its address", '<a href="https://x.example/">https://x.example/</a>', "<span>https://x.example/</span>"],
  ["svg/style mXSS", "<svg><style><img src=x onerror=alert(1)></style></svg><p>t</p>", "<p>t</p>"],
  // DOMParser parses with scripting off: the <p> leaves the (head) noscript for the body; its title stays an escaped value.
  ["noscript mXSS", '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript><b>k</b>', '<p title="&#60;/noscript&#62;&#60;img src=x onerror=alert(1)&#62;"><b>k</b></p>'],
  ["math mXSS", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>z", "z"],
  ["style: only safe declarations", '<p style="color:red;background:url(http://x/);position:absolute;z-index:9;font-family:\'Segoe UI\', sans-serif;margin:0 4px">s</p>', "<p style=\"color:red;font-family:'Segoe UI', sans-serif;margin:0 4px\">s</p>"],
  ["style: colour functions, expression, escapes", '<p style="color: rgb(1, 2, 3);width:expression(alert(1));b\\61 ckground:red">s</p>', '<p style="color:rgb(1, 2, 3)">s</p>'],
  ["images: cid of ours, encoded cid, unknown cid, data png, data svg, remote", '<img src="cid:a@b"><img src="cid:%3Ca@b%3E"><img src="cid:zz"><img src="data:image/png;base64,iVBO Rw=="><img src="data:image/svg+xml;base64,PHN2Zz4="><img src="https://x/y.png">', '<img src="cid:a@b"><img src="cid:a@b"><img src="data:image/png;base64,iVBORw==">'],
  ["table and font attributes", '<table border="1" cellpadding="2" width="100%" background="http://x/"><tr><td colspan="2" bgcolor="#ff0000" valign="top">c</td></tr></table><font color="red" face="Arial" size="2">f</font>', '<table border="1" cellpadding="2" width="100%"><tbody><tr><td colspan="2" bgcolor="#ff0000" valign="top">c</td></tr></tbody></table><font color="red" face="Arial" size="2">f</font>'],
  ["text and attribute escaping", '<p title="a&quot;b<c">&lt;script&gt; &amp; </p>', '<p title="a&#34;b&#60;c">&lt;script&gt; &amp; </p>'],
  ["forms and controls", '<form action="http://x/"><label>Name <input value="secret"></label><button>Go</button><textarea>t</textarea></form>', "Name "],
  ["unknown elements are unwrapped, head dropped", "<html><head><title>T</title><style>p{}</style></head><body><article><section><p>x</p></section></article></body></html>", "<p>x</p>"],
];

test("each vector comes out as the allowlist rebuilds it", async () => {
  for (const [label, input, expected] of CASES) {
    const r = await sanitize(input, ["a@b"]);
    assert.equal(r.html, expected, label);
  }
});

test("the output is stable (sanitizing it again changes nothing) and deep nesting is flattened, not a crash", async () => {
  for (const [label, input] of CASES) {
    const once = (await sanitize(input, ["a@b"])).html;
    assert.equal((await sanitize(once, ["a@b"])).html, once, label);
  }
  const deep = "<div>".repeat(5000) + "deep text" + "</div>".repeat(5000);
  const r = await sanitize(deep);
  assert.match(r.html, /deep text/);
  assert.ok(r.html.length < 5000 * 11, "flattened below the depth limit");
});

test("only referenced inline images go inline (with contentId); file names lose path and control characters", async () => {
  const c = await page.evaluate(() =>
    (window as unknown as { decryptTools: { complete(h: string, i: { contentId: string; name: string }[]): unknown } }).decryptTools.complete('<p>x</p><img src="cid:used@x">', [
      { contentId: "used@x", name: "used.png" },
      { contentId: "unused@x", name: "unused.png" },
    ]),
  );
  const completion = c as { emailBody: { content: string }; attachments: { name: string; isInline: boolean; contentId?: string; content: string }[]; contextData: string };
  assert.deepEqual(
    completion.attachments.map((a) => [a.name, a.isInline, a.contentId ?? null, a.content]),
    [
      ["used.png", true, "used@x", "AQID"],
      ["unused.png", false, null, "AQID"],
      ["a_b_.pdf", false, null, "BA=="],
    ],
  );
  assert.match(completion.emailBody.content, /^<div><p style="[^"]+">Von Secure Patient Mail entschlüsselt\./);
  assert.equal(completion.contextData, '{"spm":"encrypted-original","messageId":"<m@x>"}');
});
