/**
 * Parsing one certificate into the facts the checks need, and the public `describeCertificate`.
 * Certificates come from untrusted messages: parse through `parseBerExact` with a size cap.
 */
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { parseBerExact } from "../asn1";
import { toArrayBuffer, toBase64, toHex } from "../bytes";
import { SpmError } from "../errors";
import { OID, oidName } from "../oids";
import { DEFAULT_CONFIG } from "../config";

/** A certificate over 256 KiB is not a real S/MIME certificate. */

export const EXT = {
  ...OID,
  issuerAltName: "2.5.29.18",
  policyMappings: "2.5.29.33",
  policyConstraints: "2.5.29.36",
  inhibitAnyPolicy: "2.5.29.54",
  freshestCrl: "2.5.29.46",
  subjectInfoAccess: "1.3.6.1.5.5.7.1.11",
  ocsp: "1.3.6.1.5.5.7.48.1",
  serverAuth: "1.3.6.1.5.5.7.3.1",
  clientAuth: "1.3.6.1.5.5.7.3.2",
  ocspSigning: "1.3.6.1.5.5.7.3.9",
} as const;

export interface CertificateInfo {
  subject: string;
  issuer: string;
  serialHex: string;
  /** SAN rfc822Name + subject emailAddress, lowercased, without duplicates. */
  emails: string[];
  notBefore: Date;
  notAfter: Date;
  /** "RSA", "EC", or the algorithm OID for anything else. */
  keyAlgorithm: string;
  keyBits?: number;
  namedCurve?: string;
  keyUsage: string[];
  extKeyUsage: string[];
  isCA: boolean;
  selfSigned: boolean;
  subjectKeyIdentifierHex?: string;
  sha256FingerprintHex: string;
  signatureAlgorithm: string;
  canSign: boolean;
  canEncrypt: boolean;
}

const KEY_USAGE_NAMES = [
  "digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement",
  "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly",
] as const;

const ATTRIBUTE_NAMES: Record<string, string> = {
  "2.5.4.3": "CN", "2.5.4.6": "C", "2.5.4.7": "L", "2.5.4.8": "ST", "2.5.4.10": "O", "2.5.4.11": "OU",
  "2.5.4.5": "serialNumber", "2.5.4.4": "SN", "2.5.4.42": "GN", "2.5.4.12": "title",
  "0.9.2342.19200300.100.1.25": "DC", "0.9.2342.19200300.100.1.1": "UID", [OID.emailAddress]: "emailAddress",
};

/** A parsed certificate with its DER and the extension facts pre-read. */
export interface ParsedCert {
  der: Uint8Array;
  cert: pkijs.Certificate;
  info: CertificateInfo;
  /** Extensions whose value did not parse (a malformed certificate). */
  malformedExtensions: string[];
  basicConstraints?: { cA: boolean; pathLen?: number };
  keyUsagePresent: boolean;
  ekuPresent: boolean;
  /** EKU purposes as dotted OIDs. */
  ekuOids: string[];
  authorityKeyIdHex?: string;
  sanEmails: string[];
  sanDns: string[];
  /** SAN name forms we do not interpret (for name constraints: must then be rejected). */
  sanOtherForms: number[];
  subjectEmails: string[];
  nameConstraints?: pkijs.NameConstraints;
  crlUrls: string[];
  ocspUrls: string[];
  /** Issuer and subject are the same name (RFC 5280 "self-issued"). */
  selfIssued: boolean;
}

function stringValue(value: unknown): string | undefined {
  const block = (value as { valueBlock?: { value?: unknown } }).valueBlock;
  return typeof block?.value === "string" ? block.value : undefined;
}

/** Printable form of a distinguished name ("CN=..., O=..."), most significant last as in RFC 4514 order. */
function nameToString(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues
    .map((tv) => `${ATTRIBUTE_NAMES[tv.type] ?? tv.type}=${stringValue(tv.value) ?? "#" + toHex(new Uint8Array(tv.value.valueBeforeDecodeView))}`)
    .join(", ");
}

/** RFC 5280 7.1 simplified (RFC 4518 without full stringprep): case-fold and collapse spaces for strings. */
function normalizedAttribute(tv: pkijs.AttributeTypeAndValue): string {
  const s = stringValue(tv.value);
  if (s !== undefined) return `${tv.type}=s:${s.trim().replace(/\s+/g, " ").toLowerCase()}`;
  return `${tv.type}=b:${toHex(new Uint8Array(tv.value.valueBeforeDecodeView))}`;
}

