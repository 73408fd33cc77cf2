/**
 * Issue 13 #1: a signature OUTSIDE the encryption is not integrity of the plaintext (EFAIL CBC gadgets; Davis,
 * "Defective Sign & Encrypt"). Mallory flips bits in the IV of Alice's unsigned AES-CBC message to Bob, which
 * changes the first plaintext block, and wraps the changed ciphertext in her own valid multipart/signed.
 * Before: `integrity: "signature"`, signature valid, signer Mallory, no "not integrity protected" warning.
 * Now: the outer signature is reported as covering the ciphertext only, never as the author of the text.
 */
import { afterAll, beforeAll, describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { concatBytes, latin1Decode, latin1Encode, toBase64Lines } from "../../../src/core/bytes";
import { openMessage, protectEntity } from "../../../src/core/smime";
import type { Identity } from "../../../src/core/types";
import { buildCli, runCli } from "../../helpers/cli";
import { createTestPki, openssl, type TestIdentity, type TestPki } from "../../helpers/openssl";

let pki: TestPki;
let alice: TestIdentity;
let bob: TestIdentity;
let mallory: TestIdentity;
const id = (t: TestIdentity): Identity => ({ certificate: t.certDer, privateKey: t.keyPkcs8, chain: [] });

beforeAll(() => {
  pki = createTestPki();
  alice = pki.issue("alice", "alice@example.org");
  bob = pki.issue("bob", "bob@example.org");
  mallory = pki.issue("mallory", "mallory@example.org");
});
afterAll(() => pki.cleanup());

const ORIGINAL = "Subject: Pay 100 EUR to account 1234\r\nContent-Type: text/plain\r\n\r\nPlease pay the invoice.\r\n";
/** id-aes256-CBC followed by its OCTET STRING IV of 16 bytes. */
const AES256_CBC_IV = [0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x2a, 0x04, 0x10];

function ivOffset(der: Uint8Array): number {
  outer: for (let i = 0; i + AES256_CBC_IV.length + 16 <= der.length; i++) {
    for (let j = 0; j < AES256_CBC_IV.length; j++) if (der[i + j] !== AES256_CBC_IV[j]) continue outer;
    return i + AES256_CBC_IV.length;
  }
  throw new Error("no AES-256-CBC IV found");
}

/** Alice's unsigned message to Bob (OpenSSL), with the IV changed so that "Pay 100" decrypts as "Pay 900". */
function gadgetCiphertext(): Uint8Array {
  const dir = pki.dir;
  writeFileSync(join(dir, "alice-plain.eml"), ORIGINAL);
  const der = new Uint8Array(openssl(["cms", "-encrypt", "-binary", "-aes256", "-outform", "DER", "-in", join(dir, "alice-plain.eml"), bob.certPath]));
  const at = ivOffset(der) + ORIGINAL.indexOf("100"); // byte 13 of the first block
  der[at] ^= "1".charCodeAt(0) ^ "9".charCodeAt(0);
  return der;
}

/** Mallory signs the pkcs7-mime entity that carries the changed ciphertext (OpenSSL multipart/signed). */
function wrapInMallorysSignature(der: Uint8Array, extraOuterHeader = ""): Uint8Array {
  const entity = concatBytes(
    latin1Encode('Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"\r\nContent-Transfer-Encoding: base64\r\n\r\n'),
    latin1Encode(toBase64Lines(der)),
  );
  writeFileSync(join(pki.dir, "wrapped.eml"), entity);
  const signed = openssl(["cms", "-sign", "-binary", "-in", join(pki.dir, "wrapped.eml"), "-signer", mallory.certPath, "-inkey", mallory.keyPath]);
  return concatBytes(latin1Encode(`From: mallory@example.org\r\nTo: bob@example.org\r\n${extraOuterHeader}`), signed);
}

describe("outer signature only (EFAIL CBC gadget under an attacker's signature)", () => {
  test("the changed text is not credited to the outer signer and is reported as not integrity protected", async () => {
    const message = wrapInMallorysSignature(gadgetCiphertext());
    const report = await openMessage(message, { keys: [id(bob)], anchors: [pki.caCertDer] });

    // The gadget worked: the text was changed without the key, and nothing inside could notice.
    assert.match(latin1Decode(report.content), /Pay 900 EUR/);
    assert.equal(report.encryption, "aes-256-cbc");
    assert.equal(report.integrity, "none");
    assert.equal(report.signature, "unsigned", "no signature covers the decrypted text");
    assert.equal(report.signer, undefined, "the outer signer is never the signer of the content");
    assert.equal(report.signerCertificate, undefined, "nothing to collect into the address book");
    assert.deepEqual(
      report.findings.map((f) => f.code).filter((c) => c === "not-integrity-protected" || c === "outer-signature-only").sort(),
      ["not-integrity-protected", "outer-signature-only"],
    );
    // What the outer signature is, stated explicitly: Mallory's valid signature over the ciphertext.
    assert.equal(report.outerSignature?.covers, "ciphertext");
    assert.equal(report.outerSignature?.signature, "valid");
    assert.equal(report.outerSignature?.signer?.email, "mallory@example.org");
    assert.equal(report.layers[0].type, "multipart-signed");
    assert.equal(report.layers[0].covers, "ciphertext");
    assert.equal(report.layers[1].type, "enveloped-data");
  });

  test("sign-then-encrypt with an extra outer signature (triple wrap): the inner signer speaks for the text", async () => {
    const inner = await protectEntity({
      entity: latin1Encode("From: alice@example.org\r\nContent-Type: text/plain\r\n\r\nsigned by Alice\r\n"),
      signer: id(alice),
      recipients: [{ certificate: bob.certDer }],
    });
    writeFileSync(join(pki.dir, "triple.eml"), inner.entity);
    const outer = concatBytes(
      latin1Encode("From: alice@example.org\r\n"),
      openssl(["cms", "-sign", "-binary", "-in", join(pki.dir, "triple.eml"), "-signer", mallory.certPath, "-inkey", mallory.keyPath]),
    );
    const report = await openMessage(outer, { keys: [id(bob)], anchors: [pki.caCertDer] });
    assert.equal(report.signer?.email, "alice@example.org");
    assert.equal(report.integrity, "signature");
    assert.equal(report.signature, "valid");
    assert.equal(report.outerSignature?.signer?.email, "mallory@example.org");
    assert.equal(report.outerSignature?.signature, "signer-mismatch", "the outer signature is still judged, against the From");
    assert.ok(!report.findings.some((f) => f.code === "outer-signature-only"));
    assert.deepEqual(report.layers.map((l) => l.covers ?? null), ["ciphertext", null, "content"]);
  });

  test("spm open reports the same: no signer, no integrity, the outer signature apart", async () => {
    const cli = await buildCli();
    const path = join(pki.dir, "gadget.eml");
    writeFileSync(path, wrapInMallorysSignature(gadgetCiphertext()));
    const r = runCli(cli, ["open", "--key", bob.keyPath, "--cert", bob.certPath, "--trust", pki.caCertPath, "--no-system-trust", "--offline", path]);
    assert.equal(r.status, 0, r.stderr); // unsigned content that opened
    const report = JSON.parse(r.stdout.toString()) as Record<string, unknown>;
    assert.equal(report.integrity, "none");
    assert.equal(report.signature, "unsigned");
    assert.equal(report.signer, null);
    assert.deepEqual((report.outerSignature as { covers: string; signer: { email: string } }).covers, "ciphertext");
    assert.equal((report.outerSignature as { signer: { email: string } }).signer.email, "mallory@example.org");
    assert.ok((report.findings as { code: string }[]).some((f) => f.code === "outer-signature-only"));
  });
});
