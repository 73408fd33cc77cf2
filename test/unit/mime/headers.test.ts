import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import fc from "fast-check";
import { decodeHeaderWords, formatAddress, guessContentType, htmlToText, parseAddressList } from "../../../src/core/mime/index";
import { encodeWords, foldField, parseContentType, parseDisposition, unstructuredTokens } from "../../../src/core/mime/headers";

describe("decodeHeaderWords", () => {
  it("decodes B and Q words in utf-8, latin1 and windows-1252", () => {
    assert.equal(decodeHeaderWords("=?UTF-8?B?R3LDvMOfZQ==?="), "Grüße");
    assert.equal(decodeHeaderWords("=?iso-8859-1?Q?Gr=FC=DFe_Welt?="), "Grüße Welt");
    assert.equal(decodeHeaderWords("=?windows-1252?Q?=80_5?="), "€ 5");
  });
  it("drops whitespace between adjacent words, keeps it around plain text", () => {
    assert.equal(decodeHeaderWords("=?UTF-8?Q?a?= =?UTF-8?Q?b?=  c =?UTF-8?Q?d?="), "ab  c d");
  });
  it("joins a character split across two words", () => {
    // "ü" = C3 BC split over two encoded words
    assert.equal(decodeHeaderWords("=?UTF-8?Q?Gr=C3?= =?UTF-8?Q?=BC=C3=9Fe?="), "Grüße");
  });
  it("leaves invalid words and plain text alone", () => {
    assert.equal(decodeHeaderWords("=?UTF-8?B?***?= plain"), "=?UTF-8?B?***?= plain");
    assert.equal(decodeHeaderWords("no words here"), "no words here");
  });
  it("property: decode(encodeWords(x)) = x", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (s) => {
        assert.equal(decodeHeaderWords(encodeWords(s).join(" ")), s);
      }),
      { numRuns: 300 },
    );
  });
});

