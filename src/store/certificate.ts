/**
 * The few certificate facts the store needs (addresses, names, dates, fingerprint). A deliberately small
 * local parse: validation and path building belong to src/core/pki, not to storage.
 */
import * as pkijs from "pkijs";
import { parseBerExact } from "../core/asn1";
import { toArrayBuffer, toHex } from "../core/bytes";
import { SpmError } from "../core/errors";
import { OID } from "../core/oids";

/** Certificates are small; anything this big is not one. */
const MAX_CERTIFICATE_BYTES = 64 * 1024;

export interface CertificateFacts {
  subject: string;
  issuer: string;
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
  /** Lowercased addresses from subjectAltName rfc822Name and the subject's emailAddress attribute. */
  emails: string[];
  sha256Hex: string;
}

const NAME_LABELS: Record<string, string> = {
  "2.5.4.3": "CN",
  "2.5.4.6": "C",
  "2.5.4.7": "L",
  "2.5.4.8": "ST",
  "2.5.4.10": "O",
  "2.5.4.11": "OU",
  "2.5.4.5": "serialNumber",
  [OID.emailAddress]: "E",
};

function nameToString(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues
    .map((tv) => `${NAME_LABELS[tv.type] ?? tv.type}=${String(tv.value.valueBlock.value)}`)
    .join(", ");
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function parseCertificate(der: Uint8Array): pkijs.Certificate {
  if (!(der instanceof Uint8Array)) throw new SpmError("INVALID_ARGUMENT", "Certificate must be DER bytes");
  const schema = parseBerExact(der, { what: "certificate", maxBytes: MAX_CERTIFICATE_BYTES });
  try {
    return new pkijs.Certificate({ schema });
  } catch (e) {
    throw new SpmError("MALFORMED", "The certificate is not a valid X.509 certificate", { cause: e });
  }
}

export async function sha256Hex(bytes: Uint8Array, subtle: SubtleCrypto): Promise<string> {
  return toHex(new Uint8Array(await subtle.digest("SHA-256", toArrayBuffer(bytes))));
}

export async function describe(der: Uint8Array, subtle: SubtleCrypto): Promise<CertificateFacts> {
  const cert = parseCertificate(der);
  const emails = new Set<string>();
  for (const tv of cert.subject.typesAndValues) {
    if (tv.type === OID.emailAddress) emails.add(normaliseEmail(String(tv.value.valueBlock.value)));
  }
  for (const ext of cert.extensions ?? []) {
    if (ext.extnID !== OID.subjectAltName || !(ext.parsedValue instanceof pkijs.AltName)) continue;
    for (const gn of ext.parsedValue.altNames) {
      if (gn.type === 1 && typeof gn.value === "string") emails.add(normaliseEmail(gn.value)); // rfc822Name
    }
  }
  return {
    subject: nameToString(cert.subject),
    issuer: nameToString(cert.issuer),
    serialHex: toHex(new Uint8Array(cert.serialNumber.valueBlock.valueHexView)),
    notBefore: cert.notBefore.value,
    notAfter: cert.notAfter.value,
    emails: [...emails],
    sha256Hex: await sha256Hex(der, subtle),
  };
}

/** Structural check that bytes are a PKCS#8 PrivateKeyInfo (catches swapped arguments early). */
export function checkPkcs8(der: Uint8Array): void {
  if (!(der instanceof Uint8Array)) throw new SpmError("INVALID_ARGUMENT", "Private key must be PKCS#8 bytes");
  const schema = parseBerExact(der, { what: "private key", maxBytes: MAX_CERTIFICATE_BYTES });
  try {
    new pkijs.PrivateKeyInfo({ schema });
  } catch (e) {
    throw new SpmError("MALFORMED", "The private key is not a PKCS#8 PrivateKeyInfo", { cause: e });
  }
}
