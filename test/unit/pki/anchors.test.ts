import { test } from "@jest/globals";
import assert from "node:assert/strict";
import * as pkijs from "pkijs";
import * as asn1js from "asn1js";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { removeDir, tempDir } from "../../helpers/openssl";
import { describeCertificate } from "../../../src/core/pki";
import { BUNDLED_ANCHORS_INFO, loadBundledAnchors } from "../../../src/core/pki/anchors";

test("bundled Mozilla e-mail roots: count, provenance", () => {
  const anchors = loadBundledAnchors();
  assert.ok(anchors.length > 50, `only ${anchors.length} anchors`);
  assert.equal(BUNDLED_ANCHORS_INFO.count, anchors.length);
  assert.match(BUNDLED_ANCHORS_INFO.source, /NSS builtin token/);
  assert.ok(!Number.isNaN(Date.parse(BUNDLED_ANCHORS_INFO.generatedAt)));
  // Callers get copies: altering one does not alter the bundled set.
  anchors[0][0] ^= 0xff;
  assert.notEqual(loadBundledAnchors()[0][0], anchors[0][0]);
});

test("every bundled root parses and is a self-signed CA whose signature verifies", async () => {
  const anchors = loadBundledAnchors();
  const fingerprints = new Set<string>();
  for (const der of anchors) {
    const info = await describeCertificate(der);
    fingerprints.add(info.sha256FingerprintHex);
    assert.ok(info.selfSigned, `${info.subject} is not self-signed`);
    const cert = new pkijs.Certificate({ schema: asn1js.fromBER(der).result });
    // v1 roots (no extensions) are CAs by being trust anchors; all others must say CA:TRUE.
    assert.ok(info.isCA || cert.version === 0, `${info.subject} is not a CA`);
    // SHA-1/MD5 self-signatures on old roots are fine (the anchor's own signature is not validated),
    // but WebCrypto can check every one that is not MD5.
    if (!/md5|md2/i.test(info.signatureAlgorithm)) {
      assert.ok(await cert.verify(), `${info.subject}: self-signature does not verify`);
    }
  }
  assert.equal(fingerprints.size, anchors.length, "duplicate roots");
});

test("the generator script reproduces the committed roots from this machine's NSS", () => {
  const dir = tempDir();
  try {
    const out = join(dir, "roots.ts");
    execFileSync("node", ["scripts/gen-mozilla-email-roots.mjs", "--out", out], { stdio: "pipe" });
    const text = readFileSync(out, "utf8");
    const generated = [...text.matchAll(/der: "([A-Za-z0-9+/=]+)"/g)].map((m) => m[1]);
    assert.ok(generated.length > 50);
    const source = /MOZILLA_EMAIL_ROOTS_SOURCE = (".*");/.exec(text)?.[1];
    // Same NSS build as the committed file: exactly the same roots.
    if (source && JSON.parse(source) === BUNDLED_ANCHORS_INFO.source) {
      const committed = loadBundledAnchors().map((d) => Buffer.from(d).toString("base64"));
      assert.deepEqual([...generated].sort(), [...committed].sort());
    }
  } finally {
    removeDir(dir);
  }
});
