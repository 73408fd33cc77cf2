/**
 * Send policy and patient-data detection: the admin policy file (public/config/policy.json),
 * user settings, and the pure decision the OnMessageSend handler and the panes share.
 */
export type { Policy, SendGuardMode, EncryptedRepliesMode, GuardScope, DetectionPattern, UserSettings, PatternMatch } from "./types";
export { parsePolicy, mergeUserSettings, hasNestedQuantifier, DEFAULT_POLICY, SEND_GUARD_MODES, ENCRYPTED_REPLIES_MODES } from "./parse";
export { detectPatientData } from "./detect";
export { BUILTIN_PATTERNS, BUILTIN_PATTERN_IDS, kvnrCheckDigitValid } from "./patterns";
export { isExternal } from "./recipients";
export { decideSend, checkFailedMessage, deliveryMarkerMessage } from "./decide";
export type { SendDecision, SendInput, SendMode } from "./decide";
export {
  RECIPIENT_FIELDS,
  recipientKey,
  recipientSetOf,
  encodeRecipientSet,
  decodeRecipientSet,
  compareRecipientSets,
  recipientsChangedMessage,
  type RecipientField,
  type RecipientSet,
  type RecipientChange,
} from "./recipient-set";
export { DELIVERY_MARKER, PROTECTION_MARKERS, ROAMING_KEYS, type DeliveryMarkerState } from "./markers";
export { parseDelivery, parseGraphApp, DELIVERY_MODES, DEFAULT_AUTHORITY, DEFAULT_GRAPH_ENDPOINT, type DeliveryMode, type GraphAppConfig } from "./delivery";
export {
  ENCRYPTED_ORIGIN_MARK,
  encryptedOriginContext,
  parseEncryptedOrigin,
  ENCRYPTED_CONVERSATIONS_KEY,
  MAX_ENCRYPTED_CONVERSATIONS,
  MAX_ENCRYPTED_CONVERSATIONS_CHARS,
  parseEncryptedConversations,
  isEncryptedConversation,
  withEncryptedConversation,
} from "./reply-origin";
export type { EncryptedConversation } from "./reply-origin";
