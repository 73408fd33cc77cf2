/**
 * Findings: the closed list of things the core reports about a message or certificate (`codes.ts`), and the
 * one English/German table that renders them and the signature statuses (`text.ts`). The CLI and every pane
 * render from here; nothing else builds finding sentences.
 */
export {
  finding,
  FINDING_CODES,
  FINDING_DEFINITIONS,
  TRUSTED_STATUSES,
  type CertificateRef,
  type CrlProblem,
  type Finding,
  type FindingCode,
  type FindingParams,
  type FindingStatus,
  type InformationalStatus,
  type ProtectedField,
  type Severity,
  type SignatureStatus,
} from "./codes";
export { findingSentence, findingText, statusText } from "./text";
