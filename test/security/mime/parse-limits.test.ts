/**
 * Hostile input for the MIME parser: nesting, part counts, boundary confusion, huge and pathological
 * inputs, random garbage. The parser must answer with a value or SpmError MALFORMED / LIMIT_EXCEEDED,
 * in time linear in the input: every timed case is compared with a linear baseline of the same size measured
 * in the same test (so machine load affects both), and must stay within a generous multiple of it.
 */
import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import fc from "fast-check";
import { isSpmError, SpmError } from "../../../src/core/errors";
import { buildDraftEntity, buildMessage, parseMime, type MimePart } from "../../../src/core/mime/index";

const enc = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));
const str = (b: Uint8Array) => Buffer.from(b).toString("latin1");

/**
 * The linear baseline: a multipart message of `size` bytes whose one part is plain 76-character lines (the
 * parser scans every line for the boundary), parsed and its text decoded. Median of three runs.
 */
function baselineMs(size: number): number {
  const line = "x".repeat(74) + "\r\n";
  const head = "Content-Type: multipart/mixed; boundary=z\r\n\r\n--z\r\nContent-Type: text/plain\r\n\r\n";
  const bytes = enc(head + line.repeat(Math.max(1, Math.ceil(size / line.length))) + "--z--\r\n");
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    parseMime(bytes).parts[0].text();
    runs.push(performance.now() - t);
  }
  return runs.sort((a, b) => a - b)[1];
}

/**
 * Generous on purpose: structure costs more per byte than plain lines (header parameters: about 15x), and a
 * busy 2-core machine adds noise. A quadratic parser is still far beyond it: at these sizes (1e5 to 1e6 units
 * of structure) n^2 work takes minutes, not the few hundred milliseconds this allows.
 */
const LINEAR_FACTOR = 100;
const LINEAR_SLACK_MS = 500;

/**
 * Run `f` on an input of `size` bytes and require its time to stay within LINEAR_FACTOR x the linear baseline of
 * the same size (+ LINEAR_SLACK_MS for fixed costs). Prints both.
 */
function timed<T>(label: string, size: number, f: () => T): T {
  const base = baselineMs(size);
  const t = performance.now();
  const r = f();
  const ms = performance.now() - t;
  console.log(`# ${label}: ${ms.toFixed(0)} ms (linear baseline of ${(size / 1e6).toFixed(1)} MB: ${base.toFixed(0)} ms)`);
  assert.ok(ms <= LINEAR_FACTOR * base + LINEAR_SLACK_MS, `${label}: ${ms.toFixed(0)} ms > ${LINEAR_FACTOR} x ${base.toFixed(1)} ms + ${LINEAR_SLACK_MS} ms`);
  return r;
}

