/**
 * Issue 16 §5: key files as other tools write them, and 3DES mail. A PKCS#12 file in PEM armour
 * ("-----BEGIN PKCS12-----", gpgsm --armor --export-secret-key-p12) is read by `spm --key` and by importPkcs12 (the
 * function the settings pane's import calls). 3DES content from OpenSSL is refused without the allowLegacy switch
 * with the marker the panes use to offer it, and opens with the switch and a warning that keeps the bar from green.
 */
import { afterAll, beforeAll, describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SpmError, isSpmError } from "../../../src/core/errors";
import { importPkcs12 } from "../../../src/core/keys";
import { openMessage } from "../../../src/core/smime";
import { isLegacyCipherRefusal } from "../../../src/ui/read/open-flow";
import { describeStatus } from "../../../src/ui/read/status";
import { buildCli, runCli } from "../../helpers/cli";
import { FIXTURES_DIR } from "../../helpers/fixtures";
import { openssl } from "../../helpers/openssl";
import { letter, message, opensslSign, setUpPeers, text, type Peers } from "./real-world-peers";

let p: Peers;
let cli: string;
beforeAll(async () => {
  p = setUpPeers();
  cli = await buildCli();
});
afterAll(() => p?.pki.cleanup());

/** PEM armour as gpgsm writes it: a few lines about the key, a blank line, then the block (64 columns). */
function armourLikeGpgsm(der: Uint8Array): Uint8Array {
  const b64 = Buffer.from(der).toString("base64").replace(/.{1,64}/g, "$&\n");
  const preamble = "Issuer ...: /CN=SPM Test Root CA/O=Secure Patient Mail Tests\nSerial ...: 03E9\nSubject ..: /CN=alice/EMail=alice@example.org\n\n";
  return new Uint8Array(Buffer.from(`${preamble}-----BEGIN PKCS12-----\n${b64}-----END PKCS12-----\n`, "latin1"));
}

/** An OpenSSL-encrypted message to alice, and the plaintext. */
function messageToAlice(): { path: string; plain: Uint8Array } {
  const plain = letter();
  const input = p.file("plain.eml");
  const out = p.file("to-alice.eml");
  writeFileSync(input, plain);
  openssl(["cms", "-encrypt", "-binary", "-aes256", "-in", input, "-recip", p.alice.certPath, "-out", out]);
  return { path: out, plain };
}

/**
 * gpgsm's armoured export of alice's key. In one CI run gpgsm exited 0 after printing only the certificate lines,
 * without the PKCS12 block (its agent did not hand over the key, under load): that is the peer failing, not spm,
 * so the export is asked for again (up to three times, the agent restarted between) and gpgsm's own words are
 * shown if it never succeeds.
 */
function exportWithRetry(env: NodeJS.ProcessEnv): Uint8Array {
  const said: string[] = [];
  for (let attempt = 1; attempt <= 3; attempt++) {
    const args = ["--batch", "--pinentry-mode", "loopback", "--passphrase-fd", "0", "--armor", "--export-secret-key-p12", "alice@example.org"];
    const r = spawnSync("gpgsm", args, { env, input: "pw\n" });
    const out = new Uint8Array(r.stdout);
    if (r.status === 0 && text(out).includes("-----BEGIN PKCS12-----")) return out;
    said.push(`attempt ${attempt}: exit ${r.status}, ${r.stderr.toString().trim()}`);
    spawnSync("gpgconf", ["--kill", "gpg-agent"], { env, stdio: "ignore" });
  }
  throw new Error(`gpgsm wrote no PKCS12 block: ${said.join(" | ")}`);
}

