/**
 * Thunderbird-style messages made by NSS cmsutil (the CMS engine Thunderbird uses), loaded as Exchange
 * presents them: enveloped (cmsutil -E), opaque signed (-S), and a detached signature (-S -T) in a
 * multipart/signed that is then enveloped (sign-then-encrypt, as Thunderbird sends).
 */
import { beforeAll, test } from "@jest/globals";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SimulatorPage } from "../pages/simulator";
import { leakedRequests, openRead, readPane } from "../pages/read";
import { browserSuite } from "../../helpers/suite";

const env = browserSuite({
  identities: {
    alice: ["alice", "alice@clinic.example"],
    bob: ["bob", "bob@lab.example"],
  },
});

let db: string;
const ENTITY = "Content-Type: text/plain; charset=utf-8\r\n\r\nThunderbird says: patient 4711 is fine.\r\n";

function nss(tool: string, args: string[]): void {
  execFileSync(tool, args, { stdio: ["ignore", "pipe", "pipe"] });
}

beforeAll(async () => {
  db = join(env.pki.dir, "nssdb");
  mkdirSync(db);
  nss("certutil", ["-N", "-d", `sql:${db}`, "--empty-password"]);
  for (const id of [env.ids.alice, env.ids.bob]) nss("pk12util", ["-i", id.p12Path, "-d", `sql:${db}`, "-W", id.password]);
  // NSS signs only with a certificate whose issuer it trusts for e-mail.
  nss("certutil", ["-A", "-d", `sql:${db}`, "-n", "spm-test-ca", "-t", "C,C,C", "-i", env.pki.caCertPath]);
});

function cmsutil(args: string[], input: string | Buffer): Buffer {
  const inPath = join(env.pki.dir, "nss-in");
  const outPath = join(env.pki.dir, "nss-out");
  writeFileSync(inPath, input);
  nss("cmsutil", [...args, "-d", `sql:${db}`, "-i", inPath, "-o", outPath]);
  return readFileSync(outPath);
}

const b64 = (b: Buffer) => b.toString("base64").replace(/.{76}/g, "$&\r\n");

function p7mMessage(der: Buffer, smimeType: string): string {
  return [
    "From: alice@clinic.example",
    "To: bob@lab.example",
    "Subject: From Thunderbird",
    "MIME-Version: 1.0",
    `Content-Type: application/pkcs7-mime; smime-type=${smimeType}; name="smime.p7m"`,
    "Content-Transfer-Encoding: base64",
    'Content-Disposition: attachment; filename="smime.p7m"',
    "",
    b64(der),
  ].join("\r\n");
}

function multipartSigned(entity: string, signature: Buffer): string {
  const b = "------------ms0102030405";
  return [
    `Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="${b}"`,
    "",
    "This is a cryptographically signed message in MIME format.",
    "",
    `--${b}`,
    entity.replace(/\r\n$/, ""),
    `--${b}`,
    'Content-Type: application/pkcs7-signature; name="smime.p7s"',
    "Content-Transfer-Encoding: base64",
    'Content-Disposition: attachment; filename="smime.p7s"',
    "",
    b64(signature),
    `--${b}--`,
    "",
  ].join("\r\n");
}

test("NSS cmsutil: enveloped, opaque signed, and sign-then-encrypt (Thunderbird's form) open with the right status", async () => {
  const s = await SimulatorPage.open(env, { anchorsPem: env.pki.caCertPem, identities: [env.ids.bob] });

  let v = await readPane(await openRead(s, p7mMessage(cmsutil(["-E", "-r", "bob@lab.example"], ENTITY), "enveloped-data")));
  assert.equal(v.kind, "opened");
  assert.match(v.text ?? "", /patient 4711 is fine/);
  assert.equal(v.status, "unsigned");
  assert.equal(v.title, "Encrypted, not integrity protected");

  v = await readPane(await openRead(s, p7mMessage(cmsutil(["-S", "-N", "alice", "-H", "SHA256"], ENTITY), "signed-data")));
  assert.match(v.text ?? "", /patient 4711 is fine/);
  assert.match(v.status ?? "", /^(valid|revocation-unknown)$/);
  assert.equal(v.title, "Signed");
  assert.equal(v.fromMatches, "true");

  // The signed part is signed as it will be sent (the bytes between the boundaries, without the final CRLF).
  const signedPart = ENTITY.replace(/\r\n$/, "");
  const detached = cmsutil(["-S", "-T", "-N", "alice", "-H", "SHA256"], signedPart);
  const inner = multipartSigned(ENTITY, detached);
  const clearSigned = ["From: alice@clinic.example", "To: bob@lab.example", "Subject: Signed by Thunderbird", "MIME-Version: 1.0", inner].join("\r\n");
  v = await readPane(await openRead(s, clearSigned));
  assert.match(v.status ?? "", /^(valid|revocation-unknown)$/, "detached multipart/signed");
  assert.equal(v.title, "Signed");

  v = await readPane(await openRead(s, p7mMessage(cmsutil(["-E", "-r", "bob@lab.example"], inner), "enveloped-data")));
  assert.match(v.text ?? "", /patient 4711 is fine/);
  assert.match(v.status ?? "", /^(valid|revocation-unknown)$/);
  assert.equal(v.title, "Encrypted and signed");
  assert.match(v.sentence ?? "", /Protected against changes by the signature/);
  assert.deepEqual(v.attachments, []);
  assert.deepEqual(s.errors, []);
  assert.deepEqual(leakedRequests(s, env.server.url), []);
  await s.close();
});
