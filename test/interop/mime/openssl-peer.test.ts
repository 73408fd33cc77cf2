/**
 * Real peer checks with the OpenSSL binary: our multipart/signed framing verifies in OpenSSL, and the
 * first part's `raw` from our parser is exactly what OpenSSL signed.
 */
import { beforeAll, afterAll, describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createTestPki, openssl, type TestIdentity, type TestPki } from "../../helpers/openssl";
import {
  buildDraftEntity,
  buildMessage,
  buildMultipartSigned,
  buildPkcs7MimeEntity,
  decodeHeaderWords,
  OBSCURED_SUBJECT,
  parseMime,
  removeLegacyDisplay,
} from "../../../src/core/mime/index";

let pki: TestPki;
let alice: TestIdentity;

const draft = {
  from: { name: "Dr. Jürgen Müller", address: "alice@example.org" },
  to: [{ name: "Praxis Schröder", address: "bob@example.org" }],
  cc: [],
  subject: "Befund – Röntgen",
  date: new Date("2026-11-28T10:00:00Z"),
  messageId: "1234@example.org",
  html: "<p>Guten Tag,</p><p>anbei der Befund. Grüße</p>\n<p>From here on</p>",
  attachments: [
    { name: "Befund Müller.pdf", content: new Uint8Array(3000).map((_, i) => (i * 7) & 0xff) },
    { name: "notes.txt", content: new TextEncoder().encode("line one\nline two\r\n") },
  ],
};

beforeAll(() => {
  pki = createTestPki();
  alice = pki.issue("alice", "alice@example.org");
});
afterAll(() => pki.cleanup());

describe("OpenSSL accepts our multipart/signed", () => {
  it("a detached signature over buildDraftEntity output verifies through our framing", () => {
    const entity = buildDraftEntity(draft, { headerProtection: "clear" });
    const partPath = join(pki.dir, "part.eml");
    writeFileSync(partPath, entity);
    const sig = openssl(["cms", "-sign", "-binary", "-outform", "DER", "-md", "sha256", "-in", partPath, "-signer", alice.certPath, "-inkey", alice.keyPath]);
    const signed = buildMultipartSigned(entity, new Uint8Array(sig), "sha-256");
    const message = buildMessage({ ...draft, extra: [["X-Test", "peer"]] }, signed);
    const msgPath = join(pki.dir, "message.eml");
    writeFileSync(msgPath, message);
    const out = openssl(["smime", "-verify", "-in", msgPath, "-CAfile", pki.caCertPath]);
    // OpenSSL writes the verified content: it must be our entity byte for byte
    assert.deepEqual(new Uint8Array(out), entity);
    openssl(["cms", "-verify", "-in", msgPath, "-CAfile", pki.caCertPath, "-out", join(pki.dir, "cms-out.eml")]);

    // and our own parser gives back the exact signed bytes
    const parsed = parseMime(message);
    assert.equal(parsed.contentType.mediaType, "multipart/signed");
    assert.equal(parsed.contentType.params.protocol, "application/pkcs7-signature");
    assert.equal(parsed.contentType.params.micalg, "sha-256");
    assert.deepEqual(parsed.parts[0].raw, entity);
    assert.deepEqual(parsed.parts[1].body(), new Uint8Array(sig));
  });

  it("a tampered signed part fails in OpenSSL (the check above can fail)", () => {
    const entity = buildDraftEntity(draft, { headerProtection: "clear" });
    const partPath = join(pki.dir, "part2.eml");
    writeFileSync(partPath, entity);
    const sig = openssl(["cms", "-sign", "-binary", "-outform", "DER", "-in", partPath, "-signer", alice.certPath, "-inkey", alice.keyPath]);
    const tampered = entity.slice();
    const i = tampered.lastIndexOf(0x41); // some "A" in the base64 of the PDF
    tampered[i] = 0x42;
    const msgPath = join(pki.dir, "tampered.eml");
    writeFileSync(msgPath, buildMessage(draft, buildMultipartSigned(tampered, new Uint8Array(sig), "sha-256")));
    assert.throws(() => openssl(["smime", "-verify", "-in", msgPath, "-CAfile", pki.caCertPath]));
  });
});

describe("our entity is already in OpenSSL's canonical form", () => {
  it("openssl cms -sign (text mode, canonicalizing) leaves our entity byte for byte unchanged", () => {
    const entity = buildDraftEntity({ ...draft, text: "Zeile 1\nZeile 2 \n.\nFrom me" });
    const inPath = join(pki.dir, "canon.eml");
    writeFileSync(inPath, entity);
    const smime = openssl(["cms", "-sign", "-in", inPath, "-signer", alice.certPath, "-inkey", alice.keyPath]);
    const parsed = parseMime(new Uint8Array(smime));
    assert.deepEqual(parsed.parts[0].raw, entity);
    const msgPath = join(pki.dir, "canon-signed.eml");
    writeFileSync(msgPath, smime);
    openssl(["smime", "-verify", "-in", msgPath, "-CAfile", pki.caCertPath, "-out", join(pki.dir, "canon.out")]);
  });
});

