/**
 * The one place that parses untrusted BER/DER. asn1js 4 refuses input over 16 MiB or 10,000 nodes by
 * default; S/MIME mail is routinely bigger, so limits are sized to the input instead, with our own cap.
 */
import * as asn1js from "asn1js";
import { DEFAULT_CONFIG } from "./config";
import { SpmError } from "./errors";

export interface ParseOptions {
  /** Byte cap (default CoreConfig.maxAsn1Bytes; lower ones for certificates, keys ...). */
  maxBytes?: number;
  /** Nesting depth cap (default CoreConfig.maxAsn1Depth). */
  maxDepth?: number;
  /** What is being parsed, for the error message ("certificate", "CMS message" ...). */
  what?: string;
  /**
   * false: parse the caller's bytes in place instead of a copy (asn1js copies by default). The parsed nodes then
   * alias `bytes`: only for read-only use of an input the caller does not change (e.g. a 25 MB ciphertext).
   */
  copyInput?: boolean;
}

/** Node budget: indefinite-length BER from `openssl cms -stream` splits content in 4 KiB chunks,
 * PKI.js in 1 KiB ones; allow one node per 256 bytes on top of a base for the structure. */
function nodeBudget(length: number): number {
  return 10_000 + Math.ceil(length / 256);
}

export function parseBer(bytes: Uint8Array, options: ParseOptions = {}): asn1js.AsnType {
  const what = options.what ?? "ASN.1 data";
  const maxBytes = options.maxBytes ?? DEFAULT_CONFIG.maxAsn1Bytes;
  if (bytes.length === 0) throw new SpmError("MALFORMED", `The ${what} is empty`);
  if (bytes.length > maxBytes) {
    throw new SpmError("LIMIT_EXCEEDED", `The ${what} is larger than the limit of ${maxBytes} bytes`, {
      details: { size: bytes.length, limit: maxBytes },
    });
  }
  let parsed: { offset: number; result: asn1js.AsnType };
  try {
    parsed = asn1js.fromBER(bytes, {
      maxContentLength: bytes.length,
      maxNodes: nodeBudget(bytes.length),
      maxDepth: options.maxDepth ?? DEFAULT_CONFIG.maxAsn1Depth,
      // Do not speculatively parse OCTET STRING contents: ciphertext is not ASN.1 and it costs nodes.
      parseEmbedded: false,
      copyInput: options.copyInput !== false,
    });
  } catch (e) {
    // asn1js 4 throws on some hostile input instead of returning offset -1 (found by fuzzing: GeneralizedTime
    // "Wrong input string for conversion" on 13 bytes). Whatever it throws is damaged input, never a crash.
    throw new SpmError("MALFORMED", `The ${what} could not be parsed`, { cause: e });
  }
  if (parsed.offset === -1) {
    const err = (parsed.result as { error?: string }).error ?? "unknown error";
    // A declared length beyond the input is truncation (the content cap equals the input size).
    if (/nesting depth|node count/i.test(err)) {
      throw new SpmError("LIMIT_EXCEEDED", `The ${what} exceeds a structural limit (${err})`);
    }
    throw new SpmError("MALFORMED", `The ${what} is not valid BER/DER (${err})`);
  }
  assertConsistentLengths(parsed.result, what);
  return parsed.result;
}

interface BerNode {
  idBlock: { isConstructed: boolean };
  lenBlock: { isIndefiniteForm: boolean; length: number };
  valueBlock: { value?: unknown };
  valueBeforeDecodeView: Uint8Array;
}

/**
 * asn1js 4 accepts an element whose children run past its own declared length (measured:
 * `30 03 04 05 01 02 03 04 05` parses as a SEQUENCE holding a 5-byte OCTET STRING). OpenSSL and NSS
 * reject that; accepting it would be a parser differential an attacker can use, so refuse it here,
 * for every parse.
 */
function assertConsistentLengths(root: asn1js.AsnType, what: string): void {
  const stack: BerNode[] = [root as unknown as BerNode];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const children = node.valueBlock.value;
    if (!node.idBlock.isConstructed || !Array.isArray(children)) continue;
    let sum = 0;
    for (const c of children as BerNode[]) {
      sum += c.valueBeforeDecodeView.byteLength;
      stack.push(c);
    }
    if (!node.lenBlock.isIndefiniteForm && sum !== node.lenBlock.length) {
      throw new SpmError("MALFORMED", `The ${what} is not valid BER (an element overruns its enclosing element)`);
    }
  }
}

/** Parse and require that nothing but the one object is in the input (trailing garbage is an error). */
export function parseBerExact(bytes: Uint8Array, options: ParseOptions = {}): asn1js.AsnType {
  const result = parseBer(bytes, options);
  assertNothingAfter(result, bytes, options.what);
  return result;
}

/** parseBerExact's check, for a result parseBer gave for `bytes`. */
export function assertNothingAfter(result: asn1js.AsnType, bytes: Uint8Array, what = "ASN.1 data"): void {
  const consumed = result.valueBeforeDecodeView?.byteLength;
  if (consumed !== undefined && consumed !== bytes.length) {
    // Tolerate trailing zero padding some tools append; reject anything else.
    const rest = bytes.subarray(consumed);
    if (rest.some((b) => b !== 0)) throw new SpmError("MALFORMED", `The ${what} has trailing data after the end`);
  }
}
