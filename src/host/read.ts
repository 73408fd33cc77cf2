/**
 * The read port: what the opened message is, and the S/MIME bytes to hand to src/core.
 *
 * How Exchange presents S/MIME to add-ins (platform-facts.md):
 * - IPM.Note.SMIME (encrypted or opaque-signed): no body, one `smime.p7m` attachment = the CMS blob.
 * - IPM.Note.SMIME.MultipartSigned: one `smime.p7m` attachment = the whole multipart/signed entity.
 * - Our own messages: a normal item (IPM.Note) with a notice body and a `smime.p7m` attachment.
 * For multipart/signed the signature covers exact bytes, so we prefer `getAsFileAsync` (Mailbox 1.14,
 * the whole message as received) when available. Classic Outlook on Windows and Mac list a signed message's inner
 * parts with empty ids instead (office-js #2291, #833, #2723): without getAsFileAsync that is a clear HOST_ERROR
 * (details.reason "attachments-without-ids"), never a call with an empty id.
 */
import { fromBase64 } from "../core/bytes";
import { SpmError } from "../core/errors";
import { createOfficeCallQueue, type OfficeCallQueue } from "./office-call";
import { supportsMailbox } from "./office-ready";

export interface ReadAttachmentInfo {
  id: string;
  name: string;
  contentType: string;
  size: number;
  isInline: boolean;
}

export interface ItemInfo {
  itemClass: string;
  subject: string;
  from?: { displayName: string; emailAddress: string };
  to: { displayName: string; emailAddress: string }[];
  internetMessageId: string;
  attachments: ReadAttachmentInfo[];
}

export type SmimeBytesKind = "p7m-attachment" | "multipart-signed-attachment" | "eml";

export interface SmimeBytes {
  /**
   * p7m-attachment: CMS (DER/BER) ContentInfo; multipart-signed-attachment: a MIME entity (multipart/signed);
   * eml: the whole message as received.
   */
  kind: SmimeBytesKind;
  bytes: Uint8Array;
  itemClass: string;
  attachmentId?: string;
}

export interface ReadPort {
  itemInfo(): ItemInfo;
  fetchSmimeBytes(): Promise<SmimeBytes | undefined>;
  /**
   * The body Outlook shows for the item, as plain text (what a reader sees outside any attachment), so the
   * pane can tell our own notice from text someone wrote around a .p7m. Undefined when it cannot be read.
   */
  visibleBodyText(): Promise<string | undefined>;
}

const P7M_TYPES = ["application/pkcs7-mime", "application/x-pkcs7-mime"];

function isP7m(a: ReadAttachmentInfo): boolean {
  return /\.p7m$/i.test(a.name) || P7M_TYPES.includes(a.contentType.toLowerCase().split(";")[0].trim());
}

/** Outlook lists the S/MIME parts but gives no id to fetch them by (office-js #2291, #833, #2723). */
function signedContentUnavailable(itemClass: string): SpmError {
  return new SpmError("HOST_ERROR", "Outlook lists this message's parts without ids, so their content cannot be read", {
    details: { reason: "attachments-without-ids", itemClass, method: "item.attachments" },
  });
}

export function createReadPort(office: typeof Office = globalThis.Office, options: { timeoutMs?: number; queue?: OfficeCallQueue } = {}): ReadPort {
  const queue = options.queue ?? createOfficeCallQueue({ timeoutMs: options.timeoutMs });
  const item = () => office.context.mailbox.item as Office.MessageRead;

  function itemInfo(): ItemInfo {
    const it = item();
    return {
      itemClass: it.itemClass ?? "",
      subject: it.subject ?? "",
      ...(it.from ? { from: { displayName: it.from.displayName, emailAddress: it.from.emailAddress } } : {}),
      to: (it.to ?? []).map((r) => ({ displayName: r.displayName, emailAddress: r.emailAddress })),
      internetMessageId: it.internetMessageId ?? "",
      // Classic Outlook gives a signed message's parts an empty id, or none at all (office-js #2291, #833).
      attachments: (it.attachments ?? []).map((a) => ({ id: a.id ?? "", name: a.name, contentType: a.contentType ?? "", size: a.size, isInline: a.isInline })),
    };
  }

  async function attachmentBytes(id: string): Promise<Uint8Array> {
    const c = await queue.call<Office.AttachmentContent>("getAttachmentContentAsync", (cb) => item().getAttachmentContentAsync(id, cb));
    return fromBase64(c.content);
  }

  async function fetchSmimeBytes(): Promise<SmimeBytes | undefined> {
    const info = itemInfo();
    const p7m = info.attachments.find(isP7m);
    const itemClass = info.itemClass;
    // Native S/MIME items: the whole original message where the client hands it out (Mailbox 1.14), so the
    // core sees the exact signed bytes and the message's own From header fields (several From = no binding).
    if (/^IPM\.Note\.SMIME/i.test(itemClass) && supportsMailbox(office, "1.14") && typeof item().getAsFileAsync === "function") {
      const b64 = await queue.call<string>("getAsFileAsync", (cb) => item().getAsFileAsync(cb));
      return { kind: "eml", bytes: fromBase64(b64), itemClass };
    }
    if (/^IPM\.Note\.SMIME\.MultipartSigned/i.test(itemClass)) {
      if (p7m?.id) return { kind: "multipart-signed-attachment", bytes: await attachmentBytes(p7m.id), itemClass, attachmentId: p7m.id };
      // Classic Outlook without Mailbox 1.14 lists the signed parts without ids: nothing to fetch, so say why.
      throw signedContentUnavailable(itemClass);
    }
    if (!p7m) return undefined;
    if (!p7m.id) throw signedContentUnavailable(itemClass);
    return { kind: "p7m-attachment", bytes: await attachmentBytes(p7m.id), itemClass, attachmentId: p7m.id };
  }

  async function visibleBodyText(): Promise<string | undefined> {
    const body = item().body;
    if (!body || typeof body.getAsync !== "function") return undefined;
    return queue.call<string>("body.getAsync", (cb) => body.getAsync(office.CoercionType.Text, cb));
  }

  return { itemInfo, fetchSmimeBytes, visibleBodyText };
}
