/**
 * One queue for all Office.js async calls of a pane: at most one call in flight (Outlook on the web allows
 * only 3 concurrent calls per add-in, and ordering matters for our apply/rollback sequences), each with a
 * timeout so a call that never calls back (office-js #3363) cannot hang the pane.
 */
import { SpmError, isSpmError } from "../core/errors";

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

/**
 * The SpmError for a failed Office call. `details.officeError` is the error's name as Office reported it: for
 * display and logs only, because Office localises the names of its common codes (1000-13999: "Data Write
 * Error" is "Datenschreibfehler" in German Office; Outlook's own 9000-range names are fixed identifiers).
 * Decide on `details.officeCode` with `isOfficeError` (issue 17, item 7).
 */
export function hostError(method: string, officeError: string, message: string, extra?: Record<string, unknown>): SpmError {
  return new SpmError("HOST_ERROR", `Outlook call ${method} failed: ${officeError}`, {
    details: { method, officeError, officeMessage: message, ...extra },
  });
}

/**
 * Office error codes the product reacts to, with the names Office.js gives them (the table in
 * learn.microsoft.com/office/dev/add-ins/reference/javascript-api-for-office-error-codes and Office.js'
 * getErrorArgs; test/unit/host/office-call-codes.test.ts checks them against the simulator's generated table).
 */
export const OFFICE_ERROR_CODES = {
  InvalidFormat: 2006,
  DataWriteTooLarge: 2009,
  InternalError: 5001,
  TooManyIncompleteRequests: 5100,
  AttachmentSizeExceeded: 9000,
  NumberOfAttachmentsExceeded: 9001,
  InvalidAttachmentId: 9003,
  AttachmentUploadGeneralFailure: 9007,
  GenericSettingsError: 9019,
  AttachmentTypeNotSupported: 9043,
  ItemNotFound: 9049,
  SizeLimitExceeded: 9057,
} as const;

/** The numeric Office error code of a failed Office call, when Office gave one. */
export function officeErrorCode(e: unknown): number | undefined {
  if (!isSpmError(e, "HOST_ERROR")) return undefined;
  const code = e.details?.officeCode;
  return typeof code === "number" && Number.isInteger(code) ? code : undefined;
}

/** Whether `e` is a failed Office call with one of these codes; never looks at the (localised) name. */
export function isOfficeError(e: unknown, ...codes: number[]): boolean {
  const code = officeErrorCode(e);
  return code !== undefined && codes.includes(code);
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
