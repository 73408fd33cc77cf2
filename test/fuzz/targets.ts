/**
 * Fuzz targets for the four places where hostile bytes enter the core. Each is a plain function
 * `(data) => Promise<void>` (the shape libFuzzer/Jazzer.js expect: `fuzz(data)`), so the same target runs under
 * the fast-check driver (`npm run fuzz`, test/fuzz/run.ts), under Jazzer.js, and in the regression test
 * (test/security/fuzz-regressions.test.ts).
 *
 * A target returns normally for input it handles: a result, or a typed SpmError with a code that is right for
 * hostile input. It throws FuzzFailure for anything else: another error (a crash), a code that blames the
 * caller, or a broken invariant (output larger than the input could produce, a report that credits a signer it
 * should not).
 */
import { parseBer, parseBerExact } from "../../src/core/asn1";
import { listEnvelopeRecipients, openEnvelope } from "../../src/core/cms/enveloped";
import { verifySignedData } from "../../src/core/cms/signed";
import type { ConfigOverrides } from "../../src/core/config";
import { SpmError, type ErrorCode } from "../../src/core/errors";
import { importPkcs12 } from "../../src/core/keys";
import { listAttachments, parseAddressList, parseMime, safeFileName, type MimePart } from "../../src/core/mime";
import { openMessage, reportToJson } from "../../src/core/smime";
import type { Identity } from "../../src/core/types";
import { chunkedSource } from "../helpers/chunked-source";

export class FuzzFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "FuzzFailure";
  }
}

/** Re-throw anything that is not a typed error with one of the `allowed` codes. */
function expectTyped(e: unknown, allowed: readonly ErrorCode[], where: string): void {
  if (e instanceof SpmError) {
    if (allowed.includes(e.code)) return;
    throw new FuzzFailure(`${where}: unexpected error code ${e.code}: ${e.message}`, { cause: e });
  }
  const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  throw new FuzzFailure(`${where}: untyped ${what}`, { cause: e });
}

async function guarded(where: string, allowed: readonly ErrorCode[], run: () => unknown): Promise<void> {
  try {
    await run();
  } catch (e) {
    if (e instanceof FuzzFailure) throw e;
    expectTyped(e, allowed, where);
  }
}

const INPUT_ERRORS = ["MALFORMED", "LIMIT_EXCEEDED"] as const;

/** BER/CMS parser: the one BER parser, then the two CMS readers over it. */
export async function fuzzBer(data: Uint8Array): Promise<void> {
  await guarded("parseBer", INPUT_ERRORS, () => {
    const node = parseBer(data);
    const consumed = node.valueBeforeDecodeView?.byteLength ?? 0;
    if (consumed > data.length) throw new FuzzFailure(`parseBer consumed ${consumed} of ${data.length} bytes`);
  });
  await guarded("parseBerExact", INPUT_ERRORS, () => parseBerExact(data));
  await guarded("verifySignedData", INPUT_ERRORS, async () => {
    const check = await verifySignedData(data);
    // A valid signature must name its signer's certificate and its digest (a mutated seed may stay valid).
    if (check.outcome === "valid" && (!check.signerCertificate || !check.digestAlgorithm)) throw new FuzzFailure("valid without a signer certificate");
  });
  await guarded("listEnvelopeRecipients", [...INPUT_ERRORS, "UNSUPPORTED_ALGORITHM"], () => listEnvelopeRecipients(data));
}

/** Every decoded body is at most as long as its raw form (base64 and quoted-printable only shrink). */
function checkPart(part: MimePart, input: Uint8Array, depth: number): void {
  if (depth > 64) throw new FuzzFailure("MIME tree deeper than the parser's limit");
  if (part.raw.byteLength > input.byteLength) throw new FuzzFailure("MIME part larger than the input");
  const body = part.body();
  if (body.length > part.bodyRaw.length + 3) throw new FuzzFailure(`decoded body ${body.length} > raw ${part.bodyRaw.length}`);
  part.text();
  for (const h of part.headers) if (/^(from|to|cc|sender|reply-to)$/i.test(h.name)) parseAddressList(h.value);
  if (part.filename !== undefined) safeFileName(part.filename);
  for (const child of part.parts) checkPart(child, input, depth + 1);
}

