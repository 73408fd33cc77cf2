/**
 * The shape of the simulator's fake Office, checked against `@types/office-js`. The fake implements only
 * the part of Outlook's API that Secure Patient Mail uses, so each object is a `Pick<>` of the real
 * interface (a typo or a wrong signature fails to compile), and members that depend on a requirement set
 * are `Partial<>` (they are absent where the set is not supported, as in Outlook).
 *
 * Two places differ from the typings on purpose, because the typings differ from Office.js at run time:
 * - `Office.AsyncResultStatus`, `CoercionType`, `HostType`, `PlatformType` and `EventType` are numeric enums
 *   in the typings but strings at run time ("succeeded", "html", "OfficeOnline"); the fake carries the strings.
 * - `conversationId`, `from` and `inReplyTo` may be null in Outlook (new items, items without a sender), which
 *   the typings leave out.
 */

/** A table of enum values as Office.js has them at run time: strings, by member name. */
export type OfficeEnumTable<E> = { [K in keyof E]: string };

/** For the string enums of `Office.MailboxEnums`: exactly the real values. */
type StringEnumTable<E> = { [K in keyof E]: E[K] extends string ? `${E[K]}` : string };

export type OfficePlatform = keyof typeof Office.PlatformType;

/** A recipient or sender as the fake reports it (no appointment response: the fake has messages only). */
export type FakeAddress = Pick<Office.EmailAddressDetails, "displayName" | "emailAddress" | "recipientType">;

export type FakeNotificationMessages = Pick<Office.NotificationMessages, "addAsync" | "getAllAsync" | "replaceAsync" | "removeAsync">;

export type FakeRecipients = Pick<Office.Recipients, "getAsync" | "setAsync" | "addAsync">;

/** Present from Mailbox 1.8 (attachments, headers, item id, initialization context), 1.11 (sessionData), 1.14 (close). */
export type FakeComposeOptionals = Pick<
  Office.MessageCompose,
  | "getAttachmentsAsync"
  | "getAttachmentContentAsync"
  | "internetHeaders"
  | "addFileAttachmentFromBase64Async"
  | "removeAttachmentAsync"
  | "sessionData"
  | "getInitializationContextAsync"
  | "getItemIdAsync"
  | "closeAsync"
>;

export interface FakeComposeItem
  extends Pick<Office.MessageCompose, "addFileAttachmentAsync" | "addHandlerAsync" | "removeHandlerAsync" | "saveAsync">,
    Partial<FakeComposeOptionals> {
  itemType: `${Office.MailboxEnums.ItemType}`;
  body: Pick<Office.Body, "getAsync" | "getTypeAsync" | "setAsync">;
  to: FakeRecipients;
  cc: FakeRecipients;
  bcc: FakeRecipients;
  /** Mailbox 1.7. */
  from?: Pick<Office.From, "getAsync">;
  subject: Pick<Office.Subject, "getAsync" | "setAsync">;
  notificationMessages: FakeNotificationMessages;
  readonly conversationId: string | null;
  /** Mailbox 1.14: the original's Message-ID in a reply or forward, null for a new message. */
  readonly inReplyTo?: string | null;
}

export type FakeAttachmentDetails = Pick<Office.AttachmentDetails, "id" | "name" | "contentType" | "size" | "attachmentType" | "isInline">;

export type FakeReadForms = Partial<Pick<Office.MessageRead, "displayReplyForm" | "displayReplyAllForm" | "displayReplyFormAsync" | "displayReplyAllFormAsync">>;

export interface FakeReadItem
  extends Pick<Office.MessageRead, "itemClass" | "itemId" | "internetMessageId" | "conversationId" | "subject">,
    Partial<Pick<Office.MessageRead, "getAttachmentContentAsync" | "getAsFileAsync" | "getInitializationContextAsync">>,
    FakeReadForms {
  itemType: `${Office.MailboxEnums.ItemType}`;
  from: FakeAddress | null;
  sender: FakeAddress | null;
  to: FakeAddress[];
  cc: FakeAddress[];
  attachments: FakeAttachmentDetails[];
  notificationMessages: FakeNotificationMessages;
  body: Pick<Office.Body, "getAsync" | "getTypeAsync">;
}

export type FakeMailboxForms = Partial<Pick<Office.Mailbox, "displayNewMessageForm" | "displayNewMessageFormAsync">>;

export interface FakeMailbox extends Pick<Office.Mailbox, "addHandlerAsync" | "removeHandlerAsync">, FakeMailboxForms {
  userProfile: Pick<Office.UserProfile, "displayName" | "emailAddress" | "accountType">;
  diagnostics: Pick<Office.Diagnostics, "hostName" | "hostVersion">;
  /** A pane sees one item: the draft in compose mode, the loaded message in read mode (null when none is). */
  readonly item: FakeComposeItem | FakeReadItem | null;
}

export type FakeRoamingSettings = Pick<Office.RoamingSettings, "get" | "set" | "remove" | "saveAsync">;

export interface FakeContext extends Pick<Office.Context, "displayLanguage"> {
  /** Absent for add-ins with event-based activation (like this one) and below Mailbox 1.14: see fake-office.ts. */
  readonly officeTheme: Pick<Office.OfficeTheme, "bodyBackgroundColor" | "bodyForegroundColor" | "controlBackgroundColor" | "controlForegroundColor"> | undefined;
  readonly platform: OfficePlatform;
  host: keyof typeof Office.HostType;
  readonly diagnostics: { host: keyof typeof Office.HostType; platform: OfficePlatform; version: string };
  requirements: Pick<Office.RequirementSetSupport, "isSetSupported">;
  roamingSettings: FakeRoamingSettings;
  mailbox: FakeMailbox;
  /** Mailbox 1.14 and newer only (fake-office.ts). */
  readonly urls: Pick<Office.Urls, "javascriptRuntimeUrl"> | undefined;
}

export interface FakeReadyInfo {
  host: keyof typeof Office.HostType;
  platform: OfficePlatform;
}

/** The fake `Office` global. */
export interface FakeOffice {
  onReady(callback?: (info: FakeReadyInfo) => void): Promise<FakeReadyInfo>;
  context: FakeContext;
  AsyncResultStatus: OfficeEnumTable<typeof Office.AsyncResultStatus>;
  CoercionType: Pick<OfficeEnumTable<typeof Office.CoercionType>, "Html" | "Text">;
  HostType: Pick<OfficeEnumTable<typeof Office.HostType>, "Outlook">;
  PlatformType: Pick<OfficeEnumTable<typeof Office.PlatformType>, "OfficeOnline" | "PC" | "Mac" | "iOS" | "Android">;
  EventType: Pick<OfficeEnumTable<typeof Office.EventType>, "ItemChanged" | "RecipientsChanged" | "AttachmentsChanged">;
  MailboxEnums: {
    AttachmentContentFormat: StringEnumTable<typeof Office.MailboxEnums.AttachmentContentFormat>;
    AttachmentType: StringEnumTable<typeof Office.MailboxEnums.AttachmentType>;
    ItemType: StringEnumTable<typeof Office.MailboxEnums.ItemType>;
    RecipientType: Pick<StringEnumTable<typeof Office.MailboxEnums.RecipientType>, "ExternalUser" | "User">;
  };
  /** Event-based activation (Mailbox 1.10+): the runtime registers its handlers by name. */
  actions: Pick<typeof Office.actions, "associate">;
  /** For the simulator's own debugging only. */
  __spmPending: () => number;
}
