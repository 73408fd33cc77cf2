/**
 * The crypto worker's protocol (client.ts <-> crypto-worker.ts), and errors as plain data that become SpmErrors
 * again on the other side (codes are stable).
 *   worker -> client: { type: "ready" } once its script has loaded; only then does the client send the job
 *   client -> worker: { type: "protect", job } or { type: "open", job } (byte buffers transferred, see client.ts)
 *   worker -> client: { type: "stage", stage } ... then { type: "done", result } or { type: "error", error }
 * The ready handshake is what makes transferring safe: a worker that cannot load (content security policy,
 * network) fails before it has taken anything, and the job then runs on the main thread with its bytes intact.
 */
import { SpmError, isSpmError, type ErrorCode } from "../../core/errors";

export interface SerializedError {
  code?: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export type WorkerRequest<Job = unknown> = { type: "protect" | "open"; job: Job };

export type WorkerMessage<Stage, Result> =
  | { type: "ready" }
  | { type: "stage"; stage: Stage }
  | { type: "done"; result: Result }
  | { type: "error"; error: SerializedError };

export function serializeError(error: unknown): SerializedError {
  if (isSpmError(error)) return { code: error.code, message: error.message, details: error.details };
  return { message: error instanceof Error ? error.message : String(error) };
}

export function deserializeError(error: SerializedError): Error {
  if (error.code) return new SpmError(error.code, error.message, { details: error.details });
  return new Error(error.message);
}
