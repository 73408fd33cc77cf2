/*
 * launchevent.js: the Outlook event handlers, bundled as ONE classic ES2016 script for classic Outlook on
 * Windows, which runs it in a JavaScript-only runtime: no DOM, no Office.onReady, maybe no WebCrypto,
 * no imports at runtime.
 * - OnMessageSend (Smart Alerts): reads the draft and decides; it never encrypts.
 * - OnMessageDecrypt: decrypt-gate.ts (the decryption itself lives in launchevent.html's web module).
 */
import {
  DEFAULT_POLICY,
  DELIVERY_MARKER,
  deliveryMarkerMessage,
  PROTECTION_MARKERS,
  ROAMING_KEYS,
  checkFailedMessage,
  ENCRYPTED_CONVERSATIONS_KEY,
  decideSend,
  isEncryptedConversation,
  mergeUserSettings,
  parseEncryptedOrigin,
  parsePolicy,
} from "../core/policy";
import { ALERT_CANCEL_LABEL_MAX_CHARS, ALERT_MESSAGE_MAX_CHARS, fitAlertText } from "./alert-limits";
import type { Policy, UserSettings } from "../core/policy";
import type { LocalizedText } from "../core/types";
import { onMessageDecryptHandler } from "./decrypt-gate";
import { currentRecipients, recipientsChangedSinceEncryption } from "./recipient-guard";
import { language, officeCall, roamingGet, supports, type Lang } from "./office";

/** The compose-pane button in manifest.xml; Smart Alerts' cancel button opens it (Mailbox 1.14). */
export const COMPOSE_COMMAND_ID = "spmComposeOpenPane";
const POLICY_PATH = "config/policy.json";
const FETCH_TIMEOUT_MS = 3000;

interface SendEvent {
  completed(options: Record<string, unknown>): void;
}

function parseJsonPolicy(raw: unknown): Policy | undefined {
  try {
    return parsePolicy(typeof raw === "string" ? JSON.parse(raw) : raw);
  } catch {
    return undefined; // a bad copy is skipped; the next source (or the built-in default) applies
  }
}

/**
 * Where the admin policy comes from, first that works:
 * 1. config/policy.json next to launchevent.js (fetch; the JS-only runtime supports full CORS
 *    requests, and Office.context.urls.javascriptRuntimeUrl (1.14) tells us where we were loaded from);
 * 2. the copy the panes stored in roaming settings when they last loaded the policy;
 * 3. DEFAULT_POLICY compiled into this script.
 */
async function loadAdminPolicy(): Promise<Policy> {
  const fetched = await fetchPolicy();
  return fetched || parseJsonPolicy(roamingGet(ROAMING_KEYS.policy)) || DEFAULT_POLICY;
}

async function fetchPolicy(): Promise<Policy | undefined> {
  if (typeof fetch !== "function" || typeof setTimeout !== "function") return undefined;
  let base = "";
  try {
    const urls = (Office.context as { urls?: { javascriptRuntimeUrl?: string } }).urls;
    base = urls && urls.javascriptRuntimeUrl ? urls.javascriptRuntimeUrl : "";
  } catch {
    base = ""; // Office.context.urls needs Mailbox 1.14
  }
  if (!/^https:\/\//i.test(base)) return undefined;
  const url = base.replace(/[^/?#]*(?:[?#].*)?$/, "") + POLICY_PATH;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const response = await Promise.race([
      fetch(url, { cache: "no-cache", credentials: "omit" }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("policy fetch timed out")), FETCH_TIMEOUT_MS);
      }),
    ]);
    return response.ok ? parseJsonPolicy(await response.json()) : undefined;
  } catch {
    return undefined; // offline or blocked: fall back to the stored copy
  } finally {
    // The runtime stays alive for the next event: leave no timer behind.
    if (timer !== undefined && typeof clearTimeout === "function") clearTimeout(timer);
  }
}

function userSettings(): UserSettings | undefined {
  const raw = roamingGet(ROAMING_KEYS.userSettings);
  try {
    const value: unknown = typeof raw === "string" ? JSON.parse(raw) : raw;
    return value && typeof value === "object" ? value : undefined;
  } catch {
    return undefined; // unreadable user settings: the admin policy alone applies
  }
}

/** Every marker this host can read must say "protected by us". Errors count as "not marked". */
async function isProtectedByUs(item: Office.MessageCompose): Promise<boolean> {
  const attachments = await officeCall<Office.AttachmentDetailsCompose[]>((cb) => item.getAttachmentsAsync(cb)).catch(() => []);
  const hasP7m = attachments.some((a) => !a.isInline && String(a.name || "").toLowerCase() === PROTECTION_MARKERS.attachmentName);
  if (!hasP7m) return false;
  const headers = await officeCall<Record<string, string>>((cb) =>
    item.internetHeaders.getAsync([PROTECTION_MARKERS.header], cb),
  ).catch((): Record<string, string> => ({}));
  if (String(headers[PROTECTION_MARKERS.header] || "") !== "1") return false;
  if (supports("1.11") && item.sessionData) {
    const marker = await officeCall<string>((cb) => item.sessionData.getAsync(PROTECTION_MARKERS.sessionDataKey, cb)).catch(() => "");
    if (marker !== "1") return false;
  }
  return true;
}

