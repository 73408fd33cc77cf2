/**
 * Is Outlook's own S/MIME switched on for this draft? On the web and in new Outlook an attachment add then
 * never calls back (office-js #3363 "addFileAttachmentAsync does not work for encrypted and signed emails",
 * #5908 "New Outlook: addFileAttachmentFromBase64Async does not work when mails have digital signature
 * enabled"; both: the callback is never called). A tiny add with a short timeout finds that out in seconds,
 * before the draft is changed, and is removed again at once. A large add needs minutes on a slow line, so its
 * own timeout grows with its size (attachmentTimeoutMs) and cannot be the detector.
 *
 * Classic Outlook on Windows and Mac accept the add with the switch on (office-js #3363: "as it does in Outlook
 * Desktop") and then wrap the sent message in their own S/MIME: the probe cannot see that, and no Office.js
 * API reports the switch, so the pane says it on those platforms instead (docs/decisions.md).
 */
import { SpmError, isSpmError } from "../core/errors";
import type { DraftCalls } from "./compose-draft";

export const PROBE_ATTACHMENT_NAME = "spm-probe.txt";
/** "SPM\r\n": a few bytes, so the upload itself takes no time. */
const PROBE_BASE64 = "U1BNDQo=";
export const DEFAULT_PROBE_TIMEOUT_MS = 6_000;

/**
 * Throws HOST_ERROR with `details.nativeSmimeSuspected` (and `probe: true`) when the probe add does not answer
 * in time; nothing else in the draft has changed then (a probe that arrives later is removed by the call
 * queue's late-success hook). Any answer, even a refusal such as NumberOfAttachmentsExceeded, shows that adds
 * are not hanging: the real add then meets the limits itself.
 */
export async function probeAttachmentAdds(d: DraftCalls, timeoutMs: number): Promise<void> {
  let id: string;
  try {
    id = await d.addAttachment(PROBE_BASE64, PROBE_ATTACHMENT_NAME, false, { timeoutMs });
  } catch (e) {
    if (isSpmError(e) && e.details?.nativeSmimeSuspected) {
      throw new SpmError("HOST_ERROR", e.message, { cause: e, details: { ...e.details, probe: true } });
    }
    // Outlook answered, so its adds do not hang; what it refused is the real add's business (it is not made).
    return;
  }
  try {
    await d.removeAttachment(id);
  } catch (e) {
    // The only change so far is the probe itself, and it could not be taken out: the user must know.
    throw new SpmError("HOST_ERROR", `Could not remove the test attachment ${PROBE_ATTACHMENT_NAME}: remove it from the draft`, {
      cause: e,
      details: { ...(isSpmError(e) ? e.details : {}), step: "probe", rollbackFailed: true },
    });
  }
}
