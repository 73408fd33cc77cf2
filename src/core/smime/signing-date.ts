/**
 * The Date header against the signature's signingTime (issue 16 §4). A clear-signed message's Date header is
 * outside the signature: an old genuine signed message re-sent under a new Date still verifies, and the reader
 * sees the new date next to a valid signature. Thunderbird calls a difference over one hour a bad signature
 * (nsICMSMessageErrors::VERIFY_TIME_MISMATCH); we report it as a warning beside the signature status, which
 * stays what the signature is (docs/decisions.md, "Date header versus signingTime").
 */
import type { CoreConfig } from "../config";
import { finding, type Finding } from "../findings";
import type { HeaderField } from "../mime";

/** RFC 5322 date-time, comments such as "(UTC)" removed; NaN when it cannot be read. */
export function parseMailDate(value: string): number {
  const text = value.replace(/\([^()]*\)/g, " ").replace(/\s+/g, " ").trim();
  if (!/\d{1,2} [A-Za-z]{3} \d{2,4} \d{1,2}:\d{2}/.test(text)) return Number.NaN;
  return Date.parse(text);
}

/**
 * A finding when a Date header of the message and the content signature's signingTime differ by more than the
 * tolerance, or the Date cannot be read. Nothing when either is absent (signingTime is optional in CMS; a bare
 * CMS file has no header). Several Date fields are each compared: which one a client shows is its own choice.
 */
export function signingDateFindings(headers: HeaderField[] | undefined, signingTime: string | undefined, config: CoreConfig): Finding[] {
  if (!headers || signingTime === undefined) return [];
  const signed = Date.parse(signingTime);
  for (const field of headers.filter((h) => h.name.toLowerCase() === "date")) {
    const date = field.value.trim();
    const shown = parseMailDate(date);
    if (Number.isNaN(shown)) return [finding("signing-time-date-mismatch", { date, signingTime })];
    const difference = Math.abs(shown - signed);
    if (difference > config.signingTimeDateToleranceMs) {
      return [finding("signing-time-date-mismatch", { date, signingTime, differenceMinutes: Math.round(difference / 60_000) })];
    }
  }
  return [];
}
