/** Object identifiers used across the core. One table, so names stay consistent in reports. */
export const OID = {
  // CMS content types (RFC 5652, RFC 5083)
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  envelopedData: "1.2.840.113549.1.7.3",
  authEnvelopedData: "1.2.840.113549.1.9.16.1.23",
  // signed attributes
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  smimeCapabilities: "1.2.840.113549.1.9.15",
  smimeEncryptionKeyPreference: "1.2.840.113549.1.9.16.2.11",
  msOeEncryptionKeyPreference: "1.3.6.1.4.1.311.16.4",
  // digests
  sha1: "1.3.14.3.2.26",
  sha256: "2.16.840.1.101.3.4.2.1",
  sha384: "2.16.840.1.101.3.4.2.2",
  sha512: "2.16.840.1.101.3.4.2.3",
  md5: "1.2.840.113549.2.5",
  // public key / signature algorithms
  rsaEncryption: "1.2.840.113549.1.1.1",
  rsaesOaep: "1.2.840.113549.1.1.7",
  mgf1: "1.2.840.113549.1.1.8",
  pSpecified: "1.2.840.113549.1.1.9",
  rsassaPss: "1.2.840.113549.1.1.10",
  md5WithRSA: "1.2.840.113549.1.1.4",
  sha1WithRSA: "1.2.840.113549.1.1.5",
  sha256WithRSA: "1.2.840.113549.1.1.11",
  sha384WithRSA: "1.2.840.113549.1.1.12",
  sha512WithRSA: "1.2.840.113549.1.1.13",
  ecPublicKey: "1.2.840.10045.2.1",
  ecdsaWithSHA1: "1.2.840.10045.4.1",
  ecdsaWithSHA256: "1.2.840.10045.4.3.2",
  ecdsaWithSHA384: "1.2.840.10045.4.3.3",
  ecdsaWithSHA512: "1.2.840.10045.4.3.4",
  p256: "1.2.840.10045.3.1.7",
  p384: "1.3.132.0.34",
  p521: "1.3.132.0.35",
  // ECDH key agreement (RFC 5753 / RFC 8418 style)
  dhSinglePassStdDHsha256kdf: "1.3.132.1.11.1",
  dhSinglePassStdDHsha384kdf: "1.3.132.1.11.2",
  dhSinglePassStdDHsha512kdf: "1.3.132.1.11.3",
  dhSinglePassStdDHsha1kdf: "1.3.133.16.840.63.0.2",
  // content encryption
  aes128CBC: "2.16.840.1.101.3.4.1.2",
  aes192CBC: "2.16.840.1.101.3.4.1.22",
  aes256CBC: "2.16.840.1.101.3.4.1.42",
  aes128GCM: "2.16.840.1.101.3.4.1.6",
  aes192GCM: "2.16.840.1.101.3.4.1.26",
  aes256GCM: "2.16.840.1.101.3.4.1.46",
  aes128Wrap: "2.16.840.1.101.3.4.1.5",
  aes192Wrap: "2.16.840.1.101.3.4.1.25",
  aes256Wrap: "2.16.840.1.101.3.4.1.45",
  desEde3CBC: "1.2.840.113549.3.7",
  rc2CBC: "1.2.840.113549.3.2",
  // certificate extensions and EKUs
  subjectKeyIdentifier: "2.5.29.14",
  keyUsage: "2.5.29.15",
  subjectAltName: "2.5.29.17",
  basicConstraints: "2.5.29.19",
  nameConstraints: "2.5.29.30",
  crlDistributionPoints: "2.5.29.31",
  certificatePolicies: "2.5.29.32",
  authorityKeyIdentifier: "2.5.29.35",
  extKeyUsage: "2.5.29.37",
  authorityInfoAccess: "1.3.6.1.5.5.7.1.1",
  anyExtendedKeyUsage: "2.5.29.37.0",
  emailProtection: "1.3.6.1.5.5.7.3.4",
  emailAddress: "1.2.840.113549.1.9.1",
} as const;


const NAMES: Record<string, string> = Object.fromEntries(Object.entries(OID).map(([k, v]) => [v, k]));

/** Human-facing name of an OID, or the dotted form when unknown. */
export function oidName(oid: string): string {
  return NAMES[oid] ?? oid;
}
