/*
 * OnMessageDecrypt as launchevent.js sees it (ES2016, no crypto, no DOM).
 *
 * Classic Outlook on Windows loads only launchevent.js, into its JavaScript-only runtime: no DOM, no
 * IndexedDB (where the keys are), and per field reports no `crypto` at all (MSAL issue #8412). Decryption
 * cannot happen there, so the handler says so at once and points to the pane: never a hang.
 * Outlook on the web and new Outlook load launchevent.html instead, whose decrypt module (loaded before
 * this file, a separate ES2022 bundle) has put the real handler on the global: the gate hands the event to it.
 */
import { DECRYPT_HOOK, REFUSAL_TEXT, type DecryptEvent, type DecryptHook, type DecryptRefusal } from "./decrypt-texts";
import { language } from "./office";

function webHandler(): DecryptHook | undefined {
  // In a browser runtime `self` is the page. The JS-only runtime may define `self` too (React Native does),
  // but nothing there ever sets the hook.
  const scope: unknown = typeof self !== "undefined" ? self : undefined;
  const hook = scope ? (scope as Record<string, unknown>)[DECRYPT_HOOK] : undefined;
  return typeof hook === "function" ? (hook as DecryptHook) : undefined;
}

export function onMessageDecryptHandler(event: DecryptEvent): Promise<void> {
  let done = false;
  const once: DecryptEvent = {
    completed(options) {
      // Outlook takes one answer; a second call could only come from a bug, and is dropped.
      if (done) return;
      done = true;
      event.completed(options);
    },
  };
  const refuse = (reason: DecryptRefusal) => once.completed({ allowEvent: false, errorMessage: REFUSAL_TEXT[reason][language()] });
  const hook = webHandler();
  if (!hook) {
    refuse("runtime");
    return Promise.resolve();
  }
  let running: Promise<void>;
  try {
    running = hook(once);
  } catch {
    // A synchronous throw of the web module: the user still gets an answer that points to the pane.
    refuse("failed");
    return Promise.resolve();
  }
  return Promise.resolve(running).then(
    () => {
      if (!done) refuse("failed");
    },
    () => refuse("failed"),
  );
}
