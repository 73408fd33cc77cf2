/**
 * How the compose pane marks a draft it has protected, and where the pane stores policy and user
 * settings for the send handler. The pane writes; the OnMessageSend handler reads. Keep in sync.
 */
export const PROTECTION_MARKERS = Object.freeze({
  /** item.sessionData key (Mailbox 1.11), value "1". */
  sessionDataKey: "spm-protected",
  /** Custom internet header (Mailbox 1.8), value "1". */
  header: "x-spm-protected",
  /**
   * item.sessionData key (Mailbox 1.11): the envelope's recipients when the draft was encrypted
   * (recipient-set.ts, encodeRecipientSet). The send guard blocks when the draft's recipients differ.
   */
  recipientsKey: "spm-recipients",
  /** The CMS attachment our protected drafts carry. */
  attachmentName: "smime.p7m",
});

/**
 * item.sessionData key (Mailbox 1.11) the compose pane sets while it sends the draft's content through
 * Microsoft Graph, so that Outlook's own Send of the same draft (which would deliver the unprotected text a
 * second time) is stopped by the send guard. "sending": Graph has the message or is about to; "sent": Graph
 * accepted it (the draft could not be closed); "unknown": no answer, it may have been sent.
 */
export const DELIVERY_MARKER = Object.freeze({
  sessionDataKey: "spm-delivery",
  states: ["sending", "sent", "unknown"] as const,
});
export type DeliveryMarkerState = (typeof DELIVERY_MARKER.states)[number];

export const ROAMING_KEYS = Object.freeze({
  /** The last validated admin policy (JSON string of Policy), written by the panes. */
  policy: "spm.policy",
  /** The user's UserSettings (JSON string). */
  userSettings: "spm.userSettings",
});
