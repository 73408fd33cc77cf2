/**
 * Issue 16 units: the bare-LF helpers, the Date/signingTime rule with its tolerance, PEM-armoured PKCS#12, and
 * the read pane's chrome turning a valid status with those warnings into a warning bar.
 */
import { describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { bareLfToCrlf, hasBareLf } from "../../../src/core/cms/signed";
import { latin1Decode, latin1Encode, pemEncode } from "../../../src/core/bytes";
import { resolveConfig } from "../../../src/core/config";
import { finding, type Finding } from "../../../src/core/findings";
import { importPkcs12 } from "../../../src/core/keys";
import type { OpenReport } from "../../../src/core/smime";
import { parseMailDate, signingDateFindings } from "../../../src/core/smime/signing-date";
import { describeStatus } from "../../../src/ui/read/status";
import { loadPki } from "../../helpers/fixtures";

describe("bare LF to CRLF, and nothing else", () => {
  test("only LF without a CR before it changes; CRLF, bare CR and everything else stay", () => {
    const cases: [string, string, boolean][] = [
      ["a\nb\n", "a\r\nb\r\n", true],
      ["a\r\nb\r\n", "a\r\nb\r\n", false],
      ["\na", "\r\na", true],
      ["a\rb\n", "a\rb\r\n", true],
      ["a\r\rb", "a\r\rb", false],
      ["trailing  \n\tspace", "trailing  \r\n\tspace", true],
      ["", "", false],
    ];
    for (const [input, output, bare] of cases) {
      assert.equal(hasBareLf(latin1Encode(input)), bare, JSON.stringify(input));
      assert.equal(latin1Decode(bareLfToCrlf(latin1Encode(input))), output, JSON.stringify(input));
    }
  });
});

describe("Date header against signingTime", () => {
  const config = resolveConfig();
  const signingTime = "2026-12-04T12:00:00.000Z";
  const at = (date: string, c = config) => signingDateFindings([{ name: "Date", value: date }], signingTime, c);

  test("RFC 5322 forms are read (comments, obsolete zones, two-digit years); prose is not", () => {
    assert.equal(parseMailDate("Fri, 4 Dec 2026 13:00:00 +0100 (CET)"), Date.parse(signingTime));
    assert.equal(parseMailDate("4 Dec 2026 12:00:00 GMT"), Date.parse(signingTime));
    assert.equal(parseMailDate("Fri, 04 Dec 2026 07:00:00 EST"), Date.parse(signingTime));
    assert.equal(parseMailDate("Fri, 4 Dec 26 12:00:00 GMT"), Date.parse(signingTime));
    assert.ok(Number.isNaN(parseMailDate("yesterday afternoon")));
    assert.ok(Number.isNaN(parseMailDate("")));
  });

  test("the tolerance is one hour each way, and a CoreConfig field", () => {
    assert.deepEqual(at("Fri, 4 Dec 2026 13:00:00 +0000"), []);
    assert.deepEqual(at("Fri, 4 Dec 2026 11:00:00 +0000"), []);
    const late = at("Fri, 4 Dec 2026 13:01:00 +0000");
    assert.equal(late.length, 1);
    assert.equal(late[0].severity, "warning");
    assert.deepEqual({ ...late[0].params }, { date: "Fri, 4 Dec 2026 13:01:00 +0000", signingTime, differenceMinutes: 61 });
    assert.deepEqual(at("Fri, 4 Dec 2026 13:01:00 +0000", resolveConfig({ signingTimeDateToleranceMs: 2 * 3_600_000 })), []);
    assert.equal(config.signingTimeDateToleranceMs, 3_600_000);
  });

  test("an unreadable Date is reported without a difference; no Date, no headers or no signingTime: nothing", () => {
    const f = at("soon");
    assert.equal(f.length, 1);
    assert.equal((f[0].params as { differenceMinutes?: number }).differenceMinutes, undefined);
    assert.deepEqual(signingDateFindings([{ name: "Subject", value: "x" }], signingTime, config), []);
    assert.deepEqual(signingDateFindings(undefined, signingTime, config), []);
    assert.deepEqual(signingDateFindings([{ name: "Date", value: "soon" }], undefined, config), []);
  });
});

describe("PKCS#12 in PEM armour", () => {
  const alice = loadPki("basic").identity("alice");
  const der = new Uint8Array(readFileSync(alice.p12Path));

  test("the armoured file (with gpgsm's preamble) gives the same identity as the DER", async () => {
    const armoured = latin1Encode(`Issuer ...: /CN=SPM Test Root CA\nSerial ...: 01\n\n${pemEncode("PKCS12", der)}`);
    const a = await importPkcs12(armoured, alice.password);
    const b = await importPkcs12(der, alice.password);
    assert.deepEqual(a.identities[0].certificate, b.identities[0].certificate);
    assert.deepEqual(a.identities[0].privateKey, b.identities[0].privateKey);
  });

  test("two PKCS12 blocks, none, or an oversized file are refused with their codes", async () => {
    const block = pemEncode("PKCS12", der);
    await assert.rejects(importPkcs12(latin1Encode(block + block), alice.password), { code: "MALFORMED", message: /several PKCS12 blocks/ });
    await assert.rejects(importPkcs12(latin1Encode(pemEncode("CERTIFICATE", alice.certDer)), alice.password), { code: "MALFORMED", message: /no PKCS12 block/ });
    await assert.rejects(importPkcs12(latin1Encode(block), alice.password, { config: { maxPkcs12Bytes: 1000 } }), { code: "LIMIT_EXCEEDED" });
  });
});

describe("the read pane's chrome: a valid status with these warnings is not green", () => {
  function validReport(findings: Finding[]): OpenReport {
    return {
      encryption: "none", integrity: "signature", signature: "valid", addressBinding: "checked", findings, layers: [],
      content: new Uint8Array(0), contentIsMime: true, signingTime: "2026-12-04T12:00:00.000Z",
      signer: { email: "alice@clinic.example", emails: ["alice@clinic.example"], subject: "CN=Alice", issuer: "CN=CA", serialHex: "01", notBefore: "", notAfter: "", sha256Fingerprint: "" },
      signerCertificate: new Uint8Array([1]),
    };
  }

  test("Date far from the signing time: warning bar, the sentence in the details (English and German)", () => {
    const f = finding("signing-time-date-mismatch", { date: "Fri, 4 Dec 2026 18:00:00 +0000", signingTime: "2026-12-04T12:00:00.000Z", differenceMinutes: 360 });
    const en = describeStatus(validReport([f]), "alice@clinic.example", "en");
    assert.equal(en.intent, "warning");
    assert.equal(en.signature, "valid");
    assert.ok(en.details.some((d) => /6 hours away from the time it was signed/.test(d)), en.details.join(" | "));
    const de = describeStatus(validReport([f]), "alice@clinic.example", "de");
    assert.ok(de.details.some((d) => /6 Stunden/.test(d)));
  });

  test("legacy cipher: warning bar; the info findings of this issue leave a valid bar green", () => {
    assert.equal(describeStatus(validReport([finding("legacy-cipher", { cipher: "des-ede3-cbc" })]), "alice@clinic.example", "en").intent, "warning");
    const infos = [finding("line-endings-canonicalized"), finding("outer-signature-not-valid", { status: "invalid" })];
    const view = describeStatus(validReport(infos), "alice@clinic.example", "en");
    assert.equal(view.intent, "success");
    assert.equal(view.details.length, 2, "still said, in the details");
  });
});
