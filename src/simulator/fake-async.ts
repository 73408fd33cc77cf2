/**
 * The Office.js async calling convention for the fake Office (fake-office.ts): required arguments, then an
 * optional options object and an optional callback; the callback always runs later (a few ms of latency),
 * at most 3 calls may be pending on "OfficeOnline", and `backend.failNext` fails the next call of a method
 * without side effects.
 */
import { officeError, type OfficeErrorShape, type SimMailbox } from "./mailbox-state";

export interface FakeAsyncResult {
  status: "succeeded" | "failed";
  value: unknown;
  error: OfficeErrorShape | undefined;
  asyncContext: unknown;
  diagnostics?: unknown;
}

type Callback = (result: FakeAsyncResult) => void;

/** The options object of an Office.js call (`asyncContext`, `coercionType`, `isInline`...), read field by field. */
export type CallOptions = Record<string, unknown>;

/** What runs after the latency: the state change or read of the call (like a round trip to the server). */
export type AsyncImpl = (args: unknown[], opts: CallOptions) => unknown;

/**
 * An async method as the fake implements it. It takes the arguments of every Office.js overload (it sorts
 * them out at run time), so it is assignable to the real method types the fake's objects are checked against.
 */
export type FakeAsyncMethod = (...all: unknown[]) => void;

/** How a method differs from a plain round trip: it may never answer, or take longer (e.g. an upload). */
export interface AsyncBehaviour {
  hang?: () => boolean;
  /** Milliseconds added to the latency, from the call's arguments. */
  extraDelayMs?: (args: unknown[]) => number;
}

export type AsyncMethodFactory = (method: string, required: number, impl: AsyncImpl, behaviour?: AsyncBehaviour) => FakeAsyncMethod;

/** Thrown inside an AsyncImpl: the call fails with this Office error name (and message). */
export class FailWith extends Error {
  constructor(
    readonly officeName: string,
    message?: string,
  ) {
    super(message ?? officeName);
  }
}

/** Thrown synchronously for programming errors, like Office.js does for bad arguments. */
export function argumentError(method: string, what: string): Error {
  const e = new Error(`Sys.ArgumentException: ${method}: ${what}`);
  e.name = "Sys.ArgumentException";
  return e;
}

const MAX_CONCURRENT_WEB = 3;

/** Splits the trailing arguments of a call into its options object and its callback. */
function optionsAndCallback(rest: unknown[]): { opts: CallOptions; cb: Callback | undefined } {
  let opts: CallOptions = {};
  let cb: Callback | undefined;
  for (const r of rest) {
    if (typeof r === "function") cb = r as Callback;
    else if (r && typeof r === "object") opts = r as CallOptions;
  }
  return { opts, cb };
}

function failureOf(e: unknown): OfficeErrorShape {
  if (e instanceof FailWith) return officeError(e.officeName, e.message === e.officeName ? undefined : e.message);
  return officeError("InternalError", String(e));
}

/** One pane's async calls: the factory of its methods plus the count of calls still pending. */
export function createAsyncCalls(backend: SimMailbox, latency: () => number): { asyncMethod: AsyncMethodFactory; pending: () => number } {
  let pending = 0;
  const asyncMethod: AsyncMethodFactory = (method, required, impl, behaviour = {}) => {
    return (...all: unknown[]): void => {
      const args = all.slice(0, required);
      const { opts, cb } = optionsAndCallback(all.slice(required));
      const asyncContext = opts.asyncContext;
      const deliver = (result: FakeAsyncResult) => {
        pending--;
        backend.record({ method, outcome: result.status, ...(result.error ? { error: result.error.name } : {}) });
        if (cb) cb(result);
      };
      if (backend.platform === "OfficeOnline" && pending >= MAX_CONCURRENT_WEB) {
        backend.record({ method, outcome: "failed", error: "TooManyIncompleteRequests" });
        const error = officeError("TooManyIncompleteRequests");
        setTimeout(() => cb?.({ status: "failed", value: undefined, error, asyncContext }), 0);
        return;
      }
      pending++;
      if (behaviour.hang?.()) {
        backend.record({ method, outcome: "pending-forever" });
        return; // never calls back: the documented hang
      }
      setTimeout(() => {
        const failure = backend.takeFailure(method);
        if (failure) {
          deliver({ status: "failed", value: undefined, error: officeError(failure), asyncContext });
          return;
        }
        try {
          const value = impl(args, opts);
          deliver({ status: "succeeded", value, error: undefined, asyncContext });
        } catch (e) {
          deliver({ status: "failed", value: undefined, error: failureOf(e), asyncContext });
        }
      }, latency() + (behaviour.extraDelayMs?.(args) ?? 0));
    };
  };
  return { asyncMethod, pending: () => pending };
}

/** What the parts of the fake Office share: the mailbox behind it and its async-call wrapper. */
export interface FakeKit {
  backend: SimMailbox;
  asyncMethod: AsyncMethodFactory;
}

/** Members that exist only where the requirement set is supported (e.g. getAsFileAsync needs Mailbox 1.14). */
export function requireSet<T extends object>(backend: SimMailbox, version: string, members: T): Partial<T> {
  return backend.supports(version) ? members : {};
}
