/**
 * Receiving side: open every S/MIME layer of a message (or a bare CMS blob) and return one report.
 *
 * Only the message's own payload is opened: layers are followed from the top-level entity down, never
 * into parts of a multipart/mixed (an smime.p7m inside a forwarded message is reported, not decrypted:
 * the "Re: What's up Johnny" reply attacks). The status is computed here and shown by the UI in its own
 * chrome, never inside the content.
 *
 * Which signature speaks for the content: the one closest to it, and only if no encryption layer lies between
 * it and the content. A signature outside the encryption signs ciphertext (EFAIL CBC gadgets, "Defective Sign &
 * Encrypt"): it is reported as `outerSignature`, never as the signer, never as integrity.
 */
import { listEnvelopeRecipients, openEnvelope } from "../cms/enveloped";
import { verifySignedData } from "../cms/signed";
import { latin1Decode } from "../bytes";
import { asSource, defineWholeOnDemand, memorySource, subSource, type ByteSource } from "../byte-source";
import { resolveConfig, type ConfigOverrides, type CoreConfig } from "../config";
import { SpmError } from "../errors";
import { OID } from "../oids";
import { TRUSTED_STATUSES, finding, type Finding } from "../findings";
import { normalizeAddress, parseAddressList, parseMime, sameAddress, type HeaderField, type MimePart } from "../mime";
import { STATUS_PRECEDENCE, type PinnedCertificate, type RevocationSources, type SignatureStatus } from "../pki";
import type { KeyPair } from "../types";
import { classifyInput, cmsKind, headIsMessage } from "./detect";
import { compareProtectedHeaders, readProtectedHeaders } from "./protected-headers";
import type { LayerReport, OpenReport } from "./report";
import { checkSignatureLayer, type CheckedLayer, type SignerContext } from "./signature-layer";
import { signingDateFindings } from "./signing-date";

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
  /**
   * From (+ Sender) addresses as the mail client shows them, From first. Default: read from the message
   * headers; null: no headers (bare CMS), checked without address binding. For a bare CMS file the first one is
   * also the outer From that a protected (inner) From is compared with.
   */
  addresses?: string[] | null;
  /**
   * Switches and limits over DEFAULT_CONFIG (src/core/config.ts), e.g. `{ allowLegacy: true }` to read 3DES
   * (the report flags it), `maxSmimeLayers`, the MIME, ASN.1, recipient and certificate-path limits.
   */
  config?: ConfigOverrides;
  onStage?: (stage: "decrypt" | "verify" | "done") => void;
}

/** A MIME entity's bytes are a source: in memory, or (a message file the CLI verifies) read on demand. */
type Current = { kind: "cms"; der: Uint8Array } | { kind: "mime"; bytes: ByteSource; part: MimePart };

const PKCS7_MIME = new Set(["application/pkcs7-mime", "application/x-pkcs7-mime"]);
const PKCS7_SIGNATURE = new Set(["application/pkcs7-signature", "application/x-pkcs7-signature"]);
const ENCRYPTION_TYPES = new Set<LayerReport["type"]>(["enveloped-data", "authenticated-enveloped-data"]);

/** A MIME entity starts with a header field; decrypted non-MIME content (bare CMS) does not. */
export function looksLikeMime(bytes: Uint8Array): boolean {
  const head = latin1Decode(bytes.subarray(0, Math.min(bytes.length, 1024)));
  return /^[A-Za-z0-9-]{1,76}:/.test(head) && /\r?\n\r?\n/.test(latin1Decode(bytes.subarray(0, Math.min(bytes.length, 65536))));
}

/**
 * Top-level input that is not CMS must at least begin like a message: a header field name (printable ASCII
 * without ":") and a colon on its first line. Random bytes would otherwise be read as a header-less message and
 * reported "unsigned", as if something had been checked.
 */
function looksLikeMessage(bytes: Uint8Array): boolean {
  const head = latin1Decode(bytes.subarray(0, Math.min(bytes.length, 1000)));
  return /^[!-9;-~]{1,998}:[^\r\n\0]*(\r?\n|$)/.test(head);
}

function isP7mAttachmentType(part: MimePart): boolean {
  const mt = part.contentType.mediaType;
  if (PKCS7_MIME.has(mt)) return (part.contentType.params["smime-type"] ?? "").toLowerCase() !== "certs-only";
  if (mt === "application/octet-stream") return /\.p7m$/i.test(part.filename ?? "");
  return false;
}