/** What parsing gave, to compare the two ways of reading (ranges, header fields, media types; or the error). */
function treeOf(input: Uint8Array | ReturnType<typeof chunkedSource>): string {
  const walk = (p: MimePart): unknown => [p.location.start, p.location.bodyStart, p.location.end, p.headers, p.contentType.mediaType, p.parts.map(walk)];
  try {
    return JSON.stringify(walk(parseMime(input)));
  } catch (e) {
    return e instanceof SpmError ? `${e.code}: ${e.message}` : `untyped ${String(e)}`;
  }
}

/** A chunk size from the input itself (1-37 bytes): seams fall somewhere else for every input. */
const windowFor = (data: Uint8Array) => 1 + (data.length % 37);

/** MIME parser: parse, decode every part, read addresses and file names, list attachments. */
export async function fuzzMime(data: Uint8Array): Promise<void> {
  // The same parser reading the bytes in chunks (the CLI's message file) must see the same tree.
  if (treeOf(chunkedSource(data, windowFor(data))) !== treeOf(data)) throw new FuzzFailure("parseMime over chunks differs from parseMime in memory");
  await guarded("parseMime", INPUT_ERRORS, () => {
    const root = parseMime(data);
    checkPart(root, data, 0);
    for (const a of listAttachments(root)) {
      if (/[\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff]/.test(a.name.display)) throw new FuzzFailure("bidi control left in a file name");
      a.bytes();
    }
  });
}

/**
 * PKCS#12 import. The budget is lowered for fuzzing (the default allows seconds of work per file by design;
 * the budget itself is tested in test/security/keys/pkcs12-budget.test.ts), so that mutated iteration counts
 * reach the limit paths quickly instead of spending the time budget in PBKDF2.
 */
export const PKCS12_FUZZ_CONFIG: ConfigOverrides = { maxKdfIterations: 4096, maxAsyncKdfIterations: 256, maxPkcs12KdfWork: 20_000 };

export async function fuzzPkcs12(data: Uint8Array): Promise<void> {
  const allowed: ErrorCode[] = [...INPUT_ERRORS, "WRONG_PASSWORD", "UNSUPPORTED_ALGORITHM", "NO_PRIVATE_KEY", "CERTIFICATE_UNUSABLE"];
  await guarded("importPkcs12", allowed, async () => {
    const contents = await importPkcs12(data, "fuzz", { config: PKCS12_FUZZ_CONFIG });
    for (const id of contents.identities) if (id.privateKey.length === 0) throw new FuzzFailure("empty private key imported");
  });
}

/** The key and anchor openMessage runs with (made by test/fuzz/seeds.ts). */
export interface OpenContext {
  keys: Identity[];
  anchors: Uint8Array[];
}

let openContext: OpenContext = { keys: [], anchors: [] };

export function setOpenContext(context: OpenContext): void {
  openContext = context;
}

/** The report as JSON, or the error: what `spm verify` would print. */
async function verdict(input: Uint8Array | ReturnType<typeof chunkedSource>): Promise<string> {
  try {
    const report = await openMessage(input, { keys: openContext.keys, anchors: openContext.anchors, now: new Date("2030-01-01T00:00:00Z") });
    return JSON.stringify(reportToJson(report));
  } catch (e) {
    return e instanceof SpmError ? `${e.code}: ${e.message}` : `untyped ${String(e)}`;
  }
}

/** openMessage with the fuzz identity's key; also the envelope reader directly. */
export async function fuzzOpen(data: Uint8Array): Promise<void> {
  const allowed: ErrorCode[] = [...INPUT_ERRORS, "UNSUPPORTED_ALGORITHM", "NOT_FOR_ME", "DECRYPTION_FAILED", "TAMPERED", "AMBIGUOUS"];
  if ((await verdict(chunkedSource(data, windowFor(data)))) !== (await verdict(data))) throw new FuzzFailure("openMessage over chunks differs from openMessage in memory");
  await guarded("openMessage", allowed, async () => {
    const report = await openMessage(data, { keys: openContext.keys, anchors: openContext.anchors, now: new Date("2030-01-01T00:00:00Z") });
    reportToJson(report);
    const speaking = report.layers.filter((l) => l.covers === "content");
    if (report.signer && speaking.length === 0) throw new FuzzFailure("a signer is credited without a signature over the content");
    if (report.integrity === "signature" && !speaking.some((l) => l.outcome === "valid")) throw new FuzzFailure("integrity from a signature that does not cover the content");
  });
  await guarded("openEnvelope", allowed, () => openEnvelope(data, openContext.keys));
}

export const TARGETS = { ber: fuzzBer, mime: fuzzMime, pkcs12: fuzzPkcs12, open: fuzzOpen } as const;
export type TargetName = keyof typeof TARGETS;
