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
import { buildCli, runCli } from "../../helpers/cli";
import { asIdentity as id, cmsVector, loadPki } from "../../helpers/fixtures";
import { removeDir, tempDir } from "../../helpers/openssl";

const pki = loadPki("basic");
const alice = pki.identity("alice");
const bob = pki.identity("bob");
let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => removeDir(dir));

/**
 * Alice's OpenSSL signature (`openssl cms -sign`, text mode, multipart/signed) over an entity whose protected
 * header (hp="clear") is `From: <innerFrom>` plus `innerExtra`, body "Please wire 40,000 EUR today.", committed
 * under test/fixtures/cms/protected-headers:
 *   ceo-subject-wire            From: ceo@example.org, Subject: Wire
 *   alice-display-subject-wire  From: Alice <ALICE@example.org>, Subject: Wire
 *   alice-subject-wire          From: alice@example.org, Subject: Wire
 *   ceo / alice                 From: ceo@example.org / alice@example.org, no Subject
 * The outer header is put in front here.
 */
type InnerEntity = "ceo-subject-wire" | "alice-display-subject-wire" | "alice-subject-wire" | "ceo" | "alice";
function signedByAlice(inner: InnerEntity, outerHeader: string): Uint8Array {
  return concatBytes(latin1Encode(outerHeader), cmsVector(`protected-headers/${inner}.eml`));
}

const options = () => ({ anchors: [pki.caCertDer] });

describe("protected From against the outer From", () => {
  test("a signed inner From naming someone else is signer-mismatch, not valid", async () => {
    const message = signedByAlice("ceo-subject-wire", "From: alice@example.org\r\nTo: bob@example.org\r\nSubject: Wire\r\n");
    const report = await openMessage(message, options());
    assert.equal(report.signer?.email, "alice@example.org");
    assert.equal(report.signature, "signer-mismatch");
    assert.deepEqual(report.protectedHeaders?.from, ["ceo@example.org"]);
    const f = report.findings.find((x) => x.code === "protected-from-mismatch");
    assert.ok(f, JSON.stringify(report.findings.map((x) => x.code)));
    assert.deepEqual(f.params, { inner: ["ceo@example.org"], outer: ["alice@example.org"] });
  });

  test("matching protected fields (ASCII case aside) leave a valid signature valid", async () => {
    const message = signedByAlice("alice-display-subject-wire", "From: alice@example.org\r\nSubject: Wire\r\n");
    const report = await openMessage(message, options());
    assert.equal(report.signature, "valid", JSON.stringify(report.findings));
    assert.ok(!report.findings.some((x) => x.code.startsWith("protected-")));
  });

  test("signed only (hp=clear): a Subject changed outside is reported", async () => {
    const message = signedByAlice("alice-subject-wire", "From: alice@example.org\r\nSubject: Lunch?\r\n");
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

  test("a protected Date equals an outer Date only as the same RFC 5322 instant, not by a lax date parser", async () => {
    const entity = latin1Encode('From: alice@example.org\r\nDate: Mon, 2 Mar 2026 09:00:00 +0100\r\nContent-Type: text/plain; hp="clear"\r\n\r\nhello\r\n');
    const signed = await protectEntity({ entity, signer: id(alice) });
    const withOuterDate = (date: string) => concatBytes(latin1Encode(`From: alice@example.org\r\nDate: ${date}\r\n`), signed.entity);
    const dateFinding = async (date: string) => {
      const report = await openMessage(withOuterDate(date), options());
      assert.equal(report.signature, "valid", JSON.stringify(report.findings));
      return report.findings.find((x) => x.code === "protected-header-mismatch" && x.params.field === "date");
    };
    // The same instant, another zone and a comment: the same date.
    assert.equal(await dateFinding("Mon, 2 Mar 2026 08:00:00 +0000 (UTC)"), undefined);
    // Forms a mail client does not show as that date (ISO 8601, a bare number) are a difference, whatever
    // JavaScript's Date.parse makes of them.
    assert.ok(await dateFinding("2026-03-02T08:00:00Z"));
    assert.ok(await dateFinding("Mon, 2 Mar 2026 10:00:00 +0100"));
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
    const bad = join(dir, "inner-from.eml");
    const good = join(dir, "inner-from-ok.eml");
    writeFileSync(bad, signedByAlice("ceo", "From: alice@example.org\r\n"));
    writeFileSync(good, signedByAlice("alice", "From: alice@example.org\r\n"));
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
