/** Shared shapes that cross core module boundaries. Bytes are DER unless said otherwise. */

/** A certificate with the private key that belongs to it. */
export interface KeyPair {
  /** X.509 certificate, DER. */
  certificate: Uint8Array;
  /** PKCS#8 PrivateKeyInfo, DER. Secret: never log, wipe when done where possible. */
  privateKey: Uint8Array;
}

/** One of the user's own identities: key pair plus the chain that came with it. */
export interface Identity extends KeyPair {
  /** Intermediate CA certificates (DER), leaf excluded, root optional. */
  chain: Uint8Array[];
}

/** Content encryption algorithms we write. GCM ones produce AuthEnvelopedData (RFC 5083/5084). */
export type ContentCipher = "aes-128-cbc" | "aes-192-cbc" | "aes-256-cbc" | "aes-128-gcm" | "aes-256-gcm";

/** RSA key transport for a recipient: RSAES-OAEP (SHA-256) or RSAES-PKCS1-v1_5. */
export type RsaKeyTransport = "oaep" | "pkcs1";

export type DigestAlgorithm = "SHA-256" | "SHA-384" | "SHA-512";

export type Language = "en" | "de";

/** A sentence in every UI language. */
export type LocalizedText = Record<Language, string>;

/**
 * Content that is read while it is processed (a large file, in pieces), instead of held: its exact length,
 * known before the first byte is written (DER states lengths up front), and its pieces in order. Pieces that add
 * up to another length are an INVALID_ARGUMENT error. A piece may be reused storage, valid until the next one.
 */
export interface ContentSource {
  length: number;
  pieces: Iterable<Uint8Array>;
}
