/**
 * CMS encryption engine (RFC 5652 EnvelopedData, RFC 5083/5084 AuthEnvelopedData with AES-GCM).
 * Written on asn1js/WebCrypto/BigInt because PKI.js lacks AuthEnvelopedData, standard GCM,
 * RSAES-PKCS1-v1_5 and OAEP with a different MGF1 hash.
 *
 * - envelope(): definite-length DER; AES-CBC => EnvelopedData, AES-GCM => AuthEnvelopedData.
 *   RSA: RSAES-OAEP SHA-256/MGF1-SHA-256 (default) or PKCS#1 v1.5; EC P-256/P-384: RFC 5753
 *   ephemeral-static ECDH with the X9.63 KDF (SHA-256 / SHA-384) and AES key wrap.
 * - envelopeParts(): the same DER as prefix + ciphertext chunks + suffix, content given in pieces; AES-CBC is
 *   encrypted in steps as the chunks are consumed (large messages without joining or copying them whole).
 * - openEnvelope(): BER or DER; recipient matching by issuerAndSerialNumber or subjectKeyIdentifier.
 * - openEnvelopeInTwoPasses(): the same for a message too large to hold, from a source read twice (a file):
 *   the content key is checked on the last two blocks first, then the content is decrypted as it is read.
 *   Errors: NOT_FOR_ME (no entry for any key), DECRYPTION_FAILED (one message for every crypto
 *   failure), UNSUPPORTED_ALGORITHM (incl. 3DES without allowLegacy), MALFORMED.
 */
export type { ContentSource } from "../../types";
export { envelope, envelopeParts, type EnvelopeRecipient, type EnvelopeOptions, type EnvelopeInParts, type EnvelopePartsOptions } from "./build";
export { openEnvelope, listEnvelopeRecipients, type OpenedEnvelope, type OpenEnvelopeOptions } from "./open";
export { openEnvelopeInTwoPasses } from "./two-pass";
export type { RecipientSummary } from "./recipient-info";
