/**
 * The fake Office's compose item over the mailbox's draft, one small factory per part of the item:
 * - body.setAsync: 1,000,000 chars max (DataExceedsMaximumSize); Html coercion on a text body: InvalidFormatError;
 * - addFileAttachmentFromBase64Async: the platform's limits on each add, on all attachments together and on
 *   their number (attachment-limits.ts); an upload time that grows with the size (upload-timing.ts); with
 *   Outlook's own S/MIME on, never calls back on the web and in new Outlook (office-js #3363, #5908), while
 *   classic Windows/Mac accept the add and wrap the message again at send (`DraftView.wrappedAgainOnSend`);
 * - inline images: Content-IDs per platform, removeAttachmentAsync keeps them, a body without their reference
 *   drops them, temporary ids on the web (inline-attachments.ts, with the docs);
 * - internet headers are case-insensitive; sessionData holds strings.
 */
import { argumentError, FailWith, requireSet, type FakeKit } from "./fake-async";
import { coerceBody, copyAddr, notificationMessages, textToHtml } from "./fake-item-parts";
import type { FakeComposeItem, FakeComposeOptionals, FakeRecipients } from "./fake-office-types";
import { closeMethods } from "./delivery-state";
import { checkAttachmentAdd, isWebLike } from "./attachment-limits";
import { contentUnsupported, dropUnreferencedInline, findAttachment, listedAttachment, normalizeWebBody, startInlineUpload } from "./inline-attachments";
import { itemEventMethods } from "./item-events";
import { BODY_MAX_CHARS, base64DecodedLength, type SimAddress } from "./mailbox-state";
import { uploadDelayMs } from "./upload-timing";

function isBase64(s: string): boolean {
  return /^[A-Za-z0-9+/]*={0,2}$/.test(s) && s.length % 4 === 0;
}

/** A recipient as Office.js accepts it: an address string or an object with emailAddress (and displayName). */
function toSimAddress(r: unknown): SimAddress {
  if (typeof r === "string") return { displayName: r, emailAddress: r };
  const user = r as Office.EmailUser;
  return { displayName: user.displayName ?? user.emailAddress, emailAddress: user.emailAddress };
}

function composeBody({ backend, asyncMethod }: FakeKit): FakeComposeItem["body"] {
  return {
    getAsync: asyncMethod("body.getAsync", 1, ([coercion]) => {
      const d = backend.draft;
      if (coercion !== "html" && coercion !== "text") throw argumentError("body.getAsync", "coercionType");
      return coerceBody(d.body, d.bodyType, coercion);
    }),
    getTypeAsync: asyncMethod("body.getTypeAsync", 0, () => backend.draft.bodyType),
    setAsync: asyncMethod("body.setAsync", 1, ([data], opts) => {
      if (typeof data !== "string") throw new FailWith("InvalidParameterValueError");
      if (data.length > BODY_MAX_CHARS) throw new FailWith("DataExceedsMaximumSize");
      const coercion = opts.coercionType ?? "text";
      const d = backend.draft;
      if (coercion === "html" && d.bodyType === "text") throw new FailWith("InvalidFormatError");
      d.body = coercion === "text" && d.bodyType === "html" ? textToHtml(data) : data;
      if (isWebLike(backend.platform) && d.bodyType === "html") d.body = normalizeWebBody(d.body);
      // Inline images the new body does not reference are gone (inline-attachments.ts).
      dropUnreferencedInline(d);
      backend.changed();
    }),
  };
}

function recipientField({ backend, asyncMethod }: FakeKit, field: "to" | "cc" | "bcc"): FakeRecipients {
  return {
    // Resolved recipients only: "The getAsync method only returns recipients resolved by the Outlook client"
    // (office-js-docs-pr docs/outlook/get-set-or-add-recipients.md; Office.Recipients.getAsync).
    getAsync: asyncMethod(`${field}.getAsync`, 0, () => backend.draft[field].filter((a) => a.resolved !== false).map(copyAddr)),
    setAsync: asyncMethod(`${field}.setAsync`, 1, ([list]) => {
      if (!Array.isArray(list)) throw new FailWith("InvalidParameterValueError");
      backend.draft[field] = list.map(toSimAddress);
      backend.changed();
    }),
    addAsync: asyncMethod(`${field}.addAsync`, 1, ([list]) => {
      for (const r of list as unknown[]) backend.draft[field].push(toSimAddress(r));
      backend.changed();
    }),
  };
}

