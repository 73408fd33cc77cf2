/** Certificate facts SignedData needs: the original issuer/serial encodings, SKI, key usage. */
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { SpmError, toSpmError } from "../../errors";
import { OID } from "../../oids";
import { assertNothingAfter } from "../../asn1";
import { parseCertificateDer } from "../../parsed-certificates";

export interface CertificateFacts {
  der: Uint8Array;
  cert: pkijs.Certificate;
  /** The issuer Name exactly as encoded in the certificate. */
  issuerDer: Uint8Array;
  /** The serialNumber INTEGER TLV exactly as encoded. */
  serialDer: Uint8Array;
  /** Serial magnitude without leading zero octets, for comparisons. */
  serialValue: Uint8Array;
  subjectKeyIdentifier?: Uint8Array;
}

function raw(node: asn1js.AsnType | undefined): Uint8Array {
  const view = node?.valueBeforeDecodeView;
  if (!view || view.length === 0) throw new Error("missing element");
  return view;
}

export function serialMagnitude(value: Uint8Array): Uint8Array {
  let v = value;
  while (v.length > 1 && v[0] === 0) v = v.subarray(1);
  return v;
}

/** From an already parsed Certificate node (inside a SignedData). Throws on a malformed certificate. */
export function certificateFromNode(node: asn1js.AsnType, parsed?: pkijs.Certificate): CertificateFacts {
  const cert = parsed ?? new pkijs.Certificate({ schema: node });
  const tbs = (node as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
  const fields = tbs.valueBlock.value;
  const first = fields[0];
  const i = first && first.idBlock.tagClass === 3 && first.idBlock.tagNumber === 0 ? 1 : 0;
  const serial = fields[i];
  const issuer = fields[i + 2];
  if (!(serial instanceof asn1js.Integer) || !(issuer instanceof asn1js.Sequence)) throw new Error("unexpected TBSCertificate layout");
  const facts: CertificateFacts = {
    der: raw(node),
    cert,
    issuerDer: raw(issuer),
    serialDer: raw(serial),
    serialValue: serialMagnitude(serial.valueBlock.valueHexView),
  };
  const skiExt = cert.extensions?.find((e) => e.extnID === OID.subjectKeyIdentifier);
  const ski = skiExt?.parsedValue as unknown;
  if (ski instanceof asn1js.OctetString) facts.subjectKeyIdentifier = ski.valueBlock.valueHexView;
  return facts;
}

/** From DER given by a caller (our own identity). */
export function certificateFromDer(der: Uint8Array, what = "certificate"): CertificateFacts {
  try {
    const { node, cert } = parseCertificateDer(der, what);
    assertNothingAfter(node, der, what);
    return certificateFromNode(node, cert);
  } catch (e) {
    if (e instanceof SpmError) throw e;
    throw toSpmError(e, "INVALID_ARGUMENT", `The ${what} is not a valid X.509 certificate`);
  }
}

/** keyUsage bits (RFC 5280 §4.2.1.3), or undefined when the extension is absent. */
function keyUsageBits(cert: pkijs.Certificate): number | undefined {
  const ext = cert.extensions?.find((e) => e.extnID === OID.keyUsage);
  if (!ext) return undefined;
  const bits = ext.parsedValue as unknown;
  if (!(bits instanceof asn1js.BitString)) return 0;
  const v = bits.valueBlock.valueHexView;
  return ((v[0] ?? 0) << 8) | (v[1] ?? 0);
}

/** Can the certificate's key receive encrypted mail (RSA keyEncipherment, EC keyAgreement)? */
export function canEncrypt(facts: CertificateFacts): boolean {
  const alg = facts.cert.subjectPublicKeyInfo.algorithm.algorithmId;
  const ku = keyUsageBits(facts.cert);
  if (alg === OID.rsaEncryption) return ku === undefined || (ku & 0x2000) !== 0; // keyEncipherment
  if (alg === OID.ecPublicKey) return ku === undefined || (ku & 0x0800) !== 0; // keyAgreement
  return false;
}
