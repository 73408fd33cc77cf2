/** Header field text: RFC 2047 encoded words, RFC 2231 parameters, folding, Content-Type parsing. */
import { SpmError } from "../errors";
import { fromBase64, toBase64, utf8Encode } from "../bytes";
import { decodeCharset } from "./encoding";

export interface ContentType {
  type: string;
  subtype: string;
  /** lowercased "type/subtype" */
  mediaType: string;
  /** lowercased names; RFC 2231 continuations/charsets decoded */
  params: Record<string, string>;
}

const MAX_LINE = 78;

/**
 * Text from a draft that goes into a header: line breaks become spaces, other control characters
 * are dropped. This is what makes header injection through a subject or a name impossible.
 */
export function sanitizeHeaderText(s: string): string {
  return s.replace(/\r\n|[\r\n]/g, " ").replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, "");
}

/** RFC 2047 B-encoded words (UTF-8), each at most 64 characters, never splitting a character. */
export function encodeWords(text: string): string[] {
  const words: string[] = [];
  let chunk = "";
  let chunkBytes = 0;
  for (const ch of text) {
    const len = utf8Encode(ch).length;
    if (chunkBytes + len > 39 && chunk !== "") {
      words.push(`=?UTF-8?B?${toBase64(utf8Encode(chunk))}?=`);
      chunk = "";
      chunkBytes = 0;
    }
    chunk += ch;
    chunkBytes += len;
  }
  if (chunk !== "" || words.length === 0) words.push(`=?UTF-8?B?${toBase64(utf8Encode(chunk))}?=`);
  return words;
}

/** Printable ASCII (SP..~), the safe alphabet for header text we write without encoding. */
export function isPlainAscii(s: string): boolean {
  return /^[\x20-\x7e]*$/.test(s);
}

/** Tokens for unstructured text (Subject): plain words when safe, else encoded words. */
export function unstructuredTokens(text: string): string[] {
  const clean = sanitizeHeaderText(text);
  if (clean === "") return [];
  const plain =
    isPlainAscii(clean) &&
    !clean.includes("=?") &&
    !/^\s|\s$| {2}/.test(clean) && // runs of spaces could not be folded: encode them
    clean.split(" ").every((w) => w.length <= 70);
  return plain ? clean.split(" ") : encodeWords(clean);
}

/**
 * Fold "Name: token token ..." at spaces so lines stay within 78 characters where the tokens allow.
 * Tokens are joined with single spaces; an empty token is never a fold point.
 * Returns the field without the final CRLF.
 */
export function foldField(name: string, tokens: string[]): string {
  let out = "";
  let line = name + ":";
  for (const t of tokens) {
    if (t !== "" && line.length + 1 + t.length > MAX_LINE && line.trim() !== name + ":") {
      out += line + "\r\n";
      line = " " + t;
    } else {
      line += " " + t;
    }
  }
  return out + line;
}

/** Header field name per RFC 5322 (printable ASCII, no colon). */
export function assertFieldName(name: string): void {
  if (name.length > 76 || !/^[\x21-\x39\x3b-\x7e]+$/.test(name)) throw new SpmError("INVALID_ARGUMENT", "Invalid header field name");
}

// ---- parameters ---------------------------------------------------------------------------

