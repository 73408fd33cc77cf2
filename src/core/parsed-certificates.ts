/**
 * Certificates parsed once per DER array. A signer's certificate is checked when it is loaded (loadCertificates)
 * and parsed again to sign with it; each parse with asn1js and PKI.js took 4-7 ms of a CLI command, mostly code
 * that had not run yet. Keyed by the array and checked against a copy of its bytes, so an array changed since
 * is parsed again; failures are not kept.
 */
import type * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { parseBer } from "./asn1";
import { bytesEqual } from "./bytes";
import { DEFAULT_CONFIG } from "./config";

export interface ParsedCertificate {
  /** The whole certificate as parsed (nodes over a copy of the bytes; nothing after it checked by callers). */
  node: asn1js.AsnType;
  cert: pkijs.Certificate;
}

const parsed = new WeakMap<Uint8Array, ParsedCertificate & { bytes: Uint8Array }>();

/** Throws what parseBer throws, or what PKI.js throws for a structure that is not a certificate. */
export function parseCertificateDer(der: Uint8Array, what: string): ParsedCertificate {
  const known = parsed.get(der);
  if (known && bytesEqual(known.bytes, der)) return { node: known.node, cert: known.cert };
  const node = parseBer(der, { what, maxBytes: DEFAULT_CONFIG.maxCertificateBytes });
  const cert = new pkijs.Certificate({ schema: node });
  parsed.set(der, { node, cert, bytes: der.slice() });
  return { node, cert };
}
