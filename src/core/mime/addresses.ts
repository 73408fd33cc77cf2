/**
 * RFC 5322 addresses: formatting (with RFC 2047 names), lenient linear-time parsing, and the one comparison
 * used wherever a signer, a pin, a certificate or an address-book entry is matched to a sender.
 */
import { SpmError } from "../errors";
import { decodeHeaderWords, encodeWords, isPlainAscii, sanitizeHeaderText } from "./headers";

export interface Address {
  name?: string;
  address: string;
}

const ATEXT_PHRASE = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]+$/;

/** addr-spec we are willing to write: ASCII, no spaces, controls, quotes or brackets, one "@". */
function assertAddrSpec(address: string): void {
  if (address.length > 254 || !/^[^\s@<>()",;:\\[\]\x00-\x1f\x7f-\uffff]+@[A-Za-z0-9.-]+$/.test(address)) {
    throw new SpmError("INVALID_ARGUMENT", "Invalid e-mail address");
  }
}

/** Folding tokens for one address (the last token carries no comma). */
export function addressTokens(a: Address): string[] {
  assertAddrSpec(a.address);
  const name = a.name === undefined ? "" : sanitizeHeaderText(a.name).trim();
  if (name === "") return [`<${a.address}>`];
  if (isPlainAscii(name) && !name.includes("=?") && name.length <= 60) {
    const phrase = ATEXT_PHRASE.test(name) && !/ {2}/.test(name) ? name : '"' + name.replace(/[\\"]/g, (c) => "\\" + c) + '"';
    return [phrase, `<${a.address}>`];
  }
  return [...encodeWords(name), `<${a.address}>`];
}

/** "Name <addr>" with RFC 2047 encoding of non-ASCII names. Throws INVALID_ARGUMENT on an unusable address. */
export function formatAddress(a: Address): string {
  return addressTokens(a).join(" ");
}

/** Folding tokens for an address list, commas attached. */
export function addressListTokens(list: Address[]): string[] {
  const tokens: string[] = [];
  list.forEach((a, i) => {
    const t = addressTokens(a);
    if (i < list.length - 1) t[t.length - 1] += ",";
    tokens.push(...t);
  });
  return tokens;
}

type Token =
  | { kind: "word"; text: string }
  | { kind: "angle"; text: string }
  | { kind: "comma" | "colon" | "semi" };

function tokenize(value: string): Token[] {
  const tokens: Token[] = [];
  const n = value.length;
  let i = 0;
  while (i < n) {
    const c = value[i];
    if (c === " " || c === "\t" || c === "\r" || c === "\n") {
      i++;
    } else if (c === '"') {
      let text = "";
      i++;
      while (i < n && value[i] !== '"') {
        if (value[i] === "\\" && i + 1 < n) i++;
        text += value[i++];
      }
      i++;
      tokens.push({ kind: "word", text });
    } else if (c === "(") {
      let depth = 1;
      i++;
      while (i < n && depth > 0) {
        if (value[i] === "\\") i++;
        else if (value[i] === "(") depth++;
        else if (value[i] === ")") depth--;
        i++;
      }
    } else if (c === "<") {
      const close = value.indexOf(">", i + 1);
      const end = close < 0 ? n : close;
      tokens.push({ kind: "angle", text: value.slice(i + 1, end) });
      i = end + 1;
    } else if (c === ",") {
      tokens.push({ kind: "comma" });
      i++;
    } else if (c === ":") {
      tokens.push({ kind: "colon" });
      i++;
    } else if (c === ";") {
      tokens.push({ kind: "semi" });
      i++;
    } else {
      let j = i;
      while (j < n && !' \t\r\n"(<,:;>)'.includes(value[j])) j++;
      if (j === i) j++; // a stray ">" or ")"
      tokens.push({ kind: "word", text: value.slice(i, j) });
      i = j;
    }
  }
  return tokens;
}

/** RFC 5322 address list incl. display names, quoted strings, comments, groups and RFC 2047 names. Never throws. */
export function parseAddressList(value: string): Address[] {
  const out: Address[] = [];
  let words: string[] = [];
  let angle: string | undefined;
  const emit = () => {
    if (angle !== undefined) {
      const address = angle.slice(angle.lastIndexOf(":") + 1).trim(); // drop obsolete routes
      const name = decodeHeaderWords(words.join(" ")).trim();
      if (address) out.push(name ? { name, address } : { address });
    } else if (words.length) {
      const address = words.join("");
      if (address) out.push({ address });
    }
    words = [];
    angle = undefined;
  };
  for (const t of tokenize(value)) {
    if (t.kind === "word") {
      if (angle === undefined) words.push(t.text);
    } else if (t.kind === "angle") {
      if (angle === undefined) angle = t.text;
    } else if (t.kind === "colon") {
      if (angle === undefined) words = []; // group display name
    } else emit();
  }
  emit();
  return out;
}

/** A plain addr-spec: one "@", no whitespace, controls, quotes, brackets or list separators. */
const ADDR_SPEC = /^[^\s@<>()",;:\\[\]\x00-\x1f\x7f]+@[^\s@<>()",;:\\[\]\x00-\x1f\x7f]+$/;

/**
 * The form in which two addresses are compared, or undefined for anything that is not a plain addr-spec
 * (display names, groups, quoted local parts, several "@"): such a value never matches anything.
 *
 * The rule, and why: matching a signer's certificate to the sender shown is a security decision, and the two
 * ways to get it wrong are not equal. A false mismatch costs a warning; a false match lets one mailbox speak
 * for another. So the only folding is what provably names the same mailbox in practice:
 * - surrounding whitespace and one pair of angle brackets are dropped;
 * - ASCII letters are lower-cased in the domain (DNS is case-insensitive) and in the local part (RFC 5321
 *   lets the receiving host decide, and no provider distinguishes case; Outlook, Thunderbird/NSS and our
 *   address book all compare this way, see docs/decisions.md "Status precedence").
 * Nothing else: no Unicode case folding (U+212A KELVIN SIGN lower-cases to ASCII "k", so "\u212Aate@x" would
 * become "kate@x", another mailbox), no NFC/NFKC, no IDNA mapping between U-labels and A-labels, no removal of
 * dots or "+tags" (provider-specific). Addresses that differ only in those ways are reported as different.
 */
export function normalizeAddress(address: string): string | undefined {
  const a = address.trim().replace(/^<(.*)>$/, "$1").replace(/[A-Z]/g, (c) => c.toLowerCase());
  return a.length <= 320 && ADDR_SPEC.test(a) ? a : undefined;
}

/** Whether two addresses name the same mailbox (see normalizeAddress); never true when either is unreadable. */
export function sameAddress(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const na = normalizeAddress(a);
  return na !== undefined && na === normalizeAddress(b);
}

