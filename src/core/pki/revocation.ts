/**
 * Revocation of one certificate by its issuer: CRLs given by the caller or fetched from https
 * distribution points, then OCSP (caller-provided transport). We never do I/O ourselves.
 */
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { parseBerExact } from "../asn1";
import { DEFAULT_CONFIG, type CoreConfig } from "../config";
import { bytesEqual } from "../bytes";
import type { ParsedCert } from "./cert";
import { EXT, namesEqual } from "./cert";
import { finding, type CrlProblem } from "../findings";
import type { Finding } from "./status";

export interface RevocationSources {
  crls?: Uint8Array[];
  fetchCrl?: (url: string) => Promise<Uint8Array | undefined>;
  fetchOcsp?: (url: string, request: Uint8Array) => Promise<Uint8Array | undefined>;
}

export type RevocationResult =
  | { state: "good"; via: "crl" | "ocsp" }
  | { state: "revoked"; via: "crl" | "ocsp"; date?: Date; reason?: string }
  | { state: "unknown" };


const CRL_OID = {
  crlNumber: "2.5.29.20",
  deltaCrlIndicator: "2.5.29.27",
  issuingDistributionPoint: "2.5.29.28",
  reasonCode: "2.5.29.21",
  invalidityDate: "2.5.29.24",
  certificateIssuer: "2.5.29.29",
} as const;

const REASONS = [
  "unspecified", "keyCompromise", "cACompromise", "affiliationChanged", "superseded", "cessationOfOperation",
  "certificateHold", "(unused)", "removeFromCRL", "privilegeWithdrawn", "aACompromise",
];

export function parseCrl(der: Uint8Array, config: CoreConfig = DEFAULT_CONFIG): pkijs.CertificateRevocationList {
  return new pkijs.CertificateRevocationList({ schema: parseBerExact(der, { what: "CRL", maxBytes: config.maxCrlBytes }) });
}

function sameSerial(a: asn1js.Integer, b: asn1js.Integer): boolean {
  const strip = (v: Uint8Array) => {
    let i = 0;
    while (i < v.length - 1 && v[i] === 0) i++;
    return v.subarray(i);
  };
  return bytesEqual(strip(new Uint8Array(a.valueBlock.valueHexView)), strip(new Uint8Array(b.valueBlock.valueHexView)));
}

/** Is this CRL usable to judge `cert` issued by `issuer` at `now`? Returns the problem when not. */
async function crlProblem(
  crl: pkijs.CertificateRevocationList, cert: ParsedCert, issuer: ParsedCert, now: Date, clockSkewMs: number,
): Promise<{ problem: CrlProblem; detail?: string } | undefined> {
  if (issuer.keyUsagePresent && !issuer.info.keyUsage.includes("cRLSign")) return { problem: "issuer-may-not-sign-crls" };
  let ok: boolean;
  try {
    ok = await crl.verify({ issuerCertificate: issuer.cert });
  } catch (e) {
    return { problem: "signature-uncheckable", detail: (e as Error).message };
  }
  if (!ok) return { problem: "signature-invalid" };
  if (crl.thisUpdate.value.getTime() > now.getTime() + clockSkewMs) return { problem: "dated-in-future" };
  if (crl.nextUpdate && crl.nextUpdate.value.getTime() < now.getTime()) return { problem: "out-of-date" };
  for (const ext of crl.crlExtensions?.extensions ?? []) {
    if (ext.extnID === CRL_OID.deltaCrlIndicator) return { problem: "delta-unsupported" };
    if (ext.extnID === CRL_OID.issuingDistributionPoint) {
      const idp = ext.parsedValue as pkijs.IssuingDistributionPoint | undefined;
      if (!idp || "parsingError" in idp) return { problem: "distribution-point-malformed" };
      if (idp.indirectCRL || idp.onlySomeReasons !== undefined || idp.onlyContainsAttributeCerts) return { problem: "partitioned-unsupported" };
      if (idp.onlyContainsUserCerts && cert.info.isCA) return { problem: "only-end-entity" };
      if (idp.onlyContainsCACerts && !cert.info.isCA) return { problem: "only-ca" };
      continue;
    }
    if (ext.critical && ![CRL_OID.crlNumber, EXT.authorityKeyIdentifier].includes(ext.extnID as never)) {
      return { problem: "unknown-critical-extension", detail: ext.extnID };
    }
  }
  return undefined;
}

function entryResult(entry: pkijs.RevokedCertificate): RevocationResult | "skip" | "removed" {
  let reason: string | undefined;
  for (const ext of entry.crlEntryExtensions?.extensions ?? []) {
    if (ext.extnID === CRL_OID.reasonCode) {
      const v = ext.parsedValue as unknown;
      const code = v instanceof asn1js.Enumerated ? v.valueBlock.valueDec : undefined;
      if (code !== undefined) reason = REASONS[code] ?? `reason ${code}`;
    } else if (ext.extnID === CRL_OID.certificateIssuer) {
      return "skip"; // indirect CRL entry: not supported, do not guess.
    } else if (ext.critical && ext.extnID !== CRL_OID.invalidityDate) {
      return "skip";
    }
  }
  if (reason === "removeFromCRL") return "removed";
  return { state: "revoked", via: "crl", date: entry.revocationDate.value, ...(reason ? { reason } : {}) };
}

