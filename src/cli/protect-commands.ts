/** `spm encrypt` and `spm sign`. */
import { type EnvelopeRecipient, envelopeParts } from "../core/cms/enveloped";
import { Base64LineEncoder, concatBytes } from "../core/bytes";
import { SpmError } from "../core/errors";
import { pkcs7MimeHeader } from "../core/mime/build";
import { chooseCipher, chooseKeyTransport, CONTENT_CIPHERS, isGcm } from "../core/smime/algorithms";
import { messageHeader, protectedEntityParts } from "../core/smime/entity";
import { protectEntity, signEntityParts } from "../core/smime/protect";
import type { ContentCipher, RsaKeyTransport } from "../core/types";
import { many, oneInput, single, type ParsedArgs } from "./args";
import { loadCertificateFiles, loadIdentities } from "./credentials";
import { readInput, writeOutput } from "./io";

function parseCipher(value: string | undefined): ContentCipher | undefined {
  if (value === undefined) return undefined;
  if (!(CONTENT_CIPHERS as string[]).includes(value)) {
    throw new SpmError("INVALID_ARGUMENT", `unknown --cipher ${value} (use ${CONTENT_CIPHERS.join(", ")})`);
  }
  return value as ContentCipher;
}

function parseKeyTransport(value: string | undefined): RsaKeyTransport | undefined {
  if (value === undefined) return undefined;
  if (value !== "oaep" && value !== "pkcs1") throw new SpmError("INVALID_ARGUMENT", `unknown --key-transport ${value} (use oaep or pkcs1)`);
  return value;
}

function parseDigest(value: string | undefined): "SHA-256" | "SHA-384" | "SHA-512" | undefined {
  if (value === undefined) return undefined;
  const map: Record<string, "SHA-256" | "SHA-384" | "SHA-512"> = { sha256: "SHA-256", sha384: "SHA-384", sha512: "SHA-512" };
  const d = map[value.toLowerCase().replace("-", "")];
  if (!d) throw new SpmError("INVALID_ARGUMENT", `unknown --digest ${value} (use sha256, sha384 or sha512)`);
  return d;
}

export async function encryptCommand(args: ParsedArgs): Promise<number> {
  const toPaths = many(args, "to");
  if (toPaths.length === 0) throw new SpmError("INVALID_ARGUMENT", "encrypt needs at least one --to CERT.pem");
  // Nothing is known of a recipient given as a file: PKCS#1 v1.5 unless asked (see chooseKeyTransport).
  const keyTransport = chooseKeyTransport(undefined, parseKeyTransport(single(args, "key-transport")));
  const useSki = args.flags.has("subject-key-id");
  const recipients: EnvelopeRecipient[] = loadCertificateFiles(toPaths).map((certificate) => ({
    certificate,
    keyTransport,
    useSubjectKeyIdentifier: useSki,
  }));
  const identities = await loadIdentities(args, false);
  const signer = identities[0];
  const cipher = parseCipher(single(args, "cipher")) ?? chooseCipher(recipients.map(() => ({}))).cipher;
  const { messageFields, parts } = protectedEntityParts(readInput(oneInput(args)), "cipher");
  const header = messageHeader(messageFields, { obscureSubject: !args.flags.has("keep-subject") });
  if (!signer || args.flags.has("no-sign")) {
    const all = signer ? [...recipients, { certificate: signer.certificate, keyTransport: single(args, "key-transport") ? keyTransport : "oaep" }] : recipients;
    await writeEnvelope(header, parts, all, cipher);
    return 0;
  }
  const result = await protectEntity({
    entity: concatBytes(...parts),
    signer,
    recipients,
    // Our own reader opens OAEP; the sender's copy uses it unless a transport was asked for explicitly.
    senderKeyTransport: single(args, "key-transport") ? keyTransport : "oaep",
    cipher,
  });
  // Header and entity written one after the other: no second copy of a large message.
  writeOutput(header);
  writeOutput(result.entity);
  return 0;
}

/**
 * Encrypt-only output, streamed: the message header, the application/pkcs7-mime header, then the EnvelopedData
 * as base64 lines written slice by slice while it is encrypted. Neither the entity, the DER nor its base64 form
 * is ever held whole (25 MB: peak memory 344 -> ~100 MiB). Same bytes as protectEntity + buildPkcs7MimeEntity.
 */
async function writeEnvelope(header: Uint8Array, parts: Uint8Array[], recipients: EnvelopeRecipient[], cipher: ContentCipher): Promise<void> {
  const cms = await envelopeParts(parts, recipients, { cipher });
  writeOutput(concatBytes(header, pkcs7MimeHeader(isGcm(cipher) ? "authEnveloped-data" : "enveloped-data")));
  const base64 = new Base64LineEncoder({ reuseOutput: true });
  writeOutput(base64.push(cms.prefix));
  for await (const chunk of cms.chunks) writeOutput(base64.push(chunk));
  writeOutput(base64.push(cms.suffix));
  writeOutput(base64.end());
}

export async function signCommand(args: ParsedArgs): Promise<number> {
  const [signer] = await loadIdentities(args, true);
  const rsaScheme = single(args, "rsa-scheme");
  if (rsaScheme !== undefined && rsaScheme !== "pkcs1" && rsaScheme !== "pss") {
    throw new SpmError("INVALID_ARGUMENT", `unknown --rsa-scheme ${rsaScheme} (use pkcs1 or pss)`);
  }
  const { messageFields, parts } = protectedEntityParts(readInput(oneInput(args)), "clear");
  // Written in pieces: the clear-signed entity holds the signed part as it is, not a copy of it.
  const signed = await signEntityParts(concatBytes(...parts), signer, {
    opaque: args.flags.has("opaque"),
    digest: parseDigest(single(args, "digest")),
    rsaScheme: rsaScheme,
  });
  writeOutput(messageHeader(messageFields));
  for (const part of signed.parts) writeOutput(part);
  return 0;
}

