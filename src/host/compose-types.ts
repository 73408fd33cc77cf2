/** The compose port's data and interface (compose.ts): the draft snapshot, the encrypted form, the options. */
import type { AttachmentBudget } from "./attachment-budget";
import type { OfficeCallQueue } from "./office-call";

export interface Recipient {
  displayName: string;
  emailAddress: string;
}

export interface DraftAttachment {
  /** Session-only id: EWS id on the web, index string on classic Windows/Mac. */
  id: string;
  name: string;
  isInline: boolean;
  attachmentType: "file" | "item" | "cloud";
  size: number;
  /** "base64" (files) or "eml" (attached items). */
  format: string;
  /** Exactly what getAttachmentContentAsync returned (base64 for files). */
  content: string;
  /** Decoded bytes for files; the UTF-8 of the EML for items. */
  bytes: Uint8Array;
  /** Inline images on the web and new Outlook: the id their `cid:` reference uses (Mailbox 1.16; absent elsewhere). */
  contentId?: string;
}

/** An attachment whose content Outlook would not give (getAttachmentContentAsync failed): it cannot be protected. */
export interface UnreadableAttachment {
  name: string;
  /** Office's error name, e.g. AttachmentTypeNotSupported for a dragged-in contact or task. */
  officeError: string;
}

export interface DraftSnapshot {
  from?: Recipient;
  to: Recipient[];
  cc: Recipient[];
  bcc: Recipient[];
  subject: string;
  bodyType: "html" | "text";
  /** The body in its own type, exactly as read. */
  body: string;
  /** The body as HTML (equal to `body` when bodyType is html). */
  bodyHtml: string;
  attachments: DraftAttachment[];
  /** Attachments listed by Outlook whose content could not be read (not in `attachments`); the pane blocks on them. */
  unreadable?: UnreadableAttachment[];
  /** Values of the tracked custom headers before any change (absent = not set). */
  headers: Record<string, string>;
  /**
   * For a reply or forward: the original's Message-ID as Outlook reports it (`item.inReplyTo`, Mailbox 1.14;
   * raw, may carry noise: see cleanMessageId). Absent for new messages and older hosts.
   */
  inReplyTo?: string;
}

export interface EncryptedDraft {
  noticeHtml: string;
  /** Used when the draft's body is plain text (Html coercion on a text body fails); derived from noticeHtml if absent. */
  noticeText?: string;
  p7mBase64: string;
  /** Custom (x-) headers to set, e.g. the marker the send guard checks. */
  headers: Record<string, string>;
  /** item.sessionData entries to set (Mailbox 1.11; skipped where unsupported), e.g. the send guard's marker. */
  sessionData?: Record<string, string>;
  /** A new outer subject (RFC 9788: "[...]" for encrypted mail); restored on rollback and Undo. */
  subject?: string;
}

export interface ComposePortOptions {
  /** Per-call timeout (default 30 s). */
  timeoutMs?: number;
  /**
   * Timeout for adding an attachment, before the time its size adds (default 30 s); no answer by then means
   * Outlook's own S/MIME is probably on.
   */
  attachmentTimeoutMs?: number;
  /** Time allowed per MB of base64 on top of attachmentTimeoutMs (default 6 s: about 1.3 Mbit/s). */
  attachmentMsPerMb?: number;
  /** Timeout of the tiny probe add that detects Outlook's own S/MIME before the draft changes (default 6 s). */
  probeTimeoutMs?: number;
  /** The platform's attachment limits (default: from Office.context.platform; see attachment-budget.ts). */
  attachmentBudget?: AttachmentBudget;
  /** Header names whose values the snapshot records, so Undo can restore them. */
  trackedHeaders?: string[];
  queue?: OfficeCallQueue;
}

export interface ComposePort {
  readSnapshot(): Promise<DraftSnapshot>;
  applyEncrypted(result: EncryptedDraft, snapshot: DraftSnapshot): Promise<void>;
  restore(snapshot: DraftSnapshot): Promise<void>;
  /** Remove every Bcc recipient (the user chose to; the envelope would show them to everyone). */
  clearBcc(): Promise<void>;
  /**
   * Office error names of failed clean-ups: an attachment add that timed out but completed later is removed
   * again; if that removal failed, the draft may hold a stray attachment (the UI should tell the user).
   */
  lateAttachmentProblems(): string[];
}
