/**
 * The files in a message as a program without a UI sees them (the CLI): every leaf part that is an attachment
 * or has a file name, and every forwarded message, each with its name made safe (safeFileName). Parts are not
 * opened: an S/MIME part inside stays a file (openMessage reports it as "nested-smime").
 */
import { decodedLength } from "../base64";
import { chunks } from "../byte-source";
import { decodeHeaderWords } from "./headers";
import type { MimePart } from "./parse";
import { safeFileName, type SafeFileName } from "./file-names";

export interface AttachmentEntry {
  name: SafeFileName;
  mediaType: string;
  /** The decoded content. */
  bytes: () => Uint8Array;
  /** Its length, without holding it (base64 is decoded through a small buffer). */
  size: () => number;
}

function decodedSize(part: MimePart): number {
  const { source, bodyStart, end } = part.location;
  if (part.transferEncoding === "base64") return decodedLength(chunks(source, bodyStart, end));
  // Identity encodings: the size is the body's length, read from nowhere (quoted-printable must be decoded).
  return part.transferEncoding === "quoted-printable" ? part.body().length : end - bodyStart;
}

const MAX_DEPTH = 30;

function fileName(part: MimePart): string | undefined {
  const raw = part.filename ?? part.contentType.params["name"];
  return raw === undefined ? undefined : decodeHeaderWords(raw);
}

export function listAttachments(root: MimePart): AttachmentEntry[] {
  const out: AttachmentEntry[] = [];
  const add = (part: MimePart, name: string | undefined, bytes: () => Uint8Array, size: () => number) => {
    out.push({ name: safeFileName(name ?? "", `attachment-${out.length + 1}`), mediaType: part.contentType.mediaType, bytes, size });
  };
  const walk = (part: MimePart, depth: number) => {
    if (depth > MAX_DEPTH) return;
    const mt = part.contentType.mediaType;
    if (mt === "message/rfc822" || mt === "message/global") {
      const inner = part.parts[0];
      const subject = inner?.header("subject");
      const bytes = () => inner?.raw ?? part.body();
      add(part, fileName(part) ?? `${subject ? decodeHeaderWords(subject) : "message"}.eml`, bytes, () => (inner ? inner.raw.length : decodedSize(part)));
      return;
    }
    if (part.isMultipart) {
      for (const child of part.parts) walk(child, depth + 1);
      return;
    }
    const name = fileName(part);
    if (name !== undefined || part.disposition?.type === "attachment") add(part, name, () => part.body(), () => decodedSize(part));
  };
  walk(root, 0);
  return out;
}
