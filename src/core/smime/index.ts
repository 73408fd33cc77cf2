/**
 * S/MIME message level: the one API the panes and the CLI use.
 * - protectEntity / signEntity: sign and/or encrypt a MIME entity (sending).
 * - openMessage: open every layer of a received message and report status, findings and content.
 * - chooseCipher: the content cipher from what is known of the recipients.
 */
export { protectEntity, signEntity, signEntityParts, type ProtectRequest, type ProtectResult } from "./protect";
export { openMessage, looksLikeMime, type OpenOptions } from "./open";
export { reportToJson, findingToJson, type OpenReport, type LayerReport, type SignerSummary, type OuterSignature, type ProtectedHeaders } from "./report";
export { chooseCipher, chooseKeyTransport, isGcm, CONTENT_CIPHERS, DEFAULT_CIPHER, type CipherChoice, type RecipientKnowledge } from "./algorithms";
export { classifyInput, cmsKind, headIsMessage, peekContentType, type ClassifiedInput, type CmsKind } from "./detect";
export { splitMessage, protectHeaders, protectedEntityParts, type ProtectedEntityParts, messageHeader, foldField, PROTECTED_FIELDS, type SplitMessage } from "./entity";
export { buildOutgoingMessage, type OutgoingRequest, type OutgoingMessage } from "./outgoing";
