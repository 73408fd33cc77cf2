/**
 * Issue 16 as attack classes. Each rule that makes real-world mail open is also a door; these tests keep it narrow.
 * - Line endings: only bare LF -> CRLF is forgiven, and what is shown is the CRLF form whose signature was checked
 *   (a wider canonicalisation, e.g. bare CR or trailing whitespace, would let an attacker change bytes under a
 *   signature that still verifies; showing the received bytes would show something nobody signed).
 * - Nesting: the layer limit still stops hostile depth, counted in real layers.
 * - Outer signatures: neither rescue a broken inner signature nor spoil a good one.
 * - Date: an old genuine signature under a new Date (a replay) is reported, also with several Date fields.
 * Signatures are our own (committed test PKI); interop with OpenSSL and NSS is test/interop/smime/real-world.test.ts.
 */
import { describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { signData } from "../../../src/core/cms/signed";
import { concatBytes, latin1Decode, latin1Encode, toBase64Lines } from "../../../src/core/bytes";
import { openMessage, protectEntity, type OpenReport } from "../../../src/core/smime";
import { embedContent } from "../../helpers/cms-surgery";
import { asIdentity, loadPki } from "../../helpers/fixtures";

const pki = loadPki("basic");
const alice = asIdentity(pki.identity("alice"));
const mallory = asIdentity(pki.identity("mallory"));
const bob = asIdentity(pki.identity("bob"));
const ENTITY = "Content-Type: text/plain; charset=us-ascii\r\n\r\nDose: 5 mg  \r\nonce a day.\r\n";
const codes = (r: OpenReport) => r.findings.map((f) => f.code);

/** Alice's multipart/signed over ENTITY (CRLF), with the signed part replaced by `deliveredPart`. */
async function clearSigned(deliveredPart: string, opts: { date?: string; signingTime?: Date } = {}): Promise<Uint8Array> {
  const sig = await signData(latin1Encode(ENTITY), alice, { detached: true, ...(opts.signingTime ? { signingTime: opts.signingTime } : {}) });
  const head = `From: alice@example.org\r\nTo: bob@example.org\r\n${opts.date ? `Date: ${opts.date}\r\n` : ""}MIME-Version: 1.0\r\n`;
  return latin1Encode(
    `${head}Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="b"\r\n\r\n--b\r\n` +
      `${deliveredPart}\r\n--b\r\nContent-Type: application/pkcs7-signature; name="smime.p7s"\r\nContent-Transfer-Encoding: base64\r\n\r\n` +
      `${toBase64Lines(sig)}\r\n--b--\r\n`,
  );
}

const open = (msg: Uint8Array) => openMessage(msg, { keys: [bob], anchors: [pki.caCertDer] });

describe("line endings: one transformation, and the checked bytes are the shown bytes", () => {
  test("LF delivery: valid, and the content is exactly the CRLF bytes that were signed", async () => {
    const r = await open(await clearSigned(ENTITY.replace(/\r\n/g, "\n")));
    assert.equal(r.signature, "valid");
    assert.equal(latin1Decode(r.content), ENTITY);
    assert.ok(codes(r).includes("line-endings-canonicalized"));
  });

  test("mixed LF and CRLF lines (a partly converted file) are the same one transformation", async () => {
    const r = await open(await clearSigned(ENTITY.replace("5 mg  \r\n", "5 mg  \n")));
    assert.equal(r.signature, "valid");
    assert.equal(latin1Decode(r.content), ENTITY);
  });

  for (const [name, delivered] of [
    ["bare CR line endings (old Mac)", ENTITY.replace(/\r\n/g, "\r")],
    ["trailing whitespace dropped (a canonicalisation we do not do)", ENTITY.replace("5 mg  \r\n", "5 mg\n")],
    ["LF plus one changed character", ENTITY.replace(/\r\n/g, "\n").replace("5 mg", "50 mg")],
    ["LF plus an added line", ENTITY.replace(/\r\n/g, "\n") + "and twice at night.\n"],
  ] as const) {
    test(`${name}: invalid`, async () => {
      const r = await open(await clearSigned(delivered));
      assert.equal(r.signature, "invalid");
      assert.ok(!codes(r).includes("line-endings-canonicalized"));
    });
  }

  test("opaque with LF eContent: the CRLF form that was signed is shown, not the LF bytes received", async () => {
    const signed = latin1Encode(ENTITY);
    const der = embedContent(await signData(signed, alice, { detached: true }), latin1Encode(ENTITY.replace(/\r\n/g, "\n")));
    const msg = concatBytes(
      latin1Encode('From: alice@example.org\r\nMIME-Version: 1.0\r\nContent-Type: application/pkcs7-mime; smime-type=signed-data; name="smime.p7m"\r\nContent-Transfer-Encoding: base64\r\n\r\n'),
      latin1Encode(toBase64Lines(der)),
    );
    const r = await open(msg);
    assert.equal(r.signature, "valid");
    assert.equal(latin1Decode(r.content), ENTITY);
  });

  test("content whose signature covers bare LF bytes verifies as received, without the retry", async () => {
    // A signer that signed bare LF (binary content, `openssl cms -binary` on a Unix file): nothing to forgive.
    const lfEntity = ENTITY.replace(/\r\n/g, "\n");
    const sig = await signData(latin1Encode(lfEntity), alice, { detached: true });
    const msg = latin1Encode(
      `From: alice@example.org\r\nMIME-Version: 1.0\r\nContent-Type: multipart/signed; protocol="application/pkcs7-signature"; boundary="b"\r\n\r\n--b\r\n${lfEntity}\r\n--b\r\n` +
        `Content-Type: application/pkcs7-signature\r\nContent-Transfer-Encoding: base64\r\n\r\n${toBase64Lines(sig)}\r\n--b--\r\n`,
    );
    const r = await open(msg);
    assert.equal(r.signature, "valid");
    assert.equal(latin1Decode(r.content), lfEntity);
    assert.ok(!codes(r).includes("line-endings-canonicalized"));
  });
});

describe("nesting: the limit is still there, in real layers", () => {
  async function signedLayers(n: number): Promise<Uint8Array> {
    let entity = latin1Encode(ENTITY);
    for (let i = 0; i < n; i++) entity = (await protectEntity({ entity, signer: alice })).entity;
    return concatBytes(latin1Encode("From: alice@example.org\r\n"), entity);
  }

  test("6 signature layers open (the default limit), 7 are LIMIT_EXCEEDED, a lower limit is honoured", async () => {
    assert.equal((await open(await signedLayers(6))).layers.length, 6);
    await assert.rejects(open(await signedLayers(7)), { code: "LIMIT_EXCEEDED" });
    await assert.rejects(openMessage(await signedLayers(3), { anchors: [pki.caCertDer], config: { maxSmimeLayers: 2 } }), { code: "LIMIT_EXCEEDED" });
  });
});

describe("outer signatures: the content's status is the inner one", () => {
  async function tripleWrap(inner: Uint8Array, outerSigner: typeof alice): Promise<Uint8Array> {
    const encrypted = await protectEntity({ entity: inner, recipients: [{ certificate: bob.certificate }] });
    return concatBytes(latin1Encode("From: alice@example.org\r\nMIME-Version: 1.0\r\n"), (await protectEntity({ entity: encrypted.entity, signer: outerSigner })).entity);
  }

  test("Mallory's valid outer signature does not rescue Alice's altered inner text", async () => {
    const signed = latin1Decode((await protectEntity({ entity: latin1Encode(ENTITY), signer: alice })).entity).replace("5 mg", "50 mg");
    const r = await open(await tripleWrap(latin1Encode(signed), mallory));
    assert.equal(r.signature, "invalid");
    assert.equal(r.outerSignature?.signer?.email, "mallory@example.org");
  });

  test("a broken outer signature does not spoil a good inner one (and the outer signer never becomes the signer)", async () => {
    const inner = (await protectEntity({ entity: latin1Encode(ENTITY), signer: alice })).entity;
    const msg = latin1Decode(await tripleWrap(inner, mallory));
    // Break the outer signature only: the signed part of the outer multipart/signed gets one more header line.
    const broken = latin1Encode(msg.replace(/(boundary="?[^"\r\n]+"?[\s\S]*?\r\n--[^\r\n]+\r\n)/, "$1X-Gateway: rewrote this\r\n"));
    const r = await open(broken);
    assert.equal(r.signature, "valid");
    assert.equal(r.signer?.email, "alice@example.org");
    assert.notEqual(r.outerSignature?.signature, "valid");
    assert.ok(codes(r).includes("outer-signature-not-valid"));
  });
});

describe("Date: an old signature under a new date is reported", () => {
  const january = new Date("2026-01-10T08:00:00Z");
  const now = new Date().toUTCString();

  test("a replayed signature (signed in January, Date today): valid with the warning", async () => {
    const r = await open(await clearSigned(ENTITY, { date: now, signingTime: january }));
    assert.equal(r.signature, "valid");
    assert.ok(codes(r).includes("signing-time-date-mismatch"));
  });

  test("a second, matching Date field does not hide the mismatch", async () => {
    const msg = latin1Decode(await clearSigned(ENTITY, { date: now, signingTime: january }));
    const twice = latin1Encode(msg.replace("MIME-Version", `Date: ${january.toUTCString()}\r\nMIME-Version`));
    assert.ok(codes(await open(twice)).includes("signing-time-date-mismatch"));
  });
});
