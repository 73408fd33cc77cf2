/**
 * Attachment names from a message are attacker-chosen text. `invoice\u202Efdp.exe` displays as "invoiceexe.pdf"
 * (U+202E RIGHT-TO-LEFT OVERRIDE), zero-width characters hide or split words, and runs of spaces push the real
 * extension out of sight. safeFileName gives the panes and the CLI one answer for showing and for saving a name
 * (Unicode TR #36, "Bidirectional Text Spoofing").
 */

export interface SafeFileName {
  /** The name to show: invisible and bidi control characters removed, whitespace runs collapsed. */
  display: string;
  /**
   * The real extension, lower case, without the dot ("" when there is none): what the operating system uses to
   * choose the program, after it drops trailing dots and spaces as Windows does. Show it separately.
   */
  extension: string;
  /** A file name safe to save under on Windows, macOS and Linux (no path, no reserved names, at most 240 bytes). */
  saveAs: string;
  /** The name as sent differs from `display`: say so next to it (it may be a spoofing attempt). */
  changed: boolean;
}

/**
 * Removed from names: bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069), the marks and
 * zero-width characters U+200B-200F and U+061C, the BOM/zero-width no-break space U+FEFF, word joiner and
 * invisible operators (U+2060-2064), deprecated format characters (U+206A-206F), soft hyphen, Mongolian vowel
 * separator, interlinear annotation marks, line/paragraph separators, and C0/C1 controls.
 */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g;

/** Characters that no common file system allows in a name, or that make it a path. */
const NOT_IN_FILE_NAMES = /[\\/:*?"<>|]/g;

/** Windows device names: "CON", "con.txt", "LPT1.pdf" open a device instead of a file. */
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

const MAX_SAVE_BYTES = 240;
/** Longer names are shown as their start, an ellipsis and their end (the end carries the extension). */
const MAX_DISPLAY_CHARS = 200;

function utf8Bytes(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) n += utf8Bytes(ch.codePointAt(0)!);
  return n;
}

/** Cut `s` to at most `max` UTF-8 bytes without splitting a character. */
function cutUtf8(s: string, max: number): string {
  let bytes = 0;
  let end = 0;
  for (const ch of s) {
    const n = utf8Bytes(ch.codePointAt(0)!);
    if (bytes + n > max) break;
    bytes += n;
    end += ch.length;
  }
  return s.slice(0, end);
}

/** Start ... end, cut at character boundaries (surrogate pairs stay whole). */
function shorten(s: string): string {
  const chars = [...s];
  if (chars.length <= MAX_DISPLAY_CHARS) return s;
  return chars.slice(0, 150).join("") + "…" + chars.slice(-40).join("");
}

/** The extension the system will use: after the last dot, once trailing dots and spaces are gone. */
function extensionOf(name: string): string {
  const trimmed = name.replace(/[. ]+$/, "");
  const dot = trimmed.lastIndexOf(".");
  return dot > 0 ? trimmed.slice(dot + 1).toLowerCase() : "";
}

export function safeFileName(name: string, fallback = "attachment"): SafeFileName {
  const visible = name.replace(INVISIBLE, "").replace(/\s+/g, " ").trim();
  const full = visible === "" ? fallback : visible;
  const extension = extensionOf(full);
  const display = shorten(full);

  let save = full.replace(NOT_IN_FILE_NAMES, "_").replace(/^[. ]+/, "").replace(/[. ]+$/, "");
  if (save === "") save = fallback;
  if (RESERVED.test(save)) save = "_" + save;
  if (utf8Length(save) > MAX_SAVE_BYTES) {
    const suffix = extension ? "." + cutUtf8(extension, 32) : "";
    save = cutUtf8(save, MAX_SAVE_BYTES - utf8Length(suffix)).replace(/[. ]+$/, "") + suffix;
  }
  return { display, extension, saveAs: save, changed: display !== name };
}
