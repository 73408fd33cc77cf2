/**
 * Minimal MIME reading for the simulator: enough to present an .eml the way Exchange stores it.
 * Not a general MIME parser (src/core/mime is the product's); lenient, ASCII/latin1 only.
 *
 * Exchange presentations (platform-facts.md):
 * - application/pkcs7-mime (encrypted or opaque-signed): IPM.Note.SMIME, no body, one `smime.p7m` holding the CMS blob.
 * - multipart/signed: IPM.Note.SMIME.MultipartSigned, one `smime.p7m` holding the whole multipart/signed entity.
 * - anything else (e.g. our own multipart/mixed notice + smime.p7m): IPM.Note with its parts as attachments.
 */
import { fromBase64, latin1Decode, latin1Encode } from "../core/bytes";

export interface PresentedAddress {
  displayName: string;
  emailAddress: string;
}

export interface PresentedAttachment {
  name: string;
  contentType: string;
  isInline: boolean;
  contentId?: string;
  bytes: Uint8Array;
}

export interface PresentedItem {
  itemClass: string;
  subject: string;
  from: PresentedAddress | undefined;
  to: PresentedAddress[];
  cc: PresentedAddress[];
  internetMessageId: string;
  bodyType: "html" | "text";
  body: string;
  attachments: PresentedAttachment[];
}

interface Entity {
  headers: [string, string][];
  /** Raw header block text (for rebuilding the signed entity). */
  headerText: string;
  body: string;
}

function splitEntity(text: string): Entity {
  const m = /\r?\n\r?\n/.exec(text);
  const headerText = m ? text.slice(0, m.index) : text;
  const body = m ? text.slice(m.index + m[0].length) : "";
  const headers: [string, string][] = [];
  for (const line of headerText.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && headers.length) headers[headers.length - 1][1] += " " + line.trim();
    else {
      const i = line.indexOf(":");
      if (i > 0) headers.push([line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim()]);
    }
  }
  return { headers, headerText, body };
}

function header(e: Entity, name: string): string | undefined {
  return e.headers.find(([n]) => n === name)?.[1];
}

function parseParams(value: string): { value: string; params: Record<string, string> } {
  const parts = value.split(";");
  const params: Record<string, string> = {};
  for (const p of parts.slice(1)) {
    const i = p.indexOf("=");
    if (i > 0) params[p.slice(0, i).trim().toLowerCase()] = p.slice(i + 1).trim().replace(/^"(.*)"$/, "$1");
  }
  return { value: parts[0].trim().toLowerCase(), params };
}

function contentType(e: Entity): { value: string; params: Record<string, string> } {
  return parseParams(header(e, "content-type") ?? "text/plain; charset=us-ascii");
}

function decodeBody(e: Entity): Uint8Array {
  const cte = (header(e, "content-transfer-encoding") ?? "7bit").toLowerCase();
  if (cte === "base64") return fromBase64(e.body.replace(/[^A-Za-z0-9+/=]/g, ""));
  if (cte === "quoted-printable") {
    const s = e.body.replace(/=\r?\n/g, "").replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    return latin1Encode(s);
  }
  return latin1Encode(e.body);
}

function splitMultipart(body: string, boundary: string): string[] {
  const parts: string[] = [];
  const delim = "--" + boundary;
  const lines = body.split(/\r?\n/);
  let current: string[] | undefined;
  for (const line of lines) {
    if (line === delim || line === delim + "--" || line.trimEnd() === delim || line.trimEnd() === delim + "--") {
      if (current) parts.push(current.join("\r\n"));
      current = line.trimEnd().endsWith("--") && line.trimEnd() !== delim ? undefined : [];
      if (line.trimEnd() === delim + "--") break;
    } else if (current) current.push(line);
  }
  return parts;
}

export function parseAddressList(value: string | undefined): PresentedAddress[] {
  if (!value) return [];
  const out: PresentedAddress[] = [];
  for (const raw of value.match(/(?:"[^"]*"|[^,])+/g) ?? []) {
    const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(raw);
    if (m) out.push({ displayName: m[1].trim() || m[2].trim(), emailAddress: m[2].trim() });
    else if (raw.trim()) out.push({ displayName: raw.trim(), emailAddress: raw.trim() });
  }
  return out;
}

/** Walk a (nested) multipart entity: first text body + every other leaf as an attachment. */
function collect(e: Entity, out: { bodyType?: "html" | "text"; body?: string; attachments: PresentedAttachment[] }): void {
  const ct = contentType(e);
  if (ct.value.startsWith("multipart/") && ct.params.boundary) {
    for (const p of splitMultipart(e.body, ct.params.boundary)) collect(splitEntity(p), out);
    return;
  }
  const disp = parseParams(header(e, "content-disposition") ?? "");
  const name = disp.params.filename ?? ct.params.name;
  const isText = ct.value === "text/plain" || ct.value === "text/html";
  if (isText && disp.value !== "attachment" && out.body === undefined) {
    out.body = latin1Decode(decodeBody(e));
    out.bodyType = ct.value === "text/html" ? "html" : "text";
    return;
  }
  const cid = header(e, "content-id")?.replace(/^<|>$/g, "");
  out.attachments.push({
    name: name ?? "attachment",
    contentType: ct.value,
    isInline: disp.value === "inline",
    ...(cid ? { contentId: cid } : {}),
    bytes: decodeBody(e),
  });
}

export function presentEml(emlBytes: Uint8Array): PresentedItem {
  const text = latin1Decode(emlBytes);
  const top = splitEntity(text);
  const ct = contentType(top);
  const base = {
    subject: header(top, "subject") ?? "",
    from: parseAddressList(header(top, "from"))[0],
    to: parseAddressList(header(top, "to")),
    cc: parseAddressList(header(top, "cc")),
    internetMessageId: header(top, "message-id") ?? "",
  };
  if (ct.value === "application/pkcs7-mime" || ct.value === "application/x-pkcs7-mime") {
    return {
      ...base,
      itemClass: "IPM.Note.SMIME",
      bodyType: "text",
      body: "",
      attachments: [{ name: "smime.p7m", contentType: "application/pkcs7-mime", isInline: false, bytes: decodeBody(top) }],
    };
  }
  if (ct.value === "multipart/signed") {
    // The whole multipart/signed entity: its content headers plus the body, exactly as received.
    const contentHeaders = top.headerText
      .split(/\r?\n(?![ \t])/)
      .filter((h) => /^content-/i.test(h))
      .join("\r\n");
    const entity = latin1Encode(contentHeaders + "\r\n\r\n" + top.body);
    const inner: { bodyType?: "html" | "text"; body?: string; attachments: PresentedAttachment[] } = { attachments: [] };
    const parts = ct.params.boundary ? splitMultipart(top.body, ct.params.boundary) : [];
    if (parts[0]) collect(splitEntity(parts[0]), inner);
    return {
      ...base,
      itemClass: "IPM.Note.SMIME.MultipartSigned",
      bodyType: inner.bodyType ?? "text",
      body: inner.body ?? "",
      attachments: [{ name: "smime.p7m", contentType: "multipart/signed", isInline: false, bytes: entity }],
    };
  }
  const out: { bodyType?: "html" | "text"; body?: string; attachments: PresentedAttachment[] } = { attachments: [] };
  collect(top, out);
  return { ...base, itemClass: "IPM.Note", bodyType: out.bodyType ?? "text", body: out.body ?? "", attachments: out.attachments };
}
