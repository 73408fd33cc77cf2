/** S/MIME messages made by the real OpenSSL, for read-mode tests (unit and e2e). */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createTestPki, openssl, type TestPki } from "../../helpers/openssl";

export interface TestMessages {
  pki: TestPki;
  /** `openssl cms -encrypt` S/MIME output (application/pkcs7-mime) and the DER of its CMS. */
  encryptedEml: string;
  encryptedDer: Uint8Array;
  /** `openssl cms -sign` (detached, multipart/signed). */
  signedEml: string;
  /** Our own format: multipart/mixed with a notice and a smime.p7m attachment. */
  ownEml: string;
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
  const boundary = "----=_spm_0001";
  const ownEml = [
    "From: Dr. Alice <alice@clinic.example>",
    "To: Bob <bob@lab.example>",
    "Subject: Results",
    "Message-ID: <own-1@clinic.example>",
    "MIME-Version: 1.0",
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    "Content-Type: text/html; charset=utf-8",
    "",
    "<p>This message is encrypted.</p>",
    `--${boundary}`,
    'Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"',
    "Content-Transfer-Encoding: base64",
    'Content-Disposition: attachment; filename="smime.p7m"',
    "",
    Buffer.from(der).toString("base64").replace(/.{76}/g, "$&\r\n"),
    `--${boundary}--`,
    "",
  ].join("\r\n");
  return { pki, encryptedEml, encryptedDer: new Uint8Array(der), signedEml, ownEml, cleanup: () => pki.cleanup() };
}
