/**
 * Issue 13 read-pane rules in Node: which protected attachment is the message's own payload (weakness 2),
 * malformed cid: URLs (weakness 4), and "green only when the signer is the sender Outlook shows".
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { finding } from "../../../../src/core/findings";
import { detectPatientData } from "../../../../src/core/policy";
import type { OpenReport } from "../../../../src/core/smime";
import { noticeHtml, noticeText } from "../../../../src/ui/compose/notice";
import { cidFromUrl, nestedKindOf } from "../../../../src/ui/read/content";
import { decidePayload, isOwnNotice, normaliseVisibleText } from "../../../../src/ui/read/payload-rule";
import { describeStatus } from "../../../../src/ui/read/status";
import { htmlToText } from "../../../../src/core/mime";

const READER = "https://mail-addin.example.org/spm/reader.html";
const own = (body: string | undefined, files = 1) => decidePayload({ itemClass: "IPM.Note", kind: "p7m-attachment", fileAttachments: files, visibleBody: body });

test("our own notice (every protection, both language orders, with and without the reader line) opens automatically", () => {
  for (const protection of ["both", "encrypt", "sign"] as const) {
    for (const language of ["en", "de"] as const) {
      for (const reader of [READER, "http://localhost:3000/reader.html", undefined]) {
        // As Outlook hands it out: the HTML notice converted to text (line breaks and NBSP are whitespace).
        const shown = htmlToText(noticeHtml(protection, language, reader)).replace(/ /g, "\u00a0");
        assert.deepEqual(own(shown), { open: "automatic", reason: "own-notice" }, `${protection}/${language}/${reader}`);
        assert.equal(isOwnNotice(noticeText(protection, language, reader)), true);
      }
    }
  }
});

test("anything written around the .p7m makes it a nested part the user opens (Johnny, You Are Fired §5)", () => {
  const notice = noticeText("both", "en", READER);
  assert.deepEqual(own("Please approve the attached transfer. Regards, Alice"), { open: "on-request", reason: "not-own-notice" });
  assert.equal(own(`URGENT: call me.\n${notice}`).open, "on-request");
  assert.equal(own(`${notice}\nP.S. the dose is 50 mg`).open, "on-request");
  assert.equal(own(notice.replace("mail-addin.example.org", "evil.example\nClick here")).open, "on-request");
  assert.equal(own(notice.replace("/reader.html", "/reader.html?x=1")).open, "on-request");
  assert.deepEqual(own(""), { open: "on-request", reason: "not-own-notice" });
  assert.deepEqual(own(undefined), { open: "on-request", reason: "body-unreadable" });
  assert.deepEqual(own(notice, 2), { open: "on-request", reason: "several-attachments" });
  // Native S/MIME items are the message itself, whatever their body.
  assert.deepEqual(decidePayload({ itemClass: "IPM.Note.SMIME", kind: "eml", fileAttachments: 1, visibleBody: "x" }), { open: "automatic", reason: "native-smime" });
  assert.deepEqual(decidePayload({ itemClass: "IPM.Note.SMIME.MultipartSigned", kind: "multipart-signed-attachment", fileAttachments: 1, visibleBody: "x" }), { open: "automatic", reason: "native-smime" });
  assert.equal(normaliseVisibleText(" a\r\n\u00a0b\t"), "a b");
});

test("the notice carries no patient data for the send guard, names the reader as plain text and the OpenSSL command", () => {
  for (const language of ["en", "de"] as const) {
    const text = noticeText("both", language, READER);
    assert.deepEqual(detectPatientData(text), []);
    assert.ok(text.includes(READER));
    assert.match(text, /openssl cms -decrypt -inform DER -in smime\.p7m/);
    assert.doesNotMatch(noticeHtml("both", language, READER), /<a\b/i, "plain text, not a link");
  }
});

test("a malformed cid: URL names nothing (dropped), a good one is decoded", () => {
  assert.equal(cidFromUrl("cid:%E0%A4%A"), undefined);
  assert.equal(cidFromUrl("cid:%"), undefined);
  assert.equal(cidFromUrl("cid:"), undefined);
  assert.equal(cidFromUrl("cid:logo%40clinic"), "logo@clinic");
  assert.equal(cidFromUrl("CID:<a@b>"), "a@b");
  assert.equal(cidFromUrl("https://x.example/a.png"), undefined);
});

test("nested part kind from its bytes: damaged input is 'unknown', never a throw", () => {
  assert.equal(nestedKindOf(new Uint8Array([0x30, 0x03, 0x06, 0x01])), "unknown");
  assert.equal(nestedKindOf(new TextEncoder().encode("garbage that is no MIME")), "unknown");
});

function signedReport(emails: string[], addressBinding: OpenReport["addressBinding"] = "checked"): OpenReport {
  return {
    encryption: "aes-256-cbc",
    integrity: "signature",
    signature: "valid",
    addressBinding,
    findings: [],
    layers: [],
    content: new Uint8Array(0),
    contentIsMime: true,
    signer: { email: emails[0], emails, subject: "CN=Alice", issuer: "CN=CA", serialHex: "01", notBefore: "", notAfter: "", sha256Fingerprint: "" },
    signerCertificate: new Uint8Array([1]),
  };
}

test("green only when the signer is the sender Outlook shows: a valid signature by someone else is red", () => {
  // The core bound the signature to the .eml's own From (alice), but Outlook shows mallory as the sender.
  const other = describeStatus(signedReport(["alice@clinic.example"]), "mallory@evil.example", "en");
  assert.equal(other.intent, "error");
  assert.equal(other.title, "Signed by someone other than the sender shown");
  assert.equal(other.collectable, false);
  assert.equal(other.signer?.matchesFrom, false);
  assert.match(other.details[0], /The sender Outlook shows \(mallory@evil\.example\) is not an address of the signer's certificate \(alice@clinic\.example\)/);
  const same = describeStatus(signedReport(["alice@clinic.example"]), "Alice@Clinic.example", "en");
  assert.equal(same.intent, "success");
  // A bare CMS file has no sender: never green.
  const bare = describeStatus(signedReport(["alice@clinic.example"], "none"), undefined, "de");
  assert.equal(bare.intent, "warning");
  assert.match(bare.details.join(" "), /keinen Absender/);
});

test("an outer signature is its own line, never the signer; a protected header that differs keeps the bar from green", () => {
  const outerOnly: OpenReport = {
    ...signedReport([]),
    signature: "unsigned",
    integrity: "none",
    signer: undefined,
    signerCertificate: undefined,
    findings: [finding("outer-signature-only")],
    outerSignature: { covers: "ciphertext", signature: "valid", signer: { email: "mallory@evil.example", emails: ["mallory@evil.example"], subject: "CN=M", issuer: "CN=CA", serialHex: "02", notBefore: "", notAfter: "", sha256Fingerprint: "" } },
  };
  const v = describeStatus(outerOnly, "mallory@evil.example", "en");
  assert.equal(v.signer, undefined);
  assert.equal(v.intent, "warning");
  assert.match(v.outerSignature?.sentence ?? "", /A signature by mallory@evil\.example lies outside the encryption/);
  assert.match(describeStatus({ ...outerOnly, encryption: "aes-256-gcm", integrity: "authenticated-encryption" }, "a@x.example", "de").outerSignature?.sentence ?? "", /außerhalb der Verschlüsselung/);
  assert.equal(describeStatus({ ...outerOnly, encryption: "aes-256-gcm", integrity: "authenticated-encryption" }, "a@x.example", "en").intent, "warning", "not the calm 'info' of plain GCM");
  const header = describeStatus({ ...signedReport(["alice@clinic.example"]), findings: [finding("protected-header-mismatch", { field: "subject", inner: "Lab 4711", outer: "Invoice" })] }, "alice@clinic.example", "en");
  assert.equal(header.intent, "warning");
  assert.match(header.details.join(" "), /Subject field inside the protected message \(Lab 4711\) differs from the one outside \(Invoice\)/);
});