function subjectField({ backend, asyncMethod }: FakeKit): FakeComposeItem["subject"] {
  return {
    getAsync: asyncMethod("subject.getAsync", 0, () => backend.draft.subject),
    setAsync: asyncMethod("subject.setAsync", 1, ([s]) => {
      if (typeof s !== "string" || s.length > 255) throw new FailWith("DataExceedsMaximumSize");
      backend.draft.subject = s;
      backend.changed();
    }),
  };
}

type AttachmentMethods = Pick<FakeComposeOptionals, "getAttachmentsAsync" | "getAttachmentContentAsync" | "addFileAttachmentFromBase64Async" | "removeAttachmentAsync">;

/** Mailbox 1.8's attachment methods on the draft; ids are EWS-like on the web, index strings on PC/Mac. */
function draftAttachments({ backend, asyncMethod }: FakeKit): AttachmentMethods {
  return {
    getAttachmentsAsync: asyncMethod("getAttachmentsAsync", 0, () => backend.draft.attachments.map((a) => listedAttachment(a, backend.platform))),
    getAttachmentContentAsync: asyncMethod("getAttachmentContentAsync", 1, ([id]) => {
      const a = findAttachment(backend.draft, id);
      if (!a) throw new FailWith("InvalidAttachmentId");
      if (contentUnsupported(a)) throw new FailWith("AttachmentTypeNotSupported");
      return a.attachmentType === "item" ? { format: "eml", content: a.contentBase64 } : { format: "base64", content: a.contentBase64 };
    }),
    addFileAttachmentFromBase64Async: asyncMethod(
      "addFileAttachmentFromBase64Async",
      2,
      ([b64, name], opts) => {
        if (typeof b64 !== "string" || typeof name !== "string" || !name) throw new FailWith("InvalidParameterValueError");
        checkAttachmentAdd(backend.draft, backend.platform, backend.exchangeMaxTotalBytes, b64.length, base64DecodedLength(b64));
        if (!isBase64(b64)) throw new FailWith("AttachmentUploadGeneralFailure");
        // An add-in's inline image answers to cid:<name>; on the web it uploads under a temporary id first.
        const att = backend.addAttachment(b64, name, !!opts.isInline, opts.isInline ? name : undefined);
        // Classic Windows/Mac accept the add with Outlook's own S/MIME on, then sign/encrypt the whole message again at send.
        if (backend.nativeSmime) backend.record({ method: "nativeSmime.wrapsOnSend", outcome: "sync" });
        if (!opts.isInline || !isWebLike(backend.platform)) return att.id;
        return startInlineUpload(att, () => backend.newAttachmentId(), () => backend.changed());
      },
      {
        // Only where documented: web and new Outlook never call back (office-js #3363, #5908); classic succeeds.
        hang: () => backend.nativeSmime && isWebLike(backend.platform),
        extraDelayMs: ([b64]) => (typeof b64 === "string" ? uploadDelayMs(b64.length, backend.uploadMsPerMb) : 0),
      },
    ),
    removeAttachmentAsync: asyncMethod("removeAttachmentAsync", 1, ([id]) => {
      const a = findAttachment(backend.draft, id);
      if (!a) throw new FailWith("InvalidAttachmentId");
      // Succeeds, but an inline image stays until the body stops referencing it (inline-attachments.ts).
      if (a.isInline) return;
      backend.removeAttachment(a.id);
    }),
  };
}

/** The keys of `headers` that name `name`, in any case. */
function headerKeys(headers: Record<string, string>, name: string): string[] {
  return Object.keys(headers).filter((k) => k.toLowerCase() === name.toLowerCase());
}

