/**
 * Test PKI made in the test run with the real OpenSSL 3 binary. No private key is committed.
 * Everything lands in a fresh temporary folder per call of `createTestPki`.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function tempDir(prefix = "spm-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Run openssl; returns stdout bytes. Throws with stderr text on failure. */
export function openssl(args: string[], options: { input?: Uint8Array | string; cwd?: string } = {}): Buffer {
  try {
    return execFileSync("openssl", args, {
      input: options.input,
      cwd: options.cwd,
      stdio: ["pipe", "pipe", "pipe"],
      maxBuffer: 512 * 1024 * 1024,
    });
  } catch (e) {
    const err = e as { stderr?: Buffer; status?: number };
    throw new Error(`openssl ${args.join(" ")} failed (${err.status}): ${err.stderr?.toString() ?? ""}`);
  }
}

export type KeyType = "rsa2048" | "rsa3072" | "rsa1024" | "p256" | "p384";

export interface TestIdentity {
  name: string;
  email: string;
  keyType: KeyType;
  /** File paths inside the PKI folder. */
  keyPath: string;
  certPath: string;
  p12Path: string;
  /** PKCS#12 password (the same for every identity). */
  password: string;
  keyPem: string;
  certPem: string;
  /** DER of the certificate. */
  certDer: Uint8Array;
  /** PKCS#8 DER of the private key. */
  keyPkcs8: Uint8Array;
}

export interface TestPki {
  dir: string;
  caCertPath: string;
  caKeyPath: string;
  caCertPem: string;
  caCertDer: Uint8Array;
  /** Issue a leaf certificate for S/MIME. */
  issue(name: string, email: string, options?: IssueOptions): TestIdentity;
  cleanup(): void;
}

export interface IssueOptions {
  keyType?: KeyType;
  /** Extra lines for the v3 extension section, replacing the S/MIME defaults when `replaceExtensions`. */
  extensions?: string[];
  replaceExtensions?: boolean;
  days?: number;
  /** Validity start, e.g. "20200101000000Z" (uses `openssl x509 -not_before` when set). */
  notBefore?: string;
  notAfter?: string;
  digest?: string;
  /** Issuer: defaults to the root CA. */
  issuerCertPath?: string;
  issuerKeyPath?: string;
  /** Put the e-mail in subjectAltName (default true). */
  emailInSan?: boolean;
}

const PASSWORD = "test-password";

function keyGenArgs(keyType: KeyType, out: string): string[] {
  switch (keyType) {
    case "rsa1024":
      return ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", out];
    case "rsa2048":
      return ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", out];
    case "rsa3072":
      return ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:3072", "-out", out];
    case "p256":
      return ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", out];
    case "p384":
      return ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", out];
  }
}

function pemToDer(pem: string): Uint8Array {
  const b64 = pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
  return new Uint8Array(Buffer.from(b64, "base64"));
}

