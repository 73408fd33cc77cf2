/**
 * Microsoft Graph `POST /me/sendMail` with a complete MIME message (graph-naa.md §1): body = the message in
 * base64, `Content-Type: text/plain`; 202 = accepted (Exchange stores the sent copy in Sent Items).
 *
 * Every failure is a HOST_ERROR with `details.delivery` (GraphFailure) and says whether the message may have
 * been sent (`details.maybeSent`): only a 5xx other than 503, a network error after the request left, a
 * timeout, or an unexpected 2xx leave that open. Nothing is ever re-sent blindly; 429 and 503 (refused before
 * acceptance) are retried once after Retry-After when that wait is short.
 */
import { SpmError } from "../core/errors";

export type GraphFailure =
  /** 401: the token was not accepted (expired, wrong audience): sign in again. */
  | "unauthorized"
  /** 403: no Mail.Send consent, or the mailbox may not send as this From. */
  | "forbidden"
  /** 413: over Graph's S/MIME limit. */
  | "too-large"
  /** 429/503 twice, or a Retry-After too long to wait for. */
  | "throttled"
  /** 400 ErrorMimeContentInvalidBase64String. */
  | "invalid-base64"
  /** Any other 400: the message was refused as it is. */
  | "rejected"
  /** The browser is offline: nothing was sent. */
  | "offline"
  /** We cannot know whether Graph accepted the message (5xx, network error, timeout, unexpected 2xx). */
  | "unknown-outcome";

export interface GraphSendOptions {
  /** Root of Microsoft Graph, e.g. https://graph.microsoft.com. */
  endpoint: string;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** navigator.onLine (false = certainly offline). */
  online?: () => boolean;
  /** Longest Retry-After we wait for in the pane (default 30 s). */
  maxRetryWaitMs?: number;
  /** Per-request timeout (default 120 s; a 4 MB upload on a slow line). */
  timeoutMs?: number;
}

export interface GraphSendPort {
  /** Submit one message; resolves on 202. */
  sendMime(mimeBase64: string, accessToken: string): Promise<void>;
}

/** Graph's S/MIME payload limit, applied to the base64 request body (graph-naa.md §1.2). */
export const GRAPH_MAX_BODY_CHARS = 4 * 1024 * 1024;
const DEFAULT_RETRY_MS = 2_000;

function fail(delivery: GraphFailure, message: string, extra: Record<string, unknown> = {}, cause?: unknown): SpmError {
  const maybeSent = delivery === "unknown-outcome";
  return new SpmError("HOST_ERROR", message, { ...(cause === undefined ? {} : { cause }), details: { officeError: "Graph", delivery, maybeSent, ...extra } });
}

/** Retry-After as milliseconds: seconds (Graph sends decimals such as "2.128") or an HTTP date. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The Graph error code from an error body ({"error":{"code":...}}), never its message text. */
async function graphCode(response: Response): Promise<string | undefined> {
  try {
    const body = (await response.json()) as { error?: { code?: unknown } };
    return typeof body?.error?.code === "string" ? body.error.code : undefined;
  } catch {
    return undefined; // no JSON body: the status alone decides
  }
}

/** Throw the "offline" failure when the browser knows it is offline (before any work or download starts). */
export function assertOnline(online: () => boolean = () => globalThis.navigator?.onLine !== false): void {
  if (!online()) throw fail("offline", "The computer is offline: nothing was sent");
}

export function createGraphSendPort(options: GraphSendOptions): GraphSendPort {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const online = options.online ?? (() => globalThis.navigator?.onLine !== false);
  const maxWait = options.maxRetryWaitMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const url = `${options.endpoint.replace(/\/+$/, "")}/v1.0/me/sendMail`;

  async function post(body: string, token: string): Promise<Response> {
    assertOnline(online);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    try {
      return await doFetch(url, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "text/plain" },
        body,
        signal: abort.signal,
        credentials: "omit",
        cache: "no-store",
      });
    } catch (e) {
      // The request may have reached Graph before the connection broke: the outcome is unknown.
      throw fail("unknown-outcome", "The connection to Microsoft Graph broke off while sending", { network: true, timedOut: abort.signal.aborted }, e);
    } finally {
      clearTimeout(timer);
    }
  }

  async function sendMime(mimeBase64: string, accessToken: string): Promise<void> {
    let retried = false;
    for (;;) {
      const response = await post(mimeBase64, accessToken);
      const status = response.status;
      if (status === 202) return;
      if (status >= 200 && status < 300) throw fail("unknown-outcome", `Microsoft Graph answered ${status} instead of 202`, { status });
      if (status === 429 || status === 503) {
        const wait = retryAfterMs(response.headers.get("Retry-After")) ?? DEFAULT_RETRY_MS;
        const code = await graphCode(response);
        if (retried || wait > maxWait) throw fail("throttled", "Microsoft Graph is busy: nothing was sent", { status, graphCode: code, retryAfterSeconds: Math.ceil(wait / 1000) });
        retried = true;
        await sleep(wait);
        continue;
      }
      const code = await graphCode(response);
      const extra = { status, ...(code ? { graphCode: code } : {}) };
      if (status === 401) throw fail("unauthorized", "Microsoft Graph did not accept the sign-in", extra);
      if (status === 403) throw fail("forbidden", "Microsoft Graph refused to send for this mailbox", extra);
      if (status === 413) throw fail("too-large", "The message is over Microsoft Graph's size limit", extra);
      if (status === 400 && code === "ErrorMimeContentInvalidBase64String") throw fail("invalid-base64", "Microsoft Graph could not read the message (base64)", extra);
      if (status >= 400 && status < 500) throw fail("rejected", `Microsoft Graph refused the message (${status})`, extra);
      throw fail("unknown-outcome", `Microsoft Graph failed (${status}); the message may have been sent`, extra);
    }
  }

  return { sendMime };
}
