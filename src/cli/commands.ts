/** The `spm` commands. Each returns its exit code; output goes to stdout, one-line errors to stderr. */
import { type EnvelopeRecipient, envelopeParts, openEnvelope } from "../core/cms/enveloped";
import { Base64LineEncoder, concatBytes } from "../core/bytes";
import { pkcs7MimeHeader } from "../core/mime";
import { toArrayBuffer } from "../core/bytes";
import { SpmError } from "../core/errors";
import { loadBundledAnchors } from "../core/pki/anchors";
import {
  chooseCipher,
  chooseKeyTransport,
  cmsKind,
  CONTENT_CIPHERS,
  isGcm,
  messageHeader,
  openMessage,
  protectEntity,
  protectedEntityParts,
  reportToJson,
  signEntityParts,
  type OpenReport,
} from "../core/smime";
import type { ContentCipher, RsaKeyTransport } from "../core/types";
import { many, oneInput, single, type CommandSpec, type ParsedArgs } from "./args";
import { loadCertificateFiles, loadCrls, loadIdentities } from "./credentials";
import { readEncryptedCms } from "./encrypted-input";
import { readInput, writeFile, writeOutput } from "./io";

const KEY_OPTIONS = ["key", "password-file", "cert"];

export const COMMANDS: Record<string, CommandSpec> = {
  encrypt: { valued: ["to", "cipher", "key-transport", ...KEY_OPTIONS], flags: ["no-sign", "keep-subject", "subject-key-id"] },
  sign: { valued: ["digest", "rsa-scheme", ...KEY_OPTIONS], flags: ["opaque"] },
  decrypt: { valued: [...KEY_OPTIONS], flags: ["allow-legacy"] },
  verify: { valued: ["trust", "at", "crl"], flags: ["no-system-trust", "offline"] },
  open: { valued: ["trust", "at", "crl", "out", ...KEY_OPTIONS], flags: ["allow-legacy", "no-system-trust", "offline"] },
};

export const USAGE = `usage: spm <command> [options] IN   (IN is a file path, or - for standard input)
  encrypt --to CERT.pem [--to ...] [--key FILE.p12 --password-file F | --key KEY.pem --cert CERT.pem]
          [--cipher aes-256-cbc|aes-128-cbc|aes-128-gcm|aes-256-gcm] [--key-transport oaep|pkcs1]
          [--no-sign] [--keep-subject] [--subject-key-id]            -> encrypted message (signed first when --key is given)
  sign    --key ... [--opaque] [--digest sha256|sha384|sha512] [--rsa-scheme pkcs1|pss]   -> signed message
  decrypt --key ... [--allow-legacy]                                   -> the decrypted MIME entity
  verify  [--trust CA.pem ...] [--crl CRL ...] [--at ISO-8601-TIME] [--offline]   -> JSON; exit 0 valid, 1 not valid, 2 error
  open    --key ... [--trust ...] [--crl ...] [--at ...] [--offline] [--out FILE]  -> JSON report of every layer
  (verify/open fetch CRLs from https distribution points and ask OCSP responders named in certificates, unless --offline)`;

/** Statuses that mean "the signature is valid and the signer is trusted". */
const TRUSTED_STATUSES = new Set(["valid", "revocation-unknown"]);

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

function parseTime(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const d = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(d.getTime())) {
    throw new SpmError("INVALID_ARGUMENT", `--at needs an ISO-8601 time such as 2026-01-31T12:00:00Z, got "${value}"`);
  }
  return d;
}

/** CRLs from https distribution points (the pki layer asks only for https URLs), bounded in time and size. */
async function fetchCrl(url: string): Promise<Uint8Array | undefined> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000), redirect: "error" });
  if (!response.ok) return undefined;
  const bytes = new Uint8Array(await response.arrayBuffer());
  return bytes.length > 20 * 1024 * 1024 ? undefined : bytes;
}

/** OCSP (RFC 6960) over HTTP POST; the answer is signed, so http responders are fine. Bounded like fetchCrl. */
async function fetchOcsp(url: string, request: Uint8Array): Promise<Uint8Array | undefined> {
  if (!/^https?:\/\//i.test(url)) return undefined;
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/ocsp-request", Accept: "application/ocsp-response" },
    body: toArrayBuffer(request),
    signal: AbortSignal.timeout(5000),
    redirect: "error",
  });
  if (!response.ok) return undefined;
  const bytes = new Uint8Array(await response.arrayBuffer());
  return bytes.length > 1024 * 1024 ? undefined : bytes;
}

type RevocationOptions = {
  crls: Uint8Array[];
  fetchCrl?: (url: string) => Promise<Uint8Array | undefined>;
  fetchOcsp?: (url: string, request: Uint8Array) => Promise<Uint8Array | undefined>;
};

function revocationOptions(args: ParsedArgs): RevocationOptions {
  return { crls: loadCrls(args), ...(args.flags.has("offline") ? {} : { fetchCrl, fetchOcsp }) };
}

function anchors(args: ParsedArgs): Uint8Array[] {
  const given = loadCertificateFiles(many(args, "trust"));
  return args.flags.has("no-system-trust") ? given : [...given, ...loadBundledAnchors()];
}

async function encryptCommand(args: ParsedArgs): Promise<number> {
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

async function signCommand(args: ParsedArgs): Promise<number> {
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

/** Decrypt the outermost layer only, like `openssl cms -decrypt`: output is the entity, byte-exact. */
async function decryptCommand(args: ParsedArgs): Promise<number> {
  const identities = await loadIdentities(args, true);
  // Read (and base64-decoded while read) into a buffer of our own: the content may be decrypted over it.
  const der = readEncryptedCms(oneInput(args));
  const kind = cmsKind(der);
  if (kind === "signed-data") throw new SpmError("INVALID_ARGUMENT", "the message is signed, not encrypted: use spm verify or spm open");
  const opened = await openEnvelope(der, identities, { allowLegacy: args.flags.has("allow-legacy"), consumeInput: true });
  writeOutput(opened.content);
  return 0;
}

function printJson(value: unknown): void {
  writeOutput(new TextEncoder().encode(JSON.stringify(value, null, 2) + "\n"));
}

function exitFor(report: OpenReport): number {
  return TRUSTED_STATUSES.has(report.signature) ? 0 : 1;
}

async function verifyCommand(args: ParsedArgs): Promise<number> {
  const report = await openMessage(readInput(oneInput(args)), {
    anchors: anchors(args),
    ...revocationOptions(args),
    now: parseTime(single(args, "at")),
  });
  printJson(reportToJson(report));
  return exitFor(report);
}

async function openCommand(args: ParsedArgs): Promise<number> {
  const identities = await loadIdentities(args, false);
  const report = await openMessage(readInput(oneInput(args)), {
    keys: identities,
    anchors: anchors(args),
    ...revocationOptions(args),
    now: parseTime(single(args, "at")),
    allowLegacy: args.flags.has("allow-legacy"),
  });
  const out = single(args, "out");
  if (out) writeFile(out, report.content);
  printJson(reportToJson(report));
  // Unsigned content that opened fine is a success; a signature that is there but not valid is not.
  return report.signature === "unsigned" ? 0 : exitFor(report);
}

export async function runCommand(args: ParsedArgs): Promise<number> {
  switch (args.command) {
    case "encrypt":
      return encryptCommand(args);
    case "sign":
      return signCommand(args);
    case "decrypt":
      return decryptCommand(args);
    case "verify":
      return verifyCommand(args);
    case "open":
      return openCommand(args);
    default:
      throw new SpmError("INVALID_ARGUMENT", `unknown command "${args.command}"`);
  }
}
