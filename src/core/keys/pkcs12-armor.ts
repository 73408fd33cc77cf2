/** PKCS#12 files in PEM armour, as gpgsm and some tool chains write them. */
import { latin1Decode, pemDecodeAll } from "../bytes";
import { SpmError } from "../errors";

/**
 * The DER of a PKCS#12 file, also from PEM armour: gpgsm (`--armor --export-secret-key-p12`) and some tool
 * chains write "-----BEGIN PKCS12-----", gpgsm with a few lines of text about the key before it. Exactly one
 * such block; any other PEM (a key, a certificate) is not a PKCS#12 file. DER input is returned as it is.
 */
export function unarmorPkcs12(bytes: Uint8Array, maxDerBytes: number): Uint8Array {
  let start = 0;
  while (start < bytes.length && (bytes[start] === 0x20 || bytes[start] === 0x09 || bytes[start] === 0x0d || bytes[start] === 0x0a)) start++;
  if (bytes[start] === 0x30) return bytes;
  // Base64 is 4/3 of the DER, plus line breaks and gpgsm's preamble.
  if (bytes.length > maxDerBytes * 2) {
    throw new SpmError("LIMIT_EXCEEDED", "The PKCS#12 file is too large", { details: { limit: "maxPkcs12Bytes", max: maxDerBytes } });
  }
  const text = latin1Decode(bytes);
  if (!text.includes("-----BEGIN ")) return bytes; // neither DER nor PEM: the DER parser says what is wrong
  const blocks = pemDecodeAll(text, "PKCS12");
  if (blocks.length !== 1) {
    throw new SpmError("MALFORMED", blocks.length === 0 ? "The PEM file holds no PKCS12 block" : "The PEM file holds several PKCS12 blocks", {
      details: { reason: blocks.length === 0 ? "no-pkcs12-block" : "several-pkcs12-blocks" },
    });
  }
  return blocks[0].der;
}