export interface RevocationContext {
  sources: RevocationSources;
  now: Date;
  /** Parsed CRLs given by the caller (parsed once per check). */
  givenCrls: pkijs.CertificateRevocationList[];
  findings: Finding[];
  config: CoreConfig;
}

async function checkWithCrls(crls: pkijs.CertificateRevocationList[], cert: ParsedCert, issuer: ParsedCert, ctx: RevocationContext): Promise<RevocationResult> {
  let good = false;
  for (const crl of crls) {
    if (!namesEqual(crl.issuer, issuer.cert.subject)) continue;
    const problem = await crlProblem(crl, cert, issuer, ctx.now, ctx.config.clockSkewMs);
    if (problem) {
      ctx.findings.push(finding("crl-not-used", { issuer: issuer.info.subject, ...problem }));
      continue;
    }
    let listed: RevocationResult | undefined;
    let skipped = false;
    for (const entry of crl.revokedCertificates ?? []) {
      if (!sameSerial(entry.userCertificate, cert.cert.serialNumber)) continue;
      const r = entryResult(entry);
      if (r === "skip") skipped = true;
      else if (r !== "removed") listed = r;
    }
    if (listed) return listed;
    if (!skipped) good = true;
  }
  return good ? { state: "good", via: "crl" } : { state: "unknown" };
}

async function checkWithOcsp(cert: ParsedCert, issuer: ParsedCert, above: ParsedCert[], ctx: RevocationContext): Promise<RevocationResult> {
  const fetchOcsp = ctx.sources.fetchOcsp;
  if (!fetchOcsp) return { state: "unknown" };
  for (const url of cert.ocspUrls.filter((u) => /^https?:\/\//i.test(u))) {
    try {
      const req = new pkijs.OCSPRequest();
      // SHA-1 CertID: the hash only names the certificate; every responder supports it (RFC 6960 B.1).
      await req.createForCertificate(cert.cert, { hashAlgorithm: "SHA-1", issuerCertificate: issuer.cert });
      const reqDer = new Uint8Array(req.toSchema(true).toBER());
      const respDer = await fetchOcsp(url, reqDer);
      if (!respDer) continue;
      const maxBytes = ctx.config.maxOcspResponseBytes;
      const resp = new pkijs.OCSPResponse({ schema: parseBerExact(respDer, { what: "OCSP response", maxBytes }) });
      if (resp.responseStatus.valueBlock.valueDec !== 0 || !resp.responseBytes) throw new Error("the responder did not answer successfully");
      if (resp.responseBytes.responseType !== "1.3.6.1.5.5.7.48.1.1") throw new Error("unknown response type");
      const basic = new pkijs.BasicOCSPResponse({
        schema: parseBerExact(new Uint8Array(resp.responseBytes.response.valueBlock.valueHexView), { what: "OCSP response", maxBytes }),
      });
      // The responder must chain to our anchor through the issuer: give PKI.js the validated path above.
      const verified = await basic.verify({ trustedCerts: [issuer.cert, ...above.map((c) => c.cert)], issuerCerts: [issuer.cert] });
      if (!verified) throw new Error("the response signature is not valid");
      const status = await basic.getCertificateStatus(cert.cert, issuer.cert);
      if (!status.isForCertificate) throw new Error("the response is for another certificate");
      // Freshness of every answer in the response (we send no nonce: the dates are the replay protection).
      for (const single of basic.tbsResponseData.responses) {
        const thisUpdate = single.thisUpdate.getTime();
        if (thisUpdate > ctx.now.getTime() + ctx.config.clockSkewMs) throw new Error("the response is dated in the future");
        if (single.nextUpdate && single.nextUpdate.getTime() < ctx.now.getTime()) throw new Error("the response is out of date");
        if (!single.nextUpdate && thisUpdate < ctx.now.getTime() - ctx.config.ocspMaxAgeMs) throw new Error("the response is too old");
      }
      if (status.status === 0) return { state: "good", via: "ocsp" };
      if (status.status === 1) return { state: "revoked", via: "ocsp" };
    } catch (e) {
      ctx.findings.push(finding("ocsp-failed", { subject: cert.info.subject, detail: (e as Error).message }));
    }
  }
  return { state: "unknown" };
}

/**
 * Check one certificate against the sources: given CRLs, fetched CRLs (https only), then OCSP (http or
 * https: responses are signed). `above` = the already validated certificates above the issuer, up to the anchor.
 */
export async function checkRevocation(cert: ParsedCert, issuer: ParsedCert, above: ParsedCert[], ctx: RevocationContext): Promise<RevocationResult> {
  const fromGiven = await checkWithCrls(ctx.givenCrls, cert, issuer, ctx);
  if (fromGiven.state !== "unknown") return fromGiven;
  const fetchCrl = ctx.sources.fetchCrl;
  if (fetchCrl) {
    for (const url of cert.crlUrls.filter((u) => /^https:\/\//i.test(u))) {
      let der: Uint8Array | undefined;
      let crl: pkijs.CertificateRevocationList;
      try {
        der = await fetchCrl(url);
        if (!der) continue;
        crl = parseCrl(der, ctx.config);
      } catch (e) {
        ctx.findings.push(finding("crl-fetch-failed", { url, detail: (e as Error).message }));
        continue;
      }
      const r = await checkWithCrls([crl], cert, issuer, ctx);
      if (r.state !== "unknown") return r;
    }
  }
  return checkWithOcsp(cert, issuer, above, ctx);
}


