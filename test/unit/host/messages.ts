/**
 * S/MIME messages made by the real OpenSSL, for read-mode tests: committed ones (`loadTestMessages`, unit
 * tests: test/fixtures/cms/read, made by scripts/gen-test-pki.mjs) and fresh ones with their own PKI
 * (`makeTestMessages`, for the e2e simulator test, which issues more certificates from the same CA).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { latin1Decode } from "../../../src/core/bytes";
import { cmsVector, loadPki } from "../../helpers/fixtures";
import { createTestPki, openssl, type TestPki } from "../../helpers/openssl";
import { multipart, p7mPart, textPart } from "../../helpers/mime-build";

/** The committed messages: Alice (alice@clinic.example) to Bob (bob@lab.example, P-256 "bob-lab" of the basic PKI). */
export interface CommittedMessages {
  caCertPath: string;
  /** `openssl cms -encrypt` S/MIME output (application/pkcs7-mime) and the DER of its CMS. */
  encryptedEml: string;
  encryptedDer: Uint8Array;
  /** `openssl cms -sign` (detached, multipart/signed). */
  signedEml: string;
  /** Our own format: multipart/mixed with a notice and a smime.p7m attachment. */
  ownEml: string;
}

export function loadTestMessages(): CommittedMessages {
  const encryptedDer = cmsVector("read/encrypted.der");
  return {
    caCertPath: loadPki("basic").caCertPath,
    encryptedEml: latin1Decode(cmsVector("read/encrypted.eml")),
    encryptedDer,
    signedEml: latin1Decode(cmsVector("read/signed.eml")),
    ownEml: ownMessage(encryptedDer),
  };
}

/** The same messages made in the run, with the PKI that made them (its CA can issue more certificates). */
export interface TestMessages extends Omit<CommittedMessages, "caCertPath"> {
  pki: TestPki;
  cleanup(): void;
}

export function makeTestMessages(): TestMessages {
  const pki = createTestPki();
  const bob = pki.issue("Bob", "bob@lab.example", { keyType: "p256" });
  const content = join(pki.dir, "content.txt");
  writeFileSync(content, "Content-Type: text/plain\r\n\r\nPatient 4711: results attached.\r\n");
  const headers = ["-from", "alice@clinic.example", "-to", "bob@lab.example", "-subject", "Results"];
  const encryptedEml = openssl(["cms", "-encrypt", "-in", content, "-aes-256-cbc", ...headers, bob.certPath]).toString("latin1");
  // The DER of *this* message: convert the S/MIME output instead of encrypting twice (fresh randomness).
  const der = openssl(["cms", "-cmsout", "-inform", "SMIME", "-outform", "DER"], { input: encryptedEml });
  const signedEml = openssl(["cms", "-sign", "-in", content, "-signer", bob.certPath, "-inkey", bob.keyPath, ...headers]).toString("latin1");
  return { pki, encryptedEml, encryptedDer: new Uint8Array(der), signedEml, ownEml: ownMessage(der), cleanup: () => pki.cleanup() };
}

/** Our own format around a CMS DER: multipart/mixed with an HTML notice and a smime.p7m attachment. */
function ownMessage(der: Uint8Array): string {
  const boundary = "----=_spm_0001";
  return multipart(boundary, [
    textPart("<p>This message is encrypted.</p>", "text/html; charset=utf-8"),
    p7mPart(der),
  ], { headers: ["From: Dr. Alice <alice@clinic.example>", "To: Bob <bob@lab.example>", "Subject: Results", "Message-ID: <own-1@clinic.example>", "MIME-Version: 1.0"] });
}
