/**
 * The envelope's recipient set, recorded when the compose pane encrypts a draft and compared at send time
 * (and by the pane while it is open). A recipient added, removed or moved between To, Cc and Bcc after
 * encryption would receive a message they cannot decrypt, or patient data meant for someone else: the send
 * guard blocks on any difference (docs/decisions.md, "Recipient set recorded at encryption").
 *
 * Kept in item.sessionData (Mailbox 1.11), never in an internet header: sessionData does not travel with the
 * message, and it holds nothing the same draft's To/Cc/Bcc fields do not already show, so the addresses are
 * stored in clear (normalized) and the block message can name what changed.
 *
 * Runs in classic Outlook's ES2016 JavaScript-only runtime too: plain string work, no crypto, no regex features
 * newer than ES2016.
 */
import type { LocalizedText } from "../types";

export type RecipientField = "to" | "cc" | "bcc";
export const RECIPIENT_FIELDS: readonly RecipientField[] = ["to", "cc", "bcc"];

/** Sorted, unique, normalized addresses per field. */
export type RecipientSet = Record<RecipientField, string[]>;

/** Format tag of the recorded value; a value without it (or another version) is "unknown", which blocks. */
const VERSION = 1;

/**
 * The part of an address that decides who receives the mail: trimmed, brackets removed, ASCII lower case. Only
 * ASCII: Unicode lower-casing would make U+212A KELVIN SIGN equal "k", so a look-alike swapped in after
 * encryption would pass as unchanged.
 */
export function recipientKey(address: string): string {
  let a = String(address || "").trim();
  if (a.charAt(0) === "<" && a.charAt(a.length - 1) === ">") a = a.slice(1, -1).trim();
  return a.replace(/[A-Z]+/g, (upper) => upper.toLowerCase());
}

export function recipientSetOf(fields: Partial<Record<RecipientField, readonly { emailAddress?: string }[]>>): RecipientSet {
  const out: RecipientSet = { to: [], cc: [], bcc: [] };
  for (const field of RECIPIENT_FIELDS) {
    const seen: Record<string, true> = {};
    for (const r of fields[field] || []) {
      const a = recipientKey(r.emailAddress || "");
      if (a && !seen[a]) {
        seen[a] = true;
        out[field].push(a);
      }
    }
    out[field].sort();
  }
  return out;
}

/** The sessionData value (a string: sessionData holds strings only). */
export function encodeRecipientSet(set: RecipientSet): string {
  return JSON.stringify({ v: VERSION, to: set.to, cc: set.cc, bcc: set.bcc });
}

/** The recorded set, or undefined when absent or unreadable (the caller treats that as "changed"). */
export function decodeRecipientSet(raw: unknown): RecipientSet | undefined {
  if (typeof raw !== "string" || raw === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined; // not ours or damaged: unknown, which the guard treats as a change
  }
  if (!value || typeof value !== "object" || (value as { v?: unknown }).v !== VERSION) return undefined;
  const fields: Partial<Record<RecipientField, { emailAddress: string }[]>> = {};
  for (const field of RECIPIENT_FIELDS) {
    const list = (value as Record<string, unknown>)[field];
    if (!Array.isArray(list) || !list.every((a) => typeof a === "string")) return undefined;
    fields[field] = list.map((a: string) => ({ emailAddress: a }));
  }
  return recipientSetOf(fields);
}

export interface RecipientChange {
  /** In the draft now, not when it was encrypted (in any field). */
  added: string[];
  /** Encrypted for, no longer in the draft. */
  removed: string[];
  /** In both, but in another field (e.g. To -> Bcc). */
  moved: string[];
  /** No readable record of the set at encryption (an older draft, or the record was removed). */
  unknown: boolean;
}

function all(set: RecipientSet): string[] {
  const out: string[] = [];
  for (const field of RECIPIENT_FIELDS) for (const a of set[field]) if (out.indexOf(a) < 0) out.push(a);
  return out.sort();
}

/** undefined when the draft's recipients equal the recorded ones, field by field; otherwise what changed. */
export function compareRecipientSets(recorded: RecipientSet | undefined, current: RecipientSet): RecipientChange | undefined {
  if (!recorded) return { added: all(current), removed: [], moved: [], unknown: true };
  const before = all(recorded);
  const now = all(current);
  const added = now.filter((a) => before.indexOf(a) < 0);
  const removed = before.filter((a) => now.indexOf(a) < 0);
  const moved = now.filter((a) => before.indexOf(a) >= 0 && RECIPIENT_FIELDS.some((f) => (recorded[f].indexOf(a) >= 0) !== (current[f].indexOf(a) >= 0)));
  return added.length || removed.length || moved.length ? { added, removed, moved, unknown: false } : undefined;
}

/** At most this many addresses are named per list; the rest are counted, so the text stays short. */
const NAMED = 3;

function names(list: string[], more: (n: number) => string): string {
  const shown = list.slice(0, NAMED).join(", ");
  return list.length > NAMED ? shown + " " + more(list.length - NAMED) : shown;
}

/** The send guard's and the pane's explanation; the guard fits it to Smart Alerts' 500 characters. */
export function recipientsChangedMessage(change: RecipientChange): LocalizedText {
  if (change.unknown) {
    return {
      en: "Secure Patient Mail cannot confirm that this message was encrypted for its current recipients. Open Secure Patient Mail and encrypt it again before sending.",
      de: "Secure Patient Mail kann nicht bestätigen, dass diese Nachricht für ihre aktuellen Empfänger verschlüsselt wurde. Öffnen Sie Secure Patient Mail und verschlüsseln Sie sie vor dem Senden erneut.",
    };
  }
  const en: string[] = [];
  const de: string[] = [];
  const moreEn = (n: number) => `and ${n} more`;
  const moreDe = (n: number) => `und ${n} weitere`;
  if (change.added.length) {
    en.push(`added: ${names(change.added, moreEn)}`);
    de.push(`hinzugefügt: ${names(change.added, moreDe)}`);
  }
  if (change.removed.length) {
    en.push(`removed: ${names(change.removed, moreEn)}`);
    de.push(`entfernt: ${names(change.removed, moreDe)}`);
  }
  if (change.moved.length) {
    en.push(`moved between To, Cc and Bcc: ${names(change.moved, moreEn)}`);
    de.push(`zwischen An, Cc und Bcc verschoben: ${names(change.moved, moreDe)}`);
  }
  return {
    en: `The recipients changed after this message was encrypted (${en.join("; ")}). New recipients could not decrypt it. Encrypt it again for the current recipients, or restore the original recipients.`,
    de: `Die Empfänger wurden nach dem Verschlüsseln geändert (${de.join("; ")}). Neue Empfänger könnten die Nachricht nicht entschlüsseln. Verschlüsseln Sie sie für die aktuellen Empfänger erneut oder stellen Sie die ursprünglichen Empfänger wieder her.`,
  };
}
