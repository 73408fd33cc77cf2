/**
 * Issue 13 #1: a signature OUTSIDE the encryption is not integrity of the plaintext (EFAIL CBC gadgets; Davis,
 * "Defective Sign & Encrypt"). Mallory flips bits in the IV of Alice's unsigned AES-CBC message to Bob, which
 * changes the first plaintext block, and wraps the changed ciphertext in her own valid multipart/signed.
 * Before: `integrity: "signature"`, signature valid, signer Mallory, no "not integrity protected" warning.
 * Now: the outer signature is reported as covering the ciphertext only, never as the author of the text.
 *
 * Alice's ciphertext is OpenSSL's (`openssl cms -encrypt -aes256`, committed under test/fixtures/cms). Mallory's
 * outer signature is made by our own signer: any valid multipart/signed will do for the rule tested here, and
 * OpenSSL's multipart/signed framing is tested against the binary in test/interop/mime/openssl-peer.test.ts.
 */
import { afterAll, beforeAll, describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { concatBytes, latin1Decode, latin1Encode, toBase64Lines } from "../../../src/core/bytes";
import { openMessage, protectEntity } from "../../../src/core/smime";
import { buildCli, runCli } from "../../helpers/cli";
import { asIdentity as id, cmsVector, loadPki } from "../../helpers/fixtures";
import { removeDir, tempDir } from "../../helpers/openssl";

const pki = loadPki("basic");
const [alice, bob, mallory] = ["alice", "bob", "mallory"].map((n) => pki.identity(n));
let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => removeDir(dir));

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

/** Alice's unsigned message to Bob (OpenSSL, of ORIGINAL), with the IV changed so that "Pay 100" decrypts as "Pay 900". */
function gadgetCiphertext(): Uint8Array {
  const der = cmsVector("outer-signature/alice-to-bob-aes256cbc.der");
  const at = ivOffset(der) + ORIGINAL.indexOf("100"); // byte 13 of the first block
  der[at] ^= "1".charCodeAt(0) ^ "9".charCodeAt(0);
  return der;
}

/** Mallory signs the pkcs7-mime entity that carries the changed ciphertext (multipart/signed). */
async function wrapInMallorysSignature(der: Uint8Array, extraOuterHeader = ""): Promise<Uint8Array> {
  const entity = concatBytes(
    latin1Encode('Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"\r\nContent-Transfer-Encoding: base64\r\n\r\n'),
    latin1Encode(toBase64Lines(der)),
  );
  const signed = await protectEntity({ entity, signer: id(mallory) });
  return concatBytes(latin1Encode(`From: mallory@example.org\r\nTo: bob@example.org\r\n${extraOuterHeader}MIME-Version: 1.0\r\n`), signed.entity);
}

describe("outer signature only (EFAIL CBC gadget under an attacker's signature)", () => {
  test("the changed text is not credited to the outer signer and is reported as not integrity protected", async () => {
    const message = await wrapInMallorysSignature(gadgetCiphertext());
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
    const outer = concatBytes(
      latin1Encode("From: alice@example.org\r\nMIME-Version: 1.0\r\n"),
      (await protectEntity({ entity: inner.entity, signer: id(mallory) })).entity,
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
    const path = join(dir, "gadget.eml");
    writeFileSync(path, await wrapInMallorysSignature(gadgetCiphertext()));
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
