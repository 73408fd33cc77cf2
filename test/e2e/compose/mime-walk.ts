/**
 * A deliberately small, independent MIME reader for the tests (not the product's parser): splits multiparts
 * by their boundary, unfolds headers, decodes base64 and quoted-printable. Enough for well-formed output.
 */
export interface Leaf {
  headers: Record<string, string>;
  contentType: string;
  body: Buffer;
}

function splitHead(entity: Buffer): { head: string; body: Buffer } {
  const i = entity.indexOf("\r\n\r\n");
  if (i < 0) throw new Error("entity without header/body separator");
  return { head: entity.subarray(0, i).toString("latin1"), body: entity.subarray(i + 4) };
}

function parseHeaders(head: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]/g, " ").split("\r\n")) {
    const c = line.indexOf(":");
    if (c > 0) out[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 1).trim();
  }
  return out;
}

function decodeQp(body: Buffer): Buffer {
  const s = body.toString("latin1").replace(/=\r\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "=" && /^[0-9A-F]{2}$/i.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(s.charCodeAt(i));
  }
  return Buffer.from(bytes);
}

/** All leaf parts, depth first. */
export function leaves(entity: Buffer): Leaf[] {
  const { head, body } = splitHead(entity);
  const headers = parseHeaders(head);
  const contentType = headers["content-type"] ?? "text/plain";
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (/^multipart\//i.test(contentType) && boundary) {
    const text = body.toString("latin1");
    const delimiter = "--" + boundary;
    const pieces = text.split(new RegExp(`(?:^|\\r\\n)${delimiter.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    const out: Leaf[] = [];
    for (const piece of pieces.slice(1)) {
      if (piece.startsWith("--")) break;
      out.push(...leaves(Buffer.from(piece.replace(/^[ \t]*\r\n/, ""), "latin1")));
    }
    return out;
  }
  const cte = (headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  const decoded = cte === "base64" ? Buffer.from(body.toString("latin1").replace(/\s+/g, ""), "base64") : cte === "quoted-printable" ? decodeQp(body) : body;
  return [{ headers, contentType, body: decoded }];
}
