/**
 * The OnMessageDecrypt handler of the web runtime (Outlook on the web, new Outlook on Windows): loaded on
 * demand by entry.ts when the event arrives. It decrypts with the user's keys from the panes' key store,
 * verifies, and hands Outlook the sanitized letter and its attachments; where it cannot, it answers
 * allowEvent false with a message that points to the pane. It always answers, within a budget well inside
 * Outlook's five minutes, and never logs content or keys.
 */
import { wipe } from "../../core/bytes";
import { parseMime } from "../../core/mime";
import { openMessage, type OpenReport } from "../../core/smime";
import { REFUSAL_TEXT, type DecryptCompletedOptions, type DecryptEvent } from "../decrypt-texts";
import { language, type Lang } from "../office";
import { missingCapabilities } from "./capabilities";
import { extractContent } from "./content";
import { recordConversation } from "./conversation";
import { loadKeyPairs } from "./keys";
import { DecryptRefused, refusalOf } from "./refusal";
import { buildCompletion, type DecryptCompletion } from "./result";
import { fetchSource } from "./source";

/** Outlook gives up after five minutes and tells the user to come back; we answer before that. */
export const DECRYPT_BUDGET_MS = 240_000;

/**
 * A signature that is broken, or that binds the content to someone other than the sender Outlook shows:
 * Outlook would display it with no status at all, so it goes to the pane, which explains. Trust problems
 * (unknown CA, expired, self-signed) are not decided here: the content is intact and the pane shows them.
 */
const REFUSED_SIGNATURES = new Set(["invalid", "malformed", "signer-mismatch"]);

async function decryptItem(lang: Lang): Promise<DecryptCompletion> {
  const missing = missingCapabilities();
  if (missing.length) throw new DecryptRefused("runtime", `The runtime lacks ${missing.join(", ")}`);
  const source = await fetchSource(Office.context.mailbox.item as Office.MessageRead);
  const keys = await loadKeyPairs();
  let report: OpenReport;
  try {
    // No trust anchors on purpose: trust is the pane's to show; here only integrity decides.
    report = await openMessage(source.cms, { keys, ...(source.from ? { addresses: [source.from] } : {}) });
  } finally {
    for (const k of keys) wipe(k.privateKey);
  }
  if (REFUSED_SIGNATURES.has(report.signature)) throw new DecryptRefused("bad-signature", `Signature status ${report.signature}`);
  const content = report.contentIsMime
    ? extractContent(parseMime(report.content))
    : { body: { kind: "none" as const }, inline: [], files: [{ name: "content.bin", mediaType: "application/octet-stream", bytes: report.content }] };
  const completion = buildCompletion(content, source.messageId, lang);
  // Before completed(): code after it is not guaranteed to run. Its outcome never changes the answer.
  await recordConversation(source.conversationId);
  return completion;
}

export async function handleDecryptEvent(event: DecryptEvent): Promise<void> {
  const lang = language();
  let answered = false;
  const answer = (options: DecryptCompletedOptions) => {
    if (answered) return;
    answered = true;
    event.completed(options);
  };
  const timer = setTimeout(() => answer({ allowEvent: false, errorMessage: REFUSAL_TEXT.timeout[lang] }), DECRYPT_BUDGET_MS);
  try {
    answer(await decryptItem(lang));
  } catch (e) {
    answer({ allowEvent: false, errorMessage: REFUSAL_TEXT[refusalOf(e)][lang] });
  } finally {
    clearTimeout(timer);
  }
}
