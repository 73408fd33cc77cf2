/**
 * The compact layout for large drafts (binary attachments, opaque signature carried as binary inside the
 * envelope; RFC 8551 §3.1.2) against OpenSSL, and read back by our own reader.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, it } from "@jest/globals";
import { randomBytes } from "node:crypto";
import { buildDraftEntity, parseMime } from "../../../src/core/mime";
import { openMessage, protectEntity } from "../../../src/core/smime";
import type { Identity } from "../../../src/core/types";
import { createTestPki, openssl, type TestIdentity, type TestPki } from "../../helpers/openssl";

let pki: TestPki;
let alice: TestIdentity;
let bob: TestIdentity;
const id = (t: TestIdentity): Identity => ({ certificate: t.certDer, privateKey: t.keyPkcs8, chain: [] });

beforeAll(() => {
  pki = createTestPki();
  alice = pki.issue("alice", "alice@example.org");
  bob = pki.issue("bob", "bob@example.org");
});
afterAll(() => pki.cleanup());

it("binary attachments + binary opaque signature: about raw size, OpenSSL decrypts and verifies, our reader opens it", async () => {
  const payload = new Uint8Array(randomBytes(3_000_000));
  const draft = { from: { address: "alice@example.org" }, to: [{ address: "bob@example.org" }], cc: [], subject: "Befund", html: "<p>Anbei</p>", attachments: [{ name: "scan.pdf", content: payload }] };
  const entity = buildDraftEntity(draft, { binaryAttachments: true });
  const result = await protectEntity({ entity, signer: id(alice), recipients: [{ certificate: bob.certDer, keyTransport: "pkcs1" }], opaqueSignature: true, binaryInner: true });
  // No base64 growth inside: the CMS is about the size of the attachment.
  assert.ok(result.cms.length < payload.length * 1.01 + 20_000, `CMS ${result.cms.length} bytes`);

  const cmsPath = join(pki.dir, "compact.p7m");
  writeFileSync(cmsPath, result.cms);
  const inner = openssl(["cms", "-decrypt", "-binary", "-inform", "DER", "-in", cmsPath, "-inkey", bob.keyPath, "-recip", bob.certPath]);
  const innerPart = parseMime(new Uint8Array(inner));
  assert.equal(innerPart.contentType.mediaType, "application/pkcs7-mime");
  assert.equal(innerPart.transferEncoding, "binary");
  const sigPath = join(pki.dir, "compact-signed.p7m");
  writeFileSync(sigPath, innerPart.body());
  const content = openssl(["cms", "-verify", "-binary", "-inform", "DER", "-in", sigPath, "-CAfile", pki.caCertPath]);
  const contentPart = parseMime(new Uint8Array(content));
  const attachment = contentPart.parts.find((p) => p.filename === "scan.pdf");
  assert.ok(attachment);
  assert.equal(attachment.transferEncoding, "binary");
  assert.deepEqual(attachment.body(), payload);

  const report = await openMessage(result.entity, { keys: [id(bob)], anchors: [pki.caCertDer], addresses: ["alice@example.org"] });
  assert.equal(report.signature, "valid", JSON.stringify(report.findings));
  assert.deepEqual(report.layers.map((l) => l.type), ["enveloped-data", "signed-data"]);
  assert.deepEqual(report.content, entity);
});
