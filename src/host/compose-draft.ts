/**
 * The compose port's calls on the draft (compose.ts), all through one Office call queue, plus the state a
 * port keeps between apply and Undo: the headers it changed, the sessionData keys it set, and failed
 * clean-ups of attachments Outlook added after we had given up waiting.
 */
import { SpmError, isSpmError } from "../core/errors";
import { attachmentTimeoutMs, isClassicOutlook, type AttachmentBudget } from "./attachment-budget";
import { attachmentBudget, hostPlatform } from "./limits";
import { DEFAULT_PROBE_TIMEOUT_MS } from "./smime-probe";
import type { ComposePortOptions } from "./compose-types";
import { createOfficeCallQueue, type OfficeCallQueue } from "./office-call";
import { supportsMailbox } from "./office-ready";

export interface DraftCalls {
  office: typeof Office;
  item: () => Office.MessageCompose;
  call: OfficeCallQueue["call"];
  /** Values of the named headers, found case-insensitively (absent = not set). */
  getHeaders: (names: string[]) => Promise<Record<string, string>>;
  listAttachments: () => Promise<Office.AttachmentDetailsCompose[]>;
  /**
   * Adds a file attachment; no answer within the attachment timeout (which grows with the size, or
   * `opts.timeoutMs`) means Outlook's own S/MIME is probably on.
   */
  addAttachment: (base64: string, name: string, isInline: boolean, opts?: { timeoutMs?: number }) => Promise<string>;
  removeAttachment: (id: string) => Promise<void>;
  setBody: (body: string, type: "html" | "text") => Promise<void>;
  hasSessionData: () => boolean;
  /** Headers this port has set, with their values before the first change (Undo restores them). */
  headersBefore: Map<string, string | undefined>;
  /** sessionData keys this port has set (Undo removes them). */
  sessionKeysSet: Set<string>;
  /** Failures to remove an attachment that Outlook added after we gave up waiting (see lateAttachmentProblems). */
  lateAttachmentErrors: string[];
  /** The platform's attachment limits. */
  budget: AttachmentBudget;
  probeTimeoutMs: number;
}

export function createDraftCalls(office: typeof Office, options: ComposePortOptions): DraftCalls {
  const queue = options.queue ?? createOfficeCallQueue({ timeoutMs: options.timeoutMs });
  const baseTimeoutMs = options.attachmentTimeoutMs ?? 30_000;
  const msPerMb = options.attachmentMsPerMb ?? 6_000;
  const item = () => office.context.mailbox.item as Office.MessageCompose;
  const call = queue.call.bind(queue);
  const lateAttachmentErrors: string[] = [];
  const hangMeansNativeSmime = !isClassicOutlook(hostPlatform(office));

  async function getHeaders(names: string[]): Promise<Record<string, string>> {
    if (names.length === 0) return {};
    const got = await call<Record<string, string>>("internetHeaders.getAsync", (cb) => item().internetHeaders.getAsync(names, cb));
    const out: Record<string, string> = {};
    for (const n of names) {
      const key = Object.keys(got ?? {}).find((k) => k.toLowerCase() === n.toLowerCase());
      if (key !== undefined) out[n] = got[key];
    }
    return out;
  }

  async function removeAttachment(id: string): Promise<void> {
    await call<void>("removeAttachmentAsync", (cb) => item().removeAttachmentAsync(id, cb));
  }

  async function addAttachment(base64: string, name: string, isInline: boolean, opts: { timeoutMs?: number } = {}): Promise<string> {
    try {
      return await call<string>("addFileAttachmentFromBase64Async", (cb) => item().addFileAttachmentFromBase64Async(base64, name, { isInline }, cb), {
        timeoutMs: opts.timeoutMs ?? attachmentTimeoutMs(base64.length, baseTimeoutMs, msPerMb),
        // We already reported failure and the caller rolled back: an attachment that arrives late must go.
        onLateSuccess: (id) => {
          removeAttachment(id).catch((e: unknown) => {
            lateAttachmentErrors.push(isSpmError(e) ? String(e.details?.officeError) : "Unknown");
          });
        },
      });
    } catch (e) {
      // Only the web and new Outlook hang with their own S/MIME on (office-js #3363, #5908); classic Outlook
      // adds the attachment then, so a silence there is reported as what it is.
      if (isSpmError(e, "HOST_ERROR") && e.details?.timedOut && hangMeansNativeSmime) {
        throw new SpmError("HOST_ERROR", "Outlook did not answer when adding an attachment: Outlook's own S/MIME is probably switched on for this message", {
          cause: e,
          details: { ...e.details, nativeSmimeSuspected: true },
        });
      }
      throw e;
    }
  }

  return {
    office,
    item,
    call,
    getHeaders,
    listAttachments: () => call<Office.AttachmentDetailsCompose[]>("getAttachmentsAsync", (cb) => item().getAttachmentsAsync(cb)),
    addAttachment,
    removeAttachment,
    setBody: async (body, type) => {
      const coercionType = type === "html" ? office.CoercionType.Html : office.CoercionType.Text;
      await call<void>("body.setAsync", (cb) => item().body.setAsync(body, { coercionType }, cb));
    },
    hasSessionData: () => supportsMailbox(office, "1.11") && item().sessionData !== undefined,
    headersBefore: new Map(),
    sessionKeysSet: new Set(),
    lateAttachmentErrors,
    budget: options.attachmentBudget ?? attachmentBudget(office),
    probeTimeoutMs: options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS,
  };
}
