/**
 * Choice of the content cipher from what is known of each recipient.
 *
 * Default when nothing is known: AES-256-CBC in EnvelopedData. RFC 8551 prefers AES-GCM in
 * AuthEnvelopedData, but Outlook (native) cannot decrypt AuthEnvelopedData and gpgsm 2.2 cannot read GCM;
 * a message the receiver cannot open protects nobody. GCM is used only when every recipient (the sender's
 * own copy included) has advertised it in SMIMECapabilities. See docs/decisions.md.
 */
import type { ContentCipher, RsaKeyTransport } from "../types";
import { OID } from "../oids";

export const DEFAULT_CIPHER: ContentCipher = "aes-256-cbc";

const CAPABILITY_TO_CIPHER: [string, ContentCipher][] = [
  [OID.aes256GCM, "aes-256-gcm"],
  [OID.aes128GCM, "aes-128-gcm"],
  [OID.aes256CBC, "aes-256-cbc"],
  [OID.aes192CBC, "aes-192-cbc"],
  [OID.aes128CBC, "aes-128-cbc"],
];

/** Preference order when several ciphers are acceptable to everyone. */
const PREFERENCE: ContentCipher[] = ["aes-256-gcm", "aes-128-gcm", "aes-256-cbc", "aes-128-cbc", "aes-192-cbc"];

export interface RecipientKnowledge {
  /** SMIMECapabilities OIDs the recipient advertised, or undefined when we have never seen any. */
  capabilities?: string[];
  /** A per-recipient override chosen by the user or admin. */
  override?: ContentCipher;
}

export interface CipherChoice {
  cipher: ContentCipher;
  reason: "override" | "all-advertised" | "default";
}

/** The strongest cipher every recipient can read; the default when anyone is unknown. */
export function chooseCipher(recipients: RecipientKnowledge[], explicit?: ContentCipher): CipherChoice {
  if (explicit) return { cipher: explicit, reason: "override" };
  const overrides = recipients.map((r) => r.override).filter((o): o is ContentCipher => o !== undefined);
  if (overrides.length > 0) {
    // The weakest override wins: an override exists because that recipient cannot read more.
    const weakest = [...overrides].sort((a, b) => PREFERENCE.indexOf(b) - PREFERENCE.indexOf(a))[0];
    return { cipher: weakest, reason: "override" };
  }
  if (recipients.length === 0 || recipients.some((r) => !r.capabilities || r.capabilities.length === 0)) {
    return { cipher: DEFAULT_CIPHER, reason: "default" };
  }
  const readable = recipients.map((r) => new Set(ciphersFromCapabilities(r.capabilities ?? [])));
  for (const cipher of PREFERENCE) {
    if (readable.every((set) => set.has(cipher))) return { cipher, reason: "all-advertised" };
  }
  return { cipher: DEFAULT_CIPHER, reason: "default" };
}

function ciphersFromCapabilities(capabilities: string[]): ContentCipher[] {
  const out: ContentCipher[] = [];
  for (const oid of capabilities) {
    const hit = CAPABILITY_TO_CIPHER.find(([o]) => o === oid);
    if (hit) out.push(hit[1]);
  }
  return out;
}

export function isGcm(cipher: ContentCipher): boolean {
  return cipher.endsWith("-gcm");
}

export const CONTENT_CIPHERS: ContentCipher[] = ["aes-128-cbc", "aes-192-cbc", "aes-256-cbc", "aes-128-gcm", "aes-256-gcm"];

/**
 * RSA key transport for one recipient: RSAES-OAEP (SHA-256) when the recipient advertised it in
 * SMIMECapabilities, otherwise RSAES-PKCS1-v1_5. RFC 8551 §2.4.2 makes PKCS#1 v1.5 the one every receiver
 * MUST read; NSS 3.87 (Debian 12, Thunderbird's CMS engine) reads nothing else (measured). The padding-oracle
 * risk of PKCS#1 v1.5 lies with the receiver's decryption, not with the sender; our own reader uses implicit
 * rejection. See docs/decisions.md.
 */
export function chooseKeyTransport(capabilities: string[] | undefined, explicit?: RsaKeyTransport): RsaKeyTransport {
  if (explicit) return explicit;
  return capabilities?.includes(OID.rsaesOaep) ? "oaep" : "pkcs1";
}
