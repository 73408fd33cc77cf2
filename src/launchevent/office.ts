/*
 * Promise wrappers over the few Office.js calls the send handler needs. Every call settles: an
 * Office failure, a throw, or no callback within CALL_TIMEOUT_MS rejects, so the handler can fall
 * back according to the policy instead of hanging until Outlook's own timeout.
 */

const CALL_TIMEOUT_MS = 10_000;

/** `timeoutMs`: longer for calls that move megabytes (an attachment's content). */
export function officeCall<T>(start: (callback: (r: Office.AsyncResult<T>) => void) => void, timeoutMs = CALL_TIMEOUT_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const timer = typeof setTimeout === "function" ? setTimeout(() => finish(new Error("Office call timed out")), timeoutMs) : undefined;
    function finish(err: Error | null, value?: T): void {
      if (done) return;
      done = true;
      if (timer !== undefined) clearTimeout(timer);
      if (err) reject(err);
      else resolve(value as T);
    }
    try {
      start((r) => {
        if (r && r.status === Office.AsyncResultStatus.Succeeded) finish(null, r.value);
        else finish(new Error("Office call failed: " + (r && r.error && r.error.message ? r.error.message : "unknown")));
      });
    } catch (e) {
      finish(e instanceof Error ? e : new Error(String(e)));
    }
  });
}

export function supports(version: string): boolean {
  try {
    return Office.context.requirements.isSetSupported("Mailbox", version);
  } catch {
    return false; // an old host without the requirements API supports nothing newer than 1.8 for us
  }
}

export function roamingGet(key: string): unknown {
  try {
    return Office.context.roamingSettings ? Office.context.roamingSettings.get(key) : undefined;
  } catch {
    return undefined; // no roaming settings in this runtime: the caller uses its next source
  }
}

export type Lang = "en" | "de";

/** Outlook's display language, reduced to the two the texts exist in. */
export function language(): Lang {
  try {
    return /^de/i.test(Office.context.displayLanguage || "") ? "de" : "en";
  } catch {
    return "en"; // no display language: English
  }
}
