/** What enveloping needs from a certificate: identifiers and the public key. */
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { parseBerExact } from "../../asn1";
import { SpmError } from "../../errors";
import { OID } from "../../oids";
import type { EcCurve } from "../../crypto";
import { DEFAULT_CONFIG } from "../../config";

export interface CertificateInfo {
  /** DER of the issuer Name exactly as in the certificate. */
  issuerDer: Uint8Array;
  /** INTEGER content bytes of the serial number. */
  serial: Uint8Array;
  subjectKeyIdentifier?: Uint8Array;
  /** DER SubjectPublicKeyInfo. */
  spki: Uint8Array;
  /** "unsupported": any other key (Ed25519, P-521, DSA ...); `unsupportedReason` says which. */
  keyType: "rsa" | "ec" | "unsupported";
  unsupportedReason?: string;
  curve?: EcCurve;
  /** RSAPublicKey DER (BIT STRING content) for RSA keys. */
  rsaPublicKey?: Uint8Array;
  /** keyUsage bits when the extension is present. */
  keyUsage?: { keyEncipherment: boolean; keyAgreement: boolean };
}

export function readCertificate(der: Uint8Array, what = "certificate"): CertificateInfo {
  let cert: pkijs.Certificate;
  try {
    cert = new pkijs.Certificate({ schema: parseBerExact(der, { what, maxBytes: DEFAULT_CONFIG.maxCertificateBytes }) });
  } catch (e) {
    throw new SpmError("INVALID_ARGUMENT", `The ${what} is not a valid X.509 certificate`, { cause: e });
  }
  const issuerDer = new Uint8Array(cert.issuer.valueBeforeDecode);
  const serial = cert.serialNumber.valueBlock.valueHexView;
  const spkiAlg = cert.subjectPublicKeyInfo.algorithm;
  const spki = new Uint8Array(cert.subjectPublicKeyInfo.toSchema().toBER());
  let keyType: CertificateInfo["keyType"];
  let unsupportedReason: string | undefined;
  let curve: EcCurve | undefined;
  let rsaPublicKey: Uint8Array | undefined;
  if (spkiAlg.algorithmId === OID.rsaEncryption) {
    keyType = "rsa";
    rsaPublicKey = cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView;
  } else if (spkiAlg.algorithmId === OID.ecPublicKey) {
    keyType = "ec";
    const params: unknown = spkiAlg.algorithmParams;
    const curveOid = params instanceof asn1js.ObjectIdentifier ? params.valueBlock.toString() : "";
    if (curveOid === OID.p256) curve = "P-256";
    else if (curveOid === OID.p384) curve = "P-384";
    else {
      keyType = "unsupported";
      unsupportedReason = `an unsupported EC curve (${curveOid || "unnamed"})`;
    }
  } else {
    // Not an error here: a user's key list may hold e.g. an Ed25519 identity that simply never matches.
    keyType = "unsupported";
    unsupportedReason = `an unsupported key type (${spkiAlg.algorithmId})`;
  }
  let subjectKeyIdentifier: Uint8Array | undefined;
  let keyUsage: CertificateInfo["keyUsage"];
  for (const ext of cert.extensions ?? []) {
    if (ext.extnID === OID.subjectKeyIdentifier && ext.parsedValue instanceof asn1js.OctetString) {
      subjectKeyIdentifier = ext.parsedValue.valueBlock.valueHexView;
    } else if (ext.extnID === OID.keyUsage && ext.parsedValue instanceof asn1js.BitString) {
      const bits = ext.parsedValue.valueBlock.valueHexView;
      // Bit 2 keyEncipherment, bit 4 keyAgreement (RFC 5280 4.2.1.3), MSB first.
      keyUsage = { keyEncipherment: ((bits[0] ?? 0) & 0x20) !== 0, keyAgreement: ((bits[0] ?? 0) & 0x08) !== 0 };
    }
  }
  return { issuerDer, serial, subjectKeyIdentifier, spki, keyType, unsupportedReason, curve, rsaPublicKey, keyUsage };
}
