/**
 * Outlook's limits on what a Smart Alerts handler passes to event.completed
 * (OfficeDev/office-js-docs-reference, docs/docs-ref-autogen/outlook/outlook/office.smartalertseventcompletedoptions.yml):
 * `errorMessage` (and `errorMessageMarkdown`) "must be 500 characters or less", custom `cancelLabel` text
 * "must be 20 characters or less". The send guard stays within them; the simulator enforces the same documented
 * numbers on its own (src/simulator/event-completed.ts), so a wrong number here is caught there.
 */
export const ALERT_MESSAGE_MAX_CHARS = 500;
export const ALERT_CANCEL_LABEL_MAX_CHARS = 20;

const ELLIPSIS = "\u2026";

/**
 * `text` cut to at most `max` UTF-16 code units (JavaScript's length, which is what Office.js sees), at a word
 * boundary where one is near, never between the two halves of a surrogate pair, ending with an ellipsis.
 */
export function fitAlertText(text: string, max: number = ALERT_MESSAGE_MAX_CHARS): string {
  if (text.length <= max) return text;
  if (max <= ELLIPSIS.length) return "";
  let end = max - ELLIPSIS.length;
  // A high surrogate at the cut would leave half a character (shown as a replacement box).
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  const space = text.lastIndexOf(" ", end);
  // Prefer a word boundary unless it throws away more than a fifth of the room.
  if (space > end * 0.8) end = space;
  return text.slice(0, end).replace(/[\s,;:(]+$/, "") + ELLIPSIS;
}