describe("a PKCS#12 file in PEM armour", () => {
  test("OpenSSL 3's .p12 armoured as gpgsm does: importPkcs12 reads the same identity as from the DER", async () => {
    const der = new Uint8Array(readFileSync(p.alice.p12Path));
    const fromDer = await importPkcs12(der, p.alice.password);
    const fromPem = await importPkcs12(armourLikeGpgsm(der), p.alice.password);
    assert.equal(fromPem.identities.length, 1);
    assert.deepEqual(fromPem.identities[0].certificate, p.alice.certDer);
    assert.deepEqual(fromPem.identities[0].privateKey, fromDer.identities[0].privateKey);
  });

  test("spm decrypt --key armoured.p12 --password-file: no --cert needed, the plaintext byte for byte", () => {
    const key = p.file("alice.p12.asc");
    writeFileSync(key, armourLikeGpgsm(new Uint8Array(readFileSync(p.alice.p12Path))));
    const pw = p.file("pw.txt");
    writeFileSync(pw, p.alice.password + "\n");
    const { path, plain } = messageToAlice();
    const r = runCli(cli, ["decrypt", "--key", key, "--password-file", pw, path]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(text(new Uint8Array(r.stdout)), text(plain));
  });

  test("PEM that is not PKCS12 is refused as such, and a plain PEM key still needs --cert", async () => {
    await assert.rejects(importPkcs12(new Uint8Array(readFileSync(p.alice.certPath)), "x"), (e: unknown) => isSpmError(e, "MALFORMED") && /no PKCS12 block/.test(e.message));
    const r = runCli(cli, ["decrypt", "--key", p.alice.keyPath, messageToAlice().path]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /needs --cert/);
  });

  // gpgsm is the program that writes this armour: a required test peer (npm test's set-up and .ci/run install it).
  test("gpgsm 2.2 --armor --export-secret-key-p12: imported and used by spm", async () => {
    const home = join(p.pki.dir, "gnupg");
    mkdirSync(home, { mode: 0o700 });
    const env = { ...process.env, GNUPGHOME: home };
    writeFileSync(join(home, "gpg-agent.conf"), "allow-loopback-pinentry\n");
    const gpgsm = (args: string[]) => execFileSync("gpgsm", ["--batch", "--pinentry-mode", "loopback", "--passphrase-fd", "0", ...args], { env, input: "pw\n", stdio: ["pipe", "pipe", "pipe"] });
    try {
      // gpgsm 2.2 reads only the PKCS#12 PBEs of its time (3DES key, SHA-1 MAC).
      const legacy = p.file("alice-legacy.p12");
      openssl(["pkcs12", "-export", "-inkey", p.alice.keyPath, "-in", p.alice.certPath, "-certpbe", "PBE-SHA1-3DES", "-keypbe", "PBE-SHA1-3DES", "-macalg", "sha1", "-passout", "pass:pw", "-out", legacy]);
      gpgsm(["--import", legacy]);
      const armoured = exportWithRetry(env);
      assert.match(text(armoured), /^Issuer \.\.\.:[\s\S]*-----BEGIN PKCS12-----/);
      const contents = await importPkcs12(armoured, "pw");
      assert.deepEqual(contents.identities[0].certificate, p.alice.certDer);
      const key = p.file("gpgsm.p12.asc");
      writeFileSync(key, armoured);
      const pw = p.file("gpgsm-pw.txt");
      writeFileSync(pw, "pw\n");
      const { path, plain } = messageToAlice();
      const r = runCli(cli, ["decrypt", "--key", key, "--password-file", pw, path]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(text(new Uint8Array(r.stdout)), text(plain));
    } finally {
      spawnSync("gpgconf", ["--kill", "gpg-agent"], { env, stdio: "ignore" }); // the agent this test started
    }
  }, 60_000);

  // About 1 gpgsm 2.2 export in 280 has a key from minip12's KDF quirk (test/fixtures/gpgsm/README.md); the test
  // above met one in CI. The committed sample is such a file: OpenSSL refuses it, spm decrypts with it.
  test("the committed gpgsm export with minip12's KDF quirk: OpenSSL says bad decrypt, spm decrypts mail with it", () => {
    const sample = join(FIXTURES_DIR, "gpgsm", "minip12-kdf-quirk.p12");
    const refused = spawnSync("openssl", ["pkcs12", "-legacy", "-in", sample, "-passin", "pass:pw", "-nodes"], { encoding: "latin1" });
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /bad decrypt/);
    const plainPath = p.file("quirk-plain.eml");
    const out = p.file("to-quirk.eml");
    const plain = letter();
    writeFileSync(plainPath, plain);
    openssl(["cms", "-encrypt", "-binary", "-aes256", "-in", plainPath, "-recip", join(FIXTURES_DIR, "gpgsm", "minip12-kdf-quirk.pem"), "-out", out]);
    const pw = p.file("quirk-pw.txt");
    writeFileSync(pw, "pw\n");
    const r = runCli(cli, ["decrypt", "--key", sample, "--password-file", pw, out]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(text(new Uint8Array(r.stdout)), text(plain));
  });
});

describe("3DES mail: a clear choice, not a dead end", () => {
  function encrypted(cipher: "-des3" | "-aes256"): Uint8Array {
    const input = p.file("cipher-in.eml");
    writeFileSync(input, opensslSign(p, letter(), p.alice));
    return message(new Uint8Array(openssl(["cms", "-encrypt", "-binary", cipher, "-in", input, "-recip", p.bob.certPath, "-crlfeol"])));
  }
  const des3Message = () => encrypted("-des3");
  const keys = () => [{ certificate: p.bob.certDer, privateKey: p.bob.keyPkcs8 }];

  test("refused without the switch, with the marker the panes turn into the 'Open anyway (3DES)' choice", async () => {
    const msg = des3Message();
    let refusal: unknown;
    await openMessage(msg, { keys: keys(), anchors: [p.pki.caCertDer] }).catch((e: unknown) => (refusal = e));
    assert.ok(refusal instanceof SpmError && refusal.code === "UNSUPPORTED_ALGORITHM");
    assert.ok(isLegacyCipherRefusal(refusal));
    assert.ok(!isLegacyCipherRefusal(new SpmError("UNSUPPORTED_ALGORITHM", "AES-GCM inside EnvelopedData")));
  });

  test("opened with allowLegacy: signature valid, legacy-cipher warning, and the pane's bar is a warning, not green", async () => {
    const r = await openMessage(des3Message(), { keys: keys(), anchors: [p.pki.caCertDer], config: { allowLegacy: true } });
    assert.equal(r.encryption, "des-ede3-cbc");
    assert.equal(r.signature, "valid");
    assert.ok(r.findings.some((f) => f.code === "legacy-cipher" && f.severity === "warning"));
    const view = describeStatus(r, "alice@example.org", "en");
    assert.equal(view.intent, "warning");
    assert.ok(view.details.some((d) => /outdated cipher des-ede3-cbc/.test(d)), view.details.join(" | "));
    // The same message in AES is green: the warning comes from the cipher, nothing else.
    const aes = await openMessage(encrypted("-aes256"), { keys: keys(), anchors: [p.pki.caCertDer] });
    assert.equal(describeStatus(aes, "alice@example.org", "en").intent, "success");
  });
});
