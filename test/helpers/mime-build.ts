/**
 * Raw MIME for tests, built the way mail programs write it (CRLF, base64 in 76-character lines): one place
 * for the multipart framing that message fixtures in unit, e2e and reader tests all need. Not the product's
 * MIME writer on purpose: the tests must not trust the code they check.
 */

export interface MimePart {
  headers: string[];
  body: string;
}

/** Base64 in 76-character lines (RFC 2045), CRLF-separated. */
export function base64Lines(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64").replace(/.{76}/g, "$&\r\n");
}

/** A text part: its Content-Type line (and any further header lines) and the text as it stands. */
export function textPart(body: string, contentType = "text/plain", extraHeaders: string[] = []): MimePart {
  return { headers: [`Content-Type: ${contentType}`, ...extraHeaders], body };
}

/** An attachment `name` of `contentType` (parameters allowed), base64-encoded. */
export function attachmentPart(name: string, contentType: string, bytes: Uint8Array): MimePart {
  return {
    headers: [`Content-Type: ${contentType}; name="${name}"`, "Content-Transfer-Encoding: base64", `Content-Disposition: attachment; filename="${name}"`],
    body: base64Lines(bytes),
  };
}

/** Our enveloped CMS as the attachment smime.p7m. */
export function p7mPart(der: Uint8Array, smimeType = "enveloped-data"): MimePart {
  return attachmentPart("smime.p7m", `application/pkcs7-mime; smime-type=${smimeType}`, der);
}

/**
 * A multipart entity: `headers` (e.g. From, To, Subject, MIME-Version), the Content-Type with `boundary`
 * (multipart/mixed unless `contentType` says otherwise; it must contain the boundary), the parts, the
 * closing delimiter and a final CRLF.
 */
export function multipart(boundary: string, parts: MimePart[], options: { headers?: string[]; contentType?: string } = {}): string {
  return [
    ...(options.headers ?? []),
    `Content-Type: ${options.contentType ?? `multipart/mixed; boundary="${boundary}"`}`,
    "",
    ...parts.flatMap((p) => [`--${boundary}`, ...p.headers, "", p.body]),
    `--${boundary}--`,
    "",
  ].join("\r\n");
}