describe("addresses", () => {
  it("formats plain, quoted and encoded names", () => {
    assert.equal(formatAddress({ address: "a@b.example" }), "<a@b.example>");
    assert.equal(formatAddress({ name: "Anna Berg", address: "a@b.example" }), "Anna Berg <a@b.example>");
    assert.equal(formatAddress({ name: 'Berg, Anna "AB"', address: "a@b.example" }), '"Berg, Anna \\"AB\\"" <a@b.example>');
    assert.equal(formatAddress({ name: "Jürgen", address: "j@b.example" }), "=?UTF-8?B?SsO8cmdlbg==?= <j@b.example>");
  });
  it("neutralizes CR/LF in names and rejects unusable addresses", () => {
    const f = formatAddress({ name: "Eve\r\nBcc: victim@example.org", address: "e@b.example" });
    assert.ok(!/[\r\n]/.test(f));
    assert.throws(() => formatAddress({ address: "a@b.example\r\nBcc: x@y.example" }), { code: "INVALID_ARGUMENT" });
    assert.throws(() => formatAddress({ address: "no-at-sign" }), { code: "INVALID_ARGUMENT" });
    assert.throws(() => formatAddress({ address: "a <b>@c.example" }), { code: "INVALID_ARGUMENT" });
  });
  it("parses display names, quoted strings, comments, groups and encoded names", () => {
    assert.deepEqual(
      parseAddressList('"Berg, Anna" <a@b.example>, plain@x.example (comment), =?UTF-8?B?SsO8cmdlbg==?= <j@b.example>'),
      [
        { name: "Berg, Anna", address: "a@b.example" },
        { address: "plain@x.example" },
        { name: "Jürgen", address: "j@b.example" },
      ],
    );
    assert.deepEqual(parseAddressList("Team: a@x.example, B <b@x.example>;, c@x.example"), [
      { address: "a@x.example" },
      { name: "B", address: "b@x.example" },
      { address: "c@x.example" },
    ]);
    assert.deepEqual(parseAddressList("undisclosed-recipients:;"), []);
    assert.deepEqual(parseAddressList("<@route.example:x@y.example>"), [{ address: "x@y.example" }]);
    assert.deepEqual(parseAddressList('"a \\"q\\" b" <q@x.example>'), [{ name: 'a "q" b', address: "q@x.example" }]);
  });
  it("property: parse(format(list)) round-trips names (sanitized) and addresses", () => {
    const addr = fc.constantFrom("a@b.example", "x.y+z@host-1.example", "o'neil@example.org");
    fc.assert(
      fc.property(fc.array(fc.record({ name: fc.option(fc.string({ unit: "binary", maxLength: 40 }), { nil: undefined }), address: addr }), { maxLength: 5 }), (list) => {
        const value = list.map(formatAddress).join(", ");
        const parsed = parseAddressList(value);
        assert.equal(parsed.length, list.length);
        parsed.forEach((p, i) => {
          assert.equal(p.address, list[i].address);
          const expected = (list[i].name ?? "").replace(/\r\n|[\r\n]/g, " ").replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, "").trim();
          assert.equal(p.name ?? "", expected);
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe("folding and unstructured text", () => {
  it("folds at 78 and unfolds to the same text", () => {
    const subject = Array.from({ length: 30 }, (_, i) => `word${i}`).join(" ");
    const field = foldField("Subject", unstructuredTokens(subject));
    for (const line of field.split("\r\n")) assert.ok(line.length <= 78);
    assert.equal(field.replace(/\r\n/g, "").slice("Subject: ".length), subject);
  });
  it("encodes text that is not safe as plain words", () => {
    assert.deepEqual(unstructuredTokens("looks =?like?= a word"), encodeWords("looks =?like?= a word"));
    assert.deepEqual(unstructuredTokens(" leading space"), encodeWords(" leading space"));
    assert.deepEqual(unstructuredTokens("Line\r\nBcc: x@y"), ["Line", "Bcc:", "x@y"]);
    const spaces = "a" + " ".repeat(2000) + "b";
    const field = foldField("Subject", unstructuredTokens(spaces));
    for (const line of field.split("\r\n")) assert.ok(line.length <= 78);
    assert.equal(decodeHeaderWords(field.replace(/\r\n/g, "").slice("Subject: ".length)), spaces);
  });
});

describe("Content-Type and Content-Disposition", () => {
  it("defaults to text/plain us-ascii", () => {
    assert.deepEqual(parseContentType(undefined), { type: "text", subtype: "plain", mediaType: "text/plain", params: { charset: "us-ascii" } });
    assert.equal(parseContentType("garbage").mediaType, "text/plain");
  });
  it("parses params with quotes, comments, case and RFC 2231 continuations/charsets", () => {
    const ct = parseContentType('Multipart/Mixed (c) ; Boundary="a;b\\"c" ; x=1');
    assert.equal(ct.mediaType, "multipart/mixed");
    assert.equal(ct.params.boundary, 'a;b"c');
    assert.equal(ct.params.x, "1");
    const d = parseDisposition("attachment; filename*0*=utf-8''R%C3%B6nt; filename*1*=gen%20A.pdf; filename=\"fallback.pdf\"");
    assert.equal(d.type, "attachment");
    assert.equal(d.params.filename, "Röntgen A.pdf");
    assert.equal(parseDisposition("inline; filename*=iso-8859-1'de'%E4.txt").params.filename, "ä.txt");
    assert.equal(parseDisposition('inline; filename*0="abc"; filename*1="def"').params.filename, "abcdef");
  });
});

describe("guessContentType", () => {
  it("maps common extensions case-insensitively", () => {
    assert.equal(guessContentType("Befund.PDF"), "application/pdf");
    assert.equal(guessContentType("x.docx"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    assert.equal(guessContentType("scan.jpeg"), "image/jpeg");
    assert.equal(guessContentType("image.dcm"), "application/dicom");
    assert.equal(guessContentType("noext"), "application/octet-stream");
    assert.equal(guessContentType("weird.toString"), "application/octet-stream");
    assert.equal(guessContentType("x.constructor"), "application/octet-stream");
  });
});

describe("htmlToText", () => {
  it("renders paragraphs, breaks, lists, links and entities readably", () => {
    const html = '<html><head><style>p{}</style><title>t</title></head><body><p>Hallo&nbsp;<b>Welt</b> &amp; &lt;3 &#228;&#xFC;</p><ul><li>eins</li><li>zwei</li></ul>Zeile<br>neu <a href="https://x.example/a">Link</a><script>alert(1)</script><!-- hidden --></body></html>';
    assert.equal(htmlToText(html), "Hallo Welt & <3 äü\n\n- eins\n- zwei\nZeile\nneu Link <https://x.example/a>");
  });
  it("is linear on unclosed tags and scripts", () => {
    const started = Date.now();
    htmlToText("<script".repeat(100000) + "<".repeat(100000) + "<a href=".repeat(50000));
    assert.ok(Date.now() - started < 5000);
  });
});
