/**
 * The CMS inside what `spm decrypt` is given: DER, PEM, bare base64, or a message whose top-level body is
 * application/pkcs7-mime. A base64 body (how mail carries it) is decoded as the file is read, straight into the
 * buffer the content is later decrypted in: the 36 MB of base64 of a 25 MB message are never held.
 */
import { Base64Decoder, maxDecodedLength } from "../core/base64";
import { SpmError } from "../core/errors";
import { parseMime, type MimePart } from "../core/mime";
import { classifyInput } from "../core/smime";
import { InputFile, PIECE } from "./input";

/** A header section longer than this (far beyond any real mail's) is read with the whole message instead. */
const HEAD = PIECE;

function isEncryptedPart(part: MimePart): boolean {
  const mt = part.contentType.mediaType;
  return mt === "application/pkcs7-mime" || mt === "application/x-pkcs7-mime" || (mt === "application/octet-stream" && /\.p7m$/i.test(part.filename ?? ""));
}

function notEncrypted(part: MimePart): SpmError {
  return new SpmError("INVALID_ARGUMENT", `the message is not encrypted (its type is ${part.contentType.mediaType})`);
}

/** The whole input at once, as before streaming: DER, PEM, base64 or any MIME message. */
function cmsOfWhole(bytes: Uint8Array): Uint8Array {
  const input = classifyInput(bytes);
  if (input.kind === "cms") return input.der;
  const part = parseMime(input.bytes);
  if (!isEncryptedPart(part)) throw notEncrypted(part);
  return part.body();
}

/** Decode the rest of a base64 body, from `first` on, into one buffer. */
function decodeBody(file: InputFile, first: Uint8Array, consumed: number): Uint8Array {
  const remaining = file.size === undefined ? undefined : first.length + file.size - consumed;
  let out = new Uint8Array(maxDecodedLength(remaining ?? 4 * PIECE));
  const decoder = new Base64Decoder();
  let length = 0;
  const piece = new Uint8Array(PIECE);
  let text = first;
  for (;;) {
    if (out.length - length < maxDecodedLength(text.length)) {
      // Standard input of unknown length: grow (a file's size is known and needs no copy).
      const bigger = new Uint8Array(Math.max(out.length * 2, length + maxDecodedLength(text.length)));
      bigger.set(out.subarray(0, length));
      out = bigger;
    }
    length = decoder.decodeInto(text, out, length);
    const n = file.read(piece);
    if (n === 0) break;
    text = piece.subarray(0, n);
  }
  decoder.finish();
  return out.subarray(0, length);
}

/** A regular file's DER (as it is, or decoded from its base64 body), read from the start at every call. */
export type DerSource = () => Iterable<Uint8Array>;

/**
 * The DER of a large file that can be read twice: the file itself when it is DER, or its top-level base64
 * body decoded piece by piece. Undefined for standard input, small files and every other form (PEM, bare
 * base64, other transfer encodings): those are read whole by readEncryptedCms.
 */
export function encryptedSource(path: string): DerSource | undefined {
  const file = InputFile.open(path);
  try {
    if (file.size === undefined || file.size <= HEAD) return undefined;
    const head = new Uint8Array(HEAD);
    const start = head.subarray(0, file.read(head));
    let i = 0;
    while (i < start.length && (start[i] === 0x20 || start[i] === 0x09 || start[i] === 0x0d || start[i] === 0x0a)) i++;
    if (start[i] === 0x30) return () => pieces(path, i, (piece) => piece);
    if (i === start.length || !hasHeaderField(start, i)) return undefined;
    const part = parseMime(start);
    const bodyStart = part.bodyRaw.byteOffset - start.byteOffset;
    if (bodyStart >= start.length || part.isMultipart) return undefined;
    if (!isEncryptedPart(part)) throw notEncrypted(part);
    if (part.transferEncoding !== "base64") return undefined;
    return () => {
      const decoder = new Base64Decoder();
      const out = new Uint8Array(maxDecodedLength(PIECE));
      return pieces(path, bodyStart, (piece) => out.subarray(0, decoder.decodeInto(piece, out, 0)), () => decoder.finish());
    };
  } finally {
    file.close();
  }
}

/** The file from `start` in pieces, each passed through `map` (views valid until the next piece). */
function* pieces(path: string, start: number, map: (piece: Uint8Array) => Uint8Array, end?: () => void): Generator<Uint8Array> {
  const file = InputFile.open(path);
  try {
    file.skip(start);
    const buffer = new Uint8Array(PIECE);
    for (let n = file.read(buffer); n > 0; n = file.read(buffer)) yield map(buffer.subarray(0, n));
    end?.();
  } finally {
    file.close();
  }
}

/** The CMS (DER/BER) to decrypt, read from `path` ("-" for standard input). */
export function readEncryptedCms(path: string): Uint8Array {
  const file = InputFile.open(path);
  try {
    const head = new Uint8Array(Math.min(HEAD, file.size ?? HEAD));
    const headLength = file.read(head);
    const start = head.subarray(0, headLength);
    let i = 0;
    while (i < start.length && (start[i] === 0x20 || start[i] === 0x09 || start[i] === 0x0d || start[i] === 0x0a)) i++;
    // Small inputs (the whole input in the first piece) take the general path as they always did.
    const complete = headLength < HEAD;
    // DER, PEM and bare base64 are read whole (DER needs no second copy: it is the buffer decrypted in).
    if (complete || i === start.length || start[i] === 0x30 || start[i] === 0x2d || !hasHeaderField(start, i)) {
      return cmsOfWhole(complete ? start : file.readRest(start));
    }
    const part = parseMime(start);
    const bodyStart = part.bodyRaw.byteOffset - start.byteOffset;
    if (bodyStart >= start.length || part.isMultipart) {
      // The header section does not end in the first piece (or a multipart arrived): the general path decides.
      return cmsOfWhole(file.readRest(start));
    }
    if (!isEncryptedPart(part)) throw notEncrypted(part);
    if (part.transferEncoding !== "base64") return cmsOfWhole(file.readRest(start));
    return decodeBody(file, start.subarray(bodyStart), headLength);
  } finally {
    file.close();
  }
}

/** A MIME message has a header field (a name and a colon) on its first line; base64 and PEM do not. */
function hasHeaderField(bytes: Uint8Array, from: number): boolean {
  for (let i = from; i < bytes.length && i < from + 1000; i++) {
    const c = bytes[i];
    if (c === 0x3a) return i > from;
    if (c <= 0x20 || c >= 0x7f) return false;
  }
  return false;
}
