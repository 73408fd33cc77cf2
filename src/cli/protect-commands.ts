/** `spm encrypt` and `spm sign`. */
import { type EnvelopeRecipient, envelopeParts } from "../core/cms/enveloped";
import { Base64LineEncoder, concatBytes } from "../core/bytes";
import { SpmError } from "../core/errors";
import { pkcs7MimeHeader } from "../core/mime/build";
import { chooseCipher, chooseKeyTransport, CONTENT_CIPHERS, isGcm } from "../core/smime/algorithms";
import { messageHeader, protectedEntityParts } from "../core/smime/entity";
import { protectEntity, signEntityParts } from "../core/smime/protect";
import type { ContentCipher, ContentSource, DigestAlgorithm, Identity, RsaKeyTransport } from "../core/types";
import { signData } from "../core/cms/signed";
import { multipartSignedFrame } from "../core/mime/build";
import { randomBytes } from "node:crypto";
import { many, oneInput, single, type ParsedArgs } from "./args";
import { loadCertificateFiles, loadIdentities } from "./credentials";
import { readInput, writeOutput } from "./io";
import { bodyIsCanonical, canonicalScanner, openPlainMessage, type PlainMessage, type StreamedMessage } from "./plain-input";

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

function parseRsaScheme(value: string | undefined): "pkcs1" | "pss" | undefined {
  if (value === undefined || value === "pkcs1" || value === "pss") return value;
  throw new SpmError("INVALID_ARGUMENT", `unknown --rsa-scheme ${value} (use pkcs1 or pss)`);
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
  const encryptOnly = !signer || args.flags.has("no-sign");
  // Encrypt-only reads a large file in pieces (never whole); signing first needs the whole entity.
  const input = encryptOnly ? canonicalOrWhole(openPlainMessage(oneInput(args)), oneInput(args)) : ({ kind: "whole", bytes: readInput(oneInput(args)) } as const);
  const { messageFields, parts } = protectedEntityParts(input.kind === "whole" ? input.bytes : input.header, "cipher");
  const header = messageHeader(messageFields, { obscureSubject: !args.flags.has("keep-subject") });
  if (encryptOnly) {
    const all = signer ? [...recipients, { certificate: signer.certificate, keyTransport: single(args, "key-transport") ? keyTransport : "oaep" }] : recipients;
    await writeEnvelope(header, input.kind === "whole" ? parts : streamedEntity(parts[0], input), all, cipher);
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
 * The protected entity of a streamed message: its header section (made from the message's header alone, as the
 * body is already canonical: the same bytes protectedEntityParts gives for the whole), then the body as read.
 */
function streamedEntity(entityHeader: Uint8Array, message: StreamedMessage): ContentSource {
  return {
    length: entityHeader.length + message.bodyLength,
    pieces: (function* () {
      yield entityHeader;
      yield* message.body();
    })(),
  };
}

/**
 * Encrypt-only output, streamed: the message header, the application/pkcs7-mime header, then the EnvelopedData
 * as base64 lines written slice by slice while it is encrypted. Neither the entity, the DER nor its base64 form
 * is ever held whole (25 MB: peak memory 344 -> ~100 MiB). Same bytes as protectEntity + buildPkcs7MimeEntity.
 */
async function writeEnvelope(header: Uint8Array, parts: Uint8Array[] | ContentSource, recipients: EnvelopeRecipient[], cipher: ContentCipher): Promise<void> {
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
  const rsaScheme = parseRsaScheme(single(args, "rsa-scheme"));
  const options = { opaque: args.flags.has("opaque"), digest: parseDigest(single(args, "digest")), rsaScheme };
  // Standard input can be read once: whatever openPlainMessage read is what the general path gets.
  const message = options.opaque ? undefined : openPlainMessage(oneInput(args));
  if (message?.kind === "streamed" && (await signStreamed(message, signer, options.digest ?? "SHA-256", rsaScheme))) return 0;
  const bytes = message?.kind === "whole" ? message.bytes : readInput(oneInput(args));
  const { messageFields, parts } = protectedEntityParts(bytes, "clear");
  // Written in pieces: the clear-signed entity holds the signed part as it is, not a copy of it.
  const signed = await signEntityParts(concatBytes(...parts), signer, options);
  writeOutput(messageHeader(messageFields));
  for (const part of signed.parts) writeOutput(part);
  return 0;
}

/**
 * Clear-signing a large file without holding it: one pass hashes the entity (protected header section + body as
 * read) and checks on the way that the body is 7-bit canonical; a second pass writes it between the
 * multipart/signed frame. Same bytes as signEntityParts (boundary aside, which is random). The boundary is 128
 * random bits, which no content can contain but by a chance of 2^-128 (a boundary inside the signed part would
 * make the signature fail to verify, never make it verify other content), so the content is not searched for it.
 * Returns false, having written nothing, when the body needs re-encoding: the general path then does it.
 */
async function signStreamed(message: StreamedMessage, signer: Identity, digest: DigestAlgorithm, rsaScheme: "pkcs1" | "pss" | undefined): Promise<boolean> {
  const { messageFields, parts } = protectedEntityParts(message.header, "clear");
  const entityHeader = parts[0];
  const boundary = `=_spm_${randomBytes(16).toString("hex")}`;
  const scanner = canonicalScanner();
  const entity = (check: boolean): ContentSource => ({
    length: entityHeader.length + message.bodyLength,
    pieces: (function* () {
      yield entityHeader;
      for (const piece of message.body()) {
        if (check) scanner.push(piece);
        yield piece;
      }
    })(),
  });
  const signature = await signData(entity(true), signer, { detached: true, digest, rsaScheme });
  if (!scanner.end()) return false;
  const frame = multipartSignedFrame(signature, MICALG[digest], boundary);
  writeOutput(messageHeader(messageFields));
  writeOutput(frame.before);
  for (const piece of entity(false).pieces) writeOutput(piece);
  writeOutput(frame.after);
  return true;
}

const MICALG = { "SHA-256": "sha-256", "SHA-384": "sha-384", "SHA-512": "sha-512" } as const;

/** A streamed message whose body can be used as it is, or the whole message read for the general path. */
function canonicalOrWhole(message: PlainMessage, path: string): PlainMessage {
  return message.kind === "whole" || bodyIsCanonical(message) ? message : { kind: "whole", bytes: readInput(path) };
}
