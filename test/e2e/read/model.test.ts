/**
 * The read pane's pure parts in Node (no browser): what is shown from a MIME entity (body choice, cid
 * images, attachments, nested S/MIME, forwarded messages, legacy display, protected headers) and the status
 * view for every signature status.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { utf8Encode } from "../../../src/core/bytes";
import { parseMime } from "../../../src/core/mime";
import { findingText, STATUS_PRECEDENCE, statusText, type SignatureStatus } from "../../../src/core/pki";
import type { OpenReport } from "../../../src/core/smime";
import { buildDisplay } from "../../../src/ui/read/content";
import { describeStatus, protectedHeaderFindings } from "../../../src/ui/read/status";

const mime = (lines: string[]) => parseMime(utf8Encode(lines.join("\r\n")));

test("body: the HTML alternative, cid images of the same entity, attachments, nested S/MIME and forwarded messages", () => {
  const d = buildDisplay(
    mime([
      "From: Alice <alice@clinic.example>",
      "Subject: =?utf-8?q?Befund_M=C3=BCller?=",
      'Content-Type: multipart/mixed; boundary="m"; hp="cipher"',
      "",
      "--m",
      'Content-Type: multipart/related; boundary="r"',
      "",
      "--r",
      'Content-Type: multipart/alternative; boundary="a"',
      "",
      "--a",
      'Content-Type: text/plain; charset=utf-8; hp-legacy-display="1"',
      "",
      "Subject: Befund Müller",
      "",
      "plain version",
      "--a",
      "Content-Type: text/html; charset=utf-8",
      "",
      '<p>html version <img src="cid:logo@x"></p>',
      "--a--",
      "--r",
      "Content-Type: image/png",
      "Content-ID: <logo@x>",
      "Content-Transfer-Encoding: base64",
      "",
      "iVBORw0KGgo=",
      "--r--",
      "--m",
      "Content-Type: application/pdf",
      "Content-Disposition: attachment; filename*=utf-8''Arztbrief%20M%C3%BCller.pdf",
      "Content-Transfer-Encoding: base64",
      "",
      "JVBERi0=",
      "--m",
      'Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"',
      "Content-Transfer-Encoding: base64",
      "",
      "MIAGCSqGSIb3DQEHA6CAMIACAQA=",
      "--m",
      "Content-Type: message/rfc822",
      "",
      "From: carol@lab.example",
      "Subject: Old",
      'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; boundary="s"',
      "",
      "--s",
      "Content-Type: text/plain",
      "",
      "signed",
      "--s",
      "Content-Type: application/pkcs7-signature",
      "",
      "AA==",
      "--s--",
      "--m",
      "Content-Type: message/rfc822",
      "",
      "From: dave@lab.example",
      "Subject: Plain forward",
      "",
      "hello",
      "--m--",
      "",
    ]),
  );
  assert.deepEqual(d.body, { kind: "html", html: '<p>html version <img src="cid:logo@x"></p>' });
  assert.deepEqual([...d.inlineImages.keys()], ["logo@x"]);
  assert.deepEqual(d.attachments.map((a) => [a.name, a.mediaType, a.size]), [
    ["Arztbrief Müller.pdf", "application/pdf", 5],
    ["Plain forward.eml", "message/rfc822", d.attachments[1]?.size],
  ]);
  assert.deepEqual(d.nested.map((n) => [n.name, n.kind, n.forwarded, n.forwardedFrom]), [
    ["smime.p7m", "encrypted", false, undefined],
    ["Old", "signed", true, "carol@lab.example"],
  ]);
  assert.deepEqual(d.protectedHeaders, { subject: "Befund Müller", from: ["alice@clinic.example"] });
});

test("plain text: the RFC 9788 legacy display element is removed; text is never treated as HTML", () => {
  const d = buildDisplay(mime(['Content-Type: text/plain; charset=utf-8; hp-legacy-display="1"', "", "Subject: Secret", "", "<b>not bold</b>"]));
  assert.deepEqual(d.body, { kind: "text", text: "<b>not bold</b>" });
});

test("protected From differing from the From shown is an error finding (signer-mismatch, issue 13 #3); equal is none", () => {
  assert.deepEqual(protectedHeaderFindings({ from: ["alice@clinic.example"] }, "Alice@Clinic.example"), []);
  const f = protectedHeaderFindings({ from: ["mallory@evil.example"] }, "alice@clinic.example");
  assert.equal(f[0]?.severity, "error");
  assert.equal(f[0]?.status, "signer-mismatch");
  assert.match((f[0] ? findingText(f[0]).en : ""), /mallory@evil\.example.*alice@clinic\.example/);
  assert.equal(protectedHeaderFindings({ from: ["a@x.example", "b@x.example"] }, "a@x.example").length, 1);
});

function report(signature: SignatureStatus, encryption: string, integrity: OpenReport["integrity"]): OpenReport {
  return {
    encryption,
    integrity,
    signature,
    addressBinding: "checked",
    findings: [],
    layers: [],
    content: new Uint8Array(0),
    contentIsMime: true,
    ...(signature !== "unsigned"
      ? {
          signer: { email: "alice@clinic.example", emails: ["alice@clinic.example"], subject: "CN=Alice", issuer: "CN=CA", serialHex: "01", notBefore: "", notAfter: "", sha256Fingerprint: "" },
          signerCertificate: new Uint8Array([1]),
        }
      : {}),
  };
}

test("status view for every signature status: colour, headline, sentence; only trusted signatures may be collected", () => {
  for (const status of STATUS_PRECEDENCE) {
    const signedIntegrity = status === "valid" || status === "revocation-unknown" ? "signature" : "none";
    const v = describeStatus(report(status, "aes-256-cbc", signedIntegrity), "alice@clinic.example", "en");
    assert.ok(v.sentence.startsWith(statusText(status).en), status);
    if (status === "valid" || status === "revocation-unknown") {
      assert.equal(v.intent, "success", status);
      assert.equal(v.title, "Encrypted and signed");
      assert.equal(v.collectable, true);
      assert.equal(v.signer?.matchesFrom, true);
    } else if (status === "unsigned") {
      assert.equal(v.title, "Encrypted, not integrity protected");
      assert.equal(v.intent, "warning");
      assert.equal(v.collectable, false);
    } else {
      assert.notEqual(v.intent, "success", status);
      assert.ok(v.title === "Signature not valid" || v.title === "Signature not confirmed", `${status}: ${v.title}`);
      assert.equal(v.collectable, false, status);
      assert.match(v.sentence, /Not integrity protected/, status);
    }
  }
  assert.equal(describeStatus(report("unsigned", "aes-256-gcm", "authenticated-encryption"), "a@x.example", "en").intent, "info");
  assert.equal(describeStatus(report("unsigned", "none", "none"), "a@x.example", "en").title, "Not signed");
  assert.equal(describeStatus(report("valid", "none", "signature"), "a@x.example", "de").title, "Signiert");
  assert.equal(describeStatus(report("valid", "none", "signature"), "mallory@evil.example", "en").signer?.matchesFrom, false);
});
