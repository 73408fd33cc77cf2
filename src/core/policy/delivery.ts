/**
 * The delivery part of the admin policy (config/policy.json): how protected mail leaves Outlook, and the
 * Entra app registration the add-in signs in with to send standard S/MIME through Microsoft Graph.
 *
 *   "delivery": "auto" | "standard" | "attachment"
 *   "graph": { "clientId": "<GUID>", "authority"?: "https://login.microsoftonline.com/<tenant>", "endpoint"?: "https://graph.microsoft.com" }
 */
import { SpmError } from "../errors";

/**
 * auto: standard S/MIME through Graph wherever it works, else the attachment format (with the reason), and the
 * user may pick either; standard: only standard S/MIME (refuse with the reason where it cannot be sent);
 * attachment: only the attachment format (Graph is never used).
 */
export type DeliveryMode = "auto" | "standard" | "attachment";
export const DELIVERY_MODES: readonly DeliveryMode[] = ["auto", "standard", "attachment"];

export interface GraphAppConfig {
  /** Application (client) ID of the organisation's Entra app registration. */
  clientId: string;
  /** Sign-in authority (default https://login.microsoftonline.com/common). */
  authority: string;
  /** Microsoft Graph root (default https://graph.microsoft.com; national clouds differ). */
  endpoint: string;
}

export const DEFAULT_AUTHORITY = "https://login.microsoftonline.com/common";
export const DEFAULT_GRAPH_ENDPOINT = "https://graph.microsoft.com";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function bad(field: string, why: string): SpmError {
  return new SpmError("MALFORMED", `Policy field "${field}" ${why}`, { details: { field } });
}

/**
 * An https URL without query or fragment. http is allowed only for the loopback host, where browsers treat
 * it as a secure context too (the simulator's Graph endpoint).
 */
function url(v: unknown, field: string, fallback: string): string {
  if (v === undefined) return fallback;
  if (typeof v !== "string") throw bad(field, "must be a URL string");
  let parsed: URL;
  try {
    parsed = new URL(v);
  } catch {
    throw bad(field, "is not a URL");
  }
  const loopback = parsed.hostname === "localhost" || parsed.hostname === "127.0.0.1";
  if (parsed.protocol !== "https:" && !(parsed.protocol === "http:" && loopback)) throw bad(field, "must be an https URL");
  if (parsed.search || parsed.hash || parsed.username || parsed.password) throw bad(field, "must not have a query, fragment or credentials");
  return parsed.href.replace(/\/+$/, "");
}

export function parseDelivery(v: unknown): DeliveryMode {
  if (v === undefined) return "auto";
  if (typeof v !== "string" || !(DELIVERY_MODES as readonly string[]).includes(v)) {
    throw bad("delivery", `must be one of ${DELIVERY_MODES.map((m) => `"${m}"`).join(", ")}`);
  }
  return v as DeliveryMode;
}

export function parseGraphApp(v: unknown): GraphAppConfig | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw bad("graph", "must be { \"clientId\": \"<GUID>\", \"authority\"?: URL, \"endpoint\"?: URL }");
  const o = v as Record<string, unknown>;
  for (const key of Object.keys(o)) if (!["clientId", "authority", "endpoint"].includes(key)) throw bad(`graph.${key}`, "is unknown");
  if (typeof o.clientId !== "string" || !GUID.test(o.clientId)) throw bad("graph.clientId", "must be the app registration's Application (client) ID, a GUID");
  return {
    clientId: o.clientId.toLowerCase(),
    authority: url(o.authority, "graph.authority", DEFAULT_AUTHORITY),
    endpoint: url(o.endpoint, "graph.endpoint", DEFAULT_GRAPH_ENDPOINT),
  };
}