function addressesIn(headers: HeaderField[], name: string): string[] {
  // An address that is not a plain addr-spec stays as it is: it then matches no certificate (a mismatch).
  return headers.filter((h) => h.name.toLowerCase() === name).flatMap((h) => parseAddressList(h.value).map((a) => normalizeAddress(a.address) ?? a.address));
}

interface Start {
  current: Current;
  addresses: string[] | null;
  /** The top-level header fields when the input is a MIME message or entity. */
  outerHeaders?: HeaderField[];
  findings: Finding[];
}

/**
 * CMS or a message. A source read on demand is classified by its first 64 KiB when they can only be a message
 * (no SEQUENCE tag, no PEM, not base64); anything else is read whole and classified exactly as in memory.
 */
function classifySource(source: ByteSource): { kind: "cms"; der: Uint8Array } | { kind: "mime"; bytes: ByteSource; head: Uint8Array } {
  if (source.whole) {
    const c = classifyInput(source.whole);
    return c.kind === "cms" ? c : { kind: "mime", bytes: source, head: c.bytes };
  }
  const head = source.bytes(0, Math.min(source.length, 65536));
  if (headIsMessage(head)) return { kind: "mime", bytes: source, head };
  const all = classifyInput(source.bytes(0, source.length));
  return all.kind === "cms" ? all : { kind: "mime", bytes: memorySource(all.bytes), head: all.bytes };
}

function start(input: ByteSource, options: OpenOptions, config: CoreConfig): Start {
  const classified = classifySource(input);
  if (classified.kind === "cms") {
    return { current: { kind: "cms", der: classified.der }, addresses: options.addresses === undefined ? null : options.addresses, findings: [] };
  }
  if (!looksLikeMessage(classified.head)) {
    throw new SpmError("MALFORMED", "The input is neither a MIME message nor CMS data (DER, PEM or base64)");
  }
  const part = parseMime(classified.bytes, { config });
  const current: Current = { kind: "mime", bytes: classified.bytes, part };
  if (options.addresses !== undefined) return { current, addresses: options.addresses, outerHeaders: part.headers, findings: [] };
  const from = addressesIn(part.headers, "from");
  const sender = addressesIn(part.headers, "sender");
  // Several From addresses (or none) can never bind a signature: pass none, which reads as a mismatch.
  if (from.length !== 1) return { current, addresses: [], outerHeaders: part.headers, findings: [finding(from.length === 0 ? "from-missing" : "from-multiple")] };
  return { current, addresses: [...from, ...sender.filter((s) => !sameAddress(s, from[0]))], outerHeaders: part.headers, findings: [] };
}

interface Walk {
  current: Current;
  layers: LayerReport[];
  /** Signature layers in order, with their index in `layers`. */
  signatures: (CheckedLayer & { index: number })[];
  findings: Finding[];
}

