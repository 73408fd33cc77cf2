/**
 * launchevent-decrypt.js: the web runtime's part of OnMessageDecrypt. launchevent.html loads it before
 * launchevent.js (both blocking), so when launchevent.js's gate receives an event the hook below is already
 * there; classic Outlook on Windows never loads this file. It stays tiny: the decryption code (core crypto,
 * pkijs, the key store, the sanitizer) is a separate chunk fetched when a message is actually opened, so the
 * send guard's runtime does not pay for it.
 */
import { DECRYPT_HOOK, REFUSAL_TEXT, type DecryptEvent, type DecryptHook } from "../decrypt-texts";
import { language } from "../office";

const onMessageDecrypt: DecryptHook = async (event: DecryptEvent) => {
  let handler: (event: DecryptEvent) => Promise<void>;
  try {
    handler = (await import(/* webpackChunkName: "decrypt-handler" */ "./decrypt")).handleDecryptEvent;
  } catch {
    // The chunk could not be fetched (offline, blocked): say so instead of letting Outlook time out.
    event.completed({ allowEvent: false, errorMessage: REFUSAL_TEXT.module[language()] });
    return;
  }
  await handler(event);
};

(self as unknown as Record<string, unknown>)[DECRYPT_HOOK] = onMessageDecrypt;
