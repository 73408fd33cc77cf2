import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  buildDraftEntity,
  buildMessage,
  buildMultipartSigned,
  buildPkcs7MimeEntity,
  decodeHeaderWords,
  parseAddressList,
  parseMime,
  removeLegacyDisplay,
  type Draft,
  type MimePart,
} from "../../../src/core/mime/index";
import { isSevenBitCanonical } from "../../../src/core/mime/encoding";

const enc = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => Buffer.from(b).toString("latin1");

function draft(over: Partial<Draft> = {}): Draft {
  return {
    from: { name: "Dr. Müller", address: "mueller@praxis.example" },
    to: [{ name: "Anna Berg", address: "anna@example.org" }],
    cc: [{ address: "cc@example.org" }],
    subject: "Befund",
    date: new Date("2026-11-28T10:00:00Z"),
    messageId: "abc@praxis.example",
    attachments: [],
    ...over,
  };
}

function leaves(p: MimePart): MimePart[] {
  return p.isMultipart ? p.parts.flatMap(leaves) : [p];
}

function lines(b: Uint8Array): string[] {
  return str(b).split("\r\n");
}

/** Lone surrogates become U+FFFD, as UTF-8 encoding does. */
function wellFormed(s: string): string {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
}

function counter() {
  let i = 0;
  return () => `b${i++}`;
}

