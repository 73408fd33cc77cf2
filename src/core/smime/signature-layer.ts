/**
 * One signature layer of a received message: the CMS check, the signer's certificate (path, trust, address
 * binding, revocation) and the S/MIME rule that mail content is id-data, combined into a LayerReport.
 */
import type { SignatureCheck } from "../cms/signed";
import type { CoreConfig } from "../config";
import { isSpmError } from "../errors";
import { finding } from "../findings";
import { OID } from "../oids";
import { checkCertificate, describeCertificate, signatureStatus, type CertificateInfo, type PinnedCertificate, type RevocationSources } from "../pki";
import type { LayerReport, SignerSummary } from "./report";

export interface SignerContext {
  anchors: Uint8Array[];
  pinned?: PinnedCertificate[];
  crls?: Uint8Array[];
  fetchCrl?: RevocationSources["fetchCrl"];
  fetchOcsp?: RevocationSources["fetchOcsp"];
  now?: Date;
  /** From (+ Sender) to bind the signer to; null: no headers (no binding). */
  addresses: string[] | null;
  config: CoreConfig;
}

export interface CheckedLayer {
  layer: LayerReport;
  check: SignatureCheck;
  info?: CertificateInfo;
}

async function summarizeSigner(cert: Uint8Array): Promise<{ summary: SignerSummary; info: CertificateInfo }> {
  const info = await describeCertificate(cert);
  return {
    info,
    summary: {
      email: info.emails[0],
      emails: info.emails,
      subject: info.subject,
      issuer: info.issuer,
      serialHex: info.serialHex,
      notBefore: info.notBefore.toISOString(),
      notAfter: info.notAfter.toISOString(),
      sha256Fingerprint: info.sha256FingerprintHex,
    },
  };
}

export async function checkSignatureLayer(check: SignatureCheck, type: LayerReport["type"], ctx: SignerContext): Promise<CheckedLayer> {
  const layer: LayerReport = {
    type,
    outcome: check.outcome,
    reason: check.reason,
    digestAlgorithm: check.digestAlgorithm,
    signatureAlgorithm: check.signatureAlgorithm,
  };
  if (check.eContentType) layer.contentType = check.eContentType;
  if (check.signingTime) layer.signingTime = check.signingTime.toISOString();
  let info: CertificateInfo | undefined;
  let certCheck;
  let outcome = check.outcome;
  let reason = check.reason;
  // S/MIME content is id-data (RFC 8551 §3.1). A key's signature made for another CMS protocol (a timestamp
  // token's TSTInfo, a receipt, firmware) is valid there and means nothing for mail: reused here it is invalid.
  const notMail = (outcome === "valid" || outcome === "invalid") && check.eContentType !== OID.data ? check.eContentType : undefined;
  if (notMail !== undefined) {
    outcome = "invalid";
    reason = `signed content type ${notMail} is not mail (id-data)`;
    layer.outcome = outcome;
    layer.reason = reason;
  }
  if (check.signerCertificate && (outcome === "valid" || outcome === "invalid")) {
    try {
      const s = await summarizeSigner(check.signerCertificate);
      layer.signer = s.summary;
      info = s.info;
      certCheck = await checkCertificate({
        certificate: check.signerCertificate,
        intermediates: check.certificates,
        anchors: ctx.anchors,
        pinned: ctx.pinned,
        revocation: { crls: [...(ctx.crls ?? []), ...check.crls], fetchCrl: ctx.fetchCrl, fetchOcsp: ctx.fetchOcsp },
        signingTime: check.signingTime,
        now: ctx.now,
        addresses: ctx.addresses,
        usage: "signing",
        config: ctx.config,
      });
    } catch (e) {
      // An unreadable signer certificate makes the signature unusable, not the whole message unreadable.
      if (!isSpmError(e, "MALFORMED") && !isSpmError(e, "LIMIT_EXCEEDED")) throw e;
      outcome = "malformed";
      reason = `The signer's certificate cannot be read: ${e.message}`;
      layer.outcome = outcome;
      layer.reason = reason;
    }
  }
  const combined = signatureStatus({ outcome, weakAlgorithm: check.weakAlgorithm, reason, ...(notMail !== undefined ? { notMailContentType: notMail } : {}) }, certCheck);
  layer.signature = combined.status;
  // Informational: the status is that of the CRLF form, which is also what the caller goes on with.
  layer.findings = check.lineEndings === "crlf" ? [...combined.findings, finding("line-endings-canonicalized")] : combined.findings;
  return { layer, check, info };
}
