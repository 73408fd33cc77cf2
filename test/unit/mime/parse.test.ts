import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { parseMime } from "../../../src/core/mime/index";

const enc = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));
const str = (b: Uint8Array) => Buffer.from(b).toString("latin1");

const signedLike = [
  "From: a@example.org",
  "Subject: test",
  "MIME-Version: 1.0",
  'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256;',
  ' boundary="XX"',
  "",
  "This is the preamble",
  "--XX",
  "Content-Type: text/plain",
  "",
  "signed body",
  "",
  "--XX  ",
  "Content-Type: application/pkcs7-signature",
  "Content-Transfer-Encoding: base64",
  "",
  "AQID",
  "--XX--",
  "epilogue",
  "",
].join("\r\n");

describe("parseMime: headers", () => {
  it("keeps duplicated fields in order, unfolds, is case-insensitive", () => {
    const m = parseMime(enc("Received: one\r\nreceived: two\r\n  folded\r\nSubject: a\r\n\tb\r\n\r\nbody"));
    assert.deepEqual(m.headerAll("RECEIVED"), ["one", "two  folded"]);
    assert.equal(m.header("subject"), "a\tb");
    assert.equal(m.header("missing"), undefined);
    assert.equal(str(m.bodyRaw), "body");
  });
  it("accepts obsolete forms: 'Name :' and whitespace-only continuation lines", () => {
    const m = parseMime(enc("Subject : hi\r\n   \r\n there\r\n\r\nx"));
    assert.equal(m.header("subject"), "hi    there");
    assert.equal(str(m.bodyRaw), "x");
  });
  it("values are raw (no RFC 2047 decoding); 8-bit UTF-8 headers are read as UTF-8, else Latin-1", () => {
    const m = parseMime(new Uint8Array([...enc("Subject: =?UTF-8?Q?x?= "), 0xc3, 0xa4, ...enc("\r\nX-L: "), 0xe4, ...enc("\r\n\r\n")]));
    assert.equal(m.header("subject"), "=?UTF-8?Q?x?= ä");
    assert.equal(m.header("x-l"), "ä");
  });
  it("no blank line: everything after a non-header line is body; header only: empty body", () => {
    const m = parseMime(enc("Subject: x\r\nnot a header line\r\nmore"));
    assert.equal(m.header("subject"), "x");
    assert.equal(str(m.bodyRaw), "not a header line\r\nmore");
    assert.equal(parseMime(enc("Subject: x\r\n")).bodyRaw.length, 0);
    assert.equal(parseMime(enc("\r\nonly body")).headers.length, 0);
  });
  it("defaults: text/plain us-ascii, 7bit", () => {
    const m = parseMime(enc("\r\nhi"));
    assert.equal(m.contentType.mediaType, "text/plain");
    assert.equal(m.contentType.params.charset, "us-ascii");
    assert.equal(m.transferEncoding, "7bit");
    assert.equal(m.text(), "hi");
    assert.equal(m.isMultipart, false);
    assert.deepEqual(m.parts, []);
  });
});