describe("buildDraftEntity structure", () => {
  it("text only: a text/plain root, quoted-printable UTF-8", () => {
    const e = parseMime(buildDraftEntity(draft({ text: "Hallo äöü\nZeile 2" }), { legacyDisplay: false }));
    assert.equal(e.contentType.mediaType, "text/plain");
    assert.equal(e.contentType.params.charset, "utf-8");
    assert.equal(e.transferEncoding, "quoted-printable");
    assert.equal(e.text(), "Hallo äöü\r\nZeile 2");
  });

  it("html only: multipart/alternative with a derived text/plain first", () => {
    const e = parseMime(buildDraftEntity(draft({ html: "<p>Hallo <b>Welt</b></p><p>Zweiter&nbsp;Absatz</p>" }), { headerProtection: "clear" }));
    assert.equal(e.contentType.mediaType, "multipart/alternative");
    assert.deepEqual(e.parts.map((p) => p.contentType.mediaType), ["text/plain", "text/html"]);
    assert.equal(e.parts[0].text(), "Hallo Welt\r\n\r\nZweiter Absatz");
    assert.equal(e.parts[1].text(), "<p>Hallo <b>Welt</b></p><p>Zweiter&nbsp;Absatz</p>");
  });

  it("inline cid images -> multipart/related inside, files -> multipart/mixed outside", () => {
    const png = new Uint8Array(500).map((_, i) => i & 0xff);
    const pdf = new Uint8Array(1000).map((_, i) => (i * 13) & 0xff);
    const e = parseMime(
      buildDraftEntity(
        draft({
          html: '<p>Bild:</p><img src="cid:logo@x">',
          attachments: [
            { name: "logo.png", content: png, inline: true, contentId: "logo@x" },
            { name: "Befund Müller.pdf", content: pdf },
          ],
        }),
      ),
    );
    assert.equal(e.contentType.mediaType, "multipart/mixed");
    assert.equal(e.parts[0].contentType.mediaType, "multipart/related");
    assert.equal(e.parts[0].contentType.params.type, "multipart/alternative");
    assert.equal(e.parts[0].parts[0].contentType.mediaType, "multipart/alternative");
    const img = e.parts[0].parts[1];
    assert.equal(img.contentId, "logo@x");
    assert.equal(img.disposition?.type, "inline");
    assert.equal(img.contentType.mediaType, "image/png");
    assert.deepEqual(img.body(), png);
    const file = e.parts[1];
    assert.equal(file.filename, "Befund Müller.pdf");
    assert.equal(file.contentType.mediaType, "application/pdf");
    assert.equal(file.disposition?.type, "attachment");
    assert.deepEqual(file.body(), pdf);
  });

  it("an inline attachment without html goes to multipart/mixed", () => {
    const e = parseMime(buildDraftEntity(draft({ text: "x", attachments: [{ name: "a.png", content: new Uint8Array(3), inline: true, contentId: "c1" }] })));
    assert.equal(e.contentType.mediaType, "multipart/mixed");
    assert.equal(e.parts[1].contentId, "c1");
  });

  it("non-ASCII file names: RFC 2231 in Content-Disposition and RFC 2047 in the name parameter", () => {
    const out = str(buildDraftEntity(draft({ text: "x", attachments: [{ name: "Röntgen.pdf", content: new Uint8Array(1) }] })));
    assert.match(out, /Content-Disposition: attachment; filename\*=utf-8''R%C3%B6ntgen\.pdf/);
    assert.match(out, /name="=\?UTF-8\?B\?UsO2bnRnZW4ucGRm\?="/);
    const literal = parseMime(buildDraftEntity(draft({ text: "x", attachments: [{ name: "=?UTF-8?B?QQ==?=.pdf", content: new Uint8Array(1) }] })));
    assert.equal(literal.parts[1].filename, "=?UTF-8?B?QQ==?=.pdf");
    const long = "Überweisung ".repeat(8) + ".pdf";
    const parsed = parseMime(buildDraftEntity(draft({ text: "x", attachments: [{ name: long, content: new Uint8Array(1) }] })));
    assert.equal(parsed.parts[1].filename, long);
    assert.equal(decodeHeaderWords(parsed.parts[1].contentType.params.name), long);
    assert.match(str(parsed.parts[1].raw), /filename\*0\*=utf-8''/);
  });

  it("contentType given by the caller wins; invalid ones fall back to the guess", () => {
    const e = parseMime(
      buildDraftEntity(
        draft({
          text: "x",
          attachments: [
            { name: "a.bin", content: new Uint8Array(1), contentType: "Image/PNG" },
            { name: "b.pdf", content: new Uint8Array(1), contentType: "bad\r\ntype" },
          ],
        }),
      ),
    );
    assert.equal(e.parts[1].contentType.mediaType, "image/png");
    assert.equal(e.parts[2].contentType.mediaType, "application/pdf");
  });

  it("a 7-bit .eml attachment stays message/rfc822, an 8-bit one becomes octet-stream base64", () => {
    const eml = enc("Subject: inner\r\n\r\nhello\r\n");
    const e = parseMime(buildDraftEntity(draft({ text: "x", attachments: [{ name: "fw.eml", content: eml }, { name: "bin.eml", content: new Uint8Array([0xff, 0x0a]) }] })));
    assert.equal(e.parts[1].contentType.mediaType, "message/rfc822");
    assert.equal(e.parts[1].transferEncoding, "7bit");
    assert.equal(e.parts[1].parts[0].header("subject"), "inner");
    assert.equal(e.parts[2].contentType.mediaType, "application/octet-stream");
    assert.deepEqual(e.parts[2].body(), new Uint8Array([0xff, 0x0a]));
  });

  it("boundaries: deterministic with a seed, never present in the content", () => {
    const seed = () => "fixed";
    // an attachment that contains our first boundary candidate, in a 7-bit part
    const eml = enc("Subject: x\r\n\r\n--=_spm_fixed\r\n");
    const out = buildDraftEntity(draft({ html: "<p>x</p>", attachments: [{ name: "a.eml", content: eml }] }), { boundarySeed: seed });
    const e = parseMime(out);
    const b1 = e.contentType.params.boundary;
    const b2 = e.parts[0].contentType.params.boundary;
    assert.ok(b1 && b2);
    assert.notEqual(b1, "=_spm_fixed");
    assert.notEqual(b2, "=_spm_fixed");
    assert.deepEqual(e.parts[1].parts[0].body(), enc("--=_spm_fixed\r\n"));
    assert.equal(leaves(e).length, 3);
    assert.deepEqual(buildDraftEntity(draft({ text: "x", attachments: [{ name: "a", content: new Uint8Array(2) }] }), { boundarySeed: counter() }), buildDraftEntity(draft({ text: "x", attachments: [{ name: "a", content: new Uint8Array(2) }] }), { boundarySeed: counter() }));
  });
});

