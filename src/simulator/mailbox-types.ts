/** The simulated mailbox's data types (mailbox-state.ts holds the state and re-exports these). */
import type { PresentedItem } from "./eml";

export type SimPlatform = "OfficeOnline" | "PC" | "Mac";
export type SimMode = "compose" | "read";

export interface SimAddress {
  displayName: string;
  emailAddress: string;
  /**
   * false: typed into the field but not (yet) resolved by Outlook. `to/cc/bcc.getAsync` leave such entries out
   * ("The getAsync method only returns recipients resolved by the Outlook client": office-js-docs-pr,
   * docs/outlook/get-set-or-add-recipients.md, "Resolved recipients"). Absent: resolved.
   */
  resolved?: boolean;
}
export type AddressInput = SimAddress | string;

export interface SimAttachment {
  id: string;
  name: string;
  /** Base64 for files; the EML text for item attachments. */
  contentBase64: string;
  isInline: boolean;
  contentId?: string;
  attachmentType: "file" | "item";
  contentType?: string;
  /** Bytes of the decoded content. */
  size: number;
  /** What kind of Outlook item an item attachment is (contacts and tasks cannot be read: inline-attachments.ts). */
  itemClass?: ItemClass;
  /** Web: the temporary `addinId:` id of an inline image an add-in added (valid for the session). */
  tempId?: string;
  /** Web: false while that image uploads (isServiceAccessible). */
  uploaded?: boolean;
}

export type ItemClass = "message" | "calendar" | "contact" | "task";

export interface AttachmentInput {
  name: string;
  contentBase64: string;
  isInline?: boolean;
  contentId?: string;
  /** "item": an attached Outlook message (contentBase64 then holds the EML text, format "eml"). */
  attachmentType?: "file" | "item";
  /** For items: a contact or task cannot be read (AttachmentTypeNotSupported); default a message. */
  itemClass?: ItemClass;
}

export interface DraftInput {
  from?: AddressInput;
  to?: AddressInput[];
  cc?: AddressInput[];
  bcc?: AddressInput[];
  subject?: string;
  bodyHtml?: string;
  /** A plain-text body instead of HTML (exercises the body-type rules). */
  bodyText?: string;
  attachments?: AttachmentInput[];
  internetHeaders?: Record<string, string>;
  /** item.conversationId (a reply shares its original's). */
  conversationId?: string;
  /** What getInitializationContextAsync returns (OnMessageDecrypt's contextData reaches replies this way). */
  initializationContext?: string;
  /** `item.inReplyTo` of a reply/forward (Mailbox 1.14): the original's Message-ID. */
  inReplyTo?: string;
}

export interface DraftState {
  from: SimAddress;
  to: SimAddress[];
  cc: SimAddress[];
  bcc: SimAddress[];
  subject: string;
  bodyType: "html" | "text";
  body: string;
  attachments: SimAttachment[];
  internetHeaders: Record<string, string>;
  sessionData: Record<string, string>;
  /** A reply form's draft keeps the original's conversation; a new message has none (forms.ts). */
  conversationId?: string;
  /** What item.getInitializationContextAsync returns (OnMessageDecrypt's contextData on a reply/forward). */
  initializationContext?: string;
  inReplyTo?: string;
  /** item.closeAsync succeeded (the compose form is gone); discarded: with `discardItem: true`. */
  closed: boolean;
  discarded: boolean;
}

export interface DraftView {
  from: SimAddress;
  to: SimAddress[];
  cc: SimAddress[];
  bcc: SimAddress[];
  subject: string;
  bodyHtml: string;
  bodyType: "html" | "text";
  attachments: { id: string; name: string; contentBase64: string; isInline: boolean; contentId?: string; size: number }[];
  internetHeaders: Record<string, string>;
  /**
   * Classic Windows/Mac with Outlook's own S/MIME on and our smime.p7m in the draft: Outlook would sign/encrypt
   * the sent message again around ours (office-js #3363: adds work there, unlike on the web).
   */
  wrappedAgainOnSend: boolean;
  /** The add-in closed the compose form (item.closeAsync). */
  closed: boolean;
  /** ... and discarded the draft with it (`discardItem: true`). */
  discarded: boolean;
}

export interface ReadItemState extends PresentedItem {
  /** The exact original message (latin1 bytes of the EML string). */
  emlBytes: Uint8Array;
  attachmentIds: string[];
  /** Exchange-like: the same for every message of a thread (from References, else the Message-ID). */
  conversationId: string;
}

export interface EventLogEntry {
  at: number;
  method: string;
  outcome: "succeeded" | "failed" | "pending-forever" | "sync";
  error?: string;
}
