/**
 * The encrypted payload of the item Outlook is opening. Outlook calls the handler only for items that carry
 * our header (manifest HeaderName). Our attachment format is an ordinary item whose single file attachment is
 * smime.p7m; anything else (a .p7m next to other files: the "Re: What's up Johnny" shape) is left to the
 * pane, where the user decides, exactly as the read pane does.
 */
import { fromBase64 } from "../../core/bytes";
import { officeCall } from "../office";
import { DecryptRefused } from "./refusal";

/** getAttachmentContentAsync moves the whole attachment: give it minutes, not the default seconds. */
const CONTENT_TIMEOUT_MS = 120_000;
const P7M_TYPES = ["application/pkcs7-mime", "application/x-pkcs7-mime"];

export interface MessageSource {
  cms: Uint8Array;
  /** The item's Internet Message-ID (for contextData). */
  messageId: string;
  /** The From address Outlook shows, for binding the signature. */
  from?: string;
  conversationId?: string;
}

function isP7m(a: Office.AttachmentDetails): boolean {
  const type = String(a.contentType || "").toLowerCase().split(";")[0].trim();
  return /\.p7m$/i.test(a.name || "") || P7M_TYPES.includes(type);
}

export async function fetchSource(item: Office.MessageRead): Promise<MessageSource> {
  const files = (item.attachments || []).filter((a) => !a.isInline);
  if (files.length !== 1 || !isP7m(files[0])) {
    throw new DecryptRefused("no-payload", files.length === 0 ? "The item has no attachment" : "The item's attachments are not our single smime.p7m");
  }
  const content = await officeCall<Office.AttachmentContent>((cb) => item.getAttachmentContentAsync(files[0].id, cb), CONTENT_TIMEOUT_MS);
  if (String(content.format).toLowerCase() !== "base64") throw new DecryptRefused("no-payload", `The attachment came as ${String(content.format)}, not base64`);
  return {
    cms: fromBase64(content.content),
    messageId: item.internetMessageId || "",
    ...(item.from && item.from.emailAddress ? { from: item.from.emailAddress } : {}),
    ...(item.conversationId ? { conversationId: item.conversationId } : {}),
  };
}
