/**
 * Header protection on the receiving side (RFC 9788 §4): the header fields inside the protected entity, and
 * what differs from the outside.
 *
 * Rules:
 * - From: the inner and outer addr-specs must name the same mailboxes (sameAddress). No header confidentiality
 *   policy changes the From addr-spec (RFC 9788 §3.1.1), so a difference is spoofing or tampering: an error
 *   finding with status signer-mismatch (§4.4). The outer From is the message's From header, or for a bare
 *   CMS file the From the caller shows.
 * - Signed only (hp="clear", or no hp and no encryption layer): nothing is confidential, so every other field
 *   present on both sides must match (warning).
 * - Encrypted (hp="cipher", or no hp under encryption): the outside may be obscured on purpose (Subject "[...]",
 *   hidden recipients, a blurred Date). When the sender recorded the outside in HP-Outer fields, the actual outside
 *   is compared with that record (a difference was made in transit); without HP-Outer only a Subject that is not
 *   an obscured placeholder is compared.
 */
import { finding, type Finding, type ProtectedField } from "../findings";
import { decodeHeaderWords, normalizeAddress, parseAddressList, sameAddress, type HeaderField, type MimePart } from "../mime";
import type { ProtectedHeaders } from "./report";
import { parseMailDate } from "./signing-date";

const FIELDS: ProtectedField[] = ["from", "sender", "to", "cc", "reply-to", "subject", "date"];
const ADDRESS_FIELDS = new Set<ProtectedField>(["from", "sender", "to", "cc", "reply-to"]);
const ADDED_AFTER_SENDING = new Set<ProtectedField>(["date", "sender"]);
/** Outer Subjects that only say "obscured": RFC 9788's "[...]" and the "..." of older Thunderbird/Enigmail. */
const OBSCURED_SUBJECTS = new Set(["[...]", "..."]);

function values(headers: HeaderField[], field: string): string[] {
  return headers.filter((h) => h.name.toLowerCase() === field).map((h) => h.value);
}

function addressesOf(raw: string[]): string[] {
  return raw.flatMap((v) => parseAddressList(v).map((a) => normalizeAddress(a.address) ?? a.address));
}

function sameAddressSet(a: string[], b: string[]): boolean {
  const has = (list: string[], x: string) => list.some((y) => y === x || sameAddress(x, y));
  return a.every((x) => has(b, x)) && b.every((x) => has(a, x));
}

function text(raw: string): string {
  return decodeHeaderWords(raw).replace(/\s+/g, " ").trim();
}

/** The protected header fields of the innermost entity, or undefined when it carries none. */
export function readProtectedHeaders(part: MimePart): ProtectedHeaders | undefined {
  const h = part.headers;
  if (!h.some((f) => (FIELDS as string[]).includes(f.name.toLowerCase()))) return undefined;
  const subject = values(h, "subject")[0];
  const date = values(h, "date")[0];
  const hp = part.contentType.params["hp"]?.toLowerCase();
  return {
    from: addressesOf(values(h, "from")),
    sender: addressesOf(values(h, "sender")),
    to: addressesOf(values(h, "to")),
    cc: addressesOf(values(h, "cc")),
    replyTo: addressesOf(values(h, "reply-to")),
    ...(subject !== undefined ? { subject: text(subject) } : {}),
    ...(date !== undefined ? { date: date.trim() } : {}),
    ...(hp ? { hp } : {}),
  };
}

/** One field's value for comparison: an address set or a normalised text. */
type FieldValue = { kind: "addresses"; list: string[] } | { kind: "text"; value: string };

function fieldValue(field: ProtectedField, raw: string[]): FieldValue | undefined {
  if (raw.length === 0) return undefined;
  if (ADDRESS_FIELDS.has(field)) return { kind: "addresses", list: addressesOf(raw) };
  return { kind: "text", value: field === "subject" ? text(raw[0]) : raw[0].trim() };
}

function same(field: ProtectedField, a: FieldValue, b: FieldValue): boolean {
  if (a.kind === "addresses" && b.kind === "addresses") return sameAddressSet(a.list, b.list);
  if (a.kind !== "text" || b.kind !== "text") return false;
  if (field === "date") {
    // RFC 5322 date-times only (as the signingTime check reads them): Date.parse also takes "1" or ISO 8601,
    // forms a mail client does not show as the same date. Anything else is compared as written.
    const ta = parseMailDate(a.value);
    const tb = parseMailDate(b.value);
    if (!Number.isNaN(ta) && !Number.isNaN(tb)) return ta === tb;
  }
  return a.value === b.value;
}

function show(v: FieldValue): string {
  return v.kind === "addresses" ? v.list.join(", ") : v.value;
}

/** HP-Outer records ("HP-Outer: Subject: [...]"), as header fields. */
function hpOuterRecords(inner: HeaderField[]): HeaderField[] {
  return values(inner, "hp-outer").flatMap((v) => {
    const colon = v.indexOf(":");
    return colon > 0 ? [{ name: v.slice(0, colon).trim(), value: v.slice(colon + 1).trim() }] : [];
  });
}

export interface OuterView {
  /** The message's own header fields (undefined for a bare CMS file). */
  headers?: HeaderField[];
  /** The From the caller shows, used when there are no header fields. */
  shownFrom?: string[];
  /** Whether an encryption layer was opened. */
  encrypted: boolean;
}

/** Findings for every protected field that differs from the outside (see the rules at the top). */
export function compareProtectedHeaders(innerPart: MimePart, inner: ProtectedHeaders, outer: OuterView): Finding[] {
  const out: Finding[] = [];
  const outerFromHeader = outer.headers ? addressesOf(values(outer.headers, "from")) : [];
  const outerFrom = outerFromHeader.length > 0 ? outerFromHeader : (outer.shownFrom ?? []);
  if (inner.from.length > 0 && outerFrom.length > 0 && !sameAddressSet(inner.from, outerFrom)) {
    out.push(finding("protected-from-mismatch", { inner: [...inner.from], outer: [...outerFrom] }));
  }
  if (!outer.headers) return out;

  const mode = inner.hp ?? (outer.encrypted ? "cipher" : "clear");
  const records = mode === "cipher" ? hpOuterRecords(innerPart.headers) : [];
  for (const field of FIELDS.filter((f): f is Exclude<ProtectedField, "from"> => f !== "from")) {
    const actual = fieldValue(field, values(outer.headers, field));
    let expected: FieldValue | undefined;
    if (mode === "clear") {
      expected = fieldValue(field, values(innerPart.headers, field));
    } else if (records.length > 0) {
      // The sender's record of the outside; a field it does not list was not sent outside at all.
      expected = fieldValue(field, values(records, field));
      // Date and Sender may be added after the sender's client (submission server, "on behalf of").
      if (expected === undefined && actual !== undefined && !ADDED_AFTER_SENDING.has(field)) {
        out.push(finding("protected-header-mismatch", { field, inner: "", outer: show(actual) }));
        continue;
      }
    } else if (field === "subject" && actual?.kind === "text" && !OBSCURED_SUBJECTS.has(actual.value)) {
      expected = fieldValue(field, values(innerPart.headers, field));
    }
    if (expected !== undefined && actual !== undefined && !same(field, expected, actual)) {
      out.push(finding("protected-header-mismatch", { field, inner: show(expected), outer: show(actual) }));
    }
  }
  return out;
}
