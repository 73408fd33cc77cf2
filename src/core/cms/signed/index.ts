/**
 * CMS SignedData (RFC 5652 §5) for S/MIME (RFC 8551): signing and cryptographic verification.
 * Certificate path, trust, revocation and address checks are NOT done here (see src/core/pki/).
 */
export { signData, type SignOptions } from "./sign";
export { verifySignedData, type SignatureCheck, type SignatureOutcome, type VerifyOptions } from "./verify";
export { DEFAULT_SMIME_CAPABILITIES } from "./attributes";
export { bareLfToCrlf, hasBareLf } from "./line-endings";
