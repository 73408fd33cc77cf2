/**
 * The `spm` commands. Each returns its exit code; output goes to stdout, one-line errors to stderr.
 * Each command's code is loaded when it runs (dynamic imports, separate chunks): Node compiles only what the
 * command needs (decrypt, for example, never loads the certificate checker or the 160 KB of bundled roots).
 */
import { toArrayBuffer } from "../core/bytes";
import { DEFAULT_CONFIG, type ConfigOverrides } from "../core/config";
import { SpmError } from "../core/errors";
import { TRUSTED_STATUSES } from "../core/findings/codes";
import type { OpenReport } from "../core/smime";
import { many, oneInput, single, type CommandSpec, type ParsedArgs } from "./args";
import { attachmentsOf } from "./attachments";
import { loadCertificateFiles, loadCrls, loadIdentities } from "./credentials";
import { readInput, writeFile, writeOutput } from "./io";
import { openMessageInput } from "./file-source";

const KEY_OPTIONS = ["key", "password-file", "cert"];

export const COMMANDS: Record<string, CommandSpec> = {
  encrypt: { valued: ["to", "cipher", "key-transport", ...KEY_OPTIONS], flags: ["no-sign", "keep-subject", "subject-key-id"] },
  sign: { valued: ["digest", "rsa-scheme", ...KEY_OPTIONS], flags: ["opaque"] },
  decrypt: { valued: [...KEY_OPTIONS], flags: ["allow-legacy"] },
  verify: { valued: ["trust", "at", "crl"], flags: ["no-system-trust", "offline"] },
  open: { valued: ["trust", "at", "crl", "out", "attachments", ...KEY_OPTIONS], flags: ["allow-legacy", "no-system-trust", "offline"] },
};

export const USAGE = `usage: spm <command> [options] IN   (IN is a file path, or - for standard input)
  encrypt --to CERT.pem [--to ...] [--key FILE.p12 --password-file F | --key KEY.pem --cert CERT.pem]
          [--cipher aes-256-cbc|aes-128-cbc|aes-128-gcm|aes-256-gcm] [--key-transport oaep|pkcs1]
          [--no-sign] [--keep-subject] [--subject-key-id]            -> encrypted message (signed first when --key is given)
  sign    --key ... [--opaque] [--digest sha256|sha384|sha512] [--rsa-scheme pkcs1|pss]   -> signed message
  decrypt --key ... [--allow-legacy]                                   -> the decrypted MIME entity
  verify  [--trust CA.pem ...] [--crl CRL ...] [--at ISO-8601-TIME] [--offline]   -> JSON; exit 0 valid, 1 not valid, 2 error
  open    --key ... [--trust ...] [--crl ...] [--at ...] [--offline] [--out FILE] [--attachments DIR]
          -> JSON report of every layer; --attachments saves the files under safe names (never overwriting)
  (verify/open fetch CRLs from https distribution points and ask OCSP responders named in certificates, unless --offline)`;


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
  return bytes.length > DEFAULT_CONFIG.maxCrlBytes ? undefined : bytes;
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
  return bytes.length > DEFAULT_CONFIG.maxOcspResponseBytes ? undefined : bytes;
}

type RevocationOptions = {
  crls: Uint8Array[];
  fetchCrl?: (url: string) => Promise<Uint8Array | undefined>;
  fetchOcsp?: (url: string, request: Uint8Array) => Promise<Uint8Array | undefined>;
};

function revocationOptions(args: ParsedArgs): RevocationOptions {
  return { crls: loadCrls(args), ...(args.flags.has("offline") ? {} : { fetchCrl, fetchOcsp }) };
}

/** The insecure switches the command line can turn on (see the README's configuration table). */
export function configFrom(args: ParsedArgs): ConfigOverrides {
  return args.flags.has("allow-legacy") ? { allowLegacy: true } : {};
}

/** The reading side only (not the index: that would load the sending side's code too). */
async function opening() {
  const [{ openMessage }, { reportToJson }] = await Promise.all([import("../core/smime/open"), import("../core/smime/report")]);
  return { openMessage, reportToJson };
}

async function anchors(args: ParsedArgs): Promise<Uint8Array[]> {
  const given = loadCertificateFiles(many(args, "trust"));
  if (args.flags.has("no-system-trust")) return given;
  const { loadBundledAnchors } = await import("../core/pki/anchors");
  return [...given, ...loadBundledAnchors()];
}

function printJson(value: unknown): void {
  writeOutput(new TextEncoder().encode(JSON.stringify(value, null, 2) + "\n"));
}

function exitFor(report: OpenReport): number {
  return TRUSTED_STATUSES.has(report.signature) ? 0 : 1;
}

async function verifyCommand(args: ParsedArgs): Promise<number> {
  const { openMessage, reportToJson } = await opening();
  const options = { anchors: await anchors(args), ...revocationOptions(args), now: parseTime(single(args, "at")) };
  // The message file is read in chunks, not held (a 25 MB signed message costs no 25 MB): see file-source.ts.
  const message = openMessageInput(oneInput(args));
  try {
    const report = await openMessage(message.input, options);
    message.checkUnchanged(); // the report is of one file, not of bytes read before and after a change
    printJson({ ...reportToJson(report), attachments: attachmentsOf(report) });
    return exitFor(report);
  } finally {
    message.close();
  }
}

async function openCommand(args: ParsedArgs): Promise<number> {
  const { openMessage, reportToJson } = await opening();
  const identities = await loadIdentities(args, false);
  const options = { keys: identities, anchors: await anchors(args), ...revocationOptions(args), now: parseTime(single(args, "at")), config: configFrom(args) };
  // Held whole, unlike verify's input: what `open` writes out must be the very bytes that were checked.
  const report = await openMessage(readInput(oneInput(args)), options);
  const out = single(args, "out");
  if (out) writeFile(out, report.content);
  printJson({ ...reportToJson(report), attachments: attachmentsOf(report, single(args, "attachments")) });
  // Unsigned content that opened fine is a success; a signature that is there but not valid is not.
  return report.signature === "unsigned" ? 0 : exitFor(report);
}

export async function runCommand(args: ParsedArgs): Promise<number> {
  switch (args.command) {
    case "encrypt":
      return (await import("./protect-commands")).encryptCommand(args);
    case "sign":
      return (await import("./protect-commands")).signCommand(args);
    case "decrypt":
      return (await import("./decrypt-command")).decryptCommand(args);
    case "verify":
      return verifyCommand(args);
    case "open":
      return openCommand(args);
    default:
      throw new SpmError("INVALID_ARGUMENT", `unknown command "${args.command}"`);
  }
}