/** Create a root CA (RSA 2048, SHA-256) in a fresh folder. */
export function createTestPki(options: { dir?: string; caName?: string } = {}): TestPki {
  const dir = options.dir ?? tempDir();
  const caKeyPath = join(dir, "ca.key");
  const caCertPath = join(dir, "ca.pem");
  openssl(keyGenArgs("rsa2048", caKeyPath));
  writeFileSync(
    join(dir, "ca.cnf"),
    [
      "[req]",
      "distinguished_name=dn",
      "[dn]",
      "[v3_ca]",
      "basicConstraints=critical,CA:TRUE",
      "keyUsage=critical,keyCertSign,cRLSign",
      "subjectKeyIdentifier=hash",
    ].join("\n"),
  );
  openssl([
    "req", "-x509", "-new", "-key", caKeyPath, "-sha256", "-days", "3650",
    "-subj", `/CN=${options.caName ?? "SPM Test Root CA"}/O=Secure Patient Mail Tests`,
    "-config", join(dir, "ca.cnf"), "-extensions", "v3_ca", "-out", caCertPath,
  ]);
  const caCertPem = readFileSync(caCertPath, "utf8");
  let serial = 1000;

  const issue = (name: string, email: string, o: IssueOptions = {}): TestIdentity => {
    const keyType = o.keyType ?? "rsa2048";
    const keyPath = join(dir, `${name}.key`);
    const csrPath = join(dir, `${name}.csr`);
    const certPath = join(dir, `${name}.pem`);
    const p12Path = join(dir, `${name}.p12`);
    const extPath = join(dir, `${name}.ext`);
    openssl(keyGenArgs(keyType, keyPath));
    openssl(["req", "-new", "-key", keyPath, "-subj", `/CN=${name}/emailAddress=${email}`, "-out", csrPath]);
    const isEc = keyType === "p256" || keyType === "p384";
    const defaults = [
      "basicConstraints=critical,CA:FALSE",
      `keyUsage=critical,digitalSignature,${isEc ? "keyAgreement" : "keyEncipherment"}`,
      "extendedKeyUsage=emailProtection",
      "subjectKeyIdentifier=hash",
      "authorityKeyIdentifier=keyid",
    ];
    if (o.emailInSan !== false) defaults.push(`subjectAltName=email:${email}`);
    const ext = o.replaceExtensions ? (o.extensions ?? []) : [...defaults, ...(o.extensions ?? [])];
    writeFileSync(extPath, ["[v3]", ...ext].join("\n") + "\n");
    const issuerCert = o.issuerCertPath ?? caCertPath;
    const issuerKey = o.issuerKeyPath ?? caKeyPath;
    if (o.notBefore || o.notAfter) {
      // OpenSSL 3.0's `x509` cannot set explicit dates; `ca` can.
      const caDir = join(dir, `${name}.ca`);
      mkdirSync(caDir);
      writeFileSync(join(caDir, "index.txt"), "");
      writeFileSync(join(caDir, "serial"), (serial++).toString(16).padStart(4, "0") + "\n");
      writeFileSync(
        join(caDir, "ca.cnf"),
        [
          "[ca]", "default_ca=c", "[c]", `dir=${caDir}`, "database=$dir/index.txt", "serial=$dir/serial",
          "new_certs_dir=$dir", `default_md=${o.digest ?? "sha256"}`, "policy=p", "unique_subject=no", "email_in_dn=yes",
          "[p]", "commonName=supplied", "emailAddress=optional",
        ].join("\n") + "\n",
      );
      openssl([
        "ca", "-batch", "-notext", "-config", join(caDir, "ca.cnf"), "-cert", issuerCert, "-keyfile", issuerKey,
        "-startdate", o.notBefore ?? "20200101000000Z", "-enddate", o.notAfter ?? "20991231000000Z",
        "-extfile", extPath, "-extensions", "v3", "-in", csrPath, "-out", certPath,
      ]);
    } else {
      openssl([
        "x509", "-req", "-in", csrPath, "-CA", issuerCert, "-CAkey", issuerKey,
        "-set_serial", String(serial++), `-${o.digest ?? "sha256"}`,
        "-extfile", extPath, "-extensions", "v3", "-days", String(o.days ?? 825), "-out", certPath,
      ]);
    }
    openssl([
      "pkcs12", "-export", "-inkey", keyPath, "-in", certPath, "-certfile", o.issuerCertPath ?? caCertPath,
      "-name", name, "-passout", `pass:${PASSWORD}`, "-out", p12Path,
    ]);
    const keyPem = readFileSync(keyPath, "utf8");
    const certPem = readFileSync(certPath, "utf8");
    return {
      name, email, keyType, keyPath, certPath, p12Path, password: PASSWORD, keyPem, certPem,
      certDer: pemToDer(certPem),
      keyPkcs8: pemToDer(keyPem), // genpkey writes PKCS#8 ("BEGIN PRIVATE KEY")
    };
  };

  return { dir, caCertPath, caKeyPath, caCertPem, caCertDer: pemToDer(caCertPem), issue, cleanup: () => removeDir(dir) };
}

export function hasCommand(cmd: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
