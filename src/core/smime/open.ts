/**
 * Receiving side: open every S/MIME layer of a message (or a bare CMS blob) and return one report.
 *
 * Only the message's own payload is opened: layers are followed from the top-level entity down, never
 * into parts of a multipart/mixed (an smime.p7m inside a forwarded message is reported, not decrypted:
 * the "Re: What's up Johnny" reply attacks). The status is computed here and shown by the UI in its own
 * chrome, never inside the content.
 */
import { listEnvelopeRecipients, openEnvelope, type RecipientSummary } from "../cms/enveloped";
import { verifySignedData, type SignatureCheck } from "../cms/signed";
import { latin1Decode } from "../bytes";
import { isSpmError, SpmError } from "../errors";
import { normalizeAddress, parseAddressList, parseMime, sameAddress, type HeaderField, type MimePart } from "../mime";
import {
  checkCertificate,
  describeCertificate,
  signatureStatus,
  type CertificateInfo,
  type Finding,
  type PinnedCertificate,
  type RevocationSources,
  type SignatureStatus,
} from "../pki";
import { finding, findingText } from "../findings";
import { resolveConfig, type ConfigOverrides } from "../config";
import type { KeyPair } from "../types";
import { classifyInput, cmsKind } from "./detect";

export interface OpenOptions {
  /** The user's key pairs; every one is tried by recipient identifier. */
  keys?: KeyPair[];
  /** Trust anchors (bundled Mozilla e-mail roots, organisation anchors, or --trust files). */
  anchors?: Uint8Array[];
  pinned?: PinnedCertificate[];
  /** CRLs from the user or organisation (CRLs inside the message are added automatically). */
  crls?: Uint8Array[];
  fetchCrl?: RevocationSources["fetchCrl"];
  fetchOcsp?: RevocationSources["fetchOcsp"];
  /** Evaluate certificates as of this time (default: now). */
  now?: Date;
  /** From (+ Sender) addresses as the mail client shows them. Default: read from the message headers;
   * null: no headers (bare CMS), checked without address binding. */
  addresses?: string[] | null;
  /**
   * Switches and limits over DEFAULT_CONFIG (src/core/config.ts), e.g. `{ allowLegacy: true }` to read 3DES
   * (the report flags it), `maxSmimeLayers`, the MIME, ASN.1, recipient and certificate-path limits.
   */
  config?: ConfigOverrides;
  onStage?: (stage: "decrypt" | "verify" | "done") => void;
}

export interface SignerSummary {
  email?: string;
  emails: string[];
  subject: string;
  issuer: string;
  serialHex: string;
  notBefore: string;
  notAfter: string;
  sha256Fingerprint: string;
}

export interface LayerReport {
  type: "enveloped-data" | "authenticated-enveloped-data" | "signed-data" | "multipart-signed";
  cipher?: string;
  keyTransport?: string;
  integrityProtected?: boolean;
  legacyAlgorithm?: boolean;
  recipients?: RecipientSummary[];
  signature?: SignatureStatus;
  outcome?: SignatureCheck["outcome"];
  reason?: string;
  signer?: SignerSummary;
  signingTime?: string;
  digestAlgorithm?: string;
  signatureAlgorithm?: string;
  findings?: Finding[];
}

export interface OpenReport {
  /** "none", or the content cipher of the outermost encryption layer (e.g. "aes-256-cbc"). */
  encryption: string;
  /** What protects the content against undetected change. */
  integrity: "authenticated-encryption" | "signature" | "none";
  /** Primary signature status of the signature over the content ("unsigned" when there is none). */
  signature: SignatureStatus;
  signer?: SignerSummary;
  signingTime?: string;
  /** Whether the signer's address was compared with the message's From. */
  addressBinding: "checked" | "none";
  findings: Finding[];
  layers: LayerReport[];
  /** The innermost content: a MIME entity when `contentIsMime`, else raw bytes (bare CMS). */
  content: Uint8Array;
  contentIsMime: boolean;
  /** For collecting the signer's certificate into the address book (only when the status allows it). */
  signerCertificate?: Uint8Array;
  signerCapabilities?: string[];
  signerInfo?: CertificateInfo;
}

type Current = { kind: "cms"; der: Uint8Array } | { kind: "mime"; bytes: Uint8Array; part: MimePart };

const PKCS7_MIME = new Set(["application/pkcs7-mime", "application/x-pkcs7-mime"]);
const PKCS7_SIGNATURE = new Set(["application/pkcs7-signature", "application/x-pkcs7-signature"]);

/** A MIME entity starts with a header field; decrypted non-MIME content (bare CMS) does not. */
export function looksLikeMime(bytes: Uint8Array): boolean {
  const head = latin1Decode(bytes.subarray(0, Math.min(bytes.length, 1024)));
  return /^[A-Za-z0-9-]{1,76}:/.test(head) && /\r?\n\r?\n/.test(latin1Decode(bytes.subarray(0, Math.min(bytes.length, 65536))));
}

