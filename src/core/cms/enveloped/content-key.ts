/**
 * Finding the content key: the recipient entries that match the keys' certificates, each tried in turn (RSA key
 * transport with PKCS#1 v1.5 implicit rejection or OAEP, ECDH key agreement), until one opens the content.
 * Shared by openEnvelope (content in memory) and the two-pass opening of a file (./two-pass.ts).
 */
import { bytesEqual, wipe } from "../../bytes";
import type { CoreConfig } from "../../config";
import { SpmError, isSpmError } from "../../errors";
import type { KeyPair } from "../../types";
import {
  aesKeyUnwrap,
  ecdhStatic,
  oaepDecrypt,
  parseRsaPrivateKeyPkcs8,
  pkcs1DecryptImplicitRejection,
  type RsaPrivateKey,
} from "../../crypto";
import { KEY_WRAPS } from "./algorithms";
import { readCertificate, type CertificateInfo } from "./certificate-info";
import { deriveKek } from "./kari-kdf";
import type { RecipientEntry } from "./recipient-info";

const decryptionFailed = () => new SpmError("DECRYPTION_FAILED", "Decryption failed");

function matches(entry: RecipientEntry, cert: CertificateInfo): boolean {
  if (entry.kind !== "ktri" && entry.kind !== "kari") return false;
  const rid = entry.rid;
  if (rid.type === "ski") return cert.subjectKeyIdentifier !== undefined && bytesEqual(rid.ski, cert.subjectKeyIdentifier);
  return bytesEqual(rid.issuerDer, cert.issuerDer) && bytesEqual(normalizeSerial(rid.serial), normalizeSerial(cert.serial));
}

/** Serial numbers compare as integers: ignore redundant leading zero bytes (some encoders emit them). */
function normalizeSerial(serial: Uint8Array): Uint8Array {
  let i = 0;
  while (i < serial.length - 1 && serial[i] === 0 && (serial[i + 1] & 0x80) === 0) i++;
  return serial.subarray(i);
}

async function recoverContentKey(entry: RecipientEntry, key: KeyPair, cert: CertificateInfo, keyLength: number): Promise<Uint8Array> {
  if (cert.keyType === "unsupported") throw new SpmError("UNSUPPORTED_ALGORITHM", `The matching certificate has ${cert.unsupportedReason}`);
  if (entry.kind === "ktri") {
    const t = entry.transport;
    if (t.type === "unsupported") throw new SpmError("UNSUPPORTED_ALGORITHM", `Unsupported ${t.reason}`);
    if (cert.keyType !== "rsa") throw decryptionFailed();
    let privateKey: RsaPrivateKey;
    try {
      privateKey = parseRsaPrivateKeyPkcs8(key.privateKey);
    } catch (e) {
      throw new SpmError("INVALID_ARGUMENT", "The private key is not a usable RSA key", { cause: e });
    }
    if (t.type === "rsa-pkcs1") return pkcs1DecryptImplicitRejection(privateKey, entry.encryptedKey, keyLength);
    const cek = await oaepDecrypt(privateKey, entry.encryptedKey, { hash: t.hash, mgf1Hash: t.mgf1Hash, label: t.label });
    if (cek.length !== keyLength) throw decryptionFailed();
    return cek;
  }
  if (entry.kind === "kari") {
    const a = entry.agreement;
    if (a.type === "unsupported") throw new SpmError("UNSUPPORTED_ALGORITHM", `Unsupported ${a.reason}`);
    if (cert.keyType !== "ec" || !cert.curve) throw decryptionFailed();
    const z = await ecdhStatic(key.privateKey, cert.curve, a.originatorPoint);
    const kekLength = KEY_WRAPS[a.wrapOid].keyLength;
    const kek = await deriveKek(a.kdfHash, z, a.wrapAlgorithmDer, kekLength, a.ukm);
    wipe(z);
    try {
      const cek = await aesKeyUnwrap(kek, entry.encryptedKey);
      if (cek.length !== keyLength) throw decryptionFailed();
      return cek;
    } finally {
      wipe(kek);
    }
  }
  throw new SpmError("UNSUPPORTED_ALGORITHM", `Recipient type ${entry.kind} is not supported`);
}


export interface KeyedResult<T> {
  value: T;
  keyIndex: number;
  entry: RecipientEntry;
}

/**
 * Try every recipient entry that matches one of `keys` (at most config.maxMatchingRecipients) until `use` succeeds
 * with its content key: `use` gets the key (wiped afterwards: copy what you keep) and whether it is the only
 * candidate. A wrong key (implicit rejection) shows only when `use` fails. NOT_FOR_ME when no entry matches;
 * DECRYPTION_FAILED preferred over UNSUPPORTED_ALGORITHM when every try fails.
 */
export async function withContentKey<T>(
  parsed: { recipients: RecipientEntry[] },
  keys: KeyPair[],
  config: CoreConfig,
  keyLength: number,
  use: (cek: Uint8Array, single: boolean) => Promise<T>,
): Promise<KeyedResult<T>> {
  const certs = keys.map((k, i) => readCertificate(k.certificate, `certificate of key ${i + 1}`));
  const candidates: { keyIndex: number; entry: RecipientEntry }[] = [];
  keys.forEach((_, keyIndex) => {
    for (const entry of parsed.recipients) if (matches(entry, certs[keyIndex])) candidates.push({ keyIndex, entry });
  });
  if (candidates.length === 0) {
    throw new SpmError("NOT_FOR_ME", "None of your keys can open this message: it was encrypted for other recipients", {
      details: { recipients: parsed.recipients.map((r) => r.summary) },
    });
  }
  // A real message has one entry per recipient key. A crafted one could repeat an entry for our key many
  // times, each costing an RSA operation and a content decryption: cap the attempts.
  if (candidates.length > config.maxMatchingRecipients) {
    throw new SpmError("LIMIT_EXCEEDED", `The message has ${candidates.length} recipient entries for your keys (at most ${config.maxMatchingRecipients} are tried)`, {
      details: { entries: candidates.length, limit: config.maxMatchingRecipients },
    });
  }
  let lastError: SpmError | undefined;
  for (const { keyIndex, entry } of candidates) {
    let cek: Uint8Array | undefined;
    try {
      cek = await recoverContentKey(entry, keys[keyIndex], certs[keyIndex], keyLength);
      return { value: await use(cek, candidates.length === 1), keyIndex, entry };
    } catch (e) {
      if (!isSpmError(e)) {
        lastError = new SpmError("DECRYPTION_FAILED", "Decryption failed", { cause: e });
      } else if (e.code === "MALFORMED" || e.code === "INVALID_ARGUMENT") {
        throw e;
      } else if (!lastError || e.code === "DECRYPTION_FAILED") {
        // Prefer DECRYPTION_FAILED over UNSUPPORTED_ALGORITHM when both happened.
        lastError = e.code === "DECRYPTION_FAILED" ? decryptionFailed() : e;
      }
    } finally {
      wipe(cek);
    }
  }
  throw lastError ?? decryptionFailed();
}