const ATTR_CHAR = /[A-Za-z0-9!#$&+\-.^_`|~]/;

function percentEncode(value: string): string[] {
  // returns "atoms" (single characters or %XX triples) so chunks never split an escape
  const atoms: string[] = [];
  for (const b of utf8Encode(value)) {
    const c = String.fromCharCode(b);
    atoms.push(b < 128 && ATTR_CHAR.test(c) ? c : "%" + b.toString(16).toUpperCase().padStart(2, "0"));
  }
  return atoms;
}

function quote(value: string): string {
  return '"' + value.replace(/[\\"]/g, (c) => "\\" + c) + '"';
}

/** Parameters (one, or RFC 2231 continuations): quoted when short plain ASCII, else RFC 2231 UTF-8. */
export function rfc2231Params(name: string, value: string): string[][] {
  if (isPlainAscii(value) && value.length <= 60 && !value.includes("=?")) return [[`${name}=${quote(value)}`]];
  const atoms = percentEncode(value);
  const chunks: string[] = [];
  let cur = "";
  for (const a of atoms) {
    if (cur.length + a.length > 50) {
      chunks.push(cur);
      cur = "";
    }
    cur += a;
  }
  chunks.push(cur);
  if (chunks.length === 1) return [[`${name}*=utf-8''${chunks[0]}`]];
  return chunks.map((c, i) => [`${name}*${i}*=${i === 0 ? "utf-8''" : ""}${c}`]);
}

/** One parameter as folding tokens: quoted when short plain ASCII, else RFC 2047 words inside quotes (Outlook reads this). */
export function rfc2047Param(name: string, value: string): string[] {
  if (isPlainAscii(value) && value.length <= 60 && !value.includes("=?")) return [`${name}=${quote(value)}`];
  const words = encodeWords(value);
  if (words.length === 1) return [`${name}="${words[0]}"`];
  return words.map((w, i) => (i === 0 ? `${name}="${w}` : i === words.length - 1 ? `${w}"` : w));
}

/** A structured value followed by parameters (each parameter given as its folding tokens), joined with ";". */
export function withParams(value: string, params: string[][]): string[] {
  const tokens = [value];
  for (const p of params) {
    tokens[tokens.length - 1] += ";";
    tokens.push(...p);
  }
  return tokens;
}

// ---- decoding -------------------------------------------------------------------------------

const ENCODED_WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;

function qDecode(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "_") out.push(0x20);
    else if (c === "=" && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(text.charCodeAt(i) & 0xff);
  }
  return Uint8Array.from(out);
}

function wordBytes(enc: string, text: string): Uint8Array | undefined {
  if (enc === "q" || enc === "Q") return qDecode(text);
  try {
    return fromBase64(text);
  } catch (e) {
    if (e instanceof SpmError) return undefined; // not a valid word: left as literal text
    throw e;
  }
}

/** RFC 2047 decoding (B and Q, any charset TextDecoder knows); adjacent words of one charset are joined before decoding. */
export function decodeHeaderWords(value: string): string {
  let out = "";
  let last = 0;
  let pending: { charset: string; bytes: Uint8Array[] } | undefined;
  const flush = () => {
    if (!pending) return;
    let total = 0;
    for (const b of pending.bytes) total += b.length;
    const all = new Uint8Array(total);
    let o = 0;
    for (const b of pending.bytes) {
      all.set(b, o);
      o += b.length;
    }
    out += decodeCharset(all, pending.charset);
    pending = undefined;
  };
  let lastWasWord = false;
  ENCODED_WORD.lastIndex = 0;
  for (let m = ENCODED_WORD.exec(value); m; m = ENCODED_WORD.exec(value)) {
    const bytes = wordBytes(m[2], m[3]);
    if (!bytes) continue; // stays literal text, part of the next "between"
    const between = value.slice(last, m.index);
    const charset = m[1].toLowerCase().replace(/\*.*$/, "");
    if (lastWasWord && /^[ \t\r\n]*$/.test(between)) {
      // whitespace between adjacent encoded words is not displayed (RFC 2047 §6.2)
      if (pending && pending.charset === charset) pending.bytes.push(bytes);
      else {
        flush();
        pending = { charset, bytes: [bytes] };
      }
    } else {
      flush();
      out += between;
      pending = { charset, bytes: [bytes] };
    }
    lastWasWord = true;
    last = m.index + m[0].length;
  }
  flush();
  return out + value.slice(last);
}

// ---- structured fields ----------------------------------------------------------------------

/** Split "value; a=b; c=d" into the value and raw parameter strings, respecting quotes and comments. */
function splitParams(header: string): string[] {
  const parts: string[] = [];
  let cur = "";
  let inQuote = false;
  let depth = 0;
  for (let i = 0; i < header.length; i++) {
    const c = header[i];
    if (inQuote) {
      if (c === "\\" && i + 1 < header.length) {
        cur += c + header[++i];
        continue;
      }
      if (c === '"') inQuote = false;
      cur += c;
    } else if (depth > 0) {
      if (c === "(") depth++;
      else if (c === ")") depth--;
    } else if (c === "(") depth++;
    else if (c === '"') {
      inQuote = true;
      cur += c;
    } else if (c === ";") {
      parts.push(cur);
      cur = "";
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

function unquote(v: string): string {
  const t = v.trim();
  if (t.startsWith('"')) {
    let out = "";
    for (let i = 1; i < t.length; i++) {
      const c = t[i];
      if (c === "\\" && i + 1 < t.length) out += t[++i];
      else if (c === '"') break;
      else out += c;
    }
    return out;
  }
  return t;
}

function percentDecode(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "%" && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      out.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(s.charCodeAt(i) & 0xff);
  }
  return out;
}

/** Parameters with lowercased names; RFC 2231 continuations and charsets decoded; first one wins. */
function parseParams(rawParams: string[]): Record<string, string> {
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  const continued = new Map<string, { index: number; extended: boolean; value: string }[]>();
  for (const raw of rawParams) {
    const eq = raw.indexOf("=");
    if (eq <= 0) continue;
    const name = raw.slice(0, eq).trim().toLowerCase();
    if (!name || /[\s"]/.test(name)) continue;
    const value = unquote(raw.slice(eq + 1));
    const m = /^([^*]+)(?:\*(\d{1,4}))?(\*)?$/.exec(name);
    if (!m) continue;
    if (m[2] === undefined && m[3] === undefined) {
      if (!(name in params)) params[name] = value;
      continue;
    }
    const list = continued.get(m[1]) ?? [];
    list.push({ index: m[2] === undefined ? 0 : Number(m[2]), extended: m[3] !== undefined, value });
    continued.set(m[1], list);
  }
  for (const [name, segments] of continued) {
    segments.sort((a, b) => a.index - b.index);
    let charset = "us-ascii";
    const bytes: number[] = [];
    segments.forEach((s, i) => {
      let v = s.value;
      if (s.extended && i === 0) {
        const parts = v.split("'");
        if (parts.length >= 3) {
          charset = parts[0] || "us-ascii";
          v = parts.slice(2).join("'");
        }
      }
      if (s.extended) for (const b of percentDecode(v)) bytes.push(b);
      else for (let k = 0; k < v.length; k++) bytes.push(v.charCodeAt(k) & 0xff);
    });
    params[name] = decodeCharset(Uint8Array.from(bytes), charset); // 2231 form beats the plain one
  }
  return { ...params };
}

export function parseContentType(value: string | undefined): ContentType {
  const fallback = (): ContentType => ({
    type: "text",
    subtype: "plain",
    mediaType: "text/plain",
    params: { charset: "us-ascii" },
  });
  if (value === undefined) return fallback();
  const parts = splitParams(value);
  const m = /^\s*([!#$%&'*+\-.^_`|~0-9A-Za-z]+)\s*\/\s*([!#$%&'*+\-.^_`|~0-9A-Za-z]+)\s*$/.exec(parts[0]);
  if (!m) return fallback();
  const type = m[1].toLowerCase();
  const subtype = m[2].toLowerCase();
  return { type, subtype, mediaType: `${type}/${subtype}`, params: parseParams(parts.slice(1)) };
}

export function parseDisposition(value: string): { type: string; params: Record<string, string> } {
  const parts = splitParams(value);
  return { type: parts[0].trim().toLowerCase(), params: parseParams(parts.slice(1)) };
}
