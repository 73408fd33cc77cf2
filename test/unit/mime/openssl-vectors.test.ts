/**
 * Our MIME parser on OpenSSL's own S/MIME output (committed, test/fixtures/cms/mime, made by
 * scripts/gen-test-pki.mjs): the first part of a multipart/signed is exactly the bytes OpenSSL signed, and the
 * DER of an application/pkcs7-mime survives our parse and our re-wrap. The same checks with OpenSSL verifying
 * and decrypting live are in test/interop/mime/openssl-peer.test.ts.
 */
import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { verifySignedData } from "../../../src/core/cms/signed";
import { openEnvelope } from "../../../src/core/cms/enveloped";
import { latin1Decode } from "../../../src/core/bytes";
import { buildMessage, buildPkcs7MimeEntity, parseMime } from "../../../src/core/mime/index";
import { cmsVector, loadPki } from "../../helpers/fixtures";

const alice = loadPki("basic").identity("alice");

describe("parsing OpenSSL's S/MIME output", () => {
  it("multipart/signed over a bare-LF quoted-printable part: the first part's raw bytes are what OpenSSL signed", async () => {
    // `openssl cms -sign -md sha256` (text mode: OpenSSL canonicalizes the bare LFs to CRLF before signing).
    const parsed = parseMime(cmsVector("mime/signed-bare-lf.eml"));
    assert.equal(parsed.contentType.mediaType, "multipart/signed");
    assert.equal(parsed.parts.length, 2);
    const first = parsed.parts[0];
    // QP: the literal trailing space after "--" is transport padding and is removed (RFC 2045 §6.7 (3))
    assert.equal(first.text(), "Hello ä\r\n--\r\nsignature line\r\n\r\n");
    const signature = parsed.parts[1].body();
    const r = await verifySignedData(signature, first.raw);
    assert.equal(r.outcome, "valid", r.reason);
    assert.deepEqual(r.signerCertificate, alice.certDer);
    // one byte more (the CRLF before the delimiter) must fail
    assert.equal((await verifySignedData(signature, new Uint8Array([...first.raw, 0x0d, 0x0a]))).outcome, "invalid");
  });

  it("OpenSSL's enveloped output: our parse gives its DER, our pkcs7-mime entity round-trips it, alice's key opens it", async () => {
    // `openssl cms -encrypt -aes-256-cbc` to alice of "Content-Type: text/plain / secret".
    const parsed = parseMime(cmsVector("mime/enveloped-secret.eml"));
    assert.equal(parsed.contentType.mediaType, "application/pkcs7-mime");
    assert.equal(parsed.contentType.params["smime-type"], "enveloped-data");
    const der = parsed.body();
    const headers = { from: { address: "alice@example.org" }, to: [{ address: "alice@example.org" }], cc: [], subject: "[...]" };
    const reparsed = parseMime(buildMessage(headers, buildPkcs7MimeEntity(der, "enveloped-data")));
    assert.equal(reparsed.filename, "smime.p7m");
    assert.deepEqual(reparsed.body(), der);
    const opened = await openEnvelope(reparsed.body(), [{ certificate: alice.certDer, privateKey: alice.keyPkcs8 }]);
    assert.equal(latin1Decode(opened.content), "Content-Type: text/plain\r\n\r\nsecret\r\n");
  });
});