/** Names as lists of normalized attributes, in order (pkijs flattens RDNs into one list). */
export function normalizedName(name: pkijs.RelativeDistinguishedNames): string[] {
  return name.typesAndValues.map(normalizedAttribute);
}

export function namesEqual(a: pkijs.RelativeDistinguishedNames, b: pkijs.RelativeDistinguishedNames): boolean {
  const x = normalizedName(a);
  const y = normalizedName(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

function keyUsageNames(bits: asn1js.BitString): string[] {
  const bytes = new Uint8Array(bits.valueBlock.valueHexView);
  const out: string[] = [];
  KEY_USAGE_NAMES.forEach((name, i) => {
    const byte = bytes[i >> 3] ?? 0;
    if (byte & (0x80 >> (i & 7))) out.push(name);
  });
  return out;
}

function algorithmName(oid: string): string {
  return oidName(oid);
}

function publicKeyFacts(cert: pkijs.Certificate): { keyAlgorithm: string; keyBits?: number; namedCurve?: string } {
  const spki = cert.subjectPublicKeyInfo;
  const alg = spki.algorithm.algorithmId;
  if (alg === OID.rsaEncryption || alg === OID.rsassaPss) {
    const parsed = spki.parsedKey as pkijs.RSAPublicKey | undefined;
    if (!parsed) return { keyAlgorithm: "RSA" };
    const modulus = new Uint8Array(parsed.modulus.valueBlock.valueHexView);
    let i = 0;
    while (i < modulus.length && modulus[i] === 0) i++;
    const bits = modulus.length - i === 0 ? 0 : (modulus.length - i) * 8 - Math.clz32(modulus[i]) + 24;
    return { keyAlgorithm: "RSA", keyBits: bits };
  }
  if (alg === OID.ecPublicKey) {
    const params: unknown = spki.algorithm.algorithmParams;
    const curveOid = params instanceof asn1js.ObjectIdentifier ? params.valueBlock.toString() : undefined;
    const curves: Record<string, [string, number]> = {
      [OID.p256]: ["P-256", 256], [OID.p384]: ["P-384", 384], [OID.p521]: ["P-521", 521],
    };
    const known = curveOid ? curves[curveOid] : undefined;
    return { keyAlgorithm: "EC", namedCurve: known?.[0] ?? curveOid, keyBits: known?.[1] };
  }
  return { keyAlgorithm: algorithmName(alg) };
}

function lowerAscii(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

function generalNameStrings(names: pkijs.GeneralName[], type: number): string[] {
  return names.filter((n) => n.type === type && typeof n.value === "string").map((n) => (n.value as string));
}

/** Parsed certificates by their exact bytes: the bundled anchors are parsed once, not on every check. */
const CACHE_LIMIT = 512;
/** Only ordinary-sized certificates are cached: bounds the memory an attacker's odd certificates can take. */
const CACHE_MAX_BYTES = 16 * 1024;
const cache = new Map<string, Promise<ParsedCert>>();

/** Parse a certificate from DER (untrusted input). Throws SpmError MALFORMED (or LIMIT_EXCEEDED). */
export function parseCertificate(der: Uint8Array): Promise<ParsedCert> {
  if (der.length === 0 || der.length > CACHE_MAX_BYTES) return parseUncached(der);
  const cacheKey = toBase64(der);
  let hit = cache.get(cacheKey);
  if (!hit) {
    // Own copy: the caller may reuse its buffer.
    hit = parseUncached(der.slice());
    cache.set(cacheKey, hit);
    // A failed parse is not kept (nothing to reuse; and keeps the cache for good certificates).
    hit.catch(() => cache.delete(cacheKey));
    if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  }
  return hit;
}

interface Extensions {
  malformedExtensions: string[];
  basicConstraints?: ParsedCert["basicConstraints"];
  keyUsage: string[];
  keyUsagePresent: boolean;
  extKeyUsage: string[];
  ekuPresent: boolean;
  skiHex?: string;
  akiHex?: string;
  sanNames: pkijs.GeneralName[];
  nameConstraints?: pkijs.NameConstraints;
  crlUrls: string[];
  ocspUrls: string[];
}

/** The extensions we use, read once; damaged or duplicate ones are recorded, not thrown. */
function readExtensions(cert: pkijs.Certificate): Extensions {
  const malformedExtensions: string[] = [];
  const seen = new Set<string>();
  const x: Extensions = { malformedExtensions, keyUsage: [], keyUsagePresent: false, extKeyUsage: [], ekuPresent: false, sanNames: [], crlUrls: [], ocspUrls: [] };

  for (const ext of cert.extensions ?? []) {
    if (seen.has(ext.extnID)) malformedExtensions.push(`${oidName(ext.extnID)} (duplicate)`);
    seen.add(ext.extnID);
    let parsed: unknown;
    try {
      parsed = ext.parsedValue;
    } catch (e) {
      // An extension value that is not even BER: the certificate is malformed. Recorded, not thrown.
      malformedExtensions.push(`${oidName(ext.extnID)} (${(e as Error).message})`);
      continue;
    }
    if (parsed && typeof parsed === "object" && "parsingError" in parsed) {
      malformedExtensions.push(oidName(ext.extnID));
      continue;
    }
    switch (ext.extnID) {
      case OID.basicConstraints: {
        const bc = parsed as pkijs.BasicConstraints | undefined;
        if (!bc) { malformedExtensions.push("basicConstraints"); break; }
        const pl = bc.pathLenConstraint;
        const pathLen = pl === undefined ? undefined : typeof pl === "number" ? pl : pl.valueBlock.valueDec;
        x.basicConstraints = { cA: bc.cA === true, pathLen };
        break;
      }
      case OID.keyUsage: {
        if (!(parsed instanceof asn1js.BitString)) { malformedExtensions.push("keyUsage"); break; }
        x.keyUsage = keyUsageNames(parsed);
        x.keyUsagePresent = true;
        break;
      }
      case OID.extKeyUsage: {
        const eku = parsed as pkijs.ExtKeyUsage | undefined;
        if (!eku?.keyPurposes) { malformedExtensions.push("extKeyUsage"); break; }
        x.extKeyUsage = eku.keyPurposes.map((p) => String(p));
        x.ekuPresent = true;
        break;
      }
      case OID.subjectKeyIdentifier: {
        if (!(parsed instanceof asn1js.OctetString)) { malformedExtensions.push("subjectKeyIdentifier"); break; }
        x.skiHex = toHex(new Uint8Array(parsed.valueBlock.valueHexView));
        break;
      }
      case OID.authorityKeyIdentifier: {
        const aki = parsed as pkijs.AuthorityKeyIdentifier | undefined;
        if (!aki) { malformedExtensions.push("authorityKeyIdentifier"); break; }
        if (aki.keyIdentifier) x.akiHex = toHex(new Uint8Array(aki.keyIdentifier.valueBlock.valueHexView));
        break;
      }
      case OID.subjectAltName: {
        const an = parsed as pkijs.AltName | undefined;
        if (!an?.altNames) { malformedExtensions.push("subjectAltName"); break; }
        x.sanNames = an.altNames;
        break;
      }
      case OID.nameConstraints: {
        const nc = parsed as pkijs.NameConstraints | undefined;
        if (!nc) { malformedExtensions.push("nameConstraints"); break; }
        x.nameConstraints = nc;
        break;
      }
      case OID.crlDistributionPoints: {
        const dps = parsed as pkijs.CRLDistributionPoints | undefined;
        for (const dp of dps?.distributionPoints ?? []) {
          if (Array.isArray(dp.distributionPoint)) x.crlUrls.push(...generalNameStrings(dp.distributionPoint, 6));
        }
        break;
      }
      case OID.authorityInfoAccess: {
        const aia = parsed as pkijs.InfoAccess | undefined;
        for (const ad of aia?.accessDescriptions ?? []) {
          if (ad.accessMethod === EXT.ocsp) x.ocspUrls.push(...generalNameStrings([ad.accessLocation], 6));
        }
        break;
      }
      default:
        break;
    }
  }
  return x;
}

async function parseUncached(der: Uint8Array): Promise<ParsedCert> {
  let cert: pkijs.Certificate;
  try {
    const schema = parseBerExact(der, { what: "certificate", maxBytes: DEFAULT_CONFIG.maxCertificateBytes });
    cert = new pkijs.Certificate({ schema });
  } catch (e) {
    if (e instanceof SpmError) throw e;
    throw new SpmError("MALFORMED", "The certificate is not a valid X.509 certificate", { cause: e });
  }
  const {
    malformedExtensions, basicConstraints, keyUsage, keyUsagePresent, extKeyUsage, ekuPresent, skiHex, akiHex, sanNames,
    nameConstraints, crlUrls, ocspUrls,
  } = readExtensions(cert);

  // ASCII case only (see normalizeAddress): Unicode lower-casing would turn U+212A KELVIN SIGN into "k".
  const sanEmails = generalNameStrings(sanNames, 1).map(lowerAscii);
  const sanDns = generalNameStrings(sanNames, 2).map((e) => e.toLowerCase());
  const sanOtherForms = sanNames.map((n) => n.type).filter((t) => t !== 1 && t !== 2 && t !== 4);
  const subjectEmails = cert.subject.typesAndValues
    .filter((tv) => tv.type === OID.emailAddress)
    .map((tv) => lowerAscii(stringValue(tv.value) ?? ""))
    .filter((e) => e.length > 0);
  const emails = [...new Set([...sanEmails, ...subjectEmails])];

  const selfIssued = namesEqual(cert.subject, cert.issuer);
  const fingerprint = new Uint8Array(await crypto.subtle.digest("SHA-256", toArrayBuffer(der)));
  const key = publicKeyFacts(cert);
  const isCA = basicConstraints?.cA === true;
  // Self-signed: self-issued and (when both key ids are there) the ids agree. The signature itself is
  // checked by the path validation, not here.
  const selfSigned = selfIssued && (akiHex === undefined || skiHex === undefined || akiHex === skiHex);
  const canSign = !keyUsagePresent || keyUsage.includes("digitalSignature") || keyUsage.includes("nonRepudiation");
  const canEncrypt =
    !keyUsagePresent ||
    (key.keyAlgorithm === "RSA" ? keyUsage.includes("keyEncipherment") : keyUsage.includes("keyAgreement"));

  const info: CertificateInfo = {
    subject: nameToString(cert.subject),
    issuer: nameToString(cert.issuer),
    serialHex: toHex(new Uint8Array(cert.serialNumber.valueBlock.valueHexView)),
    emails,
    notBefore: cert.notBefore.value,
    notAfter: cert.notAfter.value,
    keyAlgorithm: key.keyAlgorithm,
    ...(key.keyBits !== undefined ? { keyBits: key.keyBits } : {}),
    ...(key.namedCurve !== undefined ? { namedCurve: key.namedCurve } : {}),
    keyUsage,
    extKeyUsage: extKeyUsage.map(oidNameWithEku),
    isCA,
    selfSigned,
    ...(skiHex !== undefined ? { subjectKeyIdentifierHex: skiHex } : {}),
    sha256FingerprintHex: toHex(fingerprint),
    signatureAlgorithm: algorithmName(cert.signatureAlgorithm.algorithmId),
    canSign,
    canEncrypt,
  };

  return {
    der, cert, info, malformedExtensions, basicConstraints, keyUsagePresent, ekuPresent, ekuOids: extKeyUsage,
    authorityKeyIdHex: akiHex, sanEmails, sanDns, sanOtherForms, subjectEmails, nameConstraints,
    crlUrls, ocspUrls, selfIssued,
  };
}

function oidNameWithEku(oid: string): string {
  const names: Record<string, string> = {
    [EXT.serverAuth]: "serverAuth", [EXT.clientAuth]: "clientAuth", [EXT.ocspSigning]: "ocspSigning",
    "1.3.6.1.5.5.7.3.3": "codeSigning", "1.3.6.1.5.5.7.3.8": "timeStamping",
  };
  return names[oid] ?? oidName(oid);
}

/** A caller-owned copy: parsed certificates are cached and shared. */
export function copyInfo(info: CertificateInfo): CertificateInfo {
  return {
    ...info,
    emails: [...info.emails],
    keyUsage: [...info.keyUsage],
    extKeyUsage: [...info.extKeyUsage],
    notBefore: new Date(info.notBefore.getTime()),
    notAfter: new Date(info.notAfter.getTime()),
  };
}

/** Public: the facts about a certificate, for display and for choosing a certificate. */
export async function describeCertificate(der: Uint8Array): Promise<CertificateInfo> {
  return copyInfo((await parseCertificate(der)).info);
}