/** Follow the S/MIME layers from the top down to the innermost content. */
async function followLayers(first: Current, options: OpenOptions, config: CoreConfig, signer: SignerContext): Promise<Walk> {
  const walk: Walk = { current: first, layers: [], signatures: [], findings: [] };
  const verified = async (check: Awaited<ReturnType<typeof verifySignedData>>, type: LayerReport["type"]) => {
    const checked = await checkSignatureLayer(check, type, signer);
    walk.signatures.push({ ...checked, index: walk.layers.length });
    walk.layers.push(checked.layer);
  };
  // The limit counts real layers (a signature or an encryption opened), not the steps between a pkcs7-mime
  // entity and its CMS: three honest layers are six steps. Every step either opens a layer, moves from an
  // entity to its CMS (then a layer or an error follows), or ends the walk, so the loop is bounded by it.
  const enterLayer = () => {
    if (walk.layers.length >= config.maxSmimeLayers) {
      throw new SpmError("LIMIT_EXCEEDED", `More than ${config.maxSmimeLayers} nested S/MIME layers`, { details: { limit: "maxSmimeLayers", max: config.maxSmimeLayers } });
    }
  };
  for (;;) {
    const current = walk.current;
    if (current.kind === "mime") {
      const part = current.part;
      if (isP7mAttachmentType(part)) {
        walk.current = { kind: "cms", der: part.body() };
        continue;
      }
      const protocol = (part.contentType.params["protocol"] ?? "").toLowerCase();
      if (part.contentType.mediaType !== "multipart/signed" || !PKCS7_SIGNATURE.has(protocol)) break; // the innermost entity
      if (part.parts.length !== 2) throw new SpmError("MALFORMED", "A multipart/signed message must have exactly two parts");
      const [signedPart, signaturePart] = part.parts;
      const sigType = signaturePart.contentType.mediaType;
      const octetP7s = sigType === "application/octet-stream" && /\.p7s$/i.test(signaturePart.filename ?? "");
      if (!PKCS7_SIGNATURE.has(sigType) && !octetP7s) throw new SpmError("MALFORMED", "The second part of multipart/signed is not a PKCS#7 signature");
      enterLayer();
      options.onStage?.("verify");
      const at = signedPart.location;
      const signedBytes = subSource(at.source, at.start, at.end);
      const check = await verifySignedData(signaturePart.body(), signedBytes, { config, crlfFallback: true });
      await verified(check, "multipart-signed");
      // After a CRLF retry the entity shown and written is the CRLF form: the bytes whose signature was checked.
      const signed = check.lineEndings === "crlf" ? memorySource(check.content) : signedBytes;
      walk.current = { kind: "mime", bytes: signed, part: parseMime(signed, { config }) };
      continue;
    }
    const der = current.der;
    if (cmsKind(der) === "signed-data") {
      enterLayer();
      options.onStage?.("verify");
      // check.content is the CRLF form when only that verified (the same rule as for multipart/signed).
      const check = await verifySignedData(der, undefined, { config, crlfFallback: true });
      await verified(check, "signed-data");
      const content = check.content;
      const mime = check.outcome !== "malformed" && check.outcome !== "unsigned" && check.eContentType === OID.data && looksLikeMime(content);
      if (!mime) {
        walk.current = { kind: "cms", der: content };
        break;
      }
      walk.current = { kind: "mime", bytes: memorySource(content), part: parseMime(content, { config }) };
      continue;
    }
    enterLayer();
    options.onStage?.("decrypt");
    if (!options.keys || options.keys.length === 0) {
      throw new SpmError("NOT_FOR_ME", "The message is encrypted and no key was given", { details: { recipients: listEnvelopeRecipients(der, config) } });
    }
    const opened = await openEnvelope(der, options.keys, { config });
    walk.layers.push({
      type: opened.contentType,
      cipher: opened.contentCipher,
      keyTransport: opened.keyTransport,
      integrityProtected: opened.integrityProtected,
      legacyAlgorithm: opened.legacyAlgorithm,
      recipients: opened.recipients,
    });
    if (opened.legacyAlgorithm) walk.findings.push(finding("legacy-cipher", { cipher: opened.contentCipher }));
    if (!looksLikeMime(opened.content)) {
      walk.current = { kind: "cms", der: opened.content };
      break;
    }
    walk.current = { kind: "mime", bytes: memorySource(opened.content), part: parseMime(opened.content, { config }) };
  }
  return walk;
}

function worse(a: SignatureStatus, b: SignatureStatus): SignatureStatus {
  return STATUS_PRECEDENCE.indexOf(a) <= STATUS_PRECEDENCE.indexOf(b) ? a : b;
}

/**
 * Open a message or bare CMS. `input` may be a ByteSource read on demand (the CLI's message file): a signed-only
 * message is then verified without being held; the report's `contentSource` gives its content in chunks and
 * `content` reads it whole only if asked for.
 */
