/**
 * Every insecure switch and every limit of the core, in one place (as openpgpjs's `config`). Entry points take
 * `config?: ConfigOverrides` (a partial object merged over DEFAULT_CONFIG) and hand the resolved CoreConfig
 * down; code without a caller-given config reads DEFAULT_CONFIG. The README lists these fields.
 *
 * Switches are all off by default (secure by default); limits are sized with margin over real mail and
 * files (reasons next to each, measurements in docs/decisions.md).
 */
import { SpmError } from "./errors";

const MiB = 1024 * 1024;

export interface CoreConfig {
  // --- Insecure switches ---
  /** Read 3DES-encrypted content (always flagged "weak-algorithm"). */
  allowLegacy: boolean;
  /** Import PKCS#12 files without an integrity MAC (`openssl pkcs12 -nomac`). */
  allowPkcs12WithoutMac: boolean;

  // --- Parsing untrusted bytes ---
  /** Any one CMS/ASN.1 input (64 MiB: the 50 MB requirement plus base64 headroom). */
  maxAsn1Bytes: number;
  /** ASN.1 nesting depth (asn1js's default; real CMS nests about 15 deep). */
  maxAsn1Depth: number;
  /** MIME nesting depth. */
  maxMimeDepth: number;
  /** MIME parts in one message. */
  maxMimeParts: number;
  /** Nested S/MIME layers followed by openMessage (sign-encrypt-sign is 3). */
  maxSmimeLayers: number;
  /** Recipient entries matching our keys that are tried (each costs an RSA operation and a decryption). */
  maxMatchingRecipients: number;

  // --- Certificates and revocation ---
  /** One certificate. */
  maxCertificateBytes: number;
  /** A certificate file (PEM/DER/PKCS#7 bundle) given by a user. */
  maxCertificateFileBytes: number;
  /** Certificates in one candidate path, leaf and anchor included. */
  maxPathCertificates: number;
  /** Candidate paths built and validated per certificate. */
  maxCandidatePaths: number;
  /** Allowed clock difference for signing times, CRL and OCSP dates. */
  clockSkewMs: number;
  /**
   * Largest difference between a message's Date header and its signature's signingTime before the finding
   * "signing-time-date-mismatch" (1 hour, Thunderbird's tolerance; docs/decisions.md).
   */
  signingTimeDateToleranceMs: number;
  /** One CRL (given or fetched). */
  maxCrlBytes: number;
  /** One OCSP response. */
  maxOcspResponseBytes: number;
  /** An OCSP answer without nextUpdate is accepted for this long after its thisUpdate. */
  ocspMaxAgeMs: number;

  // --- Keys and PKCS#12 ---
  /** One PKCS#12 file. */
  maxPkcs12Bytes: number;
  /** One private key (PKCS#8, PKCS#1, SEC1, encrypted PKCS#8). */
  maxPrivateKeyBytes: number;
  /** Iterations of any one key derivation (the JDK's PKCS12KeyStore cap). */
  maxKdfIterations: number;
  /** Iterations of one PKCS#12-KDF run with SHA-384/512 (async WebCrypto, about 50 µs per round). */
  maxAsyncKdfIterations: number;
  /**
   * Total key-derivation work for one PKCS#12 import, in hash rounds (iterations x output blocks; a SHA-384/512
   * PKCS#12-KDF round counts 100: it is that much slower). Our own backup costs 900,000.
   */
  maxPkcs12KdfWork: number;
  /** Encrypted items (shrouded key bags and encrypted safes) in one PKCS#12 file. */
  maxPkcs12EncryptedBags: number;

  // --- Send-guard policy ---
  /** Characters of a draft scanned for patient data. */
  maxScanChars: number;
  /** Detection patterns in policy.json. */
  maxPolicyPatterns: number;
  /** Characters of one detection pattern. */
  maxPolicyRegexChars: number;
  /** Internal domains in policy.json. */
  maxPolicyDomains: number;
}

export type ConfigOverrides = Partial<CoreConfig>;

export const DEFAULT_CONFIG: Readonly<CoreConfig> = Object.freeze({
  allowLegacy: false,
  allowPkcs12WithoutMac: false,

  maxAsn1Bytes: 64 * MiB,
  maxAsn1Depth: 100,
  maxMimeDepth: 20,
  maxMimeParts: 1000,
  maxSmimeLayers: 6,
  maxMatchingRecipients: 8,

  maxCertificateBytes: 256 * 1024,
  maxCertificateFileBytes: 8 * MiB,
  maxPathCertificates: 10,
  maxCandidatePaths: 16,
  clockSkewMs: 5 * 60 * 1000,
  signingTimeDateToleranceMs: 60 * 60 * 1000,
  maxCrlBytes: 32 * MiB,
  maxOcspResponseBytes: 1 * MiB,
  ocspMaxAgeMs: 7 * 24 * 60 * 60 * 1000,

  maxPkcs12Bytes: 8 * MiB,
  maxPrivateKeyBytes: 64 * 1024,
  maxKdfIterations: 5_000_000,
  maxAsyncKdfIterations: 200_000,
  maxPkcs12KdfWork: 5_000_000,
  maxPkcs12EncryptedBags: 16,

  maxScanChars: 1_000_000,
  maxPolicyPatterns: 50,
  maxPolicyRegexChars: 500,
  maxPolicyDomains: 200,
});

const SWITCHES = new Set<keyof CoreConfig>(["allowLegacy", "allowPkcs12WithoutMac"]);
/** Configurations this module made (checked once, then passed down the call tree as they are). */
const RESOLVED = new WeakSet<object>([DEFAULT_CONFIG]);

/**
 * DEFAULT_CONFIG with the overrides merged in. An unknown field, a switch that is not a boolean or a limit that
 * is not a positive integer is INVALID_ARGUMENT: a misspelt limit must not silently leave the default in place.
 */
export function resolveConfig(overrides?: ConfigOverrides | CoreConfig): CoreConfig {
  if (overrides === undefined) return DEFAULT_CONFIG;
  if (RESOLVED.has(overrides)) return overrides as CoreConfig;
  const out: Record<string, unknown> = { ...DEFAULT_CONFIG };
  // Object.keys, not Object.entries: the send-guard bundle (ES2016, classic Outlook) includes this module.
  for (const name of Object.keys(overrides)) {
    const value: unknown = (overrides as Record<string, unknown>)[name];
    if (value === undefined) continue;
    if (!(name in DEFAULT_CONFIG)) throw new SpmError("INVALID_ARGUMENT", `Unknown configuration field "${name}"`);
    const ok = SWITCHES.has(name as keyof CoreConfig) ? typeof value === "boolean" : typeof value === "number" && Number.isSafeInteger(value) && value > 0;
    if (!ok) throw new SpmError("INVALID_ARGUMENT", `Configuration field "${name}" has an invalid value`, { details: { field: name } });
    out[name] = value;
  }
  const config = Object.freeze(out) as unknown as CoreConfig;
  RESOLVED.add(config);
  return config;
}