describe("encrypted round trip through OpenSSL", () => {
  it("entity (hp=cipher) -> openssl cms -encrypt -> our message -> openssl decrypt -> parse: protected headers and attachments back", () => {
    const entity = buildDraftEntity(draft);
    const entityPath = join(pki.dir, "plain-entity.eml");
    writeFileSync(entityPath, entity);
    const der = openssl(["cms", "-encrypt", "-binary", "-aes-256-cbc", "-outform", "DER", "-in", entityPath, "-recip", alice.certPath, "-keyopt", "rsa_padding_mode:oaep"]);
    const message = buildMessage({ ...draft, subject: OBSCURED_SUBJECT }, buildPkcs7MimeEntity(new Uint8Array(der), "enveloped-data"));
    const outer = parseMime(message);
    assert.equal(outer.header("subject"), "[...]");
    const msgPath = join(pki.dir, "encrypted.eml");
    writeFileSync(msgPath, message);
    const decrypted = new Uint8Array(openssl(["cms", "-decrypt", "-binary", "-in", msgPath, "-recip", alice.certPath, "-inkey", alice.keyPath]));
    assert.deepEqual(decrypted, entity);
    const inner = parseMime(decrypted);
    assert.equal(inner.contentType.params.hp, "cipher");
    assert.equal(decodeHeaderWords(inner.header("subject")!), draft.subject);
    assert.ok(inner.headerAll("hp-outer").includes("Subject: [...]"));
    const [body, pdf, txt] = inner.parts;
    assert.equal(removeLegacyDisplay(body.parts[0].text(), false), "Guten Tag,\r\n\r\nanbei der Befund. Grüße\r\n\r\nFrom here on");
    assert.equal(pdf.filename, "Befund Müller.pdf");
    assert.deepEqual(pdf.body(), draft.attachments[0].content);
    assert.deepEqual(txt.body(), draft.attachments[1].content);
  });
});

describe("parsing OpenSSL's multipart/signed", () => {
  it("the first part's raw bytes are exactly what OpenSSL signed", () => {
    // bare-LF input: OpenSSL canonicalizes it to CRLF (no -binary) before signing and in its output
    const content = "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\nHello =C3=A4\n-- \nsignature line\n\n";
    const inPath = join(pki.dir, "in.txt");
    writeFileSync(inPath, content);
    const smime = openssl(["cms", "-sign", "-in", inPath, "-signer", alice.certPath, "-inkey", alice.keyPath, "-md", "sha256"]);
    const parsed = parseMime(new Uint8Array(smime));
    assert.equal(parsed.contentType.mediaType, "multipart/signed");
    assert.equal(parsed.parts.length, 2);
    const first = parsed.parts[0];
    // QP: the literal trailing space after "--" is transport padding and is removed (RFC 2045 §6.7 (3))
    assert.equal(first.text(), "Hello ä\r\n--\r\nsignature line\r\n\r\n");
    const rawPath = join(pki.dir, "raw.bin");
    const sigPath = join(pki.dir, "sig.der");
    writeFileSync(rawPath, first.raw);
    writeFileSync(sigPath, parsed.parts[1].body());
    openssl(["cms", "-verify", "-binary", "-inform", "DER", "-in", sigPath, "-content", rawPath, "-CAfile", pki.caCertPath, "-out", join(pki.dir, "v.out")]);
    // one byte more or less (e.g. the CRLF before the delimiter) must fail
    writeFileSync(rawPath, new Uint8Array([...first.raw, 0x0d, 0x0a]));
    assert.throws(() => openssl(["cms", "-verify", "-binary", "-inform", "DER", "-in", sigPath, "-content", rawPath, "-CAfile", pki.caCertPath, "-out", join(pki.dir, "v2.out")]));
  });

  it("parses OpenSSL's opaque and enveloped output and our pkcs7-mime entity round-trips the DER", () => {
    const inPath = join(pki.dir, "in2.txt");
    writeFileSync(inPath, "Content-Type: text/plain\r\n\r\nsecret\r\n");
    const enveloped = openssl(["cms", "-encrypt", "-aes-256-cbc", "-in", inPath, alice.certPath]);
    const parsed = parseMime(new Uint8Array(enveloped));
    assert.equal(parsed.contentType.mediaType, "application/pkcs7-mime");
    assert.equal(parsed.contentType.params["smime-type"], "enveloped-data");
    const der = parsed.body();
    const ours = buildMessage(
      { from: { address: "alice@example.org" }, to: [{ address: "alice@example.org" }], cc: [], subject: "[...]" },
      buildPkcs7MimeEntity(der, "enveloped-data"),
    );
    const msgPath = join(pki.dir, "enc.eml");
    writeFileSync(msgPath, ours);
    const plain = openssl(["smime", "-decrypt", "-in", msgPath, "-recip", alice.certPath, "-inkey", alice.keyPath]);
    assert.equal(plain.toString("latin1"), "Content-Type: text/plain\r\n\r\nsecret\r\n");
    const reparsed = parseMime(ours);
    assert.equal(reparsed.filename, "smime.p7m");
    assert.deepEqual(reparsed.body(), der);
  });
});
