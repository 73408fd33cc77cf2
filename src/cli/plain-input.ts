/**
 * A message to encrypt or sign, from a file, without holding it. Its body must already be 7-bit canonical to
 * be used as it is (what the core would otherwise re-encode; a base64 attachment always is): a first pass over
 * the file checks that (signing also hashes in that pass), a second pass hands the body on in pieces while it is
 * encrypted or written. The output states the content's length (DER) or carries the signature (which needs the
 * digest) before anything can be known from a single pass, hence two. Standard input, small files and bodies
 * that need re-encoding are read whole, as before.
 */
import { parseMime } from "../core/mime";
import { TextScanner } from "../core/mime/encoding";
import { InputFile, PIECE } from "./input";

export interface StreamedMessage {
  kind: "streamed";
  /** The message's header section, with the empty line that ends it. */
  header: Uint8Array;
  bodyLength: number;
  /** The body read (again), in pieces; each piece is valid until the next one is asked for. */
  body(): Iterable<Uint8Array>;
}

export type PlainMessage = { kind: "whole"; bytes: Uint8Array } | StreamedMessage;

/** The header section parsed, the body left in the file (or everything read, when streaming does not apply). */
export function openPlainMessage(path: string): PlainMessage {
  const file = InputFile.open(path);
  try {
    if (file.size === undefined || file.size <= PIECE) return { kind: "whole", bytes: file.readRest(new Uint8Array(0)) };
    const buffer = new Uint8Array(PIECE);
    const head = buffer.subarray(0, file.read(buffer));
    const bodyStart = parseMime(headerPrefix(head)).bodyRaw.byteOffset - head.byteOffset;
    // A header section that does not end in the first piece is left to the general path.
    if (bodyStart >= head.length) return { kind: "whole", bytes: file.readRest(head) };
    return { kind: "streamed", header: head.slice(0, bodyStart), bodyLength: file.size - bodyStart, body: () => readFrom(path, bodyStart) };
  } finally {
    file.close();
  }
}

/**
 * The bytes up to the first empty line (LF LF or LF CR LF), or all of them: the header section ends there at the
 * latest, and parsing it alone gives the same body start as parsing the whole piece, without splitting a
 * megabyte of multipart body that is not used here (2-3 ms of a 25 MB sign).
 */
function headerPrefix(head: Uint8Array): Uint8Array {
  for (let lf = head.indexOf(0x0a); lf >= 0 && lf + 1 < head.length; lf = head.indexOf(0x0a, lf + 1)) {
    if (head[lf + 1] === 0x0a) return head.subarray(0, lf + 2);
    if (head[lf + 1] === 0x0d && head[lf + 2] === 0x0a) return head.subarray(0, lf + 3);
  }
  return head;
}

function* readFrom(path: string, start: number): Generator<Uint8Array> {
  const file = InputFile.open(path);
  try {
    file.skip(start);
    const buffer = new Uint8Array(PIECE);
    for (let n = file.read(buffer); n > 0; n = file.read(buffer)) yield buffer.subarray(0, n);
  } finally {
    file.close();
  }
}

/** RFC 5322 lines (998 characters), as isSevenBitCanonical checks them. */
export const canonicalScanner = () => new TextScanner(true, 998);

/** Is the body 7-bit canonical (one pass over the file)? */
export function bodyIsCanonical(message: StreamedMessage): boolean {
  const scanner = canonicalScanner();
  for (const piece of message.body()) if (!scanner.push(piece)) return false;
  return scanner.end();
}
