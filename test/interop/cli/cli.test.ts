/**
 * The `spm` CLI contract, end to end against OpenSSL 3 (and NSS cmsutil where marked):
 * encrypt / sign / decrypt / verify / open, exit codes, and one-line errors.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "@jest/globals";
import { buildCli, runCli } from "../../helpers/cli";
import { createTestPki, openssl, type TestIdentity, type TestPki } from "../../helpers/openssl";

let pki: TestPki;
let alice: TestIdentity; // sender, RSA 2048
let bob: TestIdentity; // recipient, RSA 3072
let carol: TestIdentity; // recipient, EC P-256
let cli: string;
let pw: string;
let dir: string;

const MESSAGE = [
  "From: Alice <alice@example.org>",
  "To: Bob <bob@example.org>, carol@example.org",
  "Subject: Referral for patient 4711",
  "Date: Sat, 28 Nov 2026 10:00:00 +0100",
  "Message-ID: <referral-1@example.org>",
  "MIME-Version: 1.0",
  "Content-Type: multipart/mixed; boundary=\"b1\"",
  "",
  "--b1",
  "Content-Type: text/plain; charset=utf-8",
  "Content-Transfer-Encoding: quoted-printable",
  "",
  "Dear colleague, please see the attached letter. Gr=C3=BC=C3=9Fe",
  "--b1",
  "Content-Type: application/pdf; name=\"letter.pdf\"",
  "Content-Disposition: attachment; filename=\"letter.pdf\"",
  "Content-Transfer-Encoding: base64",
  "",
  Buffer.from("%PDF-1.4 referral letter \u0000\u0001\u0002 binary").toString("base64"),
  "--b1--",
  "",
].join("\r\n");

function file(name: string, content: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

function json(stdout: Buffer): Record<string, unknown> {
  return JSON.parse(stdout.toString()) as Record<string, unknown>;
}

beforeAll(async () => {
  pki = createTestPki();
  dir = pki.dir;
  alice = pki.issue("alice", "alice@example.org");
  bob = pki.issue("bob", "bob@example.org", { keyType: "rsa3072" });
  carol = pki.issue("carol", "carol@example.org", { keyType: "p256" });
  pw = file("pw.txt", "test-password\n");
  file("message.eml", MESSAGE);
  cli = await buildCli();
});

afterAll(() => pki.cleanup());

describe("spm encrypt", () => {
  it("signs then encrypts to two recipients; OpenSSL decrypts for each and verifies the inner signature", () => {
    const r = runCli(cli, ["encrypt", "--to", bob.certPath, "--to", carol.certPath, "--key", alice.p12Path, "--password-file", pw, join(dir, "message.eml")]);
    assert.equal(r.status, 0, r.stderr);
    const out = r.stdout.toString("latin1");
    assert.match(out, /Content-Type: application\/pkcs7-mime; smime-type=enveloped-data/i);
    assert.match(out, /^Subject: \[\.\.\.\]\r$/m, "outer subject obscured (RFC 9788)");
    assert.doesNotMatch(out, /patient 4711/);
    const enc = file("enc.eml", r.stdout);
    for (const who of [bob, carol, alice]) {
      const inner = openssl(["cms", "-decrypt", "-in", enc, "-inkey", who.keyPath, "-recip", who.certPath]);
      assert.match(inner.toString("latin1"), /multipart\/signed/);
      const innerPath = file(`inner-${who.name}.eml`, inner);
      const verified = openssl(["cms", "-verify", "-in", innerPath, "-CAfile", pki.caCertPath]);
      const text = verified.toString("latin1");
      assert.match(text, /Subject: Referral for patient 4711/, "protected header inside");
      assert.match(text, /Dear colleague, please see the attached letter\. Gr=C3=BC=C3=9Fe/);
      assert.match(text, /filename="letter\.pdf"/);
    }
  });

  for (const cipher of ["aes-128-cbc", "aes-256-cbc", "aes-128-gcm", "aes-256-gcm"]) {
    for (const kt of ["oaep", "pkcs1"]) {
      it(`--cipher ${cipher} --key-transport ${kt}: OpenSSL decrypts`, () => {
        const r = runCli(cli, ["encrypt", "--to", bob.certPath, "--cipher", cipher, "--key-transport", kt, join(dir, "message.eml")]);
        assert.equal(r.status, 0, r.stderr);
        const enc = file(`enc-${cipher}-${kt}.eml`, r.stdout);
        const printed = openssl(["cms", "-cmsout", "-print", "-in", enc]).toString();
        assert.match(printed, kt === "oaep" ? /rsaesOaep/ : /rsaEncryption/);
        assert.match(printed, cipher.endsWith("gcm") ? /id-smime-ct-authEnvelopedData|authEnvelopedData/i : /pkcs7-envelopedData|envelopedData/i);
        const inner = openssl(["cms", "-decrypt", "-in", enc, "-inkey", bob.keyPath, "-recip", bob.certPath]).toString("latin1");
        assert.match(inner, /Dear colleague/);
      });
    }
  }
});

describe("spm decrypt", () => {
  it("decrypts OpenSSL output byte-exactly (PKCS#1 v1.5 default, OAEP, GCM, -stream BER)", () => {
    const entity = Buffer.from("Content-Type: text/plain; charset=us-ascii\r\n\r\nhello from openssl\r\n");
    const entityPath = file("entity.txt", entity);
    const variants: [string, string[]][] = [
      ["pkcs1", ["-aes256"]],
      ["oaep", ["-aes128", "-recip", bob.certPath, "-keyopt", "rsa_padding_mode:oaep"]],
      ["gcm", ["-aes-256-gcm"]],
      ["stream", ["-aes256", "-stream"]],
    ];
    for (const [name, extra] of variants) {
      const out = join(dir, `ossl-${name}.eml`);
      const recip = extra.includes("-recip") ? [] : ["-recip", bob.certPath];
      openssl(["cms", "-encrypt", "-binary", "-in", entityPath, "-out", out, ...extra, ...recip]);
      const r = runCli(cli, ["decrypt", "--key", bob.keyPath, "--cert", bob.certPath, out]);
      assert.equal(r.status, 0, `${name}: ${r.stderr}`);
      assert.deepEqual(r.stdout, entity, name);
    }
  });

  it("decrypts with a PKCS#12 identity and an EC key", () => {
    const entity = Buffer.from("Content-Type: text/plain\r\n\r\nfor carol\r\n");
    const out = join(dir, "ossl-ec.eml");
    openssl(["cms", "-encrypt", "-binary", "-aes256", "-in", file("ec.txt", entity), "-out", out, "-recip", carol.certPath]);
    const r = runCli(cli, ["decrypt", "--key", carol.p12Path, "--password-file", pw, out]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.stdout, entity);
  });

  it("round-trips our own output and reads from stdin", () => {
    const enc = runCli(cli, ["encrypt", "--to", bob.certPath, "--no-sign", join(dir, "message.eml")]);
    assert.equal(enc.status, 0, enc.stderr);
    const r = runCli(cli, ["decrypt", "--key", bob.p12Path, "--password-file", pw, "-"], enc.stdout);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout.toString("latin1"), /Dear colleague/);
  });
});

describe("spm sign and verify", () => {
  it("multipart/signed and opaque output verify with OpenSSL", () => {
    for (const opaque of [false, true]) {
      const r = runCli(cli, ["sign", "--key", alice.p12Path, "--password-file", pw, ...(opaque ? ["--opaque"] : []), join(dir, "message.eml")]);
      assert.equal(r.status, 0, r.stderr);
      const signed = file(`signed-${opaque}.eml`, r.stdout);
      assert.match(r.stdout.toString("latin1"), opaque ? /smime-type=signed-data/ : /multipart\/signed; .*protocol="application\/pkcs7-signature"/s);
      const verified = openssl(["cms", "-verify", "-in", signed, "-CAfile", pki.caCertPath]).toString("latin1");
      assert.match(verified, /Dear colleague/);
    }
  });

  it("verifies an OpenSSL-signed message: valid with --trust, untrusted without, invalid when altered", () => {
    const entityPath = file("to-sign.txt", "Content-Type: text/plain\r\n\r\nsigned by openssl\r\n");
    const smime = openssl(["cms", "-sign", "-in", entityPath, "-signer", alice.certPath, "-inkey", alice.keyPath]).toString("latin1");
    const msg = "From: alice@example.org\r\nTo: bob@example.org\r\nSubject: s\r\n" + smime.replace(/\r?\n/g, "\r\n");
    const signedPath = file("ossl-signed.eml", msg);

    const ok = runCli(cli, ["verify", "--trust", pki.caCertPath, signedPath]);
    assert.equal(ok.status, 0, ok.stderr + ok.stdout.toString());
    const report = json(ok.stdout);
    assert.equal(report.signature, "valid");
    assert.deepEqual((report.signer as { email: string }).email, "alice@example.org");
    assert.match((report.signer as { subject: string }).subject, /alice/);

    const untrusted = runCli(cli, ["verify", signedPath]);
    assert.equal(untrusted.status, 1);
    assert.equal(json(untrusted.stdout).signature, "untrusted");

    const altered = file("altered.eml", msg.replace("signed by openssl", "signed by 0penssl"));
    const bad = runCli(cli, ["verify", "--trust", pki.caCertPath, altered]);
    assert.equal(bad.status, 1);
    assert.equal(json(bad.stdout).signature, "invalid");

    // Judged at the signing time: a certificate that expired after signing leaves the signature valid,
    // with a finding that says so.
    const future = runCli(cli, ["verify", "--trust", pki.caCertPath, "--at", "2099-01-01T00:00:00Z", signedPath]);
    assert.equal(future.status, 0, future.stdout.toString());
    const futureReport = json(future.stdout);
    assert.equal(futureReport.signature, "valid");
    assert.ok((futureReport.findings as { status: string }[]).some((f) => f.status === "expired-since-signing"));
  });

  it("a signature made after the certificate expired is 'expired'", () => {
    const old = pki.issue("old", "old@example.org", { notBefore: "20200101000000Z", notAfter: "20210101000000Z" });
    const entityPath = file("old.txt", "Content-Type: text/plain\r\n\r\nsigned with an expired certificate\r\n");
    const smime = openssl(["cms", "-sign", "-in", entityPath, "-signer", old.certPath, "-inkey", old.keyPath]).toString("latin1");
    const signedPath = file("old-signed.eml", "From: old@example.org\r\nSubject: s\r\n" + smime.replace(/\r?\n/g, "\r\n"));
    const r = runCli(cli, ["verify", "--trust", pki.caCertPath, signedPath]);
    assert.equal(r.status, 1);
    assert.equal(json(r.stdout).signature, "expired");
  });

  it("an unsigned message is 'unsigned' with exit 1", () => {
    const r = runCli(cli, ["verify", join(dir, "message.eml")]);
    assert.equal(r.status, 1);
    assert.equal(json(r.stdout).signature, "unsigned");
  });

  it("a bare CMS signature file is checked without address binding, and the report says so", () => {
    const content = file("bare.txt", "bare content");
    const der = join(dir, "bare.p7m");
    openssl(["cms", "-sign", "-binary", "-nodetach", "-outform", "DER", "-in", content, "-out", der, "-signer", alice.certPath, "-inkey", alice.keyPath]);
    const r = runCli(cli, ["verify", "--trust", pki.caCertPath, der]);
    assert.equal(r.status, 0, r.stderr + r.stdout.toString());
    const report = json(r.stdout);
    assert.equal(report.signature, "valid");
    assert.equal(report.addressBinding, "none");
    assert.ok((report.findings as { status: string }[]).some((f) => f.status === "no-address-binding"));
  });
});

describe("spm open", () => {
  it("opens sign-then-encrypt from OpenSSL: report and --out innermost entity", () => {
    const entity = "Content-Type: text/plain\r\n\r\nthe letter\r\n";
    const signedPath = join(dir, "ste-signed.eml");
    openssl(["cms", "-sign", "-in", file("ste.txt", entity), "-out", signedPath, "-signer", alice.certPath, "-inkey", alice.keyPath]);
    const encPath = join(dir, "ste-enc.eml");
    openssl(["cms", "-encrypt", "-in", signedPath, "-out", encPath, "-aes256", "-recip", bob.certPath]);
    const withHeaders = file("ste.eml", "From: alice@example.org\r\nTo: bob@example.org\r\nSubject: x\r\n" + readFileSync(encPath, "latin1").replace(/\r?\n/g, "\r\n"));
    const outPath = join(dir, "ste-out.eml");
    const r = runCli(cli, ["open", "--key", bob.p12Path, "--password-file", pw, "--trust", pki.caCertPath, "--out", outPath, withHeaders]);
    assert.equal(r.status, 0, r.stderr + r.stdout.toString());
    const report = json(r.stdout);
    assert.equal(report.encryption, "aes-256-cbc");
    assert.equal(report.integrity, "signature");
    assert.equal(report.signature, "valid");
    assert.equal((report.layers as unknown[]).length, 2);
    assert.equal(readFileSync(outPath, "latin1"), entity);
  });

  it("CBC without a signature is reported as not integrity protected", () => {
    const enc = runCli(cli, ["encrypt", "--to", bob.certPath, "--cipher", "aes-256-cbc", join(dir, "message.eml")]);
    const r = runCli(cli, ["open", "--key", bob.p12Path, "--password-file", pw, file("cbc.eml", enc.stdout)]);
    assert.equal(r.status, 0, r.stderr);
    const report = json(r.stdout);
    assert.equal(report.integrity, "none");
    assert.equal(report.signature, "unsigned");
    assert.ok((report.findings as { status: string }[]).some((f) => f.status === "not-integrity-protected"));
  });
});

describe("spm verify --crl", () => {
  it("a certificate revoked in the CA's CRL is 'revoked'; one the CRL does not list is 'valid'", () => {
    const cnf = file("crl-ca.cnf", [
      "[ca]", "default_ca=c", "[c]", `database=${join(dir, "crl-index.txt")}`, `crlnumber=${join(dir, "crl-number")}`,
      "default_md=sha256", "default_crl_days=30", `certificate=${pki.caCertPath}`, `private_key=${pki.caKeyPath}`,
    ].join("\n") + "\n");
    file("crl-index.txt", "");
    file("crl-number", "1000\n");
    const mallory = pki.issue("revoked-signer", "revoked@example.org");
    openssl(["ca", "-config", cnf, "-revoke", mallory.certPath, "-crl_reason", "keyCompromise"]);
    const crlPath = join(dir, "ca.crl");
    openssl(["ca", "-config", cnf, "-gencrl", "-out", crlPath]);

    const sign = (who: TestIdentity, name: string) => {
      const entity = file(`${name}.txt`, "Content-Type: text/plain\r\n\r\ncrl test\r\n");
      const smime = openssl(["cms", "-sign", "-in", entity, "-signer", who.certPath, "-inkey", who.keyPath]).toString("latin1");
      return file(`${name}.eml`, `From: ${who.email}\r\nSubject: s\r\n` + smime.replace(/\r?\n/g, "\r\n"));
    };
    const revoked = runCli(cli, ["verify", "--trust", pki.caCertPath, "--crl", crlPath, sign(mallory, "crl-revoked")]);
    assert.equal(revoked.status, 1);
    const report = json(revoked.stdout);
    assert.equal(report.signature, "revoked");
    assert.ok((report.findings as { text: string }[]).some((f) => /revoked/i.test(f.text) && /keyCompromise|key compromise/i.test(f.text)), JSON.stringify(report.findings));

    const good = runCli(cli, ["verify", "--trust", pki.caCertPath, "--crl", crlPath, sign(alice, "crl-good")]);
    assert.equal(good.status, 0, good.stdout.toString());
    const goodReport = json(good.stdout);
    assert.equal(goodReport.signature, "valid");
    assert.ok(!(goodReport.findings as { status: string }[]).some((f) => f.status === "revocation-not-available"), "checked against the CRL");
  });
});

describe("spm verify with OCSP", () => {
  it("asks the OCSP responder the certificate names (a real `openssl ocsp`): good -> valid, revoked -> revoked; --offline -> revocation-unknown", async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const aia = [`authorityInfoAccess=OCSP;URI:http://127.0.0.1:${port}/`];
    const good = pki.issue("ocsp-good", "good@example.org", { extensions: aia });
    const bad = pki.issue("ocsp-bad", "bad@example.org", { extensions: aia });
    const cnf = file("ocsp-ca.cnf", [
      "[ca]", "default_ca=c", "[c]", `database=${join(dir, "ocsp-index.txt")}`, "default_md=sha256",
      `certificate=${pki.caCertPath}`, `private_key=${pki.caKeyPath}`,
    ].join("\n") + "\n");
    file("ocsp-index.txt", "");
    openssl(["ca", "-config", cnf, "-valid", good.certPath]);
    openssl(["ca", "-config", cnf, "-revoke", bad.certPath, "-crl_reason", "keyCompromise"]);
    const { spawn } = await import("node:child_process");
    const responder = spawn("openssl", ["ocsp", "-index", join(dir, "ocsp-index.txt"), "-port", String(port), "-rsigner", pki.caCertPath, "-rkey", pki.caKeyPath, "-CA", pki.caCertPath, "-nrequest", "3"], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      // openssl prints "ACCEPT ..." once it listens (bounded wait: 10 s).
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("openssl ocsp did not start")), 10_000);
        let seen = "";
        const onData = (chunk: Buffer) => {
          seen += chunk.toString();
          if (/ACCEPT|waiting for OCSP client/i.test(seen)) {
            clearTimeout(timer);
            resolve();
          }
        };
        responder.stdout.on("data", onData);
        responder.stderr.on("data", onData);
      });
      const signed = (who: TestIdentity) => {
        const smime = openssl(["cms", "-sign", "-in", file(`${who.name}.txt`, "Content-Type: text/plain\r\n\r\nocsp\r\n"), "-signer", who.certPath, "-inkey", who.keyPath]).toString("latin1");
        return file(`${who.name}.eml`, `From: ${who.email}\r\nSubject: s\r\n` + smime.replace(/\r?\n/g, "\r\n"));
      };
      const { spawnSync } = await import("node:child_process");
      const run = (args: string[]) => {
        // Asynchronous child (the responder must keep running): spawnSync of the CLI is fine, it is a separate process.
        const r = spawnSync(process.execPath, [cli, ...args]);
        return { status: r.status, report: JSON.parse(r.stdout.toString()) as { signature: string; findings: unknown[] } };
      };
      const okRun = run(["verify", "--no-system-trust", "--trust", pki.caCertPath, signed(good)]);
      assert.equal(okRun.report.signature, "valid", JSON.stringify(okRun.report.findings));
      assert.equal(okRun.status, 0);
      const badRun = run(["verify", "--no-system-trust", "--trust", pki.caCertPath, signed(bad)]);
      assert.equal(badRun.report.signature, "revoked");
      const offline = run(["verify", "--offline", "--no-system-trust", "--trust", pki.caCertPath, join(dir, "ocsp-good.eml")]);
      assert.equal(offline.report.signature, "revocation-unknown");
      assert.equal(offline.status, 0, "revocation-unknown still counts as valid and trusted for the exit code");
    } finally {
      responder.kill();
    }
  });
});

describe("spm with other senders' formats", () => {
  it("opens AuthEnvelopedData labelled smime-type=authenticated-enveloped-data (as in German KIM mail)", () => {
    const entity = "Content-Type: text/plain\r\n\r\nKIM letter\r\n";
    const out = join(dir, "kim.eml");
    openssl(["cms", "-encrypt", "-binary", "-aes-256-gcm", "-in", file("kim.txt", entity), "-out", out, "-recip", bob.certPath]);
    const relabelled = readFileSync(out, "latin1").replace(/smime-type=[A-Za-z-]+/i, "smime-type=authenticated-enveloped-data");
    assert.match(relabelled, /smime-type=authenticated-enveloped-data/);
    const r = runCli(cli, ["open", "--key", bob.p12Path, "--password-file", pw, file("kim-relabelled.eml", "From: a@example.org\r\n" + relabelled)]);
    assert.equal(r.status, 0, r.stderr);
    const report = json(r.stdout);
    assert.equal(report.encryption, "aes-256-gcm");
    assert.equal(report.integrity, "authenticated-encryption");
    assert.equal(report.signature, "unsigned");
  });

  it("3DES content is refused unless --allow-legacy, and then flagged", () => {
    const entity = "Content-Type: text/plain\r\n\r\nold mail\r\n";
    const out = join(dir, "des3.eml");
    openssl(["cms", "-encrypt", "-binary", "-des3", "-in", file("des3.txt", entity), "-out", out, "-recip", bob.certPath]);
    const refused = runCli(cli, ["decrypt", "--key", bob.p12Path, "--password-file", pw, out]);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /des|legacy/i);
    const allowed = runCli(cli, ["open", "--allow-legacy", "--key", bob.p12Path, "--password-file", pw, out]);
    assert.equal(allowed.status, 0, allowed.stderr);
    const report = json(allowed.stdout);
    assert.equal(report.encryption, "des-ede3-cbc");
    assert.ok((report.findings as { status: string }[]).some((f) => f.status === "weak-algorithm"));
  });

  it("an EC P-256 identity signs (ECDSA) and OpenSSL verifies; NSS cmsutil signatures verify with spm", () => {
    const r = runCli(cli, ["sign", "--key", carol.p12Path, "--password-file", pw, "--opaque", join(dir, "message.eml")]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(openssl(["cms", "-verify", "-in", file("ec-signed.eml", r.stdout), "-CAfile", pki.caCertPath]).toString("latin1"), /Dear colleague/);

    const db = join(dir, "nssdb-sign");
    execFileSync("mkdir", ["-p", db]);
    execFileSync("certutil", ["-N", "-d", `sql:${db}`, "--empty-password"]);
    execFileSync("pk12util", ["-i", alice.p12Path, "-d", `sql:${db}`, "-W", "test-password"], { stdio: "pipe" });
    execFileSync("certutil", ["-M", "-d", `sql:${db}`, "-n", "SPM Test Root CA - Secure Patient Mail Tests", "-t", "C,C,C"], { stdio: "pipe" });
    const nick = execFileSync("certutil", ["-L", "-d", `sql:${db}`]).toString().split("\n").find((l) => /u,u,u/.test(l))!.replace(/\s+u,u,u\s*$/, "").trim();
    const entity = Buffer.from("Content-Type: text/plain\r\n\r\nsigned by NSS\r\n");
    const sigOut = join(dir, "nss-signed.p7m");
    execFileSync("cmsutil", ["-S", "-N", nick, "-H", "SHA256", "-d", `sql:${db}`, "-i", file("nss-sign.txt", entity), "-o", sigOut]);
    const v = runCli(cli, ["verify", "--trust", pki.caCertPath, sigOut]);
    assert.equal(v.status, 0, v.stderr + v.stdout.toString());
    assert.equal(json(v.stdout).signature, "valid");
  });
});

describe("spm errors: exit 2, one line, no stack trace", () => {
  const oneLine = (stderr: string) => {
    assert.equal(stderr.trim().split("\n").length, 1, stderr);
    assert.doesNotMatch(stderr, /\bat .*\(.*:\d+:\d+\)/);
  };
  it("wrong password", () => {
    const bad = file("bad-pw.txt", "nope\n");
    const r = runCli(cli, ["decrypt", "--key", bob.p12Path, "--password-file", bad, join(dir, "message.eml")]);
    assert.equal(r.status, 2);
    oneLine(r.stderr);
    assert.match(r.stderr, /password/i);
  });
  it("message not addressed to the given key", () => {
    const enc = runCli(cli, ["encrypt", "--to", bob.certPath, join(dir, "message.eml")]);
    const r = runCli(cli, ["decrypt", "--key", carol.p12Path, "--password-file", pw, file("not-for-carol.eml", enc.stdout)]);
    assert.equal(r.status, 2);
    oneLine(r.stderr);
  });
  it("garbage, truncation, unknown options, missing files", () => {
    const garbage = file("garbage.bin", Buffer.from([0x30, 0x82, 0x10, 0x00, 1, 2, 3]));
    for (const args of [
      ["decrypt", "--key", bob.p12Path, "--password-file", pw, garbage],
      ["verify", garbage],
      ["encrypt", "--to", bob.certPath, "--frobnicate", join(dir, "message.eml")],
      ["encrypt", join(dir, "message.eml")],
      ["verify", join(dir, "does-not-exist.eml")],
      ["verify", "--at", "yesterday", join(dir, "message.eml")],
      ["nonsense"],
      [],
    ]) {
      const r = runCli(cli, args);
      assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
      if (args.length > 0) oneLine(r.stderr);
    }
  });
});

describe("spm with NSS cmsutil", () => {
  it("cmsutil decrypts spm output and spm decrypts cmsutil output", () => {
    const db = join(dir, "nssdb");
    execFileSync("mkdir", ["-p", db]);
    execFileSync("certutil", ["-N", "-d", `sql:${db}`, "--empty-password"]);
    execFileSync("pk12util", ["-i", bob.p12Path, "-d", `sql:${db}`, "-W", "test-password"], { stdio: "pipe" });
    execFileSync("certutil", ["-A", "-d", `sql:${db}`, "-n", "testca", "-t", "C,C,C", "-i", pki.caCertPath]);

    const enc = runCli(cli, ["encrypt", "--to", bob.certPath, "--key-transport", "pkcs1", join(dir, "message.eml")]);
    assert.equal(enc.status, 0, enc.stderr);
    const der = openssl(["cms", "-cmsout", "-outform", "DER", "-in", file("for-nss.eml", enc.stdout)]);
    const decrypted = execFileSync("cmsutil", ["-D", "-d", `sql:${db}`, "-i", file("for-nss.p7m", der)]).toString("latin1");
    assert.match(decrypted, /Dear colleague/);

    const entity = Buffer.from("Content-Type: text/plain\r\n\r\nfrom NSS\r\n");
    const nssOut = join(dir, "from-nss.p7m");
    execFileSync("cmsutil", ["-E", "-r", "bob@example.org", "-d", `sql:${db}`, "-i", file("nss-in.txt", entity), "-o", nssOut]);
    const r = runCli(cli, ["decrypt", "--key", bob.p12Path, "--password-file", pw, nssOut]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.stdout, entity);
  });
});

describe("spm with a 30 MB message", () => {
  it("encrypts for OpenSSL and decrypts OpenSSL's output", () => {
    const big = Buffer.alloc(30 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big.writeUInt32BE((i * 2654435761) >>> 0, i);
    const b64 = big.toString("base64").replace(/.{76}/g, "$&\r\n");
    const entity = "Content-Type: application/octet-stream; name=\"scan.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64 + "\r\n";
    const msgPath = file("big.eml", "From: alice@example.org\r\nTo: bob@example.org\r\nSubject: big\r\nMIME-Version: 1.0\r\n" + entity);
    const enc = runCli(cli, ["encrypt", "--to", bob.certPath, msgPath]);
    assert.equal(enc.status, 0, enc.stderr);
    const inner = openssl(["cms", "-decrypt", "-in", file("big-enc.eml", enc.stdout), "-inkey", bob.keyPath, "-recip", bob.certPath]);
    assert.ok(inner.toString("latin1").includes(b64.slice(0, 100000)));

    const entityPath = file("big-entity.txt", entity);
    const osslOut = join(dir, "big-ossl.eml");
    openssl(["cms", "-encrypt", "-binary", "-stream", "-aes256", "-in", entityPath, "-out", osslOut, "-recip", bob.certPath]);
    const r = runCli(cli, ["decrypt", "--key", bob.keyPath, "--cert", bob.certPath, osslOut]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.length, Buffer.byteLength(entity));
    assert.ok(r.stdout.equals(Buffer.from(entity, "latin1")));
  });
});
