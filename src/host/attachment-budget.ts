/**
 * Outlook's attachment limits per platform, and the order in which the compose port swaps the draft's
 * attachments for smime.p7m so that the draft never holds more than Outlook accepts (pure: no Office).
 *
 * Microsoft's "Limits for activation and JavaScript API for Outlook add-ins" (OfficeDev/office-js-docs-pr,
 * docs/outlook/limits-for-activation-and-javascript-api-for-outlook-add-ins.md, ms.date 07/14/2025):
 * - "Size of attachments": the size of ALL attachments of the item together is limited, 25 MB in Outlook on the
 *   web and new Outlook; in classic Outlook on Windows and on Mac it is "dependent on Exchange Server"
 *   (the admin's limit; Exchange Online's default maximum message size is 35 MB).
 * - "Number of attachments": 499 files on the web and in new Outlook; classic Windows and Mac set no number.
 * - "Base64-encoded string of an attachment": 27,892,122 characters per addFileAttachmentFromBase64Async call
 *   (also in the method's reference, office-js-docs-reference docs-ref-autogen/outlook office.messagecompose).
 * Errors when a limit is hit: AttachmentSizeExceeded (9000), NumberOfAttachmentsExceeded (9001).
 */
import type { DraftAttachment } from "./compose-types";

/** One addFileAttachmentFromBase64Async call: the documented maximum length of the base64 string. */
export const ATTACHMENT_MAX_BASE64_CHARS = 27_892_122;
/**
 * All attachments together on the web and in new Outlook: "25 MB". The docs do not say which megabyte; the
 * decimal one is the smaller, so a draft we accept is within either reading (docs/decisions.md).
 */
export const WEB_MAX_TOTAL_BYTES = 25_000_000;
export const WEB_MAX_ATTACHMENTS = 499;
/**
 * Classic Windows and Mac: the Exchange admin's limit, which an add-in cannot read. We plan with Exchange
 * Online's default maximum message size (35 MB, binary); a lower limit makes Outlook refuse the add with
 * AttachmentSizeExceeded, and the port then rolls the draft back.
 */
export const CLASSIC_ASSUMED_TOTAL_BYTES = 35 * 1024 * 1024;

export interface AttachmentBudget {
  /** Largest base64 string of one add. */
  maxBase64Chars: number;
  /** Largest total of the decoded sizes of all attachments of the item. */
  maxTotalBytes: number;
  /** Most attachments an item may hold (undefined: no number is documented). */
  maxCount?: number;
}

/**
 * Classic Outlook on Windows and on Mac (`Office.context.platform` "PC" / "Mac"): the Exchange limit, no file
 * count, and adds that succeed with Outlook's own S/MIME on. Everything else is treated as the web and new Outlook.
 */
export function isClassicOutlook(platform: string): boolean {
  return platform === "PC" || platform === "Mac";
}

/** The budget of a platform as `Office.context.platform` names it; unknown platforms get the web's. */
export function attachmentBudgetFor(platform: string): AttachmentBudget {
  if (isClassicOutlook(platform)) return { maxBase64Chars: ATTACHMENT_MAX_BASE64_CHARS, maxTotalBytes: CLASSIC_ASSUMED_TOTAL_BYTES };
  return { maxBase64Chars: ATTACHMENT_MAX_BASE64_CHARS, maxTotalBytes: WEB_MAX_TOTAL_BYTES, maxCount: WEB_MAX_ATTACHMENTS };
}

/** What the plan needs of each attachment already in the draft. */
export interface ExistingAttachment {
  /** Decoded bytes (what Outlook counts). */
  size: number;
  /**
   * Inline images stay until the body no longer refers to them: removeAttachmentAsync does not remove them
   * (documented), so the plan never counts on them being gone before smime.p7m is added.
   */
  isInline: boolean;
}

/** The draft's attachments as the plan counts them (decoded bytes; attached items by their listed size). */
export function existingAttachments(attachments: readonly Pick<DraftAttachment, "format" | "size" | "bytes" | "isInline">[]): ExistingAttachment[] {
  return attachments.map((a) => ({ size: a.format === "base64" ? a.bytes.length : a.size, isInline: a.isInline }));
}

/** Decoded bytes of a base64 string of this length (upper bound: padding ignored). */
export function base64Bytes(chars: number): number {
  return Math.floor((chars * 3) / 4);
}

function sum(list: ExistingAttachment[]): number {
  return list.reduce((n, a) => n + a.size, 0);
}

/**
 * The largest smime.p7m (base64 characters) this draft can take: within one add's limit, and within the total
 * once every attachment that can be removed first is gone. 0 when not even that leaves room.
 */
export function p7mLimitChars(budget: AttachmentBudget, existing: ExistingAttachment[]): number {
  const inline = existing.filter((a) => a.isInline);
  if (budget.maxCount !== undefined && inline.length + 1 > budget.maxCount) return 0;
  const room = budget.maxTotalBytes - sum(inline);
  if (room <= 0) return 0;
  // The largest multiple of 4 characters whose bytes fit the room.
  return Math.min(budget.maxBase64Chars, 4 * Math.floor(room / 3));
}

export type SwapOrder = "add-first" | "remove-first";

export type SwapPlan =
  | { fits: true; order: SwapOrder; peakBytes: number; peakCount: number }
  | { fits: false; reason: "attachment-limit" | "total-size" | "attachment-count"; limit: number; needed: number };

/**
 * How to replace the draft's attachments with a smime.p7m of `p7mChars` base64 characters.
 * - add-first (the safest: the originals stay until the protected copy is in) when the draft can hold both;
 * - remove-first when only the protected copy fits (the snapshot holds the originals' bytes for a rollback);
 * - does not fit: refused before anything changes.
 */
export function planAttachmentSwap(budget: AttachmentBudget, existing: ExistingAttachment[], p7mChars: number): SwapPlan {
  if (p7mChars > budget.maxBase64Chars) return { fits: false, reason: "attachment-limit", limit: budget.maxBase64Chars, needed: p7mChars };
  const p7mBytes = base64Bytes(p7mChars);
  const bothBytes = sum(existing) + p7mBytes;
  const bothCount = existing.length + 1;
  const countOk = (n: number) => budget.maxCount === undefined || n <= budget.maxCount;
  if (bothBytes <= budget.maxTotalBytes && countOk(bothCount)) return { fits: true, order: "add-first", peakBytes: bothBytes, peakCount: bothCount };
  const inline = existing.filter((a) => a.isInline);
  const leanBytes = sum(inline) + p7mBytes;
  const leanCount = inline.length + 1;
  if (!countOk(leanCount)) return { fits: false, reason: "attachment-count", limit: budget.maxCount ?? 0, needed: leanCount };
  if (leanBytes > budget.maxTotalBytes) return { fits: false, reason: "total-size", limit: budget.maxTotalBytes, needed: leanBytes };
  return { fits: true, order: "remove-first", peakBytes: leanBytes, peakCount: leanCount };
}

/**
 * How long to wait for one attachment add before calling it a hang: a base for the round trip plus time per
 * MB of base64 at a slow uplink (about 1.3 Mbit/s), so a large upload on a slow line is not taken for
 * Outlook's S/MIME hang (office-js #3363), which the tiny probe detects instead (smime-probe.ts).
 */
export function attachmentTimeoutMs(base64Chars: number, baseMs: number, msPerMb: number): number {
  return Math.round(baseMs + (base64Chars / 1_000_000) * msPerMb);
}
