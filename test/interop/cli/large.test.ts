/**
 * Large messages through the CLI's streaming paths (files over 1 MiB are read in pieces, never whole), checked
 * against OpenSSL and against the CLI's whole-input path (the same message on standard input):
 * - encrypt: a canonical body streamed, a body that needs re-encoding falls back and is still canonical;
 * - sign: clear-signed as read, OpenSSL and spm verify it, same entity as the whole path;
 * - decrypt: OpenSSL's S/MIME output (plain and -stream) and an Outlook-shaped message, byte-exact; damaged base64
 *   in the middle of a large body is exit 2 with nothing written.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "@jest/globals";
import { buildCli, runCli } from "../../helpers/cli";
import { createTestPki, openssl, type TestIdentity, type TestPki } from "../../helpers/openssl";

let pki: TestPki;
let alice: TestIdentity;
let bob: TestIdentity;
let cli: string;

/** A 3 MB message with a base64 attachment (7-bit canonical), or with bare LF line ends when `bareLf`. */
function message(bareLf = false): Buffer {
  const eol = bareLf ? "\n" : "\r\n";
  const attachment = randomBytes(2_300_000).toString("base64").replace(/.{76}/g, `$&${eol}`);
  return Buffer.from(
    [
      "From: Alice <alice@example.org>",
      "To: Bob <bob@example.org>",
      "Subject: Befund 4711",
      "MIME-Version: 1.0",
      'Content-Type: multipart/mixed; boundary="b1"',
      "",
      "--b1",
      "Content-Type: application/octet-stream; name=\"scan.bin\"",
      "Content-Transfer-Encoding: base64",
      "",
      attachment,
      "--b1--",
      "",
    ].join(eol),
    "latin1",
  );
}

const at = (name: string) => join(pki.dir, name);
const decryptWithOpenssl = (path: string, id: TestIdentity) => openssl(["cms", "-decrypt", "-in", path, "-inkey", id.keyPath, "-recip", id.certPath]);

beforeAll(async () => {
  pki = createTestPki();
  alice = pki.issue("alice", "alice@example.org");
  bob = pki.issue("bob", "bob@example.org");
  cli = await buildCli();
}, 60_000);
afterAll(() => pki.cleanup());

describe("large messages, read in pieces", () => {
  it("encrypt: the streamed file and the same message on standard input decrypt to the same entity", () => {
    const input = message();
    writeFileSync(at("m.eml"), input);
    const fromFile = runCli(cli, ["encrypt", "--to", bob.certPath, at("m.eml")]);
    const fromStdin = runCli(cli, ["encrypt", "--to", bob.certPath, "-"], input);
    assert.equal(fromFile.status, 0, fromFile.stderr);
    assert.equal(fromStdin.status, 0, fromStdin.stderr);
    writeFileSync(at("e1.eml"), fromFile.stdout);
    writeFileSync(at("e2.eml"), fromStdin.stdout);
    const entity = decryptWithOpenssl(at("e1.eml"), bob);
    assert.deepEqual(entity, decryptWithOpenssl(at("e2.eml"), bob));
    // The attachment travels as it was, after the protected header section.
    assert.ok(entity.includes(input.subarray(input.indexOf("--b1"))));
  });

  it("encrypt: a body with bare LF is re-encoded as before (canonical CRLF), not streamed as it is", () => {
    writeFileSync(at("lf.eml"), message(true));
    const r = runCli(cli, ["encrypt", "--to", bob.certPath, at("lf.eml")]);
    assert.equal(r.status, 0, r.stderr);
    writeFileSync(at("lf-enc.eml"), r.stdout);
    const entity = decryptWithOpenssl(at("lf-enc.eml"), bob).toString("latin1");
    assert.equal(/[^\r]\n/.test(entity), false);
    assert.ok(entity.length > 3_000_000);
  });

  it("sign: OpenSSL and spm verify the streamed signature; the signed entity is the whole path's", () => {
    const input = message();
    writeFileSync(at("s.eml"), input);
    const signed = runCli(cli, ["sign", "--key", alice.keyPath, "--cert", alice.certPath, at("s.eml")]);
    assert.equal(signed.status, 0, signed.stderr);
    writeFileSync(at("signed.eml"), signed.stdout);
    const content = openssl(["cms", "-verify", "-in", at("signed.eml"), "-CAfile", pki.caCertPath]);
    const whole = runCli(cli, ["sign", "--key", alice.keyPath, "--cert", alice.certPath, "-"], input);
    writeFileSync(at("signed-whole.eml"), whole.stdout);
    assert.deepEqual(content, openssl(["cms", "-verify", "-in", at("signed-whole.eml"), "-CAfile", pki.caCertPath]));
    const report = runCli(cli, ["verify", "--offline", "--no-system-trust", "--trust", pki.caCertPath, at("signed.eml")]);
    assert.equal(report.status, 0, report.stdout.toString());
    assert.equal((JSON.parse(report.stdout.toString()) as { signature: string }).signature, "valid");
  });

  it("decrypt: OpenSSL's S/MIME (plain and -stream) and an Outlook-shaped message, byte-exact", () => {
    const input = message();
    writeFileSync(at("d.eml"), input);
    openssl(["cms", "-encrypt", "-aes256", "-in", at("d.eml"), "-out", at("o.eml"), bob.certPath]);
    openssl(["cms", "-encrypt", "-aes256", "-stream", "-in", at("d.eml"), "-out", at("os.eml"), bob.certPath]);
    const der = openssl(["cms", "-encrypt", "-aes256", "-stream", "-binary", "-outform", "DER", "-in", at("d.eml"), bob.certPath]);
    const outlook = Buffer.concat([
      Buffer.from('From: Alice <alice@example.org>\r\nThread-Topic: x\r\nContent-Type: application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"\r\nContent-Transfer-Encoding: base64\r\nMIME-Version: 1.0\r\n\r\n'),
      Buffer.from(der.toString("base64").replace(/.{76}/g, "$&\r\n") + "\r\n"),
    ]);
    writeFileSync(at("ol.eml"), outlook);
    for (const name of ["o.eml", "os.eml", "ol.eml"]) {
      const r = runCli(cli, ["decrypt", "--key", bob.keyPath, "--cert", bob.certPath, at(name)]);
      assert.equal(r.status, 0, `${name}: ${r.stderr}`);
      assert.deepEqual(r.stdout, input, name);
      // The same through a pipe (length unknown: the decoded buffer grows).
      const piped = runCli(cli, ["decrypt", "--key", bob.keyPath, "--cert", bob.certPath, "-"], readFileSync(at(name)));
      assert.deepEqual(piped.stdout, input, `${name} on standard input`);
    }
  });

  it("decrypt: junk in the middle of a large base64 body is exit 2 and nothing is written", () => {
    const input = message();
    writeFileSync(at("j.eml"), input);
    openssl(["cms", "-encrypt", "-aes256", "-in", at("j.eml"), "-out", at("j-enc.eml"), bob.certPath]);
    const bytes = readFileSync(at("j-enc.eml"));
    const middle = bytes.indexOf("\n", bytes.length >> 1) + 10;
    bytes[middle] = 0x21; // "!"
    writeFileSync(at("j-bad.eml"), bytes);
    const r = runCli(cli, ["decrypt", "--key", bob.keyPath, "--cert", bob.certPath, at("j-bad.eml")]);
    assert.equal(r.status, 2);
    assert.equal(r.stdout.length, 0);
    assert.match(r.stderr, /^spm: .*base64/);
  });
});
