/**
 * openMessage over a source read on demand (the CLI's `spm verify` of a message file) must say exactly what it
 * says over the same bytes in memory: valid, altered, bare-LF, encrypted, bare CMS and junk alike. And a
 * clear-signed message is verified without its signed part ever being handed out whole.
 */
import assert from "node:assert/strict";
import { describe, it } from "@jest/globals";
import { bytesEqual, concatByteList, latin1Decode, latin1Encode, utf8Encode } from "../../../src/core/bytes";
import { chunks, type ByteSource } from "../../../src/core/byte-source";
import { isSpmError } from "../../../src/core/errors";
import { buildDraftEntity, buildMessage } from "../../../src/core/mime";
import { headIsMessage, openMessage, protectEntity, reportToJson, type OpenOptions } from "../../../src/core/smime";
import { asIdentity, loadPki } from "../../helpers/fixtures";
import { chunkedSource } from "../../helpers/chunked-source";

const pki = loadPki("basic");
const alice = asIdentity(pki.identity("alice"));
const bob = asIdentity(pki.identity("bob"));
const options: OpenOptions = { anchors: [pki.caCertDer], keys: [bob] };

const headers = { from: { address: "alice@example.org" }, to: [{ address: "bob@example.org" }], cc: [], subject: "Befund", date: new Date("2026-12-01T09:00:00Z") };

function draft(attachmentBytes: number) {
  const content = new Uint8Array(attachmentBytes).map((_, i) => (i * 7919) & 0xff);
  return { ...headers, text: "Der Befund ist beigefügt.", attachments: [{ name: "befund.pdf", contentType: "application/pdf", content }] };
}

async function clearSigned(attachmentBytes = 3000): Promise<Uint8Array> {
  const signed = await protectEntity({ entity: buildDraftEntity(draft(attachmentBytes), { headerProtection: "clear" }), signer: alice });
  return buildMessage(headers, signed.entity);
}

async function outcome(input: Uint8Array | ByteSource): Promise<unknown> {
  try {
    const report = await openMessage(input, options);
    return { json: reportToJson(report), content: latin1Decode(report.content) };
  } catch (e) {
    if (isSpmError(e)) return `${e.code}: ${e.message}`;
    throw e;
  }
}

async function sameBothWays(bytes: Uint8Array): Promise<unknown> {
  const expected = await outcome(bytes);
  for (const chunkSize of [13, 4096]) assert.deepEqual(await outcome(chunkedSource(bytes, chunkSize)), expected, `chunk ${chunkSize}`);
  return expected;
}

describe("headIsMessage: which file heads can be read on demand", () => {
  it("says message only where classifyInput would say so whatever follows", () => {
    const head = (text: string) => headIsMessage(latin1Encode(text));
    assert.equal(head("From: alice@example.org\r\n"), true);
    assert.equal(head("\u0000\u0001 junk"), true); // not CMS in any form: classifyInput calls it MIME (then refused)
    assert.equal(head("\r\n  \t"), false); // nothing yet: all of it decides
    assert.equal(head("0\x82\x01"), false); // DER
    assert.equal(head("-----BEGIN PKCS7-----"), false);
    assert.equal(head("  MIAGCSqGSIb3DQEHA6CAMIACAQAx"), false); // base64 so far
  });
});

describe("openMessage over a chunked source", () => {
  it("reports a clear-signed message exactly as in memory, and an altered one as altered", async () => {
    const message = await clearSigned();
    const valid = (await sameBothWays(message)) as { json: { signature: string } };
    assert.equal(valid.json.signature, "valid");
    const text = latin1Decode(message);
    const altered = latin1Encode(text.replace("Der Befund ist", "Der Befund war"));
    assert.notEqual(latin1Decode(altered), text, "the text to alter is in the signed part");
    const invalid = (await sameBothWays(altered)) as { json: { signature: string } };
    assert.equal(invalid.json.signature, "invalid");
  });

  it("verifies a bare-LF copy over its CRLF form in both, and shows that form", async () => {
    const lf = latin1Encode(latin1Decode(await clearSigned()).replace(/\r\n/g, "\n"));
    const result = (await sameBothWays(lf)) as { json: { signature: string; findings: { code: string }[] }; content: string };
    assert.equal(result.json.signature, "valid");
    assert.ok(result.json.findings.some((f) => f.code === "line-endings-canonicalized"));
    assert.ok(result.content.includes("\r\n"));
  });

  it("opens encrypted mail, bare CMS and junk the same way", async () => {
    const entity = buildDraftEntity(draft(500));
    const encrypted = await protectEntity({ entity, signer: alice, recipients: [{ certificate: bob.certificate }] });
    assert.equal(((await sameBothWays(buildMessage(headers, encrypted.entity))) as { json: { signature: string } }).json.signature, "valid");
    await sameBothWays(encrypted.cms);
    const opaque = await protectEntity({ entity, signer: alice, opaqueSignature: true });
    await sameBothWays(opaque.cms);
    assert.match(String(await sameBothWays(utf8Encode("\u0000\u0001 not a message at all"))), /^MALFORMED/);
  });

  it("never hands out the signed part of a large clear-signed message whole", async () => {
    const message = await clearSigned(4_000_000);
    const source = chunkedSource(message, 64 * 1024);
    const report = await openMessage(source, options);
    assert.equal(report.signature, "valid");
    assert.equal(report.contentLength, report.contentSource?.length);
    assert.ok(source.handedOut < message.length / 20, `${source.handedOut} of ${message.length} bytes handed out`);
    // The content is still all there, in chunks and (read whole on demand) as `content`.
    const pieces = Array.from(chunks(report.contentSource as ByteSource), (w) => w.slice()); // each chunk is reused: copy it as it comes
    // bytesEqual, not deepEqual: the arrays come from two realms (Jest's and the module's), and deepEqual would
    // then compare 5 MB as object properties.
    assert.ok(bytesEqual(concatByteList(pieces), report.content));
    assert.ok(bytesEqual(report.content, (await openMessage(message, options)).content));
  });
});