function nestedMultipart(depth: number): string {
  let s = "Content-Type: text/plain\r\n\r\nleaf";
  for (let i = depth - 1; i >= 0; i--) s = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${s}\r\n--b${i}--`;
  return s;
}

function walk(p: MimePart, f: (p: MimePart) => void): void {
  f(p);
  for (const c of p.parts) walk(c, f);
}

/** Parse and touch every part's decoded body; only typed MALFORMED/LIMIT_EXCEEDED errors are allowed. */
function parseAndTouch(bytes: Uint8Array): void {
  try {
    walk(parseMime(bytes), (p) => {
      try {
        p.text();
      } catch (e) {
        if (!isSpmError(e, "MALFORMED")) throw e;
      }
    });
  } catch (e) {
    if (!(e instanceof SpmError) || (e.code !== "MALFORMED" && e.code !== "LIMIT_EXCEEDED")) throw e;
  }
}

describe("nesting and part count limits", () => {
  it("depth 20 parses, depth 21 is LIMIT_EXCEEDED; maxDepth is configurable", () => {
    let p = parseMime(enc(nestedMultipart(20)));
    let depth = 0;
    while (p.parts.length) {
      p = p.parts[0];
      depth++;
    }
    assert.equal(depth, 20);
    assert.equal(p.text(), "leaf");
    assert.throws(() => parseMime(enc(nestedMultipart(21))), { code: "LIMIT_EXCEEDED" });
    assert.throws(() => parseMime(enc(nestedMultipart(5)), { config: { maxMimeDepth: 4 } }), { code: "LIMIT_EXCEEDED" });
  });

  it("10,000 nested multiparts and nested message/rfc822 chains stop at the limit", () => {
    const nested = enc(nestedMultipart(10000));
    timed("10k nested multiparts", nested.length, () => assert.throws(() => parseMime(nested), { code: "LIMIT_EXCEEDED" }));
    const chain = "Content-Type: message/rfc822\r\n\r\n".repeat(10000) + "x";
    assert.throws(() => parseMime(enc(chain)), { code: "LIMIT_EXCEEDED" });
  });

  it("1e6 delimiters: LIMIT_EXCEEDED quickly; maxParts is configurable", () => {
    const many = "Content-Type: multipart/mixed; boundary=a\r\n\r\n" + "--a\r\n".repeat(1_000_000);
    timed("1e6 delimiters", many.length, () => assert.throws(() => parseMime(enc(many)), { code: "LIMIT_EXCEEDED" }));
    const ten = "Content-Type: multipart/mixed; boundary=a\r\n\r\n" + "--a\r\n\r\nx\r\n".repeat(10) + "--a--";
    assert.equal(parseMime(enc(ten)).parts.length, 10);
    assert.throws(() => parseMime(enc(ten), { config: { maxMimeParts: 10 } }), { code: "LIMIT_EXCEEDED" }); // 10 parts + the root
  });

  it("1e6 boundary-looking lines that are not delimiters", () => {
    const s = "Content-Type: multipart/mixed; boundary=abc\r\n\r\n--abc\r\n\r\n" + "--ab\r\n--abcd\r\n--abc-\r\n".repeat(350_000) + "--abc--";
    const m = timed("1e6 near-boundary lines", s.length, () => parseMime(enc(s)));
    assert.equal(m.parts.length, 1);
  });

  it("deep message/rfc822 + multipart mixes: every level counts", () => {
    let s = "x";
    for (let i = 0; i < 30; i++) {
      s = i % 2 ? `Content-Type: message/rfc822\r\n\r\n${s}` : `Content-Type: multipart/mixed; boundary=q${i}\r\n\r\n--q${i}\r\n${s}\r\n--q${i}--`;
    }
    assert.throws(() => parseMime(enc(s)), { code: "LIMIT_EXCEEDED" });
  });
});

describe("pathological header sections", () => {
  it("a 10 MB header line, 200k continuation lines, 200k fields", () => {
    const long = timed("10 MB header line", 10_000_000, () => parseMime(enc("X-Long: " + "a".repeat(10_000_000) + "\r\n\r\nbody")));
    assert.equal(long.header("x-long")!.length, 10_000_000);
    const folded = timed("200k continuation lines", 800_000, () => parseMime(enc("Subject: a\r\n" + " b\r\n".repeat(200_000) + "\r\nbody")));
    assert.equal(folded.header("subject")!.length, 1 + 200_000 * 2);
    const fields = timed("200k fields", 1_600_000, () => parseMime(enc("X-F: v\r\n".repeat(200_000) + "\r\nbody")));
    assert.equal(fields.headerAll("x-f").length, 200_000);
  });

  it("pathological Content-Type parameters and encoded words", () => {
    const params = "Content-Type: text/plain" + "; a*1*=%41".repeat(50_000) + '; b="' + "\\".repeat(100_000) + '"\r\n\r\nx';
    timed("50k RFC 2231 segments", params.length, () => parseMime(enc(params)));
    const words = "Content-Type: text/plain; name=\"" + "=?".repeat(200_000) + "=?utf-8?q?" + "a".repeat(100_000) + "\"\r\n\r\n";
    timed("200k '=?' in a name", words.length, () => parseMime(enc(words)).filename);
    const comments = "Content-Type: text/plain" + "(".repeat(200_000) + "\r\n\r\nx";
    timed("200k open comments", comments.length, () => parseMime(enc(comments)));
  });
});

describe("boundary confusion", () => {
  it("an outer delimiter inside an inner part ends the outer part there (RFC 2046), exposed as a separate part", () => {
    const msg = [
      'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary=S',
      "",
      "--S",
      "Content-Type: text/plain",
      "",
      "signed text",
      "--S",
      "Content-Type: text/plain",
      "",
      "injected after the signed part",
      "--S",
      "Content-Type: application/pkcs7-signature",
      "",
      "sig",
      "--S--",
    ].join("\r\n");
    const m = parseMime(enc(msg));
    // the verifier sees three parts and can refuse; the first part is only the signed bytes
    assert.equal(m.parts.length, 3);
    assert.equal(str(m.parts[0].raw), "Content-Type: text/plain\r\n\r\nsigned text");
  });

  it("regex metacharacters and quoted boundaries are matched literally", () => {
    const b = "a.b*c+(d)?";
    const m = parseMime(enc(`Content-Type: multipart/mixed; boundary="${b}"\r\n\r\n--aXbbc\r\n--${b}\r\n\r\none\r\n--${b}--`));
    assert.equal(m.parts.length, 1);
    assert.equal(m.parts[0].text(), "one");
  });

  it("a boundary built from our own output never appears in content we built", () => {
    const evil = enc("--=_spm_0\r\n--=_spm_1\r\n");
    let n = 0;
    const out = buildDraftEntity(
      { to: [], cc: [], subject: "s", html: "<p>--=_spm_0</p>", text: "--=_spm_0", attachments: [{ name: "x.eml", content: evil }] },
      { boundarySeed: () => String(n++ % 2), headerProtection: "clear" },
    );
    const m = parseMime(out);
    assert.equal(m.parts.length, 2);
    assert.ok(!["=_spm_0", "=_spm_1"].includes(m.contentType.params.boundary));
    assert.ok(!["=_spm_0", "=_spm_1"].includes(m.parts[0].contentType.params.boundary));
    assert.equal(str(m.parts[1].bodyRaw), str(evil));
    assert.equal(m.parts[0].parts[0].text(), "--=_spm_0");
  });
});

describe("header injection through draft fields", () => {
  it("property: no subject, name or file name can add a header field or a part", () => {
    const nasty = fc.stringMatching(/^[a-z :\r\n<>@"=?-]{0,40}$/);
    fc.assert(
      fc.property(nasty, nasty, nasty, (subject, name, filename) => {
        const draft = {
          from: { name, address: "a@example.org" },
          to: [{ name, address: "b@example.org" }],
          cc: [],
          subject: subject + "\r\nBcc: x@evil.example\r\n\r\n",
          text: "t",
          attachments: [{ name: filename + "\r\nContent-Type: text/html", content: new Uint8Array([1]) }],
        };
        const entity = parseMime(buildDraftEntity(draft));
        const names = entity.headers.map((h) => h.name.toLowerCase());
        assert.deepEqual([...new Set(names)].sort(), ["content-type", "from", "hp-outer", "subject", "to"]);
        assert.equal(entity.parts.length, 2);
        assert.deepEqual(entity.parts[1].headers.map((h) => h.name.toLowerCase()), ["content-type", "content-transfer-encoding", "content-disposition"]);
        const msg = parseMime(buildMessage({ ...draft, subject: "[...]", extra: [["X-Note", subject]] }, enc("Content-Type: text/plain\r\n\r\nx")));
        assert.deepEqual(
          msg.headers.map((h) => h.name.toLowerCase()),
          ["from", "to", "subject", "date", "x-note", "mime-version", "content-type"],
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe("garbage never throws anything but typed errors", () => {
  const base = enc(
    str(
      buildDraftEntity({
        to: [{ address: "a@example.org" }],
        cc: [],
        subject: "Grüße",
        html: "<p>hi</p><img src=cid:c>",
        attachments: [
          { name: "ä.pdf", content: new Uint8Array(200).fill(9) },
          { name: "i.png", content: new Uint8Array(50), inline: true, contentId: "c" },
        ],
      }),
    ),
  );

  it("random bytes", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (b) => parseAndTouch(b)), { numRuns: 1000 });
  });

  it("random MIME-ish text", () => {
    const piece = fc.constantFrom("--", "\r\n", "\n", "\r", "Content-Type: multipart/mixed; boundary=", "Content-Type: message/rfc822", "Content-Transfer-Encoding: base64", "Content-Transfer-Encoding: quoted-printable", "=?utf-8?b?", "?=", "=", "\"", ";", "*0*=", "'", "%", "(", "a", "b", " ", ":");
    fc.assert(fc.property(fc.array(piece, { maxLength: 300 }), (parts) => parseAndTouch(enc(parts.join("")))), { numRuns: 1000 });
  });

  it("mutations of a valid entity", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 }), fc.nat(base.length), (edits, cut) => {
        const b = base.slice(0, Math.max(1, cut));
        for (const [i, v] of edits) if (i < b.length) b[i] = v;
        parseAndTouch(b);
      }),
      { numRuns: 1000 },
    );
  });

  it("error messages never echo the input", () => {
    const secret = "Patientin Erika Mustermann";
    try {
      parseMime(enc(`Content-Type: multipart/mixed; boundary=a\r\n\r\n` + `--a\r\n${secret}\r\n`.repeat(2000)));
      assert.fail("expected LIMIT_EXCEEDED");
    } catch (e) {
      assert.ok(isSpmError(e, "LIMIT_EXCEEDED"));
      assert.ok(!e.message.includes("Erika") && !JSON.stringify(e.details ?? {}).includes("Erika"));
    }
    try {
      parseMime(enc(`Content-Transfer-Encoding: base64\r\n\r\n${secret}!`)).body();
      assert.fail("expected MALFORMED");
    } catch (e) {
      assert.ok(isSpmError(e, "MALFORMED"));
      assert.ok(!e.message.includes("Erika"));
    }
  });
});

describe("large input", () => {
  it("a 50 MB message parses in time linear in its size", () => {
    const content = new Uint8Array(37 * 1024 * 1024);
    for (let i = 0; i < content.length; i += 4096) content[i] = i & 0xff;
    const entity = timed("build 37 MiB attachment entity", 50_000_000, () =>
      buildDraftEntity({ to: [{ address: "a@example.org" }], cc: [], subject: "big", text: "see attachment", attachments: [{ name: "scan.dcm", content }] }),
    );
    const message = buildMessage({ from: { address: "b@example.org" }, to: [{ address: "a@example.org" }], cc: [], subject: "big" }, entity);
    console.log(`# message size: ${(message.length / 1e6).toFixed(1)} MB`);
    assert.ok(message.length > 50_000_000);
    const m = timed("parse 50 MB", message.length, () => parseMime(message));
    const body = timed("decode 37 MiB base64 body", message.length, () => m.parts[1].body());
    assert.equal(body.length, content.length);
    assert.equal(Buffer.compare(Buffer.from(body), Buffer.from(content)), 0);
    const lf = enc(str(message).replace(/\r\n/g, "\n"));
    const m2 = timed("parse 50 MB bare-LF", lf.length, () => parseMime(lf));
    assert.equal(m2.parts[1].filename, "scan.dcm");
  });

  it("a 5 MB HTML draft builds and parses in time linear in its size", () => {
    const html = "<p>" + "Grüße aus der Praxis &amp; <b>Befund</b> -- . From x ".repeat(100_000) + "</p>";
    const entity = timed("build 5 MB HTML draft", html.length, () => buildDraftEntity({ to: [], cc: [], subject: "s", html, attachments: [] }));
    const m = timed("parse + decode it", entity.length, () => parseMime(entity));
    assert.equal(m.parts[1].text().length > html.length, true); // legacy display element in front
  });
});
