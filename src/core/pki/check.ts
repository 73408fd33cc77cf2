/**
 * checkCertificate: RFC 5280 path building and validation plus the RFC 8550 S/MIME profile, address
 * binding, pinning and revocation. signatureStatus: combine with the CMS outcome.
 *
 * Decisions (also in the package docs):
 * - Time: signature checks judge the chain at the claimed signing time when one is given and it is not in
 *   the future (5 minutes skew); otherwise at `now`. Valid then but expired now: a warning finding
 *   "expired-since-signing", not the primary status "expired". Encryption checks always use `now`.
 * - Revocation: primary "valid" only when every non-anchor certificate of the path was checked and found
 *   good (CRL or OCSP), or names no revocation service at all (no CRL distribution point, no OCSP, and no
 *   CRL from its issuer was given: nothing exists that could be consulted; reported as the info finding
 *   "revocation-not-available", never silently). When a service or list exists but could not be used, the
 *   primary status is "revocation-unknown" (a qualified good state). Pinned certificates skip revocation.
 * - A revoked certificate stays "revoked" whatever the signing time and whatever the user pinned.
 */
import * as pkijs from "pkijs";
import { bytesEqual } from "../bytes";
import { resolveConfig, type ConfigOverrides, type CoreConfig } from "../config";
import { OID } from "../oids";
import type { CertificateInfo, ParsedCert } from "./cert";
import { copyInfo, namesEqual, parseCertificate } from "./cert";
import { buildPaths, evaluatePath, fmtDate, isValidAt, key, SignatureCache, who, type Node, type Path, type TimeRule } from "./path";
import type { RevocationSources } from "./revocation";
import { checkRevocation, parseCrl } from "./revocation";
import { finding } from "../findings";
import { normalizeAddress, sameAddress } from "../mime/addresses";
import type { Finding, SignatureStatus } from "./status";
import { primaryStatus, STATUS_PRECEDENCE } from "./status";

export interface PinnedCertificate {
  certificate: Uint8Array;
  address: string;
}

export interface CertificateCheckInput {
  certificate: Uint8Array;
  intermediates?: Uint8Array[];
  anchors: Uint8Array[];
  pinned?: PinnedCertificate[];
  revocation?: RevocationSources;
  signingTime?: Date;
  now?: Date;
  addresses?: string[] | null;
  usage: "signing" | "encryption";
  /** Limits over DEFAULT_CONFIG: maxPathCertificates, maxCandidatePaths, clockSkewMs, CRL/OCSP sizes and ages. */
  config?: ConfigOverrides;
}

export interface CertificateCheck {
  status: SignatureStatus;
  findings: Finding[];
  chain: Uint8Array[];
  trust: "anchor" | "pinned" | "none";
  validAtSigningTime?: boolean;
  validNow: boolean;
  info: CertificateInfo;
}


/** RFC 8550 profile for the end-entity certificate. */
function profileFindings(leaf: ParsedCert, usage: "signing" | "encryption"): Finding[] {
  const out: Finding[] = [];
  const ku = leaf.info.keyUsage;
  if (leaf.keyUsagePresent) {
    if (usage === "signing" && !ku.includes("digitalSignature") && !ku.includes("nonRepudiation")) {
      out.push(finding("key-usage-no-signature"));
    }
    if (usage === "encryption") {
      const needed = leaf.info.keyAlgorithm === "EC" ? "keyAgreement" : "keyEncipherment";
      if (!ku.includes(needed)) {
        out.push(finding("key-usage-no-encryption", { needed }));
      }
    }
  }
  if (leaf.ekuPresent && !leaf.ekuOids.includes(OID.emailProtection) && !leaf.ekuOids.includes(OID.anyExtendedKeyUsage)) {
    out.push(finding("certificate-not-for-email", { purposes: [...leaf.info.extKeyUsage] }));
  }
  return out;
}

/**
 * Address binding (RFC 8550 3): every given address (From, and Sender when present) must be one of the
 * certificate's e-mail addresses, compared with sameAddress (src/core/mime/addresses.ts: ASCII case only).
 */
function addressFindings(leaf: ParsedCert, addresses: string[] | null | undefined): Finding[] {
  if (addresses === null || addresses === undefined) {
    return [finding("no-address-to-compare")];
  }
  if (addresses.length === 0) {
    return [finding("no-sender-address")];
  }
  const out: Finding[] = [];
  for (const raw of addresses) {
    const a = normalizeAddress(raw);
    if (!leaf.info.emails.some((e) => sameAddress(e, raw))) {
      out.push(finding("signer-address-mismatch", { certificateAddresses: [...leaf.info.emails], ...(a ? { messageAddress: a } : {}) }));
    }
  }
  return out;
}

