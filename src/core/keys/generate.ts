/** Key generation (WebCrypto), PKCS#10 requests and self-signed TEST certificates, with PKI.js. */
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { SpmError } from "../errors";
import { OID } from "../oids";
import { pemEncode, randomBytes } from "../bytes";
import { importSigningKey, publicKeyOf, type KeyAlgorithm } from "./key-match";
import { sha1 } from "../crypto";

export type KeyKind = "rsa2048" | "rsa3072" | "p256" | "p384";

/** Marks certificates made by createSelfSignedCertificate: they must never pass for real ones. */
export const SELF_SIGNED_MARKER = "Secure Patient Mail - self-signed, for testing only";

const EXTENSION_REQUEST = "1.2.840.113549.1.9.14";
const COMMON_NAME = "2.5.4.3";
const ORGANIZATION = "2.5.4.10";

/** A new private key as PKCS#8 DER. Extractable only so that it can be stored and backed up. */
export async function generatePrivateKey(kind: KeyKind): Promise<Uint8Array> {
  let params: RsaHashedKeyGenParams | EcKeyGenParams;
  switch (kind) {
    case "rsa2048":
    case "rsa3072":
      params = {
        name: "RSASSA-PKCS1-v1_5",
        modulusLength: kind === "rsa2048" ? 2048 : 3072,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: "SHA-256",
      };
      break;
    case "p256":
    case "p384":
      params = { name: "ECDSA", namedCurve: kind === "p256" ? "P-256" : "P-384" };
      break;
    default:
      throw new SpmError("INVALID_ARGUMENT", `Unknown key kind ${String(kind)}`);
  }
  const pair = (await crypto.subtle.generateKey(params, true, ["sign", "verify"]));
  return new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
}

function checkEmail(email: string): void {
  // A plain addr-spec; no display names, no spaces or control characters (they end up in certificates).
  if (!/^[^\s@<>()",;:\\[\]\x00-\x1f]+@[^\s@<>()",;:\\[\]\x00-\x1f]+\.[^\s@<>()",;:\\[\]\x00-\x1f]+$/.test(email) || email.length > 254) {
    throw new SpmError("INVALID_ARGUMENT", "Not a valid e-mail address");
  }
}

function subjectName(subject: { email: string; commonName?: string }, organization?: string): pkijs.RelativeDistinguishedNames {
  // One attribute per RDN (PKI.js would put them all in one multi-valued RDN): build the DER ourselves.
  const rdn = (type: string, value: asn1js.AsnType) => new asn1js.Set({ value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: type }), value] })] });
  const rdns = [rdn(COMMON_NAME, new asn1js.Utf8String({ value: subject.commonName ?? subject.email }))];
  if (organization) rdns.push(rdn(ORGANIZATION, new asn1js.Utf8String({ value: organization })));
  rdns.push(rdn(OID.emailAddress, new asn1js.IA5String({ value: subject.email })));
  const der = new asn1js.Sequence({ value: rdns }).toBER(false);
  return new pkijs.RelativeDistinguishedNames({ schema: asn1js.fromBER(der).result });
}

function keyUsage(alg: KeyAlgorithm): pkijs.Extension {
  // Named bits: digitalSignature(0), keyEncipherment(2) for RSA; digitalSignature(0), keyAgreement(4) for EC.
  const bits = alg.kind === "rsa" ? new asn1js.BitString({ valueHex: new Uint8Array([0xa0]).buffer, unusedBits: 5 })
    : new asn1js.BitString({ valueHex: new Uint8Array([0x88]).buffer, unusedBits: 3 });
  return new pkijs.Extension({ extnID: OID.keyUsage, critical: true, extnValue: bits.toBER(false) });
}

function smimeExtensions(email: string, alg: KeyAlgorithm): pkijs.Extension[] {
  return [
    keyUsage(alg),
    new pkijs.Extension({
      extnID: OID.extKeyUsage,
      critical: false,
      extnValue: new pkijs.ExtKeyUsage({ keyPurposes: [OID.emailProtection] }).toSchema().toBER(false),
    }),
    new pkijs.Extension({
      extnID: OID.subjectAltName,
      critical: false,
      extnValue: new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: 1, value: email })] }).toSchema().toBER(false),
    }),
  ];
}

/** PKCS#10 request, SHA-256, e-mail in subject and in a requested subjectAltName, S/MIME key usages. */
export async function createCertificateRequest(privateKey: Uint8Array, subject: { email: string; commonName?: string }): Promise<Uint8Array> {
  checkEmail(subject.email);
  const { key, alg } = await importSigningKey(privateKey);
  const { publicKey } = await publicKeyOf(privateKey);
  const csr = new pkijs.CertificationRequest();
  csr.version = 0;
  csr.subject = subjectName(subject);
  await csr.subjectPublicKeyInfo.importKey(publicKey);
  csr.attributes = [
    new pkijs.Attribute({
      type: EXTENSION_REQUEST,
      values: [new pkijs.Extensions({ extensions: smimeExtensions(subject.email, alg) }).toSchema()],
    }),
  ];
  await csr.sign(key, "SHA-256");
  return new Uint8Array(csr.toSchema().toBER(false));
}

/**
 * Self-signed certificate FOR TESTING ONLY: O = SELF_SIGNED_MARKER, emailProtection EKU, e-mail in SAN,
 * keyUsage digitalSignature + keyEncipherment (RSA) or digitalSignature + keyAgreement (EC). Default 365 days.
 */
export async function createSelfSignedCertificate(
  privateKey: Uint8Array,
  subject: { email: string; commonName?: string },
  options: { days?: number } = {},
): Promise<Uint8Array> {
  checkEmail(subject.email);
  const days = options.days ?? 365;
  if (!Number.isInteger(days) || days < 1 || days > 3650) throw new SpmError("INVALID_ARGUMENT", "days must be 1 to 3650");
  const { key, alg } = await importSigningKey(privateKey);
  const { publicKey } = await publicKeyOf(privateKey);
  const cert = new pkijs.Certificate();
  cert.version = 2;
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x40; // positive, 16 bytes, no leading zero
  cert.serialNumber = new asn1js.Integer({ valueHex: serial.buffer });
  cert.subject = subjectName(subject, SELF_SIGNED_MARKER);
  cert.issuer = subjectName(subject, SELF_SIGNED_MARKER);
  const now = Date.now();
  cert.notBefore.value = new Date(now - 5 * 60 * 1000); // tolerate small clock skew
  cert.notAfter.value = new Date(now + days * 24 * 3600 * 1000);
  await cert.subjectPublicKeyInfo.importKey(publicKey);
  const ski = sha1(new Uint8Array(cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView));
  cert.extensions = [
    new pkijs.Extension({
      extnID: OID.basicConstraints,
      critical: true,
      extnValue: new pkijs.BasicConstraints({ cA: false }).toSchema().toBER(false),
    }),
    ...smimeExtensions(subject.email, alg),
    new pkijs.Extension({
      extnID: OID.subjectKeyIdentifier,
      critical: false,
      extnValue: new asn1js.OctetString({ valueHex: ski.buffer as ArrayBuffer }).toBER(false),
    }),
  ];
  await cert.sign(key, "SHA-256");
  return new Uint8Array(cert.toSchema().toBER(false));
}

export function certificateRequestPem(der: Uint8Array): string {
  return pemEncode("CERTIFICATE REQUEST", der);
}