describe("parseMime: multipart boundaries (RFC 2046)", () => {
  it("the CRLF before a delimiter belongs to the delimiter; preamble/epilogue ignored; padding after boundary ok", () => {
    const m = parseMime(enc(signedLike));
    assert.equal(m.isMultipart, true);
    assert.equal(m.parts.length, 2);
    assert.equal(str(m.parts[0].raw), "Content-Type: text/plain\r\n\r\nsigned body\r\n");
    assert.equal(str(m.parts[0].bodyRaw), "signed body\r\n");
    assert.deepEqual(m.parts[1].body(), new Uint8Array([1, 2, 3]));
    assert.equal(str(m.raw), signedLike);
  });
  it("raw views point into the input (exact byte offsets)", () => {
    const input = enc(signedLike);
    const m = parseMime(input);
    const start = signedLike.indexOf("Content-Type: text/plain");
    assert.equal(m.parts[0].raw.byteOffset, input.byteOffset + start);
  });
  it("bare-LF input works the same way", () => {
    const m = parseMime(enc(signedLike.replace(/\r\n/g, "\n")));
    assert.equal(m.parts.length, 2);
    assert.equal(str(m.parts[0].raw), "Content-Type: text/plain\n\nsigned body\n");
  });
  it("a delimiter must be at line start and match exactly (longer boundary lines are content)", () => {
    const m = parseMime(enc('Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n\r\nx --b\r\n--bb\r\n--b-x\r\n--b\r\n\r\ny\r\n--b--'));
    assert.equal(m.parts.length, 2);
    assert.equal(str(m.parts[0].bodyRaw), "x --b\r\n--bb\r\n--b-x");
    assert.equal(str(m.parts[1].bodyRaw), "y");
  });
  it("missing final boundary is tolerated; empty parts are parts", () => {
    const m = parseMime(enc('Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n--b\r\n\r\nlast\r\n'));
    assert.equal(m.parts.length, 2);
    assert.equal(m.parts[0].raw.length, 0);
    assert.equal(str(m.parts[1].bodyRaw), "last\r\n");
  });
  it("multipart without boundary is a leaf; no delimiter at all gives no parts", () => {
    assert.equal(parseMime(enc("Content-Type: multipart/mixed\r\n\r\nx")).isMultipart, false);
    assert.equal(parseMime(enc("Content-Type: multipart/mixed; boundary=z\r\n\r\nx")).parts.length, 0);
  });
  it("nested multiparts with prefix-sharing boundaries", () => {
    const msg = [
      'Content-Type: multipart/mixed; boundary="abc"',
      "",
      "--abc",
      'Content-Type: multipart/alternative; boundary="abcd"',
      "",
      "--abcd",
      "Content-Type: text/plain",
      "",
      "plain",
      "--abcd",
      "Content-Type: text/html",
      "",
      "<p>html</p>",
      "--abcd--",
      "--abc",
      "Content-Type: application/octet-stream",
      "Content-Disposition: attachment; filename=a.bin",
      "",
      "bin",
      "--abc--",
    ].join("\r\n");
    const m = parseMime(enc(msg));
    assert.equal(m.parts.length, 2);
    assert.deepEqual(m.parts[0].parts.map((p) => p.text()), ["plain", "<p>html</p>"]);
    assert.equal(m.parts[1].filename, "a.bin");
  });
});

describe("parseMime: message/rfc822 and bodies", () => {
  it("parses an attached message as parts[0]", () => {
    const inner = "Subject: inner\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nGr=FC=DFe";
    const m = parseMime(enc(`Content-Type: message/rfc822\r\n\r\n${inner}`));
    assert.equal(m.parts.length, 1);
    assert.equal(m.parts[0].header("subject"), "inner");
    assert.equal(m.parts[0].text(), "Grüße");
    assert.equal(str(m.parts[0].raw), inner);
    const b64 = parseMime(enc(`Content-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(inner).toString("base64")}`));
    assert.equal(b64.parts[0].header("subject"), "inner");
    const broken = parseMime(enc("Content-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n!!not base64!!"));
    assert.deepEqual(broken.parts, []);
    assert.throws(() => broken.body(), { code: "MALFORMED" });
  });
  it("transfer decoding and charsets", () => {
    assert.equal(parseMime(enc("Content-Transfer-Encoding: BASE64\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nw6TDtg==\r\n")).text(), "äö");
    assert.equal(parseMime(enc("Content-Type: text/plain; charset=windows-1252\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=80")).text(), "€");
    assert.equal(parseMime(enc("Content-Type: text/plain; charset=\"ISO-8859-1\"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\xe4")).text(), "ä");
    assert.equal(parseMime(enc("Content-Type: text/plain; charset=us-ascii\r\n\r\nabc")).text(), "abc");
    assert.deepEqual(parseMime(enc("Content-Transfer-Encoding: binary\r\n\r\n\x00\xff")).body(), new Uint8Array([0, 0xff]));
    assert.throws(() => parseMime(enc("Content-Transfer-Encoding: base64\r\n\r\n!!!")).body(), { code: "MALFORMED" });
  });
  it("filename from disposition (RFC 2231) or content-type name (RFC 2047); content id without <>", () => {
    const m = parseMime(enc("Content-Type: application/pdf; name=\"=?ISO-8859-1?Q?B=E4r.pdf?=\"\r\nContent-ID: <x@y>\r\n\r\n"));
    assert.equal(m.filename, "Bär.pdf");
    assert.equal(m.contentId, "x@y");
    const d = parseMime(enc("Content-Type: application/pdf; name=other.pdf\r\nContent-Disposition: ATTACHMENT;\r\n filename*=UTF-8''B%C3%A4r.pdf\r\n\r\n"));
    assert.equal(d.filename, "Bär.pdf");
    // an RFC 2231 value is final: no RFC 2047 decoding on top
    const lit = parseMime(enc("Content-Disposition: attachment; filename*=utf-8''%3D%3FUTF-8%3FB%3FQQ%3D%3D%3F%3D.pdf\r\n\r\n"));
    assert.equal(lit.filename, "=?UTF-8?B?QQ==?=.pdf");
    assert.equal(d.disposition?.type, "attachment");
  });
});
