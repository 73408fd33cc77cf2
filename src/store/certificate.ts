/**
 * The few certificate facts the store needs, from src/core/pki (one parser for the whole add-in), and the
 * key/certificate pairing check from src/core/keys. Validation of trust is not the store's business.
 */
import { SpmError } from "../core/errors";
import { publicKeyMatches } from "../core/keys";
import { describeCertificate } from "../core/pki";

export interface CertificateFacts {
  subject: string;
  issuer: string;
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
  /** Lowercased: subjectAltName rfc822Name first, then the subject's emailAddress attribute. */
  emails: string[];
  sha256Hex: string;
}

/** MALFORMED for anything that is not a DER certificate. */
export async function describe(der: Uint8Array): Promise<CertificateFacts> {
  if (!(der instanceof Uint8Array) || der.length === 0) throw new SpmError("INVALID_ARGUMENT", "A certificate must be non-empty DER bytes");
  const info = await describeCertificate(der);
  return {
    subject: info.subject,
    issuer: info.issuer,
    serialHex: info.serialHex,
    notBefore: info.notBefore,
    notAfter: info.notAfter,
    emails: info.emails,
    sha256Hex: info.sha256FingerprintHex,
  };
}

/** The private key must belong to the certificate: a swapped or wrong key fails later in the worst place. */
export async function checkKeyPair(certificate: Uint8Array, pkcs8: Uint8Array): Promise<void> {
  if (!(await publicKeyMatches(certificate, pkcs8))) {
    throw new SpmError("INVALID_ARGUMENT", "The private key does not belong to the certificate (or is a key type we do not support)");
  }
}
