/**
 * Signed attributes we write (RFC 5652 §11, RFC 8551 §2.5) and the ones we read back.
 */
import * as asn1js from "asn1js";
import { OID } from "../../oids";
import { toHex } from "../../bytes";
import { DER_NULL, algorithmId, oid, octetString, seq, sortSetOf, time, tlv, type DerPart } from "./der";
import type { CertificateFacts } from "./certificate";

/**
 * What we advertise, strongest first. AES-GCM first as RFC 8551 §2.7 prefers it; CBC for receivers
 * without AuthEnvelopedData (Outlook); RSAES-OAEP last (a key-encipherment capability).
 */
export const DEFAULT_SMIME_CAPABILITIES: string[] = [
  OID.aes256GCM,
  OID.aes128GCM,
  OID.aes256CBC,
  OID.aes128CBC,
  OID.rsaesOaep,
];

/**
 * RSAES-OAEP-params for SHA-256 (RFC 4055 §4.1, RFC 3560 §5): hashFunc sha256, maskGenFunc
 * MGF1-SHA-256, pSourceFunc default (omitted). Hash identifiers carry NULL as in RFC 4055's
 * sha256Identifier.
 */
function oaepSha256Params(): DerPart {
  const sha256 = algorithmId(OID.sha256, DER_NULL);
  return seq(tlv(0xa0, sha256), tlv(0xa1, algorithmId(OID.mgf1, sha256)));
}

/** SMIMECapability: parameters absent for the AES ciphers (RFC 3565 §5; RFC 5084 gives none). */
function capability(id: string): DerPart {
  return id === OID.rsaesOaep ? seq(oid(id), oaepSha256Params()) : seq(oid(id));
}

function attribute(type: string, value: DerPart): DerPart {
  return seq(oid(type), tlv(0x31, value));
}

export interface SignedAttributeInput {
  contentType: string;
  messageDigest: Uint8Array;
  signingTime: Date;
  capabilities: string[];
  encryptionKeyPreference?: CertificateFacts;
}

/** DER encodings of the attributes, in DER SET OF order (PKI.js issue #402: we sort ourselves). */
export function buildSignedAttributes(input: SignedAttributeInput): Uint8Array[] {
  const attrs: DerPart[] = [
    attribute(OID.contentType, oid(input.contentType)),
    attribute(OID.signingTime, time(input.signingTime)),
    attribute(OID.messageDigest, octetString(input.messageDigest)),
  ];
  if (input.capabilities.length > 0) {
    attrs.push(attribute(OID.smimeCapabilities, seq(...input.capabilities.map(capability))));
  }
  const pref = input.encryptionKeyPreference;
  if (pref) {
    // RFC 8551 §2.5.3: [0] IMPLICIT IssuerAndSerialNumber; Microsoft's older attribute: plain IAS.
    attrs.push(attribute(OID.smimeEncryptionKeyPreference, tlv(0xa0, pref.issuerDer, pref.serialDer)));
    attrs.push(attribute(OID.msOeEncryptionKeyPreference, seq(pref.issuerDer, pref.serialDer)));
  }
  return sortSetOf(attrs);
}

// ---------------------------------------------------------------------------------------------
// Reading

/** OIDs of an SMIMECapabilities value in order; undefined when the value is not well formed. */
export function readCapabilities(value: asn1js.AsnType): string[] | undefined {
  if (!(value instanceof asn1js.Sequence)) return undefined;
  const out: string[] = [];
  for (const cap of value.valueBlock.value) {
    if (!(cap instanceof asn1js.Sequence)) return undefined;
    const id = cap.valueBlock.value[0];
    if (!(id instanceof asn1js.ObjectIdentifier)) return undefined;
    out.push(id.valueBlock.toString());
  }
  return out;
}

export interface KeyPreference {
  issuerAndSerial?: { issuerDer: Uint8Array; serialHex: string };
  subjectKeyIdentifierHex?: string;
}

function readIssuerAndSerial(node: asn1js.AsnType): KeyPreference | undefined {
  if (!(node instanceof asn1js.Constructed)) return undefined;
  const [issuer, serial] = node.valueBlock.value;
  if (!(issuer instanceof asn1js.Sequence) || !(serial instanceof asn1js.Integer) || node.valueBlock.value.length !== 2) {
    return undefined;
  }
  return { issuerAndSerial: { issuerDer: issuer.valueBeforeDecodeView.slice(), serialHex: toHex(serial.valueBlock.valueHexView) } };
}

/** SMIMEEncryptionKeyPreference (RFC 8551 §2.5.3) CHOICE, IMPLICIT tags. */
export function readKeyPreference(value: asn1js.AsnType): KeyPreference | undefined {
  if (value.idBlock.tagClass !== 3) return undefined;
  switch (value.idBlock.tagNumber) {
    case 0:
      return readIssuerAndSerial(value);
    case 1: {
      // RecipientKeyIdentifier ::= SEQUENCE { subjectKeyIdentifier OCTET STRING, date, other }
      if (!(value instanceof asn1js.Constructed)) return undefined;
      const ski = value.valueBlock.value[0];
      return ski instanceof asn1js.OctetString ? { subjectKeyIdentifierHex: toHex(ski.valueBlock.valueHexView) } : undefined;
    }
    case 2: {
      const v = (value as asn1js.Primitive).valueBlock as { valueHexView?: Uint8Array };
      return v.valueHexView && !value.idBlock.isConstructed ? { subjectKeyIdentifierHex: toHex(v.valueHexView) } : undefined;
    }
    default:
      return undefined;
  }
}

/** Microsoft's 1.3.6.1.4.1.311.16.4: a plain IssuerAndSerialNumber. */
export function readMsKeyPreference(value: asn1js.AsnType): KeyPreference | undefined {
  return value instanceof asn1js.Sequence ? readIssuerAndSerial(value) : undefined;
}
