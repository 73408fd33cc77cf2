/**
 * Typed errors with stable codes. Callers branch on `code`, never on message text.
 * Messages are safe to show and to log: they never contain plaintext, keys or patient data.
 */
export const ErrorCodes = [
  /** The input is not what it claims to be (bad DER, bad MIME, bad base64 ...). */
  "MALFORMED",
  /** The input is valid but uses an algorithm we do not implement or do not allow. */
  "UNSUPPORTED_ALGORITHM",
  /** The message has no recipient entry for any of the given keys. */
  "NOT_FOR_ME",
  /** Decryption failed. Deliberately says nothing about why (wrong key, bad padding, bad tag). */
  "DECRYPTION_FAILED",
  /** Content or signature does not match: altered in transit. */
  "TAMPERED",
  /** A size, depth or count limit was exceeded. */
  "LIMIT_EXCEEDED",
  /** A caller passed an invalid argument (programming error or bad CLI usage). */
  "INVALID_ARGUMENT",
  /** PKCS#12 / key store password is wrong. */
  "WRONG_PASSWORD",
  /** A key container holds no private key. */
  "NO_PRIVATE_KEY",
  /** A certificate cannot be used for what was asked (no encryption key usage, ...). */
  "CERTIFICATE_UNUSABLE",
  /** The key store is locked by a passphrase. */
  "STORE_LOCKED",
  /** The browser cleared our storage. */
  "STORAGE_LOST",
  /** A call into Outlook (the Office add-in API) failed. */
  "HOST_ERROR",
  /** A structure that is ambiguous on purpose (e.g. content both embedded and detached). */
  "AMBIGUOUS",
] as const;

export type ErrorCode = (typeof ErrorCodes)[number];

export class SpmError extends Error {
  readonly code: ErrorCode;
  /** Machine-readable extra facts (never secrets). */
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "SpmError";
    this.code = code;
    if (options?.details) this.details = options.details;
  }
}

export function isSpmError(e: unknown, code?: ErrorCode): e is SpmError {
  return e instanceof SpmError && (code === undefined || e.code === code);
}

/** Wrap an unknown failure from a library into a typed error, keeping the cause. */
export function toSpmError(e: unknown, code: ErrorCode, message: string): SpmError {
  if (e instanceof SpmError) return e;
  return new SpmError(code, message, { cause: e });
}

/**
 * Whether `e` is a built-in error of this name (TypeError, RangeError ...), by name rather than `instanceof`:
 * TextDecoder, typed arrays and WebCrypto may belong to another realm than the caller (a worker's, an
 * iframe's, a test runner's), and their errors are then not instances of this realm's constructors.
 */
export function isBuiltinError(e: unknown, name: "TypeError" | "RangeError" | "SyntaxError"): boolean {
  return typeof e === "object" && e !== null && (e as { name?: unknown }).name === name;
}