function pinApplies(leaf: ParsedCert, pins: PinnedCertificate[] | undefined, addresses: string[] | null | undefined): boolean {
  if (!pins) return false;
  const wanted = addresses === null || addresses === undefined ? leaf.info.emails : addresses;
  return pins.some((p) => bytesEqual(p.certificate, leaf.der) && wanted.some((w) => sameAddress(w, p.address)));
}

async function parseAll(list: Uint8Array[] | undefined, role: "trust-anchor" | "intermediate", findings: Finding[]): Promise<ParsedCert[]> {
  const out: ParsedCert[] = [];
  for (const der of list ?? []) {
    try {
      out.push(await parseCertificate(der));
    } catch (e) {
      findings.push(finding("certificate-ignored", { role, detail: (e as Error).message }));
    }
  }
  return out;
}

function rank(findings: Finding[]): number {
  return STATUS_PRECEDENCE.indexOf(primaryStatus(findings));
}

/** Validate a signer or recipient certificate. Throws SpmError MALFORMED when the certificate itself does not parse. */
export async function checkCertificate(input: CertificateCheckInput): Promise<CertificateCheck> {
  const config = resolveConfig(input.config);
  const now = input.now ?? new Date();
  const leaf = await parseCertificate(input.certificate);
  const general: Finding[] = [];
  const anchors = await parseAll(input.anchors, "trust-anchor", general);
  const intermediates = await parseAll(input.intermediates, "intermediate", general);

  // Pool: anchors win over identical intermediates; the leaf is not its own issuer unless it is an anchor.
  const pool = new Map<string, Node>();
  for (const c of intermediates) pool.set(key(c), { parsed: c, anchor: false });
  for (const c of anchors) pool.set(key(c), { parsed: c, anchor: true });
  const leafNode: Node = { parsed: leaf, anchor: pool.get(key(leaf))?.anchor ?? false };
  pool.delete(key(leaf));

  // Time rule.
  let at = now;
  let signingTime: Date | undefined;
  if (input.usage === "signing" && input.signingTime) {
    signingTime = input.signingTime;
    if (signingTime.getTime() > now.getTime() + config.clockSkewMs) {
      general.push(finding("signing-time-in-future"));
    } else {
      at = signingTime;
    }
  }
  const rule: TimeRule = { at, now, ...(at === signingTime ? { signingTime } : {}) };

  const sigs = new SignatureCache();
  const paths = buildPaths(leafNode, [...pool.values()], config);
  let best: { path: Path; findings: Finding[] } | undefined;
  for (const path of paths) {
    const f = await evaluatePath(path, rule, sigs);
    if (!best || rank(f) < rank(best.findings) || (rank(f) === rank(best.findings) && path.anchored && !best.path.anchored)) {
      best = { path, findings: f };
    }
    if (path.anchored && rank(f) === STATUS_PRECEDENCE.indexOf("valid")) break;
  }
  if (!best) throw new Error("unreachable: path building returns at least the leaf");

  const leafFindings = [...profileFindings(leaf, input.usage), ...addressFindings(leaf, input.addresses)];
  // "anchor" means a cryptographically sound chain to an anchor: not when a link is broken or unreadable.
  const chainBroken = best.findings.some((x) => x.severity === "error" && (x.status === "invalid" || x.status === "malformed"));
  let trust: CertificateCheck["trust"] = best.path.anchored && !chainBroken ? "anchor" : "none";
  let chainNodes = best.path.nodes;
  let pathFindings = best.findings;
  let revocationFindings: Finding[] = [];
  let revoked = false;

  if (best.path.anchored) {
    const r = await revocationFor(best.path, input.revocation, now, config);
    revocationFindings = r.findings;
    revoked = r.revoked;
  }

  const anchorGood = best.path.anchored && primaryStatus(pathFindings) === "valid";
  if (!revoked && !anchorGood && pinApplies(leaf, input.pinned, input.addresses)) {
    // The user's decision: this exact certificate for this address. Judge the leaf alone.
    trust = "pinned";
    chainNodes = [leafNode];
    pathFindings = await evaluatePath({ nodes: [leafNode], anchored: true, pinned: true }, rule, sigs);
    revocationFindings = [finding("pinned")];
  }

  const allCerts = chainNodes.map((n) => n.parsed);
  const validNow = allCerts.every((c) => isValidAt(c, now) === "ok");
  const validAtSigningTime = rule.signingTime ? allCerts.every((c) => isValidAt(c, rule.signingTime as Date) === "ok") : undefined;
  const timeFindings: Finding[] = [];
  if (validAtSigningTime && !validNow) {
    timeFindings.push(finding("expired-since-signing"));
  }

  const findings = [...general, ...pathFindings, ...leafFindings, ...revocationFindings, ...timeFindings];
  return {
    status: primaryStatus(findings),
    findings,
    // leaf..anchor when trusted; for "none" the partial chain as far as it could be built.
    chain: chainNodes.map((n) => n.parsed.der.slice()),
    trust,
    ...(validAtSigningTime !== undefined ? { validAtSigningTime } : {}),
    validNow,
    info: copyInfo(leaf.info),
  };
}

