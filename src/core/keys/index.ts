/**
 * Keys and certificates of the user: PKCS#12 import/backup export, PEM keys, certificate files, key
 * generation, PKCS#10 requests and self-signed test certificates. Pure TypeScript (WebCrypto, PKI.js).
 */
export type { ImportedIdentity, Pkcs12Contents, ImportPkcs12Options, ExportPkcs12Options } from "./pkcs12";
export { importPkcs12, exportPkcs12, DEFAULT_EXPORT_ITERATIONS } from "./pkcs12";
export { loadPrivateKeyPem } from "./pem-keys";
export { loadCertificates } from "./certificates";
export type { KeyKind } from "./generate";
export {
  generatePrivateKey, createCertificateRequest, createSelfSignedCertificate, certificateRequestPem, SELF_SIGNED_MARKER,
} from "./generate";
export { publicKeyMatches } from "./key-match";
