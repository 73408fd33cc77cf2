/**
 * Exact MIME parsing (RFC 2045/2046/5322). Every part keeps views of the input bytes, so a
 * multipart/signed first part's `raw` is exactly what was signed. Linear time in the input size
 * for each nesting level; depth and part count are capped.
 *
 * The input may be a ByteSource read on demand (a message file): the same code then scans it in chunks and a
 * part's `raw`/`bodyRaw` are read only when asked for; `location` lets a caller read a large body in chunks.
 */
import { asSource, memorySource, SourceCursor, type ByteSource } from "../byte-source";
import { resolveConfig, type ConfigOverrides } from "../config";
import { isBuiltinError, isSpmError, SpmError } from "../errors";
import { latin1Decode, utf8Decode } from "../bytes";
import { decodeBase64Body, decodeCharset, decodeQuotedPrintable } from "./encoding";
import { type ContentType, decodeHeaderWords, parseContentType, parseDisposition } from "./headers";

export interface HeaderField {
  name: string;
  /** unfolded, raw (not RFC 2047 decoded) */
  value: string;
}

export interface MimePart {
  headers: HeaderField[];
  header(name: string): string | undefined;
  headerAll(name: string): string[];
  contentType: ContentType;
  transferEncoding: string;
  disposition?: { type: string; params: Record<string, string> };
  filename?: string;
  contentId?: string;
  /** The whole entity's bytes (header and body). */
  readonly raw: Uint8Array;
  /** The body as it stands in the message (still transfer-encoded). */
  readonly bodyRaw: Uint8Array;
  /** Where the entity lies in the parsed source (absolute offsets), to read a large body without holding it. */
  readonly location: PartLocation;
  body(): Uint8Array;
  text(): string;
  parts: MimePart[];
  isMultipart: boolean;
}

export interface PartLocation {
  source: ByteSource;
  start: number;
  bodyStart: number;
  end: number;
}

export interface ParseOptions {
  /** Limits (maxMimeDepth, maxMimeParts) over DEFAULT_CONFIG. */
  config?: ConfigOverrides;
}

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const HT = 0x09;
const COLON = 0x3a;
const DASH = 0x2d;

interface Context {
  maxDepth: number;
  maxParts: number;
  count: number;
}

const utf8Fatal = new TextDecoder("utf-8", { fatal: true });
const asciiDecoder = new TextDecoder("utf-8");

