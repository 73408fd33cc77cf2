/**
 * One queue for all Office.js async calls of a pane: at most one call in flight (Outlook on the web allows
 * only 3 concurrent calls per add-in, and ordering matters for our apply/rollback sequences), each with a
 * timeout so a call that never calls back (office-js #3363) cannot hang the pane.
 */
import { SpmError } from "../core/errors";

export interface OfficeAsyncResultLike<T> {
  /** Office.AsyncResultStatus: "succeeded" | "failed" at runtime. */
  status: unknown;
  value: T;
  error?: { name?: string; message?: string; code?: number } | null;
}

export type OfficeCallback<T> = (result: OfficeAsyncResultLike<T>) => void;

export interface OfficeCallQueue {
  /** Run one Office async call: `start` receives the callback to hand to Office. */
  call<T>(method: string, start: (cb: OfficeCallback<T>) => void, options?: CallOptions<T>): Promise<T>;
}

export interface CallOptions<T> {
  timeoutMs?: number;
  /** Called if Office answers with success after the call already timed out (to undo its effect). */
  onLateSuccess?: (value: T) => void;
}

export const DEFAULT_CALL_TIMEOUT_MS = 30_000;

/** The SpmError for a failed Office call; `details.officeError` is the Office error name (stable for callers). */
export function hostError(method: string, officeError: string, message: string, extra?: Record<string, unknown>): SpmError {
  return new SpmError("HOST_ERROR", `Outlook call ${method} failed: ${officeError}`, {
    details: { method, officeError, officeMessage: message, ...extra },
  });
}

export function createOfficeCallQueue(defaults: { timeoutMs?: number } = {}): OfficeCallQueue {
  let tail: Promise<unknown> = Promise.resolve();
  const defaultTimeout = defaults.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;

  function runOne<T>(method: string, start: (cb: OfficeCallback<T>) => void, timeoutMs: number, onLateSuccess?: (value: T) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      let timedOut = false;
      const timer = setTimeout(() => {
        settled = true;
        timedOut = true;
        reject(hostError(method, "Timeout", `no answer within ${timeoutMs} ms`, { timedOut: true }));
      }, timeoutMs);
      const cb: OfficeCallback<T> = (r) => {
        if (settled) {
          // A late answer after the timeout: the failure was reported; let the caller undo a late success.
          if (timedOut && String(r.status) === "succeeded") onLateSuccess?.(r.value);
          return;
        }
        settled = true;
        clearTimeout(timer);
        if (String(r.status) === "succeeded") resolve(r.value);
        else reject(hostError(method, r.error?.name ?? "UnknownError", r.error?.message ?? "", { officeCode: r.error?.code }));
      };
      try {
        start(cb);
      } catch (e) {
        settled = true;
        clearTimeout(timer);
        reject(new SpmError("HOST_ERROR", `Outlook call ${method} threw`, { cause: e, details: { method, officeError: "Exception" } }));
      }
    });
  }

  return {
    call<T>(method: string, start: (cb: OfficeCallback<T>) => void, options?: CallOptions<T>): Promise<T> {
      const run = tail.then(() => runOne(method, start, options?.timeoutMs ?? defaultTimeout, options?.onLateSuccess));
      // The queue continues after a failure; the caller sees the failure through `run`.
      tail = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    },
  };
}