describe("RFC 9788 header protection", () => {
  const d = draft({
    text: "x",
    subject: "Befund Schröder",
    sender: { address: "assist@praxis.example" },
    inReplyTo: "<orig@x.example>",
    references: "<a@x.example> <orig@x.example>",
  });

  it("cipher (default): protected fields in the entity, hp=cipher, HP-Outer with the obscured subject", () => {
    const e = parseMime(buildDraftEntity(d));
    assert.equal(e.contentType.params.hp, "cipher");
    assert.equal(decodeHeaderWords(e.header("subject")!), "Befund Schröder");
    assert.deepEqual(parseAddressList(e.header("from")!), [{ name: "Dr. Müller", address: "mueller@praxis.example" }]);
    assert.deepEqual(parseAddressList(e.header("to")!), [{ name: "Anna Berg", address: "anna@example.org" }]);
    assert.deepEqual(parseAddressList(e.header("cc")!), [{ address: "cc@example.org" }]);
    assert.equal(e.header("sender"), "<assist@praxis.example>");
    assert.equal(e.header("date"), "Sat, 28 Nov 2026 10:00:00 +0000");
    assert.equal(e.header("message-id"), "<abc@praxis.example>");
    assert.equal(e.header("in-reply-to"), "<orig@x.example>");
    assert.equal(e.header("references"), "<a@x.example> <orig@x.example>");
    const outer = e.headerAll("hp-outer");
    assert.ok(outer.includes("Subject: [...]"));
    assert.ok(outer.includes("Message-ID: <abc@praxis.example>"));
    assert.ok(outer.includes("Date: Sat, 28 Nov 2026 10:00:00 +0000"));
    assert.ok(outer.some((v) => v.startsWith("From: ")));
    assert.equal(outer.length, 9);
  });

  it("clear: protected fields and hp=clear, no HP-Outer", () => {
    const e = parseMime(buildDraftEntity(d, { headerProtection: "clear" }));
    assert.equal(e.contentType.params.hp, "clear");
    assert.equal(decodeHeaderWords(e.header("subject")!), "Befund Schröder");
    assert.deepEqual(e.headerAll("hp-outer"), []);
  });

  it("none: only Content-* fields", () => {
    const e = parseMime(buildDraftEntity(d, { headerProtection: "none" }));
    assert.equal(e.contentType.params.hp, undefined);
    assert.deepEqual(e.headers.map((h) => h.name.toLowerCase()).sort(), ["content-transfer-encoding", "content-type"]);
  });

  it("the hp parameter sits on the root of a multipart entity", () => {
    const e = parseMime(buildDraftEntity(draft({ html: "<p>x</p>" }), { headerProtection: "clear" }));
    assert.equal(e.contentType.mediaType, "multipart/alternative");
    assert.equal(e.contentType.params.hp, "clear");
    assert.equal(e.parts[0].contentType.params.hp, undefined);
  });
});

