/**
 * Identity and certificate import for tests, through the same code as the UI (src/store + src/core/keys).
 * Not wired yet: the store and the PKCS#12 importer are being written in parallel; the lead wires them here.
 */
export async function importIdentityIntoStore(_p12Base64: string, _password: string): Promise<never> {
  throw new Error("spmSimulator.importIdentity is not available yet: needs src/core/keys importPkcs12 (wired by the lead)");
}

export async function importRecipientCertificateIntoStore(_pem: string, _email?: string): Promise<never> {
  throw new Error("spmSimulator.importRecipientCertificate is not available yet: needs src/store openStore (wired by the lead)");
}