/** Header bytes as text: ASCII fast path, UTF-8 when valid (RFC 6532), else Latin-1. */
function headerText(b: Uint8Array): string {
  let ascii = true;
  for (let i = 0; i < b.length; i++) {
    if (b[i] > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) return asciiDecoder.decode(b); // native and fast; identical to Latin-1 for ASCII
  try {
    return utf8Fatal.decode(b);
  } catch (e) {
    if (!isBuiltinError(e, "TypeError")) throw e;
    return latin1Decode(b);
  }
}

/** Index of the next LF at or after `from`, or -1. */
function nextLf(buf: Uint8Array, from: number): number {
  return buf.indexOf(LF, from);
}

function lineContentEnd(buf: Uint8Array, start: number, lf: number): number {
  const end = lf < 0 ? buf.length : lf;
  return end > start && buf[end - 1] === CR ? end - 1 : end;
}

/** `ended`: an empty line or a line that is no header field ended it (not the end of `buf`). */
function parseHeaderSection(buf: Uint8Array): { headers: HeaderField[]; bodyStart: number; ended: boolean } {
  const headers: HeaderField[] = [];
  let pos = 0;
  let fieldStart = -1;
  let fieldEnd = -1;
  const finish = () => {
    if (fieldStart < 0) return;
    const text = headerText(buf.subarray(fieldStart, fieldEnd)).replace(/\r?\n/g, "");
    const colon = text.indexOf(":");
    headers.push({ name: text.slice(0, colon).replace(/[ \t]+$/, ""), value: text.slice(colon + 1).trim() });
    fieldStart = -1;
  };
  while (pos < buf.length) {
    const lf = nextLf(buf, pos);
    const contentEnd = lineContentEnd(buf, pos, lf);
    const next = lf < 0 ? buf.length : lf + 1;
    if (contentEnd === pos) {
      finish();
      return { headers, bodyStart: next, ended: true }; // the empty line ends the header
    }
    const first = buf[pos];
    if (first === SP || first === HT) {
      if (fieldStart >= 0) fieldEnd = contentEnd; // folded continuation (also obsolete whitespace-only lines)
      pos = next;
      continue;
    }
    let i = pos;
    while (i < contentEnd && buf[i] !== COLON && buf[i] > SP && buf[i] < 0x7f) i++;
    const nameEnd = i;
    while (i < contentEnd && (buf[i] === SP || buf[i] === HT)) i++; // obsolete "Name :"
    if (nameEnd === pos || i >= contentEnd || buf[i] !== COLON) {
      // not a header field: the header ends here and the body starts with this line
      finish();
      return { headers, bodyStart: pos, ended: true };
    }
    finish();
    fieldStart = pos;
    fieldEnd = contentEnd;
    pos = next;
  }
  finish();
  return { headers, bodyStart: buf.length, ended: false };
}

const HEADER_CHUNK = 8 * 1024;

/**
 * The header section of the entity at [start, end): in memory over the whole range; from a file over a chunk
 * cut after its last line break, so every line it sees is complete and a section that ends inside the chunk
 * reads exactly as in the whole range. A section longer than the chunk is read again in a larger one.
 */
function readHeaderSection(source: ByteSource, start: number, end: number): { headers: HeaderField[]; bodyStart: number } {
  for (let size = HEADER_CHUNK; ; size *= 4) {
    if (source.whole || end - start <= size) {
      const r = parseHeaderSection(source.bytes(start, end));
      return { headers: r.headers, bodyStart: start + r.bodyStart };
    }
    const buf = source.bytes(start, start + size);
    const r = parseHeaderSection(buf.subarray(0, buf.lastIndexOf(LF) + 1));
    if (r.ended) return { headers: r.headers, bodyStart: start + r.bodyStart };
  }
}

/** Does a delimiter line for `dash` ("--" + boundary) start at `pos`? Returns 0 no, 1 delimiter, 2 close delimiter. */
function delimiterAt(c: SourceCursor, pos: number, end: number, dash: Uint8Array): 0 | 1 | 2 {
  if (pos + dash.length > end) return 0;
  for (let k = 0; k < dash.length; k++) if (c.at(pos + k) !== dash[k]) return 0;
  let i = pos + dash.length;
  if (c.at(i) === DASH && c.at(i + 1) === DASH) return 2;
  while (i < end && (c.at(i) === SP || c.at(i) === HT)) i++; // transport padding
  return i === end || c.at(i) === LF || c.at(i) === CR ? 1 : 0;
}

/** Absolute ranges [start, end) of the parts of the body at [from, to); the line break before a delimiter belongs to the delimiter. */
function splitMultipart(source: ByteSource, from: number, to: number, boundary: string, ctx: Context): [number, number][] {
  const dash = new Uint8Array(boundary.length + 2);
  dash[0] = DASH;
  dash[1] = DASH;
  for (let k = 0; k < boundary.length; k++) dash[k + 2] = boundary.charCodeAt(k) & 0xff;
  const ranges: [number, number][] = [];
  const c = new SourceCursor(source, from, to);
  let partStart = -1;
  let lineStart = from;
  for (;;) {
    const kind = c.at(lineStart) === DASH ? delimiterAt(c, lineStart, to, dash) : 0;
    const lf = c.indexOf(LF, lineStart);
    if (kind !== 0) {
      if (partStart >= 0) {
        let end = lineStart;
        if (end > partStart && c.at(end - 1) === LF) end--;
        if (end > partStart && c.at(end - 1) === CR) end--;
        ranges.push([partStart, end]);
        if (ranges.length > ctx.maxParts) throw new SpmError("LIMIT_EXCEEDED", "Too many MIME parts");
      }
      if (kind === 2) return ranges;
      partStart = lf < 0 ? to : lf + 1;
    }
    if (lf < 0) break;
    lineStart = lf + 1;
  }
  if (partStart >= 0) ranges.push([partStart, to]); // missing close delimiter: tolerated
  return ranges;
}

class Part implements MimePart {
  headers: HeaderField[];
  contentType: ContentType;
  transferEncoding: string;
  disposition?: { type: string; params: Record<string, string> };
  filename?: string;
  contentId?: string;
  readonly location: PartLocation;
  parts: MimePart[] = [];
  isMultipart = false;

  constructor(location: PartLocation, headers: HeaderField[]) {
    this.location = location;
    this.headers = headers;
    this.contentType = parseContentType(this.header("content-type"));
    const cte = this.header("content-transfer-encoding");
    this.transferEncoding = cte ? cte.replace(/\(.*\)/g, "").trim().toLowerCase() || "7bit" : "7bit";
    const disposition = this.header("content-disposition");
    if (disposition !== undefined) this.disposition = parseDisposition(disposition);
    // RFC 2231 values are already decoded; only plain ones may carry RFC 2047 words (as Outlook writes them)
    const fromDisposition = this.disposition?.params.filename !== undefined;
    const name = fromDisposition ? this.disposition?.params.filename : this.contentType.params.name;
    const rawField = fromDisposition ? disposition : this.header("content-type");
    const extended = rawField !== undefined && new RegExp(`(^|[;\\s])${fromDisposition ? "filename" : "name"}\\*`, "i").test(rawField);
    if (name !== undefined) this.filename = extended ? name : decodeHeaderWords(name);
    const cid = this.header("content-id");
    if (cid !== undefined) this.contentId = cid.trim().replace(/^<|>$/g, "");
  }

  get raw(): Uint8Array {
    const { source, start, end } = this.location;
    return source.bytes(start, end);
  }

  get bodyRaw(): Uint8Array {
    const { source, bodyStart, end } = this.location;
    return source.bytes(bodyStart, end);
  }

  header(name: string): string | undefined {
    const lower = name.toLowerCase();
    for (const h of this.headers) if (h.name.toLowerCase() === lower) return h.value;
    return undefined;
  }

  headerAll(name: string): string[] {
    const lower = name.toLowerCase();
    return this.headers.filter((h) => h.name.toLowerCase() === lower).map((h) => h.value);
  }

  body(): Uint8Array {
    switch (this.transferEncoding) {
      case "base64":
        return decodeBase64Body(this.bodyRaw);
      case "quoted-printable":
        return decodeQuotedPrintable(this.bodyRaw);
      default:
        return this.bodyRaw.slice();
    }
  }

  text(): string {
    const charset = this.contentType.params.charset ?? (this.contentType.type === "text" ? "us-ascii" : "utf-8");
    const bytes = this.body();
    return charset.toLowerCase() === "utf-8" ? utf8Decode(bytes) : decodeCharset(bytes, charset);
  }
}

function parseEntity(source: ByteSource, start: number, end: number, depth: number, ctx: Context): Part {
  if (++ctx.count > ctx.maxParts) throw new SpmError("LIMIT_EXCEEDED", "Too many MIME parts");
  const { headers, bodyStart } = readHeaderSection(source, start, end);
  const part = new Part({ source, start, bodyStart, end }, headers);
  const ct = part.contentType;
  const boundary = ct.params.boundary;
  if (ct.type === "multipart" && boundary) {
    if (depth + 1 > ctx.maxDepth) throw new SpmError("LIMIT_EXCEEDED", "MIME nesting too deep");
    part.isMultipart = true;
    for (const [s, e] of splitMultipart(source, bodyStart, end, boundary, ctx)) part.parts.push(parseEntity(source, s, e, depth + 1, ctx));
  } else if (ct.mediaType === "message/rfc822" || ct.mediaType === "message/global") {
    if (depth + 1 > ctx.maxDepth) throw new SpmError("LIMIT_EXCEEDED", "MIME nesting too deep");
    const identity = ["7bit", "8bit", "binary"].includes(part.transferEncoding);
    if (identity) {
      part.parts.push(parseEntity(source, bodyStart, end, depth + 1, ctx));
    } else {
      // encoded message/rfc822 is not allowed (RFC 2046 §5.2.1) but exists; a broken one stays a leaf
      let inner: Uint8Array | undefined;
      try {
        inner = part.body();
      } catch (e) {
        if (!isSpmError(e, "MALFORMED")) throw e;
        inner = undefined;
      }
      if (inner) part.parts.push(parseEntity(memorySource(inner), 0, inner.length, depth + 1, ctx));
    }
  }
  return part;
}

/**
 * Parse a MIME entity or RFC 5322 message (CRLF or bare LF). Throws SpmError LIMIT_EXCEEDED for
 * depth/part limits, INVALID_ARGUMENT when a source read on demand changed while it was read, and MALFORMED
 * for anything else that goes wrong; never anything else.
 */
export function parseMime(input: Uint8Array | ByteSource, options: ParseOptions = {}): MimePart {
  const config = resolveConfig(options.config);
  const ctx: Context = { maxDepth: config.maxMimeDepth, maxParts: config.maxMimeParts, count: 0 };
  const source = asSource(input);
  try {
    return parseEntity(source, 0, source.length, 0, ctx);
  } catch (e) {
    // INVALID_ARGUMENT: a source read on demand that changed under the parser (byte-source.ts).
    if (e instanceof SpmError && (e.code === "LIMIT_EXCEEDED" || e.code === "MALFORMED" || e.code === "INVALID_ARGUMENT")) throw e;
    if (isBuiltinError(e, "RangeError")) throw new SpmError("LIMIT_EXCEEDED", "MIME input too large to process", { cause: e });
    throw new SpmError("MALFORMED", "Unparseable MIME input", { cause: e });
  }
}