describe("RFC 9788 Legacy Display Element", () => {
  it("cipher: text and html parts begin with the real subject and carry hp-legacy-display", () => {
    const e = parseMime(buildDraftEntity(draft({ subject: "Befund <Schröder>", html: "<html><body class=x><p>Hallo</p></body></html>" })));
    const [plain, html] = e.parts;
    assert.equal(plain.contentType.params["hp-legacy-display"], "1");
    assert.equal(plain.text(), "Subject: Befund <Schröder>\r\n\r\nHallo");
    assert.equal(html.contentType.params["hp-legacy-display"], "1");
    assert.equal(
      html.text(),
      '<html><body class=x><div class="header-protection-legacy-display"><pre>Subject: Befund &lt;Schröder&gt;</pre></div><p>Hallo</p></body></html>',
    );
    assert.equal(removeLegacyDisplay(plain.text(), false), "Hallo");
    assert.equal(removeLegacyDisplay(html.text(), true), "<html><body class=x><p>Hallo</p></body></html>");
  });
  it("not for clear, none, or when switched off; attachments never get one", () => {
    for (const opts of [{ headerProtection: "clear" as const }, { headerProtection: "none" as const }, { legacyDisplay: false }]) {
      const e = parseMime(buildDraftEntity(draft({ text: "Hallo" }), opts));
      assert.equal(e.text(), "Hallo");
      assert.equal(e.contentType.params["hp-legacy-display"], undefined);
    }
    const m = parseMime(buildDraftEntity(draft({ text: "x", attachments: [{ name: "n.txt", content: new Uint8Array([65]) }] })));
    assert.equal(m.parts[1].contentType.params["hp-legacy-display"], undefined);
    assert.equal(m.parts[1].text(), "A");
  });
  it("removeLegacyDisplay leaves text without one alone", () => {
    assert.equal(removeLegacyDisplay("Hallo\r\n\r\nWelt", false), "Hallo\r\n\r\nWelt");
    assert.equal(removeLegacyDisplay("<p>x</p>", true), "<p>x</p>");
  });
});

describe("header injection from the draft is impossible", () => {
  it("CR/LF in subject and names become spaces; no new header field appears", () => {
    const out = buildDraftEntity(
      draft({
        subject: "Hi\r\nBcc: victim@evil.example\r\n\r\nbody",
        from: { name: "Eve\nBcc: x@evil.example", address: "eve@example.org" },
        to: [{ name: "A\rB", address: "a@example.org" }],
        text: "x",
      }),
    );
    const e = parseMime(out);
    assert.equal(e.header("bcc"), undefined);
    assert.equal(decodeHeaderWords(e.header("subject")!), "Hi Bcc: victim@evil.example  body");
    assert.equal(e.parts.length, 0);
    assert.equal(e.contentType.mediaType, "text/plain");
    const m = parseMime(buildDraftEntity(draft({ text: "x", attachments: [{ name: "a\r\nContent-Type: text/html\r\n.pdf", content: new Uint8Array(1) }] })));
    assert.equal(m.parts[1].contentType.mediaType, "application/pdf");
    assert.equal(m.parts[1].headerAll("content-type").length, 1);
    assert.equal(m.parts[1].filename, "a Content-Type: text/html .pdf");
  });

  it("CR/LF or junk in addresses, ids and extra header names are rejected", () => {
    assert.throws(() => buildDraftEntity(draft({ to: [{ address: "a@example.org\r\nBcc: x@y.example" }] })), { code: "INVALID_ARGUMENT" });
    assert.throws(() => buildDraftEntity(draft({ messageId: "a@b\r\nBcc: x@y" })), { code: "INVALID_ARGUMENT" });
    assert.throws(() => buildDraftEntity(draft({ inReplyTo: "<a@b>\r\nX: y" })), { code: "INVALID_ARGUMENT" });
    assert.throws(() => buildDraftEntity(draft({ attachments: [{ name: "a", content: new Uint8Array(1), contentId: "x>\r\nX: y" }] })), { code: "INVALID_ARGUMENT" });
    assert.throws(() => buildMessage({ to: [], cc: [], subject: "s", extra: [["X-A\r\nBcc", "v"]] }, enc("Content-Type: text/plain\r\n\r\nx")), { code: "INVALID_ARGUMENT" });
    assert.throws(() => buildMessage({ to: [], cc: [], subject: "s", extra: [["Content-Type", "text/html"]] }, enc("Content-Type: text/plain\r\n\r\nx")), { code: "INVALID_ARGUMENT" });
    const m = parseMime(buildMessage({ to: [], cc: [], subject: "s", extra: [["X-A", "v\r\nBcc: x@y.example"]] }, enc("Content-Type: text/plain\r\n\r\nx")));
    assert.equal(m.header("bcc"), undefined);
    assert.equal(m.header("x-a"), "v Bcc: x@y.example");
  });

  it("error messages carry no patient data", () => {
    // assert.throws fails when nothing is thrown (an assert.fail inside try would be caught by its own catch).
    assert.throws(
      () => buildDraftEntity(draft({ to: [{ address: "patient.name@clinic.example\r\n" }] })),
      (e: unknown) => {
        assert.equal((e as { code?: string }).code, "INVALID_ARGUMENT");
        assert.ok(!String((e as Error).message).includes("patient"));
        return true;
      },
    );
  });
});