export async function openMessage(input: Uint8Array | ByteSource, options: OpenOptions = {}): Promise<OpenReport> {
  const config = resolveConfig(options.config);
  const begin = start(asSource(input), options, config);
  const addresses = begin.addresses;
  const walk = await followLayers(begin.current, options, config, {
    anchors: options.anchors ?? [],
    pinned: options.pinned,
    crls: options.crls,
    fetchCrl: options.fetchCrl,
    fetchOcsp: options.fetchOcsp,
    now: options.now,
    addresses,
    config,
  });
  options.onStage?.("done");
  const { layers, current } = walk;
  const findings = [...begin.findings, ...walk.findings];

  // The innermost encryption layer divides the signatures: inside it they cover the content, outside only ciphertext.
  let innermostEncryption = -1;
  layers.forEach((l, i) => ENCRYPTION_TYPES.has(l.type) && (innermostEncryption = i));
  for (const s of walk.signatures) s.layer.covers = s.index > innermostEncryption ? "content" : "ciphertext";
  const inner = walk.signatures.filter((s) => s.layer.covers === "content");
  const outer = walk.signatures.filter((s) => s.layer.covers === "ciphertext");
  const contentSignature = inner[inner.length - 1]; // the one closest to the content speaks for it
  const outerSignature = outer[outer.length - 1];

  const encryption = layers.find((l) => ENCRYPTION_TYPES.has(l.type));
  const aead = innermostEncryption >= 0 && layers[innermostEncryption].integrityProtected === true;
  const integrity: OpenReport["integrity"] = aead ? "authenticated-encryption" : contentSignature?.layer.outcome === "valid" ? "signature" : "none";
  if (encryption && integrity === "none") findings.push(finding("not-integrity-protected"));
  // One rule for signatures outside the encryption (Thunderbird's since Mozilla bug 1806161, and issue 13's):
  // they never decide the content's status. Without a signature inside, the content is unsigned and the outer
  // one gets the warning "outer-signature-only"; with one inside, a broken outer one is only a fact about the
  // envelope (info), and "layered-signatures" compares the signatures that cover the content, nothing else.
  if (outerSignature && !contentSignature) findings.push(finding("outer-signature-only"));
  const outerStatus = outerSignature?.layer.signature ?? "malformed";
  if (outerSignature && contentSignature && !TRUSTED_STATUSES.has(outerStatus)) findings.push(finding("outer-signature-not-valid", { status: outerStatus }));
  if (inner.length > 1 && inner.some((s) => s.layer.signature !== contentSignature?.layer.signature)) {
    findings.push(finding("layered-signatures"));
  }
  if (current.kind === "mime") findings.push(...nestedSmimeFindings(current.part));
  if (addresses === null && walk.signatures.length > 0) findings.push(finding("no-headers"));
  if (contentSignature?.layer.outcome === "valid") findings.push(...signingDateFindings(begin.outerHeaders, contentSignature.layer.signingTime, config));

  let signature: SignatureStatus = contentSignature?.layer.signature ?? "unsigned";
  const protectedHeaders = current.kind === "mime" && layers.length > 0 ? readProtectedHeaders(current.part) : undefined;
  if (protectedHeaders && current.kind === "mime") {
    const shownFrom = addresses && addresses.length > 0 ? [addresses[0]] : undefined;
    const differences = compareProtectedHeaders(current.part, protectedHeaders, {
      headers: begin.outerHeaders,
      ...(shownFrom ? { shownFrom } : {}),
      encrypted: innermostEncryption >= 0,
    });
    findings.push(...differences);
    // A signed inner From that names someone else than the outer From: the signature must not read as valid.
    if (contentSignature && differences.some((f) => f.code === "protected-from-mismatch")) signature = worse(signature, "signer-mismatch");
  }

  const report: OpenReport = {
    encryption: encryption?.cipher ?? "none",
    integrity,
    signature,
    addressBinding: addresses === null ? "none" : "checked",
    findings: [...(contentSignature?.layer.findings ?? []), ...findings],
    layers,
    content: current.kind === "cms" ? current.der : (current.bytes.whole ?? new Uint8Array(0)),
    contentLength: current.kind === "cms" ? current.der.length : current.bytes.length,
    contentIsMime: current.kind === "mime",
  };
  if (current.kind === "mime" && !current.bytes.whole) {
    // The content is still in the input file: read whole only when `content` is read.
    report.contentSource = current.bytes;
    defineWholeOnDemand(report, "content", current.bytes);
  }
  if (protectedHeaders) report.protectedHeaders = protectedHeaders;
  if (outerSignature) {
    const o = outerSignature.layer;
    report.outerSignature = { covers: "ciphertext", signature: o.signature ?? "malformed", ...(o.signer ? { signer: o.signer } : {}), ...(o.signingTime ? { signingTime: o.signingTime } : {}) };
  }
  if (contentSignature?.layer.signer) report.signer = contentSignature.layer.signer;
  if (contentSignature?.layer.signingTime) report.signingTime = contentSignature.layer.signingTime;
  if (contentSignature?.check.signerCertificate) {
    report.signerCertificate = contentSignature.check.signerCertificate;
    report.signerCapabilities = contentSignature.check.capabilities;
    report.signerInfo = contentSignature.info;
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
  return count === 0 ? [] : [finding("nested-smime")];
}
