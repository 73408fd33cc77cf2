/**
 * Issue 13 #7: SignedData whose eContentType is not id-data is not a mail signature. A key's signature made for
 * another CMS protocol (here OpenSSL's `-econtent_type` with id-ct-TSTInfo, the content type of RFC 3161
 * timestamp tokens) verifies cryptographically; before, openMessage reported it `valid` as a signed mail.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { concatBytes, latin1Encode } from "../../../src/core/bytes";
import { verifySignedData } from "../../../src/core/cms/signed";
import { openMessage } from "../../../src/core/smime";
import { cmsVector, loadPki } from "../../helpers/fixtures";

const TST_INFO = "1.2.840.113549.1.9.16.1.4";

const pki = loadPki("basic");

/**
 * Alice's `openssl cms -sign -binary` of "From: alice@example.org / Content-Type: text/plain / I agree to pay."
 * (test/fixtures/cms/econtent, made by scripts/gen-test-pki.mjs): opaque DER or S/MIME multipart/signed, with
 * `-econtent_type` id-ct-TSTInfo or the default id-data.
 */
const sign = (file: "tstinfo-opaque.der" | "tstinfo-multipart.eml" | "data-multipart.eml") => cmsVector(`econtent/${file}`);

test("opaque SignedData with eContentType TSTInfo: the CMS check is intact, the mail status is invalid", async () => {
  const der = sign("tstinfo-opaque.der");
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
  const message = concatBytes(latin1Encode("From: alice@example.org\r\n"), sign("tstinfo-multipart.eml"));
  const report = await openMessage(message, { anchors: [pki.caCertDer] });
  assert.equal(report.signature, "invalid");
  assert.ok(report.findings.some((x) => x.code === "not-a-mail-signature"));
});

test("the same signature with id-data is valid (the rule is about the content type, nothing else)", async () => {
  const message = concatBytes(latin1Encode("From: alice@example.org\r\n"), sign("data-multipart.eml"));
  const report = await openMessage(message, { anchors: [pki.caCertDer] });
  assert.equal(report.signature, "valid", JSON.stringify(report.findings));
});
