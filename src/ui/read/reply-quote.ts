/**
 * The htmlBody of a reply, reply-all or forward form: an empty line to write in, a header block (From,
 * Sent, To, Subject of the decrypted message) and the decrypted text quoted. Pure: no DOM, no Office.
 *
 * The text is quoted as escaped plain text, never as the message's HTML: Outlook's compose editor is not a
 * sandbox, so remote images, styles or forms of the original would load there (an EFAIL-style channel),
 * and plain text has a predictable length. Outlook takes at most 32 KB (`htmlBody.length`, UTF-16 code
 * units): a longer quote is cut at a character boundary and ends with a note that says so.
 */
import { htmlToText } from "../../core/mime";
import type { Language } from "../../core/types";
import { FORM_HTML_BODY_MAX_LENGTH } from "../../host";
import { format } from "../shared";
import type { BodyView } from "./content";
import { replyStrings } from "./reply-strings";

/** A header value longer than this is cut (a hostile subject must not eat the quote's budget). */
const HEADER_VALUE_MAX = 300;

export type QuoteKind = "reply" | "replyAll" | "forward";

export interface QuoteInput {
  kind: QuoteKind;
  language: Language;
  from?: string;
  date?: string;
  to?: string[];
  subject?: string;
  body: BodyView;
}

export interface Quote {
  html: string;
  /** The quoted text was cut to fit the limit. */
  truncated: boolean;
  /** Characters of the decrypted text quoted, and in all. */
  quotedChars: number;
  totalChars: number;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function bodyText(body: BodyView): string {
  if (body.kind === "text") return body.text;
  if (body.kind === "html") return htmlToText(body.html);
  return "";
}

function escapeText(text: string): string {
  return Array.from(text, escapeChar).join("");
}

/** One character of text content: only &, < and > need escaping there (the shortest forms, to save budget). */
function escapeChar(c: string): string {
  switch (c) {
    case "\n":
      return "<br>";
    case "\r":
      return "";
    case "&":
      return "&amp;";
    case "<":
      return "&lt;";
    case ">":
      return "&gt;";
    default:
      return c;
  }
}

function headerBlock(input: QuoteInput): string {
  const s = replyStrings[input.language];
  const cut = (v: string) => escapeHtml(v.length > HEADER_VALUE_MAX ? v.slice(0, HEADER_VALUE_MAX) + "…" : v);
  const rows: [string, string | undefined][] = [
    [s.quoteFrom, input.from],
    [s.quoteSent, input.date],
    [s.quoteTo, input.to?.length ? input.to.join("; ") : undefined],
    [s.quoteSubject, input.subject],
  ];
  const lines = rows.filter((r): r is [string, string] => !!r[1]).map(([label, value]) => `<b>${escapeHtml(label)}</b> ${cut(value)}`);
  const title = input.kind === "forward" ? `<div>${escapeHtml(s.forwardMarker)}</div>` : "";
  return `${title}<div style="border-top:solid #e1e1e1 1pt;padding-top:3pt">${lines.join("<br>")}</div>`;
}

export function buildQuote(input: QuoteInput, limit = FORM_HTML_BODY_MAX_LENGTH): Quote {
  const s = replyStrings[input.language];
  const text = bodyText(input.body);
  const open = `<div><br></div><div><br></div>${headerBlock(input)}<blockquote style="margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex">`;
  const close = "</blockquote>";
  // Escaping never shortens, so a text longer than the budget is cut without escaping all of it first.
  if (open.length + text.length + close.length <= limit) {
    const full = escapeText(text);
    if (open.length + full.length + close.length <= limit) {
      return { html: open + full + close, truncated: false, quotedChars: text.length, totalChars: text.length };
    }
  }
  // Cut: the note is sized for the worst case of its numbers, then characters are taken while they fit.
  const noteFor = (quoted: number) => `<p><i>${escapeText(format(s.quoteTruncated, { quoted, total: text.length }))}</i></p>`;
  const budget = limit - open.length - close.length - noteFor(text.length).length;
  let used = 0;
  let quoted = 0;
  const parts: string[] = [];
  for (const c of text) {
    const e = escapeChar(c);
    if (used + e.length > budget) break;
    parts.push(e);
    used += e.length;
    quoted += c.length;
  }
  const html = open + parts.join("") + close + noteFor(quoted);
  return { html, truncated: true, quotedChars: quoted, totalChars: text.length };
}
