/** Loading the user's key and recipients' certificates from files given on the command line. */
import { latin1Decode } from "../core/bytes";
import { SpmError } from "../core/errors";
import { importPkcs12, loadCertificates, loadPrivateKeyPem } from "../core/keys";
import type { Identity } from "../core/types";
import { many, single, type ParsedArgs } from "./args";
import { readInput, readPasswordFile, readTextFile } from "./io";

function isPem(bytes: Uint8Array): boolean {
  return latin1Decode(bytes.subarray(0, Math.min(bytes.length, 4096))).includes("-----BEGIN");
}

function isArmouredPkcs12(bytes: Uint8Array): boolean {
  return latin1Decode(bytes.subarray(0, Math.min(bytes.length, 65536))).includes("-----BEGIN PKCS12-----");
}

/** --key FILE.p12 --password-file FILE, or --key KEY.pem --cert CERT.pem. All identities in the file. */
export async function loadIdentities(args: ParsedArgs, required: boolean): Promise<Identity[]> {
  const keyPath = single(args, "key");
  if (!keyPath) {
    if (required) throw new SpmError("INVALID_ARGUMENT", "--key is required (a .p12 file with --password-file, or a PEM key with --cert)");
    return [];
  }
  const passwordFile = single(args, "password-file");
  const password = passwordFile ? readPasswordFile(passwordFile) : undefined;
  const keyBytes = readInput(keyPath);
  // A PKCS#12 file in PEM armour (gpgsm --armor) is still a PKCS#12 file: password, no --cert.
  if (!isPem(keyBytes) || isArmouredPkcs12(keyBytes)) {
    const contents = await importPkcs12(keyBytes, password ?? "");
    if (contents.identities.length === 0) throw new SpmError("NO_PRIVATE_KEY", "the PKCS#12 file holds no private key");
    return contents.identities;
  }
  const certPath = single(args, "cert");
  if (!certPath) throw new SpmError("INVALID_ARGUMENT", "a PEM key needs --cert CERT.pem");
  const privateKey = await loadPrivateKeyPem(latin1Decode(keyBytes), password);
  const certs = loadCertificates(readInput(certPath));
  if (certs.length === 0) throw new SpmError("MALFORMED", `no certificate found in ${certPath}`);
  return [{ certificate: certs[0], chain: certs.slice(1), privateKey }];
}

export function loadCertificateFiles(paths: string[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const path of paths) {
    const certs = loadCertificates(readInput(path));
    if (certs.length === 0) throw new SpmError("MALFORMED", `no certificate found in ${path}`);
    out.push(...certs);
  }
  return out;
}

/** CRLs given with --crl (PEM or DER). */
export function loadCrls(args: ParsedArgs): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const path of many(args, "crl")) {
    const bytes = readInput(path);
    if (isPem(bytes)) {
      const text = readTextFile(path);
      const blocks = [...text.matchAll(/-----BEGIN X509 CRL-----([\s\S]*?)-----END X509 CRL-----/g)];
      if (blocks.length === 0) throw new SpmError("MALFORMED", `no CRL found in ${path}`);
      for (const b of blocks) out.push(new Uint8Array(Buffer.from(b[1].replace(/\s+/g, ""), "base64")));
    } else out.push(bytes);
  }
  return out;
}