function internetHeaders({ backend, asyncMethod }: FakeKit): FakeComposeOptionals["internetHeaders"] {
  return {
    getAsync: asyncMethod("internetHeaders.getAsync", 1, ([names]) => {
      const out: Record<string, string> = {};
      const h = backend.draft.internetHeaders;
      for (const n of names as string[]) {
        const [key] = headerKeys(h, n);
        if (key !== undefined) out[n] = h[key];
      }
      return out;
    }),
    setAsync: asyncMethod("internetHeaders.setAsync", 1, ([headers]) => {
      const h = backend.draft.internetHeaders;
      for (const [n, v] of Object.entries(headers as Record<string, string>)) {
        for (const k of headerKeys(h, n)) delete h[k];
        h[n] = String(v);
      }
      backend.changed();
    }),
    removeAsync: asyncMethod("internetHeaders.removeAsync", 1, ([names]) => {
      const h = backend.draft.internetHeaders;
      for (const n of names as string[]) for (const k of headerKeys(h, n)) delete h[k];
      backend.changed();
    }),
  };
}

function sessionData({ backend, asyncMethod }: FakeKit): FakeComposeOptionals["sessionData"] {
  return {
    getAsync: asyncMethod("sessionData.getAsync", 1, ([name]) => backend.draft.sessionData[name as string] ?? ""),
    setAsync: asyncMethod("sessionData.setAsync", 2, ([name, value]) => {
      backend.draft.sessionData[name as string] = String(value);
    }),
    getAllAsync: asyncMethod("sessionData.getAllAsync", 0, () => ({ ...backend.draft.sessionData })),
    removeAsync: asyncMethod("sessionData.removeAsync", 1, ([name]) => {
      delete backend.draft.sessionData[name as string];
    }),
    clearAsync: asyncMethod("sessionData.clearAsync", 0, () => {
      backend.draft.sessionData = {};
    }),
  };
}

const DRAFT_ITEM_ID = "AAMkADdraft" + "A".repeat(40);

/** The compose item; `item` is one stable object per pane, like Office's. */
export function composeItem(kit: FakeKit): FakeComposeItem {
  const { backend, asyncMethod } = kit;
  const draft = () => backend.draft;
  const item: FakeComposeItem = {
    itemType: "message",
    body: composeBody(kit),
    to: recipientField(kit, "to"),
    cc: recipientField(kit, "cc"),
    bcc: recipientField(kit, "bcc"),
    ...requireSet(backend, "1.7", { from: { getAsync: asyncMethod("from.getAsync", 0, () => copyAddr(draft().from)) } }),
    subject: subjectField(kit),
    ...requireSet(backend, "1.8", { ...draftAttachments(kit), internetHeaders: internetHeaders(kit) }),
    addFileAttachmentAsync: asyncMethod("addFileAttachmentAsync", 2, () => {
      throw new FailWith("AttachmentUploadGeneralFailure", "The simulator cannot fetch attachment URLs.");
    }),
    ...requireSet(backend, "1.11", { sessionData: sessionData(kit) }),
    notificationMessages: notificationMessages(kit),
    get conversationId() {
      return draft().conversationId ?? null;
    },
    ...requireSet(backend, "1.8", { getInitializationContextAsync: asyncMethod("getInitializationContextAsync", 0, () => draft().initializationContext ?? "") }),
    ...itemEventMethods(kit),
    saveAsync: asyncMethod("saveAsync", 0, () => DRAFT_ITEM_ID),
    ...requireSet(backend, "1.8", { getItemIdAsync: asyncMethod("getItemIdAsync", 0, () => DRAFT_ITEM_ID) }),
    ...requireSet(backend, "1.14", closeMethods(backend, asyncMethod)),
  };
  // Mailbox 1.14: the original's Message-ID in a reply/forward (null for new messages).
  if (backend.supports("1.14")) Object.defineProperty(item, "inReplyTo", { get: () => draft().inReplyTo ?? null, enumerable: true });
  return item;
}
