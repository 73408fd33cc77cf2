/**
 * What the web reader does with a chosen file: a bare CMS (smime.p7m saved from a mail: DER, PEM or
 * base64), a whole S/MIME message (.eml whose top level is application/pkcs7-mime or multipart/signed), or
 * an ordinary .eml carrying a .p7m (our attachment format). The last one is opened by itself only under the
 * same rule as in Outlook (../read/payload-rule.ts): the visible body is exactly our notice and the .p7m is
 * the only attachment; otherwise it is a nested part the user chooses to open. Pure: no DOM, no React.
 */
import { decodeHeaderWords, htmlToText, parseAddressList, parseMime, type MimePart } from "../../core/mime";
import { classifyInput } from "../../core/smime";
import { decidePayload, type PayloadDecision } from "../read/payload-rule";

export type ReaderPlan =
  /** Open these bytes as the message itself. `addresses` undefined: the core reads the message's own From. */
  | { kind: "open"; source: "bare-cms" | "smime-message" | "own-format"; bytes: Uint8Array; addresses?: string[]; fromShown?: string }
  | { kind: "nested-only"; name: string; bytes: Uint8Array; fromShown?: string; reason: Exclude<PayloadDecision, { open: "automatic" }>["reason"] }
  | { kind: "not-smime" };

const PKCS7_MIME = new Set(["application/pkcs7-mime", "application/x-pkcs7-mime"]);

function isP7m(part: MimePart): boolean {
  const mt = part.contentType.mediaType;
  if (PKCS7_MIME.has(mt)) return (part.contentType.params["smime-type"] ?? "").toLowerCase() !== "certs-only";
  return /\.p7m$/i.test(part.filename ?? part.contentType.params["name"] ?? "");
}

interface Walked {
  body?: string;
  attachments: MimePart[];
}

/** As Exchange presents an ordinary message: the first text part is the body, every other leaf an attachment. */
function walk(part: MimePart, out: Walked, depth = 0): void {
  if (depth > 30) return;
  if (part.isMultipart) {
    for (const child of part.parts) walk(child, out, depth + 1);
    return;
  }
  const mt = part.contentType.mediaType;
  const isText = mt === "text/plain" || mt === "text/html";
  if (isText && part.disposition?.type !== "attachment") {
    // The alternatives of the body are the body, not attachments.
    if (out.body === undefined) out.body = mt === "text/html" ? htmlToText(part.text()) : part.text();
    return;
  }
  if (part.contentId && part.contentType.type === "image" && part.disposition?.type !== "attachment") return;
  out.attachments.push(part);
}

function singleFrom(part: MimePart): string | undefined {
  const from = part.headerAll("from").flatMap((v) => parseAddressList(v).map((a) => a.address));
  return from.length === 1 ? from[0] : undefined;
}

export function planFile(bytes: Uint8Array): ReaderPlan {
  const input = classifyInput(bytes);
  if (input.kind === "cms") return { kind: "open", source: "bare-cms", bytes: input.der };
  const top = parseMime(input.bytes);
  const fromShown = singleFrom(top);
  const mt = top.contentType.mediaType;
  if (PKCS7_MIME.has(mt) || mt === "multipart/signed") {
    return { kind: "open", source: "smime-message", bytes: input.bytes, ...(fromShown ? { fromShown } : {}) };
  }
  const walked: Walked = { attachments: [] };
  walk(top, walked);
  const p7m = walked.attachments.find(isP7m);
  if (!p7m) return { kind: "not-smime" };
  const decision = decidePayload({ itemClass: "IPM.Note", kind: "p7m-attachment", fileAttachments: walked.attachments.length, visibleBody: walked.body ?? "" });
  const name = decodeHeaderWords(p7m.filename ?? p7m.contentType.params["name"] ?? "smime.p7m");
  if (decision.open === "on-request") return { kind: "nested-only", name, bytes: p7m.body(), reason: decision.reason, ...(fromShown ? { fromShown } : {}) };
  // Our format: the CMS is bound to the message's From, as Outlook shows it.
  return { kind: "open", source: "own-format", bytes: p7m.body(), addresses: fromShown ? [fromShown] : [], ...(fromShown ? { fromShown } : {}) };
}
