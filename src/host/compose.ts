/**
 * The compose port: read the draft, replace it with the encrypted form atomically, and undo.
 *
 * Atomic apply (`applyEncrypted`): check the platform's attachment limits (all attachments together, their
 * number: attachment-budget.ts) and probe for Outlook's own S/MIME (smime-probe.ts) before any change; then add
 * `smime.p7m`, replace the body (Outlook drops the inline images it no longer references), remove the original
 * files and check that nothing else is left (compose-inline.ts; the files go first when the draft cannot hold
 * both), then set the custom headers, the outer subject and the sessionData markers. On any failure the draft is
 * rolled back to the snapshot
 * (body, attachments in their original order, headers) and a HOST_ERROR with the Office error name is thrown.
 * All Office calls go through one queue (one call in flight) with a timeout per call; an attachment add that
 * never answers is reported as `details.nativeSmimeSuspected` on the web and in new Outlook (Outlook's own
 * S/MIME is on: office-js #3363, #5908), as a plain timeout on classic Windows/Mac, which do not hang then.
 * Drafts with attached Outlook items (not files) are refused before any change: they could not be rolled back.
 */
import { SpmError, isSpmError } from "../core/errors";
import { htmlToText } from "../core/mime";
import { createDraftCalls, type DraftCalls } from "./compose-draft";
import { existingAttachments, planAttachmentSwap, type AttachmentBudget, type SwapOrder } from "./attachment-budget";
import { checkNoOriginalsLeft, removeOriginalFiles } from "./compose-inline";
import { readSnapshot, restoreSnapshot } from "./compose-snapshot";
import { probeAttachmentAdds } from "./smime-probe";
import type { ComposePort, ComposePortOptions, DraftSnapshot, EncryptedDraft } from "./compose-types";

export type { ComposePort, ComposePortOptions, DraftAttachment, DraftSnapshot, EncryptedDraft, Recipient, UnreadableAttachment } from "./compose-types";

export const P7M_NAME = "smime.p7m";

/** The order of the swap, or LIMIT_EXCEEDED when the protected copy cannot fit the draft at all. */
function swapOrder(budget: AttachmentBudget, snapshot: DraftSnapshot, p7mChars: number): SwapOrder {
  const plan = planAttachmentSwap(budget, existingAttachments(snapshot.attachments), p7mChars);
  if (!plan.fits) {
    throw new SpmError("LIMIT_EXCEEDED", "The protected message is larger than Outlook accepts", {
      details: { reason: plan.reason, needed: plan.needed, limit: plan.limit, chars: p7mChars },
    });
  }
  return plan.order;
}

async function applyEncrypted(d: DraftCalls, result: EncryptedDraft, snapshot: DraftSnapshot): Promise<void> {
  const { call, item, headersBefore } = d;
  // Attached Outlook items cannot be re-added from their content (addItemAttachmentAsync needs the item's
  // EWS id), so a rollback could lose them: refuse before touching the draft.
  // Unreadable ones (AttachmentTypeNotSupported) could be neither protected nor put back.
  const unrestorable = [...snapshot.attachments.filter((a) => a.format !== "base64"), ...(snapshot.unreadable ?? [])];
  if (unrestorable.length) {
    throw new SpmError("HOST_ERROR", "Attached Outlook items cannot be protected: attach them as .eml files instead", {
      details: { officeError: "UnsupportedAttachment", reason: "item-attachment", names: unrestorable.map((a) => a.name) },
    });
  }
  // The platform's limits count every attachment of the draft: refuse here, before anything changes.
  const order = swapOrder(d.budget, snapshot, result.p7mBase64.length);
  const headerNames = Object.keys(result.headers);
  const prior = await d.getHeaders(headerNames.filter((n) => !headersBefore.has(n)));
  for (const n of headerNames) if (!headersBefore.has(n)) headersBefore.set(n, prior[n]);
  // A tiny add first: Outlook's own S/MIME makes adds hang on the web, found in seconds with nothing changed.
  await probeAttachmentAdds(d, d.probeTimeoutMs);
  let step = order === "remove-first" ? "remove-originals" : "add-p7m";
  try {
    // Only the protected copy fits: the original files go first (their bytes are in the snapshot for a rollback);
    // inline images cannot be removed, they leave with the old body.
    if (order === "remove-first") await removeOriginalFiles(d, snapshot);
    step = "add-p7m";
    await d.addAttachment(result.p7mBase64, P7M_NAME, false);
    step = "set-body";
    if (snapshot.bodyType === "html") await d.setBody(result.noticeHtml, "html");
    else await d.setBody(result.noticeText ?? htmlToText(result.noticeHtml), "text");
    step = "remove-originals";
    if (order === "add-first") await removeOriginalFiles(d, snapshot);
    await checkNoOriginalsLeft(d, snapshot, P7M_NAME);
    step = "set-headers";
    if (headerNames.length) await call<void>("internetHeaders.setAsync", (cb) => item().internetHeaders.setAsync(result.headers, cb));
    step = "set-subject";
    if (result.subject !== undefined && result.subject !== snapshot.subject) {
      const subject = result.subject;
      await call<void>("subject.setAsync", (cb) => item().subject.setAsync(subject, cb));
    }
    step = "set-session-data";
    if (result.sessionData && d.hasSessionData()) {
      for (const [key, value] of Object.entries(result.sessionData)) {
        d.sessionKeysSet.add(key);
        await call<void>("sessionData.setAsync", (cb) => item().sessionData.setAsync(key, value, cb));
      }
    }
  } catch (e) {
    const officeError = isSpmError(e) ? (e.details?.officeError as string | undefined) : undefined;
    try {
      // A hung add (timed out) leaves nothing to restore when it came first; after remove-first it does.
      if (step !== "add-p7m" || order === "remove-first" || !(isSpmError(e) && e.details?.timedOut)) await restoreSnapshot(d, snapshot);
    } catch (rollbackError) {
      throw new SpmError("HOST_ERROR", "Could not protect the message, and could not restore the draft: check it before sending", {
        cause: rollbackError,
        details: { officeError: officeError ?? "Unknown", step, rollbackFailed: true, firstError: e instanceof Error ? e.message : String(e) },
      });
    }
    if (isSpmError(e)) throw new SpmError("HOST_ERROR", e.message, { cause: e, details: { ...e.details, step, rolledBack: true } });
    throw new SpmError("HOST_ERROR", "Could not protect the message", { cause: e, details: { officeError: "Unknown", step, rolledBack: true } });
  }
}

export function createComposePort(office: typeof Office = globalThis.Office, options: ComposePortOptions = {}): ComposePort {
  const d = createDraftCalls(office, options);
  const tracked = options.trackedHeaders ?? [];
  return {
    readSnapshot: () => readSnapshot(d, tracked),
    applyEncrypted: (result, snapshot) => applyEncrypted(d, result, snapshot),
    restore: (snapshot) => restoreSnapshot(d, snapshot),
    /** Remove every Bcc recipient (the user chose to; the envelope would show them to everyone). */
    clearBcc: async () => {
      await d.call<void>("bcc.setAsync", (cb) => d.item().bcc.setAsync([], cb));
    },
    lateAttachmentProblems: () => [...d.lateAttachmentErrors],
  };
}
