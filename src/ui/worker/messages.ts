/** Errors cross the worker boundary as plain data and become SpmErrors again (codes are stable). */
import { SpmError, isSpmError, type ErrorCode } from "../../core/errors";

export interface SerializedError {
  code?: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export function serializeError(error: unknown): SerializedError {
  if (isSpmError(error)) return { code: error.code, message: error.message, details: error.details };
  return { message: error instanceof Error ? error.message : String(error) };
}

export function deserializeError(error: SerializedError): Error {
  if (error.code) return new SpmError(error.code, error.message, { details: error.details });
  return new Error(error.message);
}
