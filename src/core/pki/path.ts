/**
 * Certification path building and the RFC 5280 checks of one path (signatures, validity at the judged time,
 * CA rights, key usage for certificate signing, EKU chaining, pathLen, name constraints, unknown critical
 * extensions, weak algorithms and key sizes). Revocation, the leaf profile and address binding: check.ts.
 */
import type { CoreConfig } from "../config";
import { finding, type CertificateRef } from "../findings";
import { OID } from "../oids";
import type { ParsedCert } from "./cert";
import { EXT, namesEqual } from "./cert";
import { nameConstraintViolation } from "./names";
import type { Finding } from "./status";

/** Extensions we process (or that are informational). A critical extension not listed makes the cert unusable.
 * Policy extensions are accepted without policy processing (we validate with any-policy, no explicit policy). */
const KNOWN_EXTENSIONS = new Set<string>([
  OID.basicConstraints, OID.keyUsage, OID.extKeyUsage, OID.subjectAltName, OID.nameConstraints,
  OID.subjectKeyIdentifier, OID.authorityKeyIdentifier, OID.crlDistributionPoints, OID.authorityInfoAccess,
  OID.certificatePolicies, EXT.issuerAltName, EXT.policyMappings, EXT.policyConstraints, EXT.inhibitAnyPolicy,
  EXT.freshestCrl, EXT.subjectInfoAccess,
]);

const WEAK_SIGNATURE_ALGORITHMS = new Set<string>([
  OID.md5WithRSA, OID.sha1WithRSA, OID.ecdsaWithSHA1,
  "1.2.840.113549.1.1.2", // md2WithRSAEncryption
  "1.2.840.113549.1.1.3", // md4WithRSAEncryption
  "1.2.840.10040.4.3", // dsa-with-sha1
  "1.3.14.3.2.29", // sha1WithRSASignature (OIW)
]);

export interface Node {
  parsed: ParsedCert;
  anchor: boolean;
}

export interface Path {
  nodes: Node[];
  anchored: boolean;
  /** The leaf alone, trusted by the user's pin: its own signature algorithm does not matter. */
  pinned?: boolean;
}

export function key(c: ParsedCert): string {
  return c.info.sha256FingerprintHex;
}

/** Certificates whose subject is `child`'s issuer and whose key id (when both sides have one) matches. */
function issuerCandidates(child: ParsedCert, pool: Node[]): Node[] {
  const list = pool.filter((n) => {
    if (!namesEqual(n.parsed.cert.subject, child.cert.issuer)) return false;
    const ski = n.parsed.info.subjectKeyIdentifierHex;
    return !(child.authorityKeyIdHex && ski && child.authorityKeyIdHex !== ski);
  });
  // Anchors first, then the newest: the likeliest good path is tried first.
  return list.sort((a, b) => Number(b.anchor) - Number(a.anchor) || b.parsed.info.notAfter.getTime() - a.parsed.info.notAfter.getTime());
}

export function buildPaths(leaf: Node, pool: Node[], config: CoreConfig): Path[] {
  const paths: Path[] = [];
  const walk = (nodes: Node[]) => {
    if (paths.length >= config.maxCandidatePaths) return;
    const last = nodes[nodes.length - 1];
    if (last.anchor) {
      paths.push({ nodes, anchored: true });
      return;
    }
    const candidates = nodes.length >= config.maxPathCertificates
      ? []
      : issuerCandidates(last.parsed, pool).filter((c) => !nodes.some((n) => key(n.parsed) === key(c.parsed)));
    if (candidates.length === 0) {
      paths.push({ nodes, anchored: false });
      return;
    }
    for (const c of candidates) walk([...nodes, c]);
  };
  walk([leaf]);
  return paths;
}

export class SignatureCache {
  private readonly results = new Map<string, Promise<"ok" | "bad" | "unsupported">>();

  verify(child: ParsedCert, issuer: ParsedCert): Promise<"ok" | "bad" | "unsupported"> {
    const k = `${key(child)}/${key(issuer)}`;
    let r = this.results.get(k);
    if (!r) {
      r = child.cert.verify(issuer.cert).then(
        (ok) => (ok ? "ok" : "bad"),
        // Algorithms WebCrypto lacks (MD5, unknown curves) cannot be verified: reported, never accepted.
        () => "unsupported" as const,
      );
      this.results.set(k, r);
    }
    return r;
  }
}

export function isValidAt(c: ParsedCert, t: Date): "ok" | "expired" | "not-yet-valid" {
  if (t.getTime() > c.info.notAfter.getTime()) return "expired";
  if (t.getTime() < c.info.notBefore.getTime()) return "not-yet-valid";
  return "ok";
}

export function fmtDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Which certificate a finding is about (the leaf is "the sender's certificate"). */
export function who(c: ParsedCert, isLeaf: boolean): CertificateRef {
  return isLeaf ? {} : { authority: c.info.subject };
}

export interface TimeRule {
  /** The time the chain is judged at. */
  at: Date;
  now: Date;
  signingTime?: Date;
}

