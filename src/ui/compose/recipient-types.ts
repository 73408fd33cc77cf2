/** A recipient's certificate status as the pane shows it (the checks live in recipients.ts, loaded on demand). */
import type { SignatureStatus } from "../../core/pki";

export type CertificateState = "found" | "missing" | "expired" | "not-for-encryption" | "unusable";

export interface RecipientStatus {
  field: "to" | "cc";
  displayName: string;
  email: string;
  state: CertificateState;
  /** Present when state is "found": the certificate to encrypt to. */
  certificate?: Uint8Array;
  capabilities?: string[];
  /** anchor = confirmed by a trusted authority; pinned = confirmed by the user; none = imported only. */
  trust?: "anchor" | "pinned" | "none";
  notAfter?: Date;
  /** The certificate check's primary status, for the detail text. */
  checkStatus?: SignatureStatus;
}

/** Accepted certificate files for the picker (.cer/.crt: DER or PEM; .p7c/.p7b: PKCS#7 bundles). */
export const CERTIFICATE_FILE_TYPES = ".cer,.crt,.pem,.der,.p7c,.p7b";
