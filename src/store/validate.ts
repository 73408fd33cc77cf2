/** Argument checks at the store's boundary: callers are panes and the simulator, not trusted to be typed. */
import { SpmError } from "../core/errors";
import { normalizeAddress } from "../core/mime";

const OID_PATTERN = /^[0-2](\.(0|[1-9]\d*))+$/;

export function requireEmail(email: unknown): string {
  if (typeof email !== "string") throw new SpmError("INVALID_ARGUMENT", "An e-mail address is required");
  // The one comparison form (core/mime/addresses.ts): entries found by it match the signer check exactly.
  const normalised = normalizeAddress(email);
  if (normalised === undefined) throw new SpmError("INVALID_ARGUMENT", "Not an e-mail address");
  return normalised;
}

export function requireBytes(value: unknown, what: string): Uint8Array {
  if (!(value instanceof Uint8Array) || value.length === 0) throw new SpmError("INVALID_ARGUMENT", `${what} must be non-empty bytes`);
  return value;
}

export function requireHex(value: unknown): string {
  if (typeof value !== "string" || !/^[0-9a-fA-F]{64}$/.test(value)) throw new SpmError("INVALID_ARGUMENT", "Expected a SHA-256 fingerprint in hex");
  return value.toLowerCase();
}

export function requireCapabilities(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string" && OID_PATTERN.test(v))) {
    throw new SpmError("INVALID_ARGUMENT", "Capabilities must be a list of dotted OIDs");
  }
  return [...(value as string[])];
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

/** The id of a record the caller names. */
export function requireId(id: unknown, what: string): string {
  if (typeof id !== "string" || id === "") throw new SpmError("INVALID_ARGUMENT", `${what} is required`);
  return id;
}