/** Structural and cryptographic findings for one path (no revocation, no leaf profile). */
export async function evaluatePath(path: Path, rule: TimeRule, sigs: SignatureCache): Promise<Finding[]> {
  const out: Finding[] = [];
  const nodes = path.nodes;
  const leaf = nodes[0].parsed;

  if (!path.anchored) {
    if (nodes.length === 1 && leaf.selfIssued) {
      const self = await sigs.verify(leaf, leaf);
      if (self === "bad") out.push(finding("self-signed-broken"));
      out.push(finding("self-signed"));
    } else {
      const top = nodes[nodes.length - 1].parsed;
      out.push(finding("no-trusted-chain", { issuer: top.info.issuer }));
    }
  }

  for (let i = 0; i < nodes.length; i++) {
    const { parsed: c, anchor } = nodes[i];
    const w = who(c, i === 0);
    if (c.malformedExtensions.length > 0) {
      out.push(finding("damaged-extensions", { ...w, extensions: [...c.malformedExtensions] }));
    }
    // Signature by the next certificate up (the anchor's own signature is not part of validation).
    if (i + 1 < nodes.length) {
      const r = await sigs.verify(c, nodes[i + 1].parsed);
      if (r === "bad") {
        out.push(finding("issuer-signature-invalid", w));
      } else if (r === "unsupported") {
        const weak = WEAK_SIGNATURE_ALGORITHMS.has(c.cert.signatureAlgorithm.algorithmId);
        out.push(finding(weak ? "issuer-signature-unverifiable-weak" : "issuer-signature-unverifiable", { ...w, algorithm: c.info.signatureAlgorithm }));
      }
    }
    // Unknown critical extensions on any certificate, the anchor included (RFC 5280 4.2; no bundled root has one).
    const unknownCritical = (c.cert.extensions ?? []).filter((e) => e.critical && !KNOWN_EXTENSIONS.has(e.extnID)).map((e) => e.extnID);
    if (unknownCritical.length > 0) {
      out.push(finding("unknown-critical-extension", { ...w, extensions: unknownCritical }));
    }
    if (!anchor) {
      if (!path.pinned && WEAK_SIGNATURE_ALGORITHMS.has(c.cert.signatureAlgorithm.algorithmId)) {
        out.push(finding("certificate-weak-signature", { ...w, algorithm: c.info.signatureAlgorithm }));
      }
    }
    if (c.info.keyAlgorithm === "RSA" && (c.info.keyBits ?? 0) < 2048) {
      out.push(finding("key-too-short", { ...w, ...(c.info.keyBits !== undefined ? { bits: c.info.keyBits } : {}) }));
    }
    // Validity at the judged time.
    const v = isValidAt(c, rule.at);
    const atSigning = rule.signingTime !== undefined && rule.at === rule.signingTime;
    if (v === "expired") {
      out.push(finding("certificate-expired", { ...w, date: fmtDate(c.info.notAfter), beforeSigning: atSigning }));
    } else if (v === "not-yet-valid") {
      out.push(finding("certificate-not-yet-valid", { ...w, date: fmtDate(c.info.notBefore), afterSigning: atSigning }));
    }
  }

  // CA requirements for every issuing certificate (positions 1..n-1).
  for (let i = 1; i < nodes.length; i++) {
    const { parsed: ca, anchor } = nodes[i];
    const w = who(ca, false);
    const bc = ca.basicConstraints;
    const notCa = anchor ? bc !== undefined && !bc.cA : !bc?.cA;
    if (notCa) {
      out.push(finding("issuer-not-ca", w));
    }
    if (ca.keyUsagePresent && !ca.info.keyUsage.includes("keyCertSign")) {
      out.push(finding("issuer-may-not-sign-certificates", w));
    }
    // EKU chaining (as NSS and Mozilla policy): a CA restricted to other purposes may not vouch for e-mail.
    if (!anchor && ca.ekuPresent && !ca.ekuOids.includes(OID.emailProtection) && !ca.ekuOids.includes(OID.anyExtendedKeyUsage)) {
      out.push(finding("issuer-not-for-email", { ...w, purposes: [...ca.info.extKeyUsage] }));
    }
    if (bc?.pathLen !== undefined) {
      // Non-self-issued intermediates below this CA (the leaf does not count).
      let below = 0;
      for (let j = 1; j < i; j++) if (!nodes[j].parsed.selfIssued) below++;
      if (below > bc.pathLen) {
        out.push(finding("path-length-exceeded", { ...w, max: bc.pathLen, actual: below }));
      }
    }
    if (ca.nameConstraints) {
      for (let j = 0; j < i; j++) {
        const sub = nodes[j].parsed;
        if (j > 0 && sub.selfIssued) continue;
        const reason = nameConstraintViolation(ca.nameConstraints, sub);
        if (reason) {
          out.push(finding("name-constraints-violated", { ...who(sub, j === 0), constrainedBy: ca.info.subject, detail: reason }));
        }
      }
    }
  }
  return out;
}
