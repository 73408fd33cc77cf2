/**
 * Attachments of the opened content for `spm verify`/`spm open`: listed in the JSON report with their names
 * made safe (safeFileName: no bidi or invisible characters, the real extension apart), and with
 * `open --attachments DIR` saved under the safe name, never over an existing file.
 */
import { openSync, closeSync, writeSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { SpmError } from "../core/errors";
import { listAttachments, parseMime } from "../core/mime";
import type { OpenReport } from "../core/smime";

export interface AttachmentJson {
  /** The name to show (controls removed). */
  name: string;
  /** The real extension, lower case, without the dot. */
  extension: string;
  /** The name as sent differed from `name` (hidden or bidi characters, collapsed spaces). */
  nameChanged: boolean;
  mediaType: string;
  size: number;
  /** Where it was saved (open --attachments). */
  savedAs?: string;
}

/** Create `dir/name`, or `dir/base (2).ext` ... when taken; never overwrites (exclusive create). */
function createUnique(dir: string, name: string, extension: string): { path: string; fd: number } {
  const base = extension && name.toLowerCase().endsWith("." + extension) ? name.slice(0, -(extension.length + 1)) : name;
  const suffix = extension && base !== name ? name.slice(base.length) : "";
  for (let n = 1; n <= 1000; n++) {
    const path = join(dir, n === 1 ? name : `${base} (${n})${suffix}`);
    try {
      return { path, fd: openSync(path, "wx", 0o600) };
    } catch (e) {
      if ((e as { code?: string }).code !== "EEXIST") throw new SpmError("INVALID_ARGUMENT", `cannot write ${path}`, { cause: e });
    }
  }
  throw new SpmError("INVALID_ARGUMENT", `too many files named like ${name} in ${dir}`);
}

export function attachmentsOf(report: OpenReport, saveTo?: string): AttachmentJson[] {
  if (!report.contentIsMime) return [];
  if (saveTo !== undefined) {
    try {
      mkdirSync(saveTo, { recursive: true });
    } catch (e) {
      throw new SpmError("INVALID_ARGUMENT", `cannot create ${saveTo}`, { cause: e });
    }
  }
  return listAttachments(parseMime(report.contentSource ?? report.content)).map((a) => {
    // Decoded only to be saved: listing needs the size alone (a 25 MB attachment is not held a second time).
    const bytes = saveTo !== undefined ? a.bytes() : undefined;
    const entry: AttachmentJson = { name: a.name.display, extension: a.name.extension, nameChanged: a.name.changed, mediaType: a.mediaType, size: bytes?.length ?? a.size() };
    if (bytes !== undefined && saveTo !== undefined) {
      const { path, fd } = createUnique(saveTo, a.name.saveAs, a.name.extension);
      try {
        writeSync(fd, bytes);
      } finally {
        closeSync(fd);
      }
      entry.savedAs = path;
    }
    return entry;
  });
}
