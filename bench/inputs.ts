/**
 * The bench's inputs, made in the run: a plain message of the given size, and that message encrypted and signed
 * in the forms mail really arrives in.
 * - OpenSSL: `openssl cms -encrypt` S/MIME output (definite-length DER, base64 in 64-character LF lines), and the
 *   same with `-stream` (indefinite-length BER, content in 4 KiB OCTET STRING pieces).
 * - Outlook-shaped: what Outlook sends for an encrypted message: the message header fields Outlook writes
 *   (Thread-Topic, Accept-Language, X-MS-Has-Attach, ...), `application/pkcs7-mime; smime-type=enveloped-data;
 *   name="smime.p7m"`, indefinite-length BER (as Windows' CMS streaming writes it) and base64 in 76-character
 *   CRLF lines. Made from OpenSSL's streamed DER; no Outlook runs here, so the shape is what is reproduced.
 * - DER: the bare EnvelopedData (`-outform DER`), the form the older bench used.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openssl, type TestIdentity } from "../test/helpers/openssl";

export interface SizeInputs {
  /** The plain message (.eml, CRLF): header fields + one base64 attachment of about `size` bytes. */
  message: string;
  /** Its byte length. */
  messageBytes: number;
  opensslEml: string;
  opensslStreamEml: string;
  outlookEml: string;
  der: string;
  /** Clear-signed by OpenSSL (multipart/signed, detached). */
  opensslSigned: string;
}

const MIB = 1024 * 1024;
/** `openssl cms -sign` options that write the outer header fields of a mail. */
export const MAIL_FIELDS = ["-from", "alice@example.org", "-to", "bob@example.org", "-subject", "Befund (bench)"];

/** A message as a mail client sends one: header fields, a short text part and a base64 attachment. */
function plainMessage(size: number): Buffer {
  const boundary = "----=_NextPart_000_0001_01DA0000.00000000";
  const attachment = randomBytes(Math.floor((size * 3) / 4)).toString("base64").replace(/.{76}/g, "$&\r\n");
  const text = [
    "From: Alice Example <alice@example.org>",
    "To: Bob Example <bob@example.org>",
    "Subject: Befund (bench)",
    "Date: Mon, 2 Mar 2026 09:00:00 +0100",
    "Message-ID: <bench.0001@example.org>",
    "MIME-Version: 1.0",
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 7bit",
    "",
    "Please find the scan attached.",
    "",
    `--${boundary}`,
    'Content-Type: application/octet-stream; name="scan.bin"',
    'Content-Disposition: attachment; filename="scan.bin"',
    "Content-Transfer-Encoding: base64",
    "",
    attachment.replace(/\r\n$/, ""),
    `--${boundary}--`,
    "",
  ].join("\r\n");
  return Buffer.from(text, "latin1");
}

/** Outlook's header fields for an encrypted message, then the DER as base64 in 76-character CRLF lines. */
function outlookShaped(der: Buffer): Buffer {
  const header = [
    "From: Alice Example <alice@example.org>",
    "To: Bob Example <bob@example.org>",
    "Subject: Befund (bench)",
    "Thread-Topic: Befund (bench)",
    "Thread-Index: AdqAAAAAAAAAAAAAAAAAAAAAAAAAAA==",
    "Date: Mon, 2 Mar 2026 08:00:00 +0000",
    "Message-ID: <AM0PR00MB0000.eurprd00.prod.outlook.com>",
    "Accept-Language: de-DE, en-US",
    "Content-Language: de-DE",
    "X-MS-Has-Attach: yes",
    "X-MS-TNEF-Correlator:",
    'Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"',
    'Content-Disposition: attachment; filename="smime.p7m"',
    "Content-Transfer-Encoding: base64",
    "MIME-Version: 1.0",
    "",
    "",
  ].join("\r\n");
  const body = der.toString("base64").replace(/.{76}/g, "$&\r\n");
  return Buffer.concat([Buffer.from(header, "latin1"), Buffer.from(body.endsWith("\r\n") ? body : body + "\r\n", "latin1")]);
}

export function makeInputs(dir: string, alice: TestIdentity, bob: TestIdentity, sizeMiB: number): SizeInputs {
  const at = (name: string) => join(dir, `${name}-${sizeMiB}.${name.endsWith("der") ? "p7m" : "eml"}`);
  const message = at("message");
  const bytes = plainMessage(sizeMiB * MIB);
  writeFileSync(message, bytes);
  const inputs: SizeInputs = {
    message,
    messageBytes: bytes.length,
    opensslEml: at("openssl"),
    opensslStreamEml: at("openssl-stream"),
    outlookEml: at("outlook"),
    der: at("der"),
    opensslSigned: at("openssl-signed"),
  };
  openssl(["cms", "-encrypt", "-aes256", "-in", message, "-out", inputs.opensslEml, bob.certPath]);
  openssl(["cms", "-encrypt", "-aes256", "-stream", "-in", message, "-out", inputs.opensslStreamEml, bob.certPath]);
  openssl(["cms", "-encrypt", "-aes256", "-binary", "-in", message, "-outform", "DER", "-out", inputs.der, bob.certPath]);
  const streamDer = join(dir, `stream-${sizeMiB}.der`);
  openssl(["cms", "-encrypt", "-aes256", "-stream", "-binary", "-in", message, "-outform", "DER", "-out", streamDer, bob.certPath]);
  writeFileSync(inputs.outlookEml, outlookShaped(readFileSync(streamDer)));
  // -from/-to/-subject: the outer header fields a mail carries (the signer is matched against From).
  openssl(["cms", "-sign", "-in", message, "-signer", alice.certPath, "-inkey", alice.keyPath, ...MAIL_FIELDS, "-out", inputs.opensslSigned]);
  return inputs;
}