async function revocationFor(path: Path, sources: RevocationSources | undefined, now: Date, config: CoreConfig): Promise<{ findings: Finding[]; revoked: boolean }> {
  const findings: Finding[] = [];
  const givenCrls: pkijs.CertificateRevocationList[] = [];
  for (const der of sources?.crls ?? []) {
    try {
      givenCrls.push(parseCrl(der, config));
    } catch (e) {
      findings.push(finding("crl-unreadable", { detail: (e as Error).message }));
    }
  }
  const ctx = { sources: sources ?? {}, now, givenCrls, findings, config };
  let unknown = 0;
  let noService = 0;
  let revoked = false;
  // Every certificate below the anchor; the anchor itself is trusted by configuration.
  for (let i = 0; i + 1 < path.nodes.length; i++) {
    const cert = path.nodes[i].parsed;
    const r = await checkRevocation(cert, path.nodes[i + 1].parsed, path.nodes.slice(i + 2).map((n) => n.parsed), ctx);
    if (r.state === "revoked") {
      revoked = true;
      findings.push(finding("revoked", { ...who(cert, i === 0), ...(r.date ? { date: fmtDate(r.date) } : {}), ...(r.reason ? { reason: r.reason } : {}) }));
    } else if (r.state === "unknown") {
      // A certificate that names no revocation service, and for whose issuer no CRL was given, cannot be
      // revoked by any means we could consult: that is reported, but it is not "unknown" (see README).
      const issuer = path.nodes[i + 1].parsed;
      const crlFromIssuerGiven = givenCrls.some((crl) => namesEqual(crl.issuer, issuer.cert.subject));
      if (cert.crlUrls.length === 0 && cert.ocspUrls.length === 0 && !crlFromIssuerGiven) noService++;
      else unknown++;
    }
  }
  if (noService > 0) {
    findings.push(finding("revocation-not-available"));
  }
  if (unknown > 0) {
    findings.push(finding("revocation-unknown"));
  }
  return { findings, revoked };
}

/**
 * One primary status from the CMS outcome and the certificate check. The CMS outcome decides first
 * (malformed, invalid, unsigned); a valid CMS signature then takes the certificate's status, with
 * "weak-algorithm" added when the CMS layer used a weak digest or signature algorithm.
 */
export function signatureStatus(
  cms: {
    outcome: "valid" | "invalid" | "unsigned" | "malformed";
    weakAlgorithm: boolean;
    reason?: string;
    /** The signed eContentType when it is not id-data: a signature made for another protocol, not for mail. */
    notMailContentType?: string;
  },
  cert?: CertificateCheck,
): { status: SignatureStatus; findings: Finding[] } {
  const findings: Finding[] = [];
  const reason = cms.reason ? { reason: cms.reason } : {};
  switch (cms.outcome) {
    case "unsigned":
      return { status: "unsigned", findings: [] };
    case "malformed":
      findings.push(finding("signature-malformed", reason));
      break;
    case "invalid":
      findings.push(cms.notMailContentType !== undefined ? finding("not-a-mail-signature", { contentType: cms.notMailContentType }) : finding("signature-invalid", reason));
      break;
    case "valid":
      break;
  }
  if (cms.weakAlgorithm) findings.push(finding("signature-weak-algorithm"));
  if (cert) {
    findings.push(...cert.findings);
  } else if (cms.outcome === "valid") {
    findings.push(finding("signer-certificate-missing"));
  }
  return { status: primaryStatus(findings), findings };
}

