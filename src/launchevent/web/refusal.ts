/** Why the decrypt handler leaves a message to the pane, as a typed error with a stable reason. */
import { isSpmError } from "../../core/errors";
import type { DecryptRefusal } from "../decrypt-texts";

export class DecryptRefused extends Error {
  constructor(
    readonly reason: DecryptRefusal,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "DecryptRefused";
  }
}

/** The reason for any failure: ours as given, the core's by its error code, anything else "failed". */
export function refusalOf(e: unknown): DecryptRefusal {
  if (e instanceof DecryptRefused) return e.reason;
  if (isSpmError(e, "STORE_LOCKED")) return "locked";
  if (isSpmError(e, "NOT_FOR_ME")) return "not-for-me";
  if (isSpmError(e, "LIMIT_EXCEEDED")) return "too-large";
  return "failed";
}
