/**
 * Issue 13 #7: SignedData whose eContentType is not id-data is not a mail signature. A key's signature made for
 * another CMS protocol (here OpenSSL's `-econtent_type` with id-ct-TSTInfo, the content type of RFC 3161
 * timestamp tokens) verifies cryptographically; before, openMessage reported it `valid` as a signed mail.
 */
import { afterAll, beforeAll, test } from "@jest/globals";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { concatBytes, latin1Encode } from "../../../src/core/bytes";
import { verifySignedData } from "../../../src/core/cms/signed";
import { openMessage } from "../../../src/core/smime";
import { createTestPki, openssl, type TestIdentity, type TestPki } from "../../helpers/openssl";

const TST_INFO = "1.2.840.113549.1.9.16.1.4";
let pki: TestPki;
let alice: TestIdentity;

beforeAll(() => {
  pki = createTestPki();
  alice = pki.issue("alice", "alice@example.org");
  writeFileSync(join(pki.dir, "content.eml"), "From: alice@example.org\r\nContent-Type: text/plain\r\n\r\nI agree to pay.\r\n");
});
afterAll(() => pki.cleanup());

const sign = (...extra: string[]) =>
  new Uint8Array(openssl(["cms", "-sign", "-binary", "-in", join(pki.dir, "content.eml"), "-signer", alice.certPath, "-inkey", alice.keyPath, ...extra]));

test("opaque SignedData with eContentType TSTInfo: the CMS check is intact, the mail status is invalid", async () => {
  const der = sign("-nodetach", "-outform", "DER", "-econtent_type", TST_INFO);
  const check = await verifySignedData(der);
  assert.equal(check.outcome, "valid", "cryptographically it is a good signature");
  assert.equal(check.eContentType, TST_INFO);

  const report = await openMessage(der, { anchors: [pki.caCertDer], addresses: ["alice@example.org"] });
  assert.equal(report.signature, "invalid");
  assert.equal(report.integrity, "none");
  assert.equal(report.layers[0].contentType, TST_INFO);
  assert.equal(report.layers[0].outcome, "invalid");
  assert.equal(report.contentIsMime, false, "content of another protocol is not parsed as a mail");
  const f = report.findings.find((x) => x.code === "not-a-mail-signature");
  assert.deepEqual(f?.params, { contentType: TST_INFO });
});

test("multipart/signed whose signature names another eContentType is invalid too", async () => {
  const message = concatBytes(latin1Encode("From: alice@example.org\r\n"), sign("-econtent_type", TST_INFO));
  const report = await openMessage(message, { anchors: [pki.caCertDer] });
  assert.equal(report.signature, "invalid");
  assert.ok(report.findings.some((x) => x.code === "not-a-mail-signature"));
});

test("the same signature with id-data is valid (the rule is about the content type, nothing else)", async () => {
  const message = concatBytes(latin1Encode("From: alice@example.org\r\n"), sign());
  const report = await openMessage(message, { anchors: [pki.caCertDer] });
  assert.equal(report.signature, "valid", JSON.stringify(report.findings));
});