function isP7mAttachmentType(part: MimePart): boolean {
  const mt = part.contentType.mediaType;
  if (PKCS7_MIME.has(mt)) return (part.contentType.params["smime-type"] ?? "").toLowerCase() !== "certs-only";
  if (mt === "application/octet-stream") return /\.p7m$/i.test(part.filename ?? "");
  return false;
}

function fromAddresses(headers: HeaderField[]): { from: string[]; sender: string[] } {
  const from: string[] = [];
  const sender: string[] = [];
  for (const h of headers) {
    const n = h.name.toLowerCase();
    // An address that is not a plain addr-spec stays as it is: it then matches no certificate (a mismatch).
    if (n === "from") for (const a of parseAddressList(h.value)) from.push(normalizeAddress(a.address) ?? a.address);
    if (n === "sender") for (const a of parseAddressList(h.value)) sender.push(normalizeAddress(a.address) ?? a.address);
  }
  return { from, sender };
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

export async function openMessage(input: Uint8Array, options: OpenOptions = {}): Promise<OpenReport> {
  const config = resolveConfig(options.config);
  const maxLayers = config.maxSmimeLayers;
  const classified = classifyInput(input);
  let current: Current;
  let addresses: string[] | null;
  const findings: Finding[] = [];

  if (classified.kind === "mime") {
    const part = parseMime(classified.bytes, { config });
    current = { kind: "mime", bytes: classified.bytes, part };
    if (options.addresses !== undefined) addresses = options.addresses;
    else {
      const { from, sender } = fromAddresses(part.headers);
      // Several From addresses (or none) can never bind a signature: pass none, which reads as a mismatch.
      addresses = from.length === 1 ? [...from, ...sender.filter((s) => !sameAddress(s, from[0]))] : [];
      if (from.length !== 1) {
        findings.push(finding(from.length === 0 ? "from-missing" : "from-multiple"));
      }
    }
  } else {
    current = { kind: "cms", der: classified.der };
    addresses = options.addresses === undefined ? null : options.addresses;
  }

  const layers: LayerReport[] = [];
  let signatureLayer: { layer: LayerReport; check: SignatureCheck; info?: CertificateInfo } | undefined;

  const verifyLayer = async (check: SignatureCheck, type: LayerReport["type"]): Promise<void> => {
    const layer: LayerReport = { type, outcome: check.outcome, reason: check.reason, digestAlgorithm: check.digestAlgorithm, signatureAlgorithm: check.signatureAlgorithm };
    if (check.signingTime) layer.signingTime = check.signingTime.toISOString();
    let info: CertificateInfo | undefined;
    let certCheck;
    let outcome = check.outcome;
    let reason = check.reason;
    if (check.signerCertificate && (outcome === "valid" || outcome === "invalid")) {
      try {
        const s = await summarizeSigner(check.signerCertificate);
        layer.signer = s.summary;
        info = s.info;
        certCheck = await checkCertificate({
          certificate: check.signerCertificate,
          intermediates: check.certificates,
          anchors: options.anchors ?? [],
          pinned: options.pinned,
          revocation: { crls: [...(options.crls ?? []), ...check.crls], fetchCrl: options.fetchCrl, fetchOcsp: options.fetchOcsp },
          signingTime: check.signingTime,
          now: options.now,
          addresses,
          usage: "signing",
          config,
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
    const combined = signatureStatus({ outcome, weakAlgorithm: check.weakAlgorithm, reason }, certCheck);
    layer.signature = combined.status;
    layer.findings = combined.findings;
    layers.push(layer);
    // The signature closest to the content is the one that speaks for it.
    signatureLayer = { layer, check, info };
  };

  for (let depth = 0; ; depth++) {
    if (depth >= maxLayers) throw new SpmError("LIMIT_EXCEEDED", `More than ${maxLayers} nested S/MIME layers`);
    if (current.kind === "mime") {
      const part = current.part;
      if (isP7mAttachmentType(part)) {
        current = { kind: "cms", der: part.body() };
        continue;
      }
      const protocol = (part.contentType.params["protocol"] ?? "").toLowerCase();
      if (part.contentType.mediaType === "multipart/signed" && PKCS7_SIGNATURE.has(protocol)) {
        if (part.parts.length !== 2) throw new SpmError("MALFORMED", "A multipart/signed message must have exactly two parts");
        const [signedPart, signaturePart] = part.parts;
        const sigType = signaturePart.contentType.mediaType;
        const octetP7s = sigType === "application/octet-stream" && /\.p7s$/i.test(signaturePart.filename ?? "");
        if (!PKCS7_SIGNATURE.has(sigType) && !octetP7s) {
          throw new SpmError("MALFORMED", "The second part of multipart/signed is not a PKCS#7 signature");
        }
        options.onStage?.("verify");
        const check = await verifySignedData(signaturePart.body(), signedPart.raw, { config });
        await verifyLayer(check, "multipart-signed");
        current = { kind: "mime", bytes: signedPart.raw, part: parseMime(signedPart.raw, { config }) };
        continue;
      }
      break; // plain content: the innermost entity
    }
    const der: Uint8Array = current.der;
    const kind = cmsKind(der);
    if (kind === "signed-data") {
      options.onStage?.("verify");
      const check = await verifySignedData(der, undefined, { config });
      await verifyLayer(check, "signed-data");
      const content = check.content;
      if (check.outcome === "malformed" || check.outcome === "unsigned" || !looksLikeMime(content)) {
        current = { kind: "cms", der: content };
        break;
      }
      current = { kind: "mime", bytes: content, part: parseMime(content, { config }) };
      continue;
    }
    options.onStage?.("decrypt");
    if (!options.keys || options.keys.length === 0) {
      throw new SpmError("NOT_FOR_ME", "The message is encrypted and no key was given", {
        details: { recipients: listEnvelopeRecipients(der, config) },
      });
    }
    const opened = await openEnvelope(der, options.keys, { config });
    layers.push({
      type: opened.contentType,
      cipher: opened.contentCipher,
      keyTransport: opened.keyTransport,
      integrityProtected: opened.integrityProtected,
      legacyAlgorithm: opened.legacyAlgorithm,
      recipients: opened.recipients,
    });
    if (opened.legacyAlgorithm) {
      findings.push(finding("legacy-cipher", { cipher: opened.contentCipher }));
    }
    if (!looksLikeMime(opened.content)) {
      current = { kind: "cms", der: opened.content };
      break;
    }
    current = { kind: "mime", bytes: opened.content, part: parseMime(opened.content, { config }) };
  }
  options.onStage?.("done");

  const encryptionLayer = layers.find((l) => l.type === "enveloped-data" || l.type === "authenticated-enveloped-data");
  const signatureIntact = signatureLayer?.layer.outcome === "valid";
  const integrity: OpenReport["integrity"] = layers.some((l) => l.integrityProtected)
    ? "authenticated-encryption"
    : signatureIntact
      ? "signature"
      : "none";
  if (encryptionLayer && integrity === "none") {
    findings.push(finding("not-integrity-protected"));
  }
  const signedLayers = layers.filter((l) => l.signature !== undefined);
  if (signedLayers.length > 1 && signedLayers.some((l) => l.signature !== signedLayers[signedLayers.length - 1].signature)) {
    findings.push(finding("layered-signatures"));
  }
  const contentIsMime = current.kind === "mime";
  const content = current.kind === "mime" ? current.bytes : current.der;
  if (current.kind === "mime") findings.push(...nestedSmimeFindings(current.part));
  if (addresses === null && signatureLayer) {
    findings.push(finding("no-headers"));
  }

  const report: OpenReport = {
    encryption: encryptionLayer?.cipher ?? "none",
    integrity,
    signature: signatureLayer?.layer.signature ?? "unsigned",
    addressBinding: addresses === null ? "none" : "checked",
    findings: [...(signatureLayer?.layer.findings ?? []), ...findings],
    layers,
    content,
    contentIsMime,
  };
  if (signatureLayer?.layer.signer) report.signer = signatureLayer.layer.signer;
  if (signatureLayer?.layer.signingTime) report.signingTime = signatureLayer.layer.signingTime;
  if (signatureLayer?.check.signerCertificate) {
    report.signerCertificate = signatureLayer.check.signerCertificate;
    report.signerCapabilities = signatureLayer.check.capabilities;
    report.signerInfo = signatureLayer.info;
  }
  return report;
}

/** S/MIME parts below the top level (forwarded or attached) are reported, never opened automatically. */
function nestedSmimeFindings(root: MimePart): Finding[] {
  let count = 0;
  const walk = (p: MimePart, depth: number): void => {
    if (depth > 20) return;
    for (const child of p.parts) {
      const mt = child.contentType.mediaType;
      if (PKCS7_MIME.has(mt) || PKCS7_SIGNATURE.has(mt) || mt === "multipart/signed" || /\.p7[ms]$/i.test(child.filename ?? "")) count++;
      walk(child, depth + 1);
    }
  };
  walk(root, 0);
  if (count === 0) return [];
  return [finding("nested-smime")];
}

/** Serializable view of a report (for the CLI and for passing to a UI frame): no bytes, no certificates. */
export function reportToJson(report: OpenReport): Record<string, unknown> {
  return {
    encryption: report.encryption,
    integrity: report.integrity,
    signature: report.signature,
    signer: report.signer ?? null,
    signingTime: report.signingTime ?? null,
    addressBinding: report.addressBinding,
    findings: report.findings.map(findingToJson),
    layers: report.layers.map((l) => ({ ...l, findings: l.findings?.map(findingToJson) })),
    contentType: report.contentIsMime ? "mime" : "data",
    contentBytes: report.content.length,
  };
}

/** A finding for JSON output: the stable code and its facts, plus the English sentence for people reading it. */
function findingToJson(f: Finding): Record<string, unknown> {
  return { code: f.code, status: f.status, severity: f.severity, params: f.params, text: findingText(f).en };
}
