/**
 * The MIME layer: build the entity to sign/encrypt from an Outlook draft (canonical CRLF, 7-bit,
 * RFC 9788 header protection), build complete messages around S/MIME bodies, and parse received
 * messages exactly (byte-exact raw views for multipart/signed verification).
 */
export type { Address } from "./addresses";
export { parseAddressList, formatAddress, normalizeAddress, sameAddress } from "./addresses";
export type { Draft, DraftAttachment, OuterHeaders, BuildDraftOptions } from "./build";
export { buildDraftEntity, buildMessage, buildPkcs7MimeEntity, buildMultipartSigned, buildMultipartSignedParts, multipartSignedFrame, pkcs7MimeHeader, OBSCURED_SUBJECT } from "./build";
export type { ContentType } from "./headers";
export { decodeHeaderWords } from "./headers";
export type { HeaderField, MimePart, ParseOptions } from "./parse";
export { parseMime } from "./parse";
export { canonicalizeLineEndings, encodeQuotedPrintable, decodeQuotedPrintable } from "./encoding";
export { guessContentType } from "./content-types";
export { htmlToText } from "./html-to-text";
export { removeLegacyDisplay } from "./legacy-display";
export { safeFileName, type SafeFileName } from "./file-names";
export { listAttachments, type AttachmentEntry } from "./attachments";
export { newMessageId, cleanMessageId, threadingFields } from "./message-id";
