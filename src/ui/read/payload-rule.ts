/**
 * Which protected bytes are the message's own payload, opened without asking (issue 13, weakness 2:
 * "Johnny, You Are Fired" §5, "Re: What's up Johnny"). An ordinary mail whose single attachment is a .p7m
 * is opened automatically only when everything Outlook shows outside the attachment is exactly our own
 * notice (the compose pane's, any protection, either language order, with or without the reader line), or
 * when the item itself is native S/MIME. Otherwise the attachment is a nested protected part: the user
 * chooses to open it, and the text Outlook shows around it is not covered by it.
 * Pure: the host reads the visible body; this decides.
 */
import type { Language } from "../../core/types";
import { noticeText, OPENSSL_COMMAND, type Protection } from "../compose/notice";

export type PayloadDecision =
  | { open: "automatic"; reason: "native-smime" | "own-notice" }
  | { open: "on-request"; reason: "not-own-notice" | "several-attachments" | "body-unreadable" };

export interface PayloadFacts {
  itemClass: string;
  /** How the host found the protected bytes. */
  kind: "p7m-attachment" | "multipart-signed-attachment" | "eml";
  /** Attachments that are not inline (the .p7m included). */
  fileAttachments: number;
  /** The body Outlook shows, as plain text; undefined when the host could not read it. */
  visibleBody: string | undefined;
}

const URL_MARK = "\u0000URL\u0000";
/** The reader's address as the notice writes it: an http(s) origin and path ending in /reader.html. */
const READER_URL = "https?://[A-Za-z0-9.-]{1,253}(?::\\d{1,5})?(?:/[A-Za-z0-9._~%!$&'()*+,;=:@-]{0,200}){0,20}/reader\\.html";

/** Whitespace as Outlook's HTML-to-text conversion leaves it (line breaks, NBSP, tabs) counts as one space. */
export function normaliseVisibleText(text: string): string {
  return text.replace(/[\s\u00a0\u200b\ufeff]+/g, " ").trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

let patterns: RegExp[] | undefined;

function noticePatterns(): RegExp[] {
  if (patterns) return patterns;
  const out: RegExp[] = [];
  for (const protection of ["both", "encrypt", "sign"] as Protection[]) {
    for (const language of ["en", "de"] as Language[]) {
      for (const reader of [URL_MARK, undefined]) {
        const text = normaliseVisibleText(noticeText(protection, language, reader));
        const source = escapeRegExp(text).split(escapeRegExp(URL_MARK)).join(READER_URL);
        out.push(new RegExp(`^${source}$`));
      }
    }
  }
  if (!out.some((p) => p.source.includes(escapeRegExp(OPENSSL_COMMAND)))) throw new Error("notice patterns lost the OpenSSL line");
  return (patterns = out);
}

/** True when `visibleBody` is exactly one of our notices (whitespace aside), and nothing else. */
export function isOwnNotice(visibleBody: string): boolean {
  const text = normaliseVisibleText(visibleBody);
  if (text.length === 0 || text.length > 4000) return false;
  return noticePatterns().some((p) => p.test(text));
}

export function decidePayload(facts: PayloadFacts): PayloadDecision {
  if (/^IPM\.Note\.SMIME/i.test(facts.itemClass)) return { open: "automatic", reason: "native-smime" };
  if (facts.kind !== "p7m-attachment") return { open: "on-request", reason: "not-own-notice" };
  if (facts.fileAttachments !== 1) return { open: "on-request", reason: "several-attachments" };
  if (facts.visibleBody === undefined) return { open: "on-request", reason: "body-unreadable" };
  return isOwnNotice(facts.visibleBody) ? { open: "automatic", reason: "own-notice" } : { open: "on-request", reason: "not-own-notice" };
}
