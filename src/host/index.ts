/**
 * src/host: thin typed adapters ("ports") over Office.js. The only code in src/ (besides the simulator)
 * that touches `Office`. Every port takes the Office object as a parameter (default: the global), so unit
 * tests pass the simulator's fake.
 */
export {
  createOfficeCallQueue, hostError, isOfficeError, officeErrorCode, OFFICE_ERROR_CODES, DEFAULT_CALL_TIMEOUT_MS, type OfficeCallQueue,
} from "./office-call";
export { waitForOffice, supportsMailbox, type OfficeReadyInfo } from "./office-ready";
export {
  createComposePort,
  P7M_NAME,
  type ComposePort,
  type ComposePortOptions,
  type DraftSnapshot,
  type DraftAttachment,
  type UnreadableAttachment,
  type EncryptedDraft,
  type Recipient,
} from "./compose";
export { createReadPort, type ReadPort, type ItemInfo, type SmimeBytes, type SmimeBytesKind, type ReadAttachmentInfo } from "./read";
export { createLossMarkerPort, createRoamingSettingsPort, LOSS_MARKER_SETTING, type LossMarkerPort, type RoamingSettingsPort } from "./settings";
export {
  createReplyPort,
  FORM_HTML_BODY_MAX_LENGTH,
  FORM_ATTACHMENT_NAME_MAX_LENGTH,
  FORM_SUBJECT_MAX_LENGTH,
  type ReplyPort,
  type ReplyKind,
  type FormAttachment,
  type FormCapabilities,
} from "./reply";
export { createEncryptedConversationsPort, type EncryptedConversationsPort } from "./encrypted-conversations";
export { hostLanguage, hostTheme, hostUserEmail, languageFromTag, type HostTheme } from "./locale";
export { attachmentLimitBase64Chars, attachmentBudget, hostPlatform, ATTACHMENT_MAX_BASE64_CHARS } from "./limits";
export { attachmentBudgetFor, existingAttachments, isClassicOutlook, p7mLimitChars, type AttachmentBudget } from "./attachment-budget";
export { readDraftOrigin, parseOriginContext, type DraftOrigin, type OriginSource } from "./draft-origin";
export { deliveryHostFacts, type DeliveryHostFacts } from "./capabilities";
export { createNaaTokenPort, classifyAuthError, mailSendScope, type TokenPort, type NaaConfig, type AuthProblem, type MsalLike, type PcaLike } from "./naa";
export { createGraphSendPort, assertOnline, retryAfterMs, GRAPH_MAX_BODY_CHARS, type GraphSendPort, type GraphSendOptions, type GraphFailure } from "./graph";
export { createDraftCloser, type DraftCloser } from "./compose-close";
export { referencedContentIds, resolveInlineImages, rewriteContentIds, type InlineCandidate, type InlineResolution } from "./inline-images";
export { createRecipientRecordPort, type RecipientRecordPort } from "./recipient-record";
