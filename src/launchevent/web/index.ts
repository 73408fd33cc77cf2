/**
 * The web runtime's OnMessageDecrypt module (its own ES2022 bundle, launchevent-decrypt.js, loaded by
 * launchevent.html; docs/decisions.md "OnMessageDecrypt"). entry.ts registers the hook; decrypt.ts is the
 * handler; the rest are its parts.
 */
export { handleDecryptEvent, DECRYPT_BUDGET_MS } from "./decrypt";
export { sanitizeForOutlook, type SanitizedHtml } from "./sanitize";
export { extractContent, type MessageContent, type ContentFile, type ContentBody } from "./content";
export { buildCompletion, type DecryptCompletion, type DecryptedAttachment } from "./result";
export { missingCapabilities } from "./capabilities";
export { recordConversation, type RecordOutcome } from "./conversation";
export { DecryptRefused, refusalOf } from "./refusal";
