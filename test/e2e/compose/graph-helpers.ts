/**
 * Helpers for the standard S/MIME (Graph) browser tests: a server whose config/policy.json a test chooses,
 * and the delivered messages taken apart for OpenSSL and NSS.
 */
import { startServer, type TestServer } from "../../helpers/browser";

/**
 * The shared test build served with this config/policy.json in front of the shipped one. `graph: null` makes
 * the simulated server leave Graph unconfigured; leaving `graph` out gives the simulator's registration.
 */
export function startServerWithPolicy(policy: Record<string, unknown>): Promise<TestServer> {
  return startServer({}, { "config/policy.json": JSON.stringify(policy) });
}

/** The base64 body of a single-part message as DER (for NSS cmsutil, which reads CMS, not MIME). */
export function p7mDer(mime: string): Buffer {
  const split = mime.indexOf("\r\n\r\n");
  return Buffer.from(mime.slice(split + 4).replace(/\s+/g, ""), "base64");
}

/** The header section of a raw message, unfolded, as name (lowercase) -> value. */
export function outerHeaders(mime: string): Record<string, string> {
  const head = mime.slice(0, mime.indexOf("\r\n\r\n")).replace(/\r\n[ \t]/g, " ");
  const out: Record<string, string> = {};
  for (const line of head.split("\r\n")) {
    const i = line.indexOf(":");
    out[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  return out;
}
