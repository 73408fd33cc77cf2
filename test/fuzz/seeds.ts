/**
 * Seed inputs for the fuzz targets, made fresh in every run (no key material is committed): two identities
 * (P-256 and RSA-2048, self-signed), signed, encrypted and sign-then-encrypted messages in the layouts we and
 * OpenSSL write, plain MIME with attachments and encoded names, certificates, and PKCS#12 files (ours and,
 * when the openssl binary is there, OpenSSL's default and legacy ones) with low iteration counts.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { concatBytes, latin1Encode, pemEncode, utf8Encode } from "../../src/core/bytes";
import { createSelfSignedCertificate, exportPkcs12, generatePrivateKey } from "../../src/core/keys";
import { buildDraftEntity, buildMessage } from "../../src/core/mime";
import { protectEntity } from "../../src/core/smime";
import type { Identity } from "../../src/core/types";
import type { OpenContext, TargetName } from "./targets";

export interface Seeds {
  context: OpenContext;
  corpus: Record<TargetName, Uint8Array[]>;
}

async function identity(kind: "p256" | "rsa2048", email: string): Promise<Identity> {
  const privateKey = await generatePrivateKey(kind);
  return { privateKey, certificate: await createSelfSignedCertificate(privateKey, { email }), chain: [] };
}

const PLAIN_MIME = [
  'From: "M\u00fcller, Anna" <anna@example.org>\r\nTo: bob@example.org, =?UTF-8?B?w4Ryemk=?= <arzt@example.org>\r\nSubject: =?UTF-8?Q?Befund_f=C3=BCr?= 4711\r\nDate: Tue, 1 Dec 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="outer"\r\n\r\npreamble\r\n--outer\r\nContent-Type: multipart/alternative; boundary=inner\r\n\r\n--inner\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nGr=FC=DFe =\r\nsoft break\r\n--inner\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Hallo <img src="cid:logo@x"></p>\r\n--inner--\r\n--outer\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename*0*=UTF-8\'\'Befund%20M%C3%BC; filename*1="ller.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQKJcfsj6IK\r\n--outer\r\nContent-Type: message/rfc822\r\n\r\nFrom: x@example.org\r\nSubject: fwd\r\n\r\nforwarded\r\n--outer--\r\nepilogue\r\n',
  "Content-Type: text/plain\r\n\r\nhello",
  'Subject: x\nContent-Type: multipart/signed; protocol="application/pkcs7-signature"; boundary=b\n\n--b\nContent-Type: text/plain\n\nsigned?\n--b\nContent-Type: application/pkcs7-signature\nContent-Transfer-Encoding: base64\n\nMAA=\n--b--\n',
];

function opensslP12(cert: Uint8Array, key: Uint8Array): Uint8Array[] {
  const dir = mkdtempSync(join(tmpdir(), "spm-fuzz-"));
  try {
    writeFileSync(join(dir, "c.pem"), pemEncode("CERTIFICATE", cert));
    writeFileSync(join(dir, "k.pem"), pemEncode("PRIVATE KEY", key));
    const out: Uint8Array[] = [];
    for (const extra of [[], ["-legacy"], ["-nomac"], ["-keypbe", "PBE-SHA1-3DES", "-certpbe", "PBE-SHA1-RC2-40", "-macalg", "sha1"]]) {
      const path = join(dir, `f${out.length}.p12`);
      execFileSync("openssl", ["pkcs12", "-export", "-in", join(dir, "c.pem"), "-inkey", join(dir, "k.pem"), "-out", path, "-passout", "pass:fuzz", "-iter", "16", ...extra], { stdio: "pipe" });
      out.push(new Uint8Array(readFileSync(path)));
    }
    return out;
  } catch {
    return []; // no openssl binary (or an old one): our own files are seeds enough
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function makeSeeds(): Promise<Seeds> {
  const alice = await identity("p256", "alice@fuzz.example");
  const bob = await identity("rsa2048", "bob@fuzz.example");
  const draft = { from: { address: "alice@fuzz.example" }, to: [{ address: "bob@fuzz.example" }], cc: [], subject: "Befund", text: "Text", attachments: [{ name: "a\u202Eb.pdf", contentType: "application/pdf", content: utf8Encode("%PDF") }] };
  const headers = { from: draft.from, to: draft.to, cc: [], subject: "[...]" };
  const entity = buildDraftEntity(draft);
  const clear = buildDraftEntity(draft, { headerProtection: "clear" });
  const signed = await protectEntity({ entity: clear, signer: alice });
  const opaque = await protectEntity({ entity: clear, signer: alice, opaqueSignature: true });
  const both = await protectEntity({ entity, signer: alice, recipients: [{ certificate: bob.certificate }] });
  const gcm = await protectEntity({ entity, recipients: [{ certificate: alice.certificate }, { certificate: bob.certificate, keyTransport: "oaep" }], cipher: "aes-128-gcm" });
  const pkcs1 = await protectEntity({ entity, recipients: [{ certificate: bob.certificate, keyTransport: "pkcs1" }], includeSender: false });
  const messages = [signed, opaque, both, gcm, pkcs1].map((r) => buildMessage(headers, r.entity));
  const cms = [signed.cms, opaque.cms, both.cms, gcm.cms, pkcs1.cms];
  const p12 = [
    await exportPkcs12(alice, "fuzz", { iterations: 16 }),
    await exportPkcs12(bob, "fuzz", { iterations: 16 }),
    ...opensslP12(bob.certificate, bob.privateKey),
  ];
  const plain = PLAIN_MIME.map((m) => latin1Encode(m));
  return {
    context: { keys: [alice, bob], anchors: [alice.certificate] },
    corpus: {
      ber: [...cms, alice.certificate, bob.certificate, ...p12],
      mime: [...plain, ...messages, entity, clear],
      pkcs12: p12,
      open: [...messages, ...cms, plain[0], concatBytes(latin1Encode("From: alice@fuzz.example\r\n"), signed.entity)],
    },
  };
}