describe("canonical 7-bit output", () => {
  it("CRLF only, 7-bit, header lines <= 78 for ordinary drafts", () => {
    const out = buildDraftEntity(
      draft({
        subject: "Ein sehr langer Betreff mit Umlauten äöü, der über mehrere Zeilen gefaltet werden muss, ganz bestimmt",
        to: Array.from({ length: 8 }, (_, i) => ({ name: `Empfänger Nummer ${i}`, address: `r${i}@example.org` })),
        html: "<p>" + "Text ".repeat(100) + "</p>",
        attachments: [{ name: "Sehr langer Dateiname für einen Befund vom Röntgen mit vielen Wörtern.pdf", content: new Uint8Array(5000) }],
      }),
    );
    assert.ok(isSevenBitCanonical(out, 998));
    const text = str(out);
    const headerLines = text.split("\r\n").filter((l) => /^([A-Za-z-]+:| )/.test(l));
    for (const l of headerLines) assert.ok(l.length <= 78, `header line of ${l.length}: ${l}`);
  });
});

describe("property: build then parse", () => {
  const unicode = fc.string({ unit: "binary", maxLength: 80 });
  it("any subject/body/filename/binary attachment: 7-bit CRLF, lines <= 998, round-trips", () => {
    fc.assert(
      fc.property(
        unicode,
        fc.option(fc.string({ unit: "binary", maxLength: 400 }), { nil: undefined }),
        fc.option(fc.string({ unit: "binary", maxLength: 300 }), { nil: undefined }),
        fc.array(fc.record({ name: unicode, content: fc.uint8Array({ maxLength: 400 }), inline: fc.boolean() }), { maxLength: 3 }),
        fc.constantFrom<"cipher" | "clear" | "none">("cipher", "clear", "none"),
        (subject, text, html, atts, hp) => {
          const attachments = atts.map((a, i) => ({ ...a, contentType: "application/octet-stream", contentId: a.inline ? `c${i}@x` : undefined }));
          const out = buildDraftEntity(draft({ subject, text, html, attachments }), { headerProtection: hp });
          const unLde = (p: MimePart) => (p.contentType.params["hp-legacy-display"] === "1" ? removeLegacyDisplay(p.text(), p.contentType.subtype === "html") : p.text());
          assert.ok(isSevenBitCanonical(out, 998));
          const e = parseMime(out);
          const all = leaves(e);
          const plain = all.find((p) => p.contentType.mediaType === "text/plain" && !p.disposition);
          assert.ok(plain);
          const crlf = (s: string) => wellFormed(s.replace(/\r\n|\r|\n/g, "\r\n"));
          assert.equal(plain.contentType.params["hp-legacy-display"], hp === "cipher" ? "1" : undefined);
          if (text !== undefined) assert.equal(unLde(plain), crlf(text));
          if (html !== undefined) assert.equal(unLde(all.find((p) => p.contentType.mediaType === "text/html")!), crlf(html));
          const files = all.filter((p) => p.disposition);
          assert.equal(files.length, attachments.length);
          const clean = (s: string) => wellFormed(s).replace(/\r\n|[\r\n]/g, " ").replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, "").trim() || "attachment";
          const left = [...files];
          for (const a of attachments) {
            const i = left.findIndex(
              (f) => f.filename === clean(a.name) && f.contentId === a.contentId && Buffer.from(f.body()).equals(Buffer.from(a.content)),
            );
            assert.ok(i >= 0, "attachment found by name, content id and bytes");
            left.splice(i, 1);
          }
          if (hp !== "none") {
            assert.equal(decodeHeaderWords(e.header("subject") ?? ""), wellFormed(subject).replace(/\r\n|[\r\n]/g, " ").replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, ""));
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("buildPkcs7MimeEntity", () => {
  it("writes smime-type, name and a base64 body for each type", () => {
    const der = new Uint8Array(300).map((_, i) => i & 0xff);
    for (const t of ["enveloped-data", "authEnveloped-data", "signed-data", "certs-only"] as const) {
      const out = buildPkcs7MimeEntity(der, t);
      assert.ok(isSevenBitCanonical(out, 78));
      const e = parseMime(out);
      assert.equal(e.contentType.mediaType, "application/pkcs7-mime");
      assert.equal(e.contentType.params["smime-type"], t);
      const name = t === "certs-only" ? "smime.p7c" : "smime.p7m";
      assert.equal(e.contentType.params.name, name);
      assert.equal(e.filename, name);
      assert.equal(e.transferEncoding, "base64");
      assert.deepEqual(e.body(), der);
    }
  });
});

describe("buildMultipartSigned", () => {
  it("keeps the signed part byte for byte, adds protocol and micalg", () => {
    const part = buildDraftEntity(draft({ text: "signed" }), { headerProtection: "clear" });
    const sig = new Uint8Array(100).fill(7);
    const out = buildMultipartSigned(part, sig, "sha-384");
    const e = parseMime(out);
    assert.equal(e.contentType.mediaType, "multipart/signed");
    assert.equal(e.contentType.params.protocol, "application/pkcs7-signature");
    assert.equal(e.contentType.params.micalg, "sha-384");
    assert.deepEqual(e.parts[0].raw, part);
    assert.equal(e.parts[1].contentType.mediaType, "application/pkcs7-signature");
    assert.equal(e.parts[1].filename, "smime.p7s");
    assert.deepEqual(e.parts[1].body(), sig);
  });
  it("a part ending in CRLF keeps that CRLF", () => {
    const part = enc("Content-Type: text/plain\r\n\r\nx\r\n");
    assert.deepEqual(parseMime(buildMultipartSigned(part, new Uint8Array(1), "sha-256")).parts[0].raw, part);
  });
  it("avoids a boundary that the part contains and rejects non-canonical parts", () => {
    const part = enc("Content-Type: text/plain\r\n\r\n--=_spm_s\r\n");
    const e = parseMime(buildMultipartSigned(part, new Uint8Array(1), "sha-256", { boundarySeed: () => "s" }));
    assert.notEqual(e.contentType.params.boundary, "=_spm_s");
    assert.deepEqual(e.parts[0].raw, part);
    assert.throws(() => buildMultipartSigned(enc("Content-Type: text/plain\n\nx"), new Uint8Array(1), "sha-256"), { code: "INVALID_ARGUMENT" });
    assert.throws(() => buildMultipartSigned(new Uint8Array([0x80]), new Uint8Array(1), "sha-256"), { code: "INVALID_ARGUMENT" });
  });
});

describe("buildMessage", () => {
  it("outer fields, MIME-Version, then the entity", () => {
    const entity = buildPkcs7MimeEntity(new Uint8Array(10), "enveloped-data");
    const out = buildMessage(
      { from: { address: "a@example.org" }, to: [{ address: "b@example.org" }], cc: [], subject: "[...]", messageId: "<m@x>", extra: [["X-SPM", "1"]] },
      entity,
    );
    const m = parseMime(out);
    assert.equal(m.header("subject"), "[...]");
    assert.equal(m.header("mime-version"), "1.0");
    assert.equal(m.header("x-spm"), "1");
    assert.equal(m.header("message-id"), "<m@x>");
    assert.equal(m.header("cc"), undefined);
    assert.ok(m.header("date"), "a Date is always written");
    assert.equal(m.contentType.params["smime-type"], "enveloped-data");
    assert.deepEqual(m.body(), new Uint8Array(10));
    assert.ok(lines(out).includes("MIME-Version: 1.0"));
  });
});
