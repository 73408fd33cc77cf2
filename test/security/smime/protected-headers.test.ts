/**
 * Issue 13 #3: protected header fields (RFC 9788) that differ from the outer ones. Before, only the read pane
 * compared them: a gateway trusting `spm verify`'s exit code accepted a validly signed inner From naming
 * someone else (the signer matched the outer From). Now the core compares them, the report carries the
 * protected fields and findings, a signed inner From mismatch makes the signature "signer-mismatch", and
 * `spm verify` exits 1.
 */
import { afterAll, beforeAll, describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { concatBytes, latin1Encode } from "../../../src/core/bytes";
import { buildDraftEntity, buildMessage } from "../../../src/core/mime";
import { openMessage, protectEntity } from "../../../src/core/smime";
import type { Identity } from "../../../src/core/types";
import { buildCli, runCli } from "../../helpers/cli";
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

/** Alice signs (OpenSSL, multipart/signed) an entity whose protected header names `innerFrom`. */
function signedByAlice(innerFrom: string, outerHeader: string, innerExtra = ""): Uint8Array {
  const path = join(pki.dir, `inner-${innerFrom.replace(/\W/g, "_")}.eml`);
  writeFileSync(path, `From: ${innerFrom}\r\n${innerExtra}Content-Type: text/plain; hp="clear"\r\n\r\nPlease wire 40,000 EUR today.\r\n`);
  const signed = openssl(["cms", "-sign", "-in", path, "-signer", alice.certPath, "-inkey", alice.keyPath]);
  return concatBytes(latin1Encode(outerHeader), signed);
}

const options = () => ({ anchors: [pki.caCertDer] });

describe("protected From against the outer From", () => {
  test("a signed inner From naming someone else is signer-mismatch, not valid", async () => {
    const message = signedByAlice("ceo@example.org", "From: alice@example.org\r\nTo: bob@example.org\r\nSubject: Wire\r\n", "Subject: Wire\r\n");
    const report = await openMessage(message, options());
    assert.equal(report.signer?.email, "alice@example.org");
    assert.equal(report.signature, "signer-mismatch");
    assert.deepEqual(report.protectedHeaders?.from, ["ceo@example.org"]);
    const f = report.findings.find((x) => x.code === "protected-from-mismatch");
    assert.ok(f, JSON.stringify(report.findings.map((x) => x.code)));
    assert.deepEqual(f.params, { inner: ["ceo@example.org"], outer: ["alice@example.org"] });
  });

  test("matching protected fields (ASCII case aside) leave a valid signature valid", async () => {
    const message = signedByAlice("Alice <ALICE@example.org>", "From: alice@example.org\r\nSubject: Wire\r\n", "Subject: Wire\r\n");
    const report = await openMessage(message, options());
    assert.equal(report.signature, "valid", JSON.stringify(report.findings));
    assert.ok(!report.findings.some((x) => x.code.startsWith("protected-")));
  });

  test("signed only (hp=clear): a Subject changed outside is reported", async () => {
    const message = signedByAlice("alice@example.org", "From: alice@example.org\r\nSubject: Lunch?\r\n", "Subject: Wire\r\n");
    const report = await openMessage(message, options());
    assert.equal(report.signature, "valid");
    const f = report.findings.find((x) => x.code === "protected-header-mismatch");
    assert.deepEqual(f?.params, { field: "subject", inner: "Wire", outer: "Lunch?" });
  });

  test("encrypted (hp=cipher): the obscured outer Subject is expected; a Reply-To added in transit is not", async () => {
    const draft = { from: { address: "alice@example.org" }, to: [{ address: "bob@example.org" }], cc: [], subject: "Results for patient 4711", text: "Results.", attachments: [] };
    const entity = buildDraftEntity(draft);
    const encrypted = await protectEntity({ entity, signer: id(alice), recipients: [{ certificate: bob.certDer }] });
    const headers = { from: draft.from, to: draft.to, cc: [], subject: "[...]" };
    const honest = await openMessage(buildMessage(headers, encrypted.entity), { ...options(), keys: [id(bob)] });
    assert.equal(honest.signature, "valid", JSON.stringify(honest.findings));
    assert.equal(honest.protectedHeaders?.subject, "Results for patient 4711");
    assert.equal(honest.protectedHeaders?.hp, "cipher");
    assert.ok(!honest.findings.some((x) => x.code.startsWith("protected-")), JSON.stringify(honest.findings));

    const tampered = await openMessage(buildMessage({ ...headers, extra: [["Reply-To", "mallory@example.org"]] }, encrypted.entity), { ...options(), keys: [id(bob)] });
    assert.ok(tampered.findings.some((x) => x.code === "protected-header-mismatch" && x.params.field === "reply-to"), JSON.stringify(tampered.findings));
  });

  test("a bare CMS file: the From the caller shows is the outer From", async () => {
    const entity = latin1Encode('From: ceo@example.org\r\nContent-Type: text/plain; hp="clear"\r\n\r\nhello\r\n');
    const signed = await protectEntity({ entity, signer: id(alice), opaqueSignature: true });
    const report = await openMessage(signed.cms, { ...options(), addresses: ["alice@example.org"] });
    assert.equal(report.signature, "signer-mismatch");
    assert.ok(report.findings.some((x) => x.code === "protected-from-mismatch"));
  });
});

describe("spm verify / spm open", () => {
  test("verify exits 1 on an inner From mismatch, 0 when it matches; open reports the finding", async () => {
    const cli = await buildCli();
    const bad = join(pki.dir, "inner-from.eml");
    const good = join(pki.dir, "inner-from-ok.eml");
    writeFileSync(bad, signedByAlice("ceo@example.org", "From: alice@example.org\r\n"));
    writeFileSync(good, signedByAlice("alice@example.org", "From: alice@example.org\r\n"));
    const args = ["--trust", pki.caCertPath, "--no-system-trust", "--offline"];
    const v = runCli(cli, ["verify", ...args, bad]);
    assert.equal(v.status, 1, v.stderr);
    assert.equal((JSON.parse(v.stdout.toString()) as { signature: string }).signature, "signer-mismatch");
    assert.equal(runCli(cli, ["verify", ...args, good]).status, 0);
    const o = runCli(cli, ["open", ...args, bad]);
    const report = JSON.parse(o.stdout.toString()) as { findings: { code: string; text: string }[]; protectedHeaders: { from: string[] } };
    assert.deepEqual(report.protectedHeaders.from, ["ceo@example.org"]);
    const f = report.findings.find((x) => x.code === "protected-from-mismatch");
    assert.match(f?.text ?? "", /ceo@example\.org.*alice@example\.org/);
    assert.equal(o.status, 1);
  });
});
