/**
 * Outlook's attachment limits as the fake compose item enforces them on every add, per platform.
 *
 * Microsoft's "Limits for activation and JavaScript API for Outlook add-ins" (OfficeDev/office-js-docs-pr,
 * docs/outlook/limits-for-activation-and-javascript-api-for-outlook-add-ins.md, ms.date 07/14/2025):
 * - "Size of attachments ... Limit for the size of all the attachments added to a mail item": 25 MB in Outlook
 *   on the web and new Outlook on Windows ("OfficeOnline" here); "dependent on Exchange Server" in classic
 *   Outlook on Windows and on Mac, configured by the admin (`exchangeMaxTotalBytes`; Exchange Online's
 *   default maximum message size, 35 MB, unless a test sets another).
 * - "Number of attachments": 499 files on the web and in new Outlook; "Outlook on Windows (classic) and on Mac
 *   don't specifically limit the number of file attachments".
 * - "Base64-encoded string of an attachment: 27,892,122 characters (about 25 MB)", the same number as the
 *   method reference (OfficeDev/office-js-docs-reference, docs-ref-autogen/outlook, office.messagecompose:
 *   addFileAttachmentFromBase64Async "The maximum length of the encoded string is 27,892,122 characters").
 * The errors the reference lists for the add methods: `AttachmentSizeExceeded` ("The attachment is larger
 * than allowed", code 9000) and `NumberOfAttachmentsExceeded` ("The message or appointment has too many
 * attachments", 9001); Office.js' own table (office-errors-data.ts) has those codes. ("SizeLimitExceeded",
 * 9057, is the roaming-settings error, not an attachment one.)
 * Which "MB" the docs mean is not said: the simulator takes 25,000,000 bytes, the stricter reading.
 */
import { FailWith } from "./fake-async";
import type { DraftState, SimPlatform } from "./mailbox-state";

export const ADD_MAX_BASE64_CHARS = 27_892_122;
export const WEB_MAX_TOTAL_BYTES = 25_000_000;
export const WEB_MAX_ATTACHMENTS = 499;
/** Exchange Online's default maximum message size (binary MB, as Exchange counts). */
export const EXCHANGE_ONLINE_DEFAULT_MAX_BYTES = 35 * 1024 * 1024;

/** The web and new Outlook share Outlook on the web's code and limits; classic Windows and Mac have their own. */
export function isWebLike(platform: SimPlatform): boolean {
  return platform === "OfficeOnline";
}

/**
 * Throws the Office error Outlook gives when adding `addBytes` (decoded; from a base64 string of `base64Chars`)
 * to the draft would break a limit: each add alone, then the item's total and number.
 */
export function checkAttachmentAdd(draft: DraftState, platform: SimPlatform, exchangeMaxTotalBytes: number, base64Chars: number, addBytes: number): void {
  if (base64Chars > ADD_MAX_BASE64_CHARS) throw new FailWith("AttachmentSizeExceeded");
  const web = isWebLike(platform);
  if (web && draft.attachments.length + 1 > WEB_MAX_ATTACHMENTS) throw new FailWith("NumberOfAttachmentsExceeded");
  const total = draft.attachments.reduce((n, a) => n + a.size, 0) + addBytes;
  if (total > (web ? WEB_MAX_TOTAL_BYTES : exchangeMaxTotalBytes)) throw new FailWith("AttachmentSizeExceeded");
}
