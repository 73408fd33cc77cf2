/**
 * Message makers for test/interop/smime/real-world*.test.ts: S/MIME layers made by the real programs (OpenSSL 3
 * `cms`, NSS `cmsutil`) the way mail carries them, and the few transformations real storage applies (a Unix
 * mailbox turning CRLF into LF). Every byte that carries a signature or an encryption comes from the programs.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createTestPki, openssl, type TestIdentity, type TestPki } from "../../helpers/openssl";

export const enc = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));
export const text = (b: Uint8Array) => Buffer.from(b).toString("latin1");
/** What a Unix mailbox or a "save as .eml" on macOS does: every CRLF becomes LF. */
export const toLf = (b: Uint8Array) => enc(text(b).replace(/\r\n/g, "\n"));

export interface Peers {
  pki: TestPki;
  alice: TestIdentity;
  bob: TestIdentity;
  mallory: TestIdentity;
  /** NSS database (sql:DIR) with alice's and bob's keys and the CA trusted. */
  db: string;
  file(name: string): string;
}

function must(cmd: string, args: string[]): Buffer {
  const r = spawnSync(cmd, args, { stdio: ["ignore", "pipe", "pipe"], timeout: 30_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr.toString()}`);
  return r.stdout;
}

export function setUpPeers(): Peers {
  for (const tool of ["cmsutil", "certutil", "pk12util"]) {
    try {
      execFileSync("sh", ["-c", `command -v ${tool}`], { stdio: "ignore" });
    } catch {
      throw new Error(`${tool} is missing: apt-get install -y libnss3-tools`);
    }
  }
  const pki = createTestPki();
  const alice = pki.issue("alice", "alice@example.org");
  const bob = pki.issue("bob", "bob@example.org");
  const mallory = pki.issue("mallory", "mallory@example.org");
  const dbDir = join(pki.dir, "nssdb");
  mkdirSync(dbDir);
  const db = `sql:${dbDir}`;
  must("certutil", ["-N", "-d", db, "--empty-password"]);
  must("certutil", ["-A", "-d", db, "-n", "ca", "-t", "C,C,C", "-i", pki.caCertPath]);
  for (const id of [alice, bob]) must("pk12util", ["-i", id.p12Path, "-d", db, "-W", id.password]);
  let n = 0;
  return { pki, alice, bob, mallory, db, file: (name) => join(pki.dir, `${n++}-${name}`) };
}

/** A MIME entity (CRLF) with a few lines of patient text. */
export function letter(body = "Laborwerte vom 3. Dezember: Kalium 4,1 mmol/l.\r\nMit freundlichen Grüßen\r\n"): Uint8Array {
  return enc(`Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${Buffer.from(body, "utf8").toString("latin1")}`);
}

/** Top-level header fields in front of an S/MIME entity (CRLF). */
export function message(entity: Uint8Array, headers: { from?: string; date?: string; subject?: string } = {}): Uint8Array {
  const lines = [
    `From: ${headers.from ?? "alice@example.org"}`,
    "To: bob@example.org",
    `Subject: ${headers.subject ?? "Befund"}`,
    ...(headers.date ? [`Date: ${headers.date}`] : []),
  ];
  return enc(lines.join("\r\n") + "\r\n" + text(entity));
}

/** The entity that carries a CMS blob in a message (what Thunderbird and OpenSSL write). */
export function pkcs7Entity(der: Uint8Array, smimeType: "signed-data" | "enveloped-data"): Uint8Array {
  const b64 = Buffer.from(der).toString("base64").replace(/.{1,76}/g, "$&\r\n");
  return enc(
    `MIME-Version: 1.0\r\nContent-Type: application/pkcs7-mime; smime-type=${smimeType}; name="smime.p7m"\r\n` +
      `Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename="smime.p7m"\r\n\r\n${b64}`,
  );
}

// --- OpenSSL 3 ------------------------------------------------------------------------------------------------

/** `openssl cms -sign` over an entity: clear-signed (multipart/signed) or opaque, as an S/MIME entity with CRLF. */
export function opensslSign(p: Peers, entity: Uint8Array, signer: TestIdentity, opaque = false): Uint8Array {
  const input = p.file("sign-in.eml");
  writeFileSync(input, entity);
  return new Uint8Array(openssl(["cms", "-sign", "-in", input, "-signer", signer.certPath, "-inkey", signer.keyPath, "-md", "sha256", "-crlfeol", ...(opaque ? ["-nodetach"] : [])]));
}

/** A detached signature (DER) over exactly these bytes (`-binary`: OpenSSL changes nothing). */
export function opensslDetachedDer(p: Peers, content: Uint8Array, signer: TestIdentity): Uint8Array {
  const input = p.file("detached-in.bin");
  writeFileSync(input, content);
  return new Uint8Array(openssl(["cms", "-sign", "-binary", "-in", input, "-signer", signer.certPath, "-inkey", signer.keyPath, "-md", "sha256", "-outform", "DER"]));
}

/** `openssl cms -encrypt -binary` (the bytes as they are; text mode would turn LF into CRLF) to a recipient. */
export function opensslEncrypt(p: Peers, entity: Uint8Array, recipient: TestIdentity): Uint8Array {
  const input = p.file("encrypt-in.eml");
  writeFileSync(input, entity);
  return new Uint8Array(openssl(["cms", "-encrypt", "-binary", "-aes256", "-in", input, "-recip", recipient.certPath, "-crlfeol"]));
}

/** Whether `openssl cms -verify` (text mode, the way users run it) accepts a message. */
export function opensslVerifies(p: Peers, msg: Uint8Array): boolean {
  const path = p.file("verify.eml");
  writeFileSync(path, msg);
  return spawnSync("openssl", ["cms", "-verify", "-in", path, "-CAfile", p.pki.caCertPath, "-out", "/dev/null"], { stdio: "ignore" }).status === 0;
}

// --- NSS cmsutil -----------------------------------------------------------------------------------------------

/** `cmsutil -S` (opaque) or `-S -T` (detached), SHA-256, with signingTime (-G). Returns the CMS (BER). */
export function nssSign(p: Peers, content: Uint8Array, nick: "alice" | "bob", detached = false): Uint8Array {
  const input = p.file("nss-in.bin");
  const output = p.file("nss-out.p7");
  writeFileSync(input, content);
  must("cmsutil", ["-S", "-N", nick, "-H", "SHA256", "-G", ...(detached ? ["-T"] : []), "-i", input, "-o", output, "-d", p.db]);
  return new Uint8Array(readFileSync(output));
}

/** `cmsutil -E` to bob (RSA PKCS#1 v1.5, AES: what Thunderbird sends). */
export function nssEncrypt(p: Peers, content: Uint8Array): Uint8Array {
  const input = p.file("nss-env-in.bin");
  const output = p.file("nss-env.p7m");
  writeFileSync(input, content);
  must("cmsutil", ["-E", "-r", "bob@example.org", "-i", input, "-o", output, "-d", p.db]);
  return new Uint8Array(readFileSync(output));
}

/** A multipart/signed entity around a signed part and a detached signature (Thunderbird's framing). */
export function multipartSigned(signedPart: Uint8Array, signature: Uint8Array, boundary = "----nss-boundary-4711"): Uint8Array {
  const b64 = Buffer.from(signature).toString("base64").replace(/.{1,76}/g, "$&\r\n");
  return enc(
    `MIME-Version: 1.0\r\nContent-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="${boundary}"\r\n\r\n` +
      `This is a cryptographically signed message in MIME format.\r\n\r\n--${boundary}\r\n${text(signedPart)}\r\n--${boundary}\r\n` +
      `Content-Type: application/pkcs7-signature; name="smime.p7s"\r\nContent-Transfer-Encoding: base64\r\n` +
      `Content-Disposition: attachment; filename="smime.p7s"\r\n\r\n${b64}\r\n--${boundary}--\r\n`,
  );
}

export { embedContent } from "../../helpers/cms-surgery";