/**
 * A reply to or forward of encrypted mail: Outlook hands OnMessageDecrypt's contextData to such drafts
 * (getInitializationContextAsync, Mailbox 1.8), and the read pane and the decrypt handler record the
 * conversations they decrypted in roaming settings. Either mark is enough.
 */
async function isReplyToEncrypted(item: Office.MessageCompose): Promise<boolean> {
  if (typeof item.getInitializationContextAsync === "function") {
    // A failed call is no mark from this channel; the registry below still decides.
    const context = await officeCall<string>((cb) => item.getInitializationContextAsync(cb)).catch(() => "");
    if (parseEncryptedOrigin(context)) return true;
  }
  let conversationId = "";
  try {
    conversationId = item.conversationId || "";
  } catch {
    conversationId = ""; // not available on this host: the contextData mark alone decides
  }
  return isEncryptedConversation(roamingGet(ENCRYPTED_CONVERSATIONS_KEY), conversationId);
}

/** The compose pane is sending (or has sent) this draft's content through Graph: see DELIVERY_MARKER. */
async function deliveryInProgress(item: Office.MessageCompose): Promise<LocalizedText | undefined> {
  if (!supports("1.11") || !item.sessionData) return undefined;
  const state = await officeCall<string>((cb) => item.sessionData.getAsync(DELIVERY_MARKER.sessionDataKey, cb)).catch(() => "");
  return deliveryMarkerMessage(state);
}

/** The "take action" button's text: Smart Alerts allows 20 characters (alert-limits.ts). */
export const ACTION_LABELS: Readonly<Record<Lang, { encrypt: string; encryptAgain: string }>> = {
  en: { encrypt: "Encrypt", encryptAgain: "Encrypt again" },
  de: { encrypt: "Verschlüsseln", encryptAgain: "Neu verschlüsseln" },
};

/** The options a block passes to event.completed, within Outlook's documented limits. */
export function blockOptions(text: LocalizedText, lang: Lang, opts: { prompt: boolean; again?: boolean }): Record<string, unknown> {
  const options: Record<string, unknown> = {
    allowEvent: false,
    errorMessage: fitAlertText(text[lang], ALERT_MESSAGE_MAX_CHARS),
  };
  // cancelLabel, commandId and sendModeOverride are Mailbox 1.14 (SmartAlertsEventCompletedOptions).
  if (supports("1.14")) {
    const labels = ACTION_LABELS[lang];
    options.cancelLabel = fitAlertText(opts.again ? labels.encryptAgain : labels.encrypt, ALERT_CANCEL_LABEL_MAX_CHARS);
    options.commandId = COMPOSE_COMMAND_ID;
    if (opts.prompt) options.sendModeOverride = "promptUser"; // Office.MailboxEnums.SendModeOverride.PromptUser
  }
  return options;
}

function block(event: SendEvent, text: LocalizedText, lang: Lang, prompt: boolean, again = false): void {
  event.completed(blockOptions(text, lang, { prompt, again }));
}

export async function onMessageSendHandler(event: SendEvent): Promise<void> {
  const lang = language();
  const canPrompt = supports("1.14");
  let policy: Policy = DEFAULT_POLICY;
  try {
    policy = mergeUserSettings(await loadAdminPolicy(), userSettings());
    if (policy.sendGuard === "off") return event.completed({ allowEvent: true });
    const item = Office.context.mailbox.item as Office.MessageCompose;
    const delivering = await deliveryInProgress(item);
    if (delivering) return block(event, delivering, lang, false);
    const protectedByUs = await isProtectedByUs(item);
    const current = await currentRecipients(item);
    if (protectedByUs) {
      // Encrypted for other recipients than the draft has now: whoever was added cannot decrypt it, and the
      // content may be meant for someone else. Blocked whatever the policy says ("off" returned above).
      const changed = await recipientsChangedSinceEncryption(item, current);
      if (changed) return block(event, changed, lang, false, true);
    }
    // Read even when protected: the subject and the visible notice body are not encrypted.
    const subject = await officeCall<string>((cb) => item.subject.getAsync(cb));
    const bodyText = await officeCall<string>((cb) => item.body.getAsync(Office.CoercionType.Text, cb));
    const replyToEncrypted = !protectedByUs && (await isReplyToEncrypted(item));
    const decision = decideSend({ policy, protectedByUs, subject, bodyText, recipients: [...current.to, ...current.cc, ...current.bcc], canPrompt, replyToEncrypted });
    if (decision.allow) return event.completed({ allowEvent: true });
    block(event, decision.message!, lang, decision.sendMode === "PromptUser");
  } catch {
    // Outlook could not give us the draft: fail safe. "require" blocks; "warn" lets the user choose.
    const required = policy.sendGuard === "require" || !canPrompt;
    block(event, checkFailedMessage(required), lang, !required);
  }
}

if (typeof Office !== "undefined" && Office.actions && typeof Office.actions.associate === "function") {
  // Office ignores the returned promise; the handler reports through event.completed on every path and its
  // promise never rejects. It is registered as is so that tests (and the simulator) can await it.
  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  Office.actions.associate("onMessageSendHandler", onMessageSendHandler);
  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  Office.actions.associate("onMessageDecryptHandler", onMessageDecryptHandler);
}
