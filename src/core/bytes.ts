/** Small byte helpers shared by the core. Pure, no DOM, no Node APIs. */
import { SpmError } from "./errors";

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Constant-time comparison for secrets and MACs. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8");

export function utf8Encode(s: string): Uint8Array {
  return encoder.encode(s);
}

export function utf8Decode(b: Uint8Array): string {
  return decoder.decode(b);
}

/** Latin-1 (binary string) view; used for MIME header parsing where bytes map 1:1 to chars. */
export function latin1Decode(b: Uint8Array): string {
  let s = "";
  const chunk = 0x8000;
  for (let i = 0; i < b.length; i += chunk) {
    s += String.fromCharCode.apply(null, Array.from(b.subarray(i, i + chunk)));
  }
  return s;
}

export function latin1Encode(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) throw new SpmError("INVALID_ARGUMENT", "Character outside Latin-1 in a binary string");
    out[i] = c;
  }
  return out;
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64_LOOKUP = (() => {
  const t = new Int16Array(256).fill(-1);
  for (let i = 0; i < B64.length; i++) t[B64.charCodeAt(i)] = i;
  t["-".charCodeAt(0)] = 62; // base64url tolerated on input
  t["_".charCodeAt(0)] = 63;
  return t;
})();

export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let line = "";
  const n = bytes.length;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    line += B64[v >> 18] + B64[(v >> 12) & 63] + B64[(v >> 6) & 63] + B64[v & 63];
    if (line.length >= 8192) {
      parts.push(line);
      line = "";
    }
  }
  if (i < n) {
    const v = (bytes[i] << 16) | ((i + 1 < n ? bytes[i + 1] : 0) << 8);
    line += B64[v >> 18] + B64[(v >> 12) & 63] + (i + 1 < n ? B64[(v >> 6) & 63] : "=") + "=";
  }
  parts.push(line);
  return parts.join("");
}

/** Base64 with line breaks every 76 chars, CRLF (MIME, RFC 2045). */
export function toBase64Lines(bytes: Uint8Array, lineLength = 76): string {
  const flat = toBase64(bytes);
  const lines: string[] = [];
  for (let i = 0; i < flat.length; i += lineLength) lines.push(flat.slice(i, i + lineLength));
  return lines.join("\r\n");
}

/** Decodes base64 (standard or url alphabet), ignoring whitespace. Throws MALFORMED on other characters. */
export function fromBase64(text: string): Uint8Array {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4) + 3);
  let acc = 0;
  let bits = 0;
  let o = 0;
  let padding = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a) continue;
    if (c === 0x3d) {
      padding++;
      continue;
    }
    const v = c < 256 ? B64_LOOKUP[c] : -1;
    if (v < 0 || padding > 0) throw new SpmError("MALFORMED", "Invalid base64 data");
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  if (padding > 2) throw new SpmError("MALFORMED", "Invalid base64 padding");
  return out.slice(0, o);
}

export function toHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/[\s:]/g, "");
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new SpmError("MALFORMED", "Invalid hex string");
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Copy into a fresh ArrayBuffer (WebCrypto and PKI.js want exact ArrayBuffers, not views). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy.buffer;
}

export function randomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  // getRandomValues is limited to 65536 bytes per call.
  for (let i = 0; i < length; i += 65536) crypto.getRandomValues(out.subarray(i, Math.min(length, i + 65536)));
  return out;
}

/** Best-effort wipe of secret material we own. */
export function wipe(bytes: Uint8Array | undefined): void {
  if (bytes) bytes.fill(0);
}

/** PEM armour: decode all blocks with the given label (or any label when omitted). */
export function pemDecodeAll(text: string, label?: string): { label: string; der: Uint8Array }[] {
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
  const out: { label: string; der: Uint8Array }[] = [];
  for (const m of text.matchAll(re)) {
    if (label && m[1] !== label) continue;
    out.push({ label: m[1], der: fromBase64(m[2].replace(/^[A-Za-z-]+:.*$/gm, "")) });
  }
  return out;
}

export function pemEncode(label: string, der: Uint8Array): string {
  return `-----BEGIN ${label}-----\n${toBase64Lines(der, 64).replace(/\r\n/g, "\n")}\n-----END ${label}-----\n`;
}
