/**
 * The quote in Outlook's reply/forward forms: escaped plain text (never the message's HTML), within the
 * 32 KB htmlBody limit counted in UTF-16 code units, cut at a character boundary with a note.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { FORM_HTML_BODY_MAX_LENGTH } from "../../../../src/host";
import { buildQuote } from "../../../../src/ui/read/reply-quote";
import { formAttachments } from "../../../../src/ui/read/reply-actions";

const base = { kind: "reply" as const, language: "en" as const, from: "alice@clinic.example", date: "Mon, 2 Mar 2026 10:00:00 +0100", to: ["bob@lab.example"], subject: "Befund Müller" };

test("a short letter is quoted whole, escaped, with the header block; the original's HTML never reaches the form", () => {
  const q = buildQuote({ ...base, body: { kind: "html", html: '<p>Dear Bob,</p><p>result <b>negative</b> &lt;script&gt;</p><img src="http://evil.example/x.png"><style>p{background:url(http://evil.example/y)}</style>' } });
  assert.equal(q.truncated, false);
  assert.match(q.html, /<b>From:<\/b> alice@clinic\.example<br><b>Sent:<\/b> Mon, 2 Mar 2026/);
  assert.match(q.html, /<b>Subject:<\/b> Befund Müller/);
  assert.match(q.html, /Dear Bob,<br>/);
  assert.match(q.html, /&lt;script&gt;/);
  assert.doesNotMatch(q.html, /evil\.example|<img|<style|<script/);
  const text = buildQuote({ ...base, body: { kind: "text", text: "a < b & c\r\nline 2" } });
  assert.match(text.html, /a &lt; b &amp; c<br>line 2/);
  const fw = buildQuote({ ...base, kind: "forward", language: "de", body: { kind: "none" } });
  assert.match(fw.html, /Weitergeleitete Nachricht, entschlüsselt von Secure Patient Mail/);
  assert.match(fw.html, /<b>Von:<\/b>/);
});

test("over 32 KB: cut to fit exactly under the limit, at a character boundary, with a note saying how much", () => {
  for (const unit of ["a", "ä", "😀", "<", "x\n"]) {
    const text = unit.repeat(40_000);
    const q = buildQuote({ ...base, body: { kind: "text", text } });
    assert.equal(q.truncated, true, unit);
    assert.ok(q.html.length <= FORM_HTML_BODY_MAX_LENGTH, `${unit}: ${q.html.length}`);
    assert.ok(q.html.length > FORM_HTML_BODY_MAX_LENGTH - 200, `${unit}: the budget is used (${q.html.length})`);
    assert.match(q.html, new RegExp(`${q.quotedChars} of ${text.length} characters are quoted`));
    if (unit === "😀") assert.equal(q.quotedChars % 2, 0, "no surrogate pair is split");
    assert.doesNotMatch(q.html, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/, "no lone high surrogate");
  }
  // The measured capacity for plain ASCII text: about 32,000 characters of the letter.
  const ascii = buildQuote({ ...base, body: { kind: "text", text: "x".repeat(100_000) } });
  assert.ok(ascii.quotedChars > 31_800 && ascii.quotedChars < 32_500, String(ascii.quotedChars));
  // Exactly at the limit: nothing is cut.
  const head = buildQuote({ ...base, body: { kind: "text", text: "" } }).html.length;
  const exact = buildQuote({ ...base, body: { kind: "text", text: "y".repeat(FORM_HTML_BODY_MAX_LENGTH - head) } });
  assert.equal(exact.truncated, false);
  assert.equal(exact.html.length, FORM_HTML_BODY_MAX_LENGTH);
  // A hostile 1 MB subject does not eat the budget.
  const long = buildQuote({ ...base, subject: "S".repeat(1_000_000), body: { kind: "text", text: "keep me" } });
  assert.match(long.html, /keep me/);
});

test("reply attachments: each under the platform's base64 limit, the others named as left out", () => {
  const file = (name: string, size: number) => ({ name, mediaType: "application/pdf", size, bytes: () => new Uint8Array(size) });
  const { attachments, leftOut } = formAttachments([file("small.pdf", 3), file("big.pdf", 30)], 8);
  assert.deepEqual(attachments, [{ name: "small.pdf", base64: "AAAA" }]);
  assert.deepEqual(leftOut, ["big.pdf"]);
});
