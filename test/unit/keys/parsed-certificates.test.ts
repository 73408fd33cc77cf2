import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { certificateFromDer } from "../../../src/core/cms/signed/certificate";
import { loadCertificates } from "../../../src/core/keys";
import { loadPki } from "../../helpers/fixtures";

const pki = loadPki("basic");
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

test("a certificate loaded and then signed with is parsed once; the same facts either way", () => {
  const [der] = loadCertificates(pki.identity("alice").certPem);
  const first = certificateFromDer(der);
  assert.equal(certificateFromDer(der).cert, first.cert, "the second call reuses the first parse");
  assert.equal(hex(first.serialValue).replace(/^0+/, ""), pki.identity("alice").serialHex.replace(/^0+/, ""));
  // A fresh array with the same bytes is parsed on its own and gives the same facts.
  const again = certificateFromDer(der.slice());
  assert.notEqual(again.cert, first.cert);
  assert.equal(hex(again.issuerDer), hex(first.issuerDer));
});

test("an array changed after it was parsed is parsed again, never answered from the old parse", () => {
  const der = pki.certDer("bob").slice();
  const before = certificateFromDer(der);
  // Change one byte of the serial number's content: the facts must follow the bytes.
  const at = before.serialDer.byteOffset - before.der.byteOffset + 2;
  der[at] ^= 0x01;
  const after = certificateFromDer(der);
  assert.notEqual(after.cert, before.cert);
  assert.notEqual(hex(after.serialDer), hex(before.serialDer));
  // Bytes that are no certificate any more fail, whatever was parsed before.
  der.fill(0xff, 4, 40);
  assert.throws(() => certificateFromDer(der));
  assert.throws(() => loadCertificates(der), { code: "MALFORMED" });
});

test("trailing data after a certificate is refused by the signing side even once loadCertificates has parsed it", () => {
  const der = pki.certDer("alice");
  const padded = new Uint8Array(der.length + 3);
  padded.set(der);
  padded.set([1, 2, 3], der.length);
  assert.deepEqual(loadCertificates(padded), [der], "loading takes the certificate and leaves what follows");
  assert.throws(() => certificateFromDer(padded), { code: "MALFORMED" });
});
