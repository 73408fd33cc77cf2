import { test } from "node:test";
import assert from "node:assert/strict";
import * as pkijs from "pkijs";
import * as asn1js from "asn1js";
import { BUNDLED_ANCHORS_INFO, describeCertificate, loadBundledAnchors } from "../../../src/core/pki";

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
