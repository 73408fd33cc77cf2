/** The fake Office's read item over the mailbox's loaded message (loadMessage: an .eml as Exchange presents it). */
import { latin1Decode, toBase64 } from "../core/bytes";
import { FailWith, requireSet, type FakeKit } from "./fake-async";
import { coerceBody, copyAddr, notificationMessages } from "./fake-item-parts";
import type { FakeAttachmentDetails, FakeReadItem } from "./fake-office-types";
import { readItemForms } from "./forms";
import type { ReadItemState, SimPlatform } from "./mailbox-state";

function attachmentDetails(item: ReadItemState, platform: SimPlatform): FakeAttachmentDetails[] {
  // Classic Outlook on Windows and Mac list a signed message's inner parts, with empty ids and size 0, instead of
  // the smime.p7m the web shows (office-js #2291 "Empty attachment id if mail is digitally signed in Outlook
  // desktop", #833, #2723): there is no id to ask getAttachmentContentAsync for.
  if (platform !== "OfficeOnline" && /^IPM\.Note\.SMIME\.MultipartSigned/i.test(item.itemClass)) {
    return (item.signedParts ?? []).map((a) => ({
      id: "",
      name: a.name,
      contentType: a.contentType,
      size: 0,
      attachmentType: a.contentType === "message/rfc822" ? "item" : "file",
      isInline: a.isInline,
    }));
  }
  return item.attachments.map((a, i) => ({
    id: item.attachmentIds[i],
    name: a.name,
    contentType: a.contentType,
    size: a.bytes.length,
    // Exchange presents attached messages as item attachments.
    attachmentType: a.contentType === "message/rfc822" ? "item" : "file",
    isInline: a.isInline,
  }));
}

/** The read item, or null when no message is loaded. */
export function readItem(kit: FakeKit): FakeReadItem | null {
  const { backend, asyncMethod } = kit;
  const item = backend.readItem;
  if (!item) return null;
  return {
    itemType: "message",
    itemClass: item.itemClass,
    itemId: "AAMkADread" + "B".repeat(40),
    internetMessageId: item.internetMessageId,
    conversationId: item.conversationId,
    subject: item.subject,
    from: item.from ? copyAddr(item.from) : null,
    sender: item.from ? copyAddr(item.from) : null,
    to: item.to.map(copyAddr),
    cc: item.cc.map(copyAddr),
    attachments: attachmentDetails(item, backend.platform),
    notificationMessages: notificationMessages(kit),
    body: {
      getAsync: asyncMethod("body.getAsync", 1, ([coercion]) => coerceBody(item.body, item.bodyType, coercion)),
      getTypeAsync: asyncMethod("body.getTypeAsync", 0, () => item.bodyType),
    },
    ...requireSet(backend, "1.8", {
      getAttachmentContentAsync: asyncMethod("getAttachmentContentAsync", 1, ([id]) => {
        const a = backend.readAttachmentBytes(id as string);
        if (!a) throw new FailWith("InvalidAttachmentId");
        if (a.contentType === "message/rfc822") return { format: "eml", content: latin1Decode(a.bytes) };
        return { format: "base64", content: toBase64(a.bytes) };
      }),
    }),
    ...requireSet(backend, "1.14", { getAsFileAsync: asyncMethod("getAsFileAsync", 0, () => toBase64(item.emlBytes)) }),
    // Received items have no initialization context unless an actionable message sets one.
    ...requireSet(backend, "1.8", { getInitializationContextAsync: asyncMethod("getInitializationContextAsync", 0, () => "") }),
    ...readItemForms(kit),
  };
}
