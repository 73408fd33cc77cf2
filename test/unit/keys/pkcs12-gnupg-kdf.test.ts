/**
 * gpgsm 2.2's PKCS#12 KDF quirk (test/fixtures/gpgsm/README.md): a real export that OpenSSL refuses opens in spm
 * after its valid MAC, and the quirk changes nothing for files that other programs wrote.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pkcs12Kdf, pkcs12KdfAsGnupg } from "../../../src/core/crypto/kdf";
import { isSpmError } from "../../../src/core/errors";
import { importPkcs12 } from "../../../src/core/keys";
import { bmpPassword } from "../../../src/core/keys/pbe";
import { FIXTURES_DIR, loadPki, pemToDer } from "../../helpers/fixtures";

const dir = join(FIXTURES_DIR, "gpgsm");
const quirkFile = () => new Uint8Array(readFileSync(join(dir, "minip12-kdf-quirk.p12")));

test("a gpgsm 2.2.40 export whose 3DES key came from minip12's KDF: one identity, the certificate it was made with", async () => {
  const contents = await importPkcs12(quirkFile(), "pw");
  assert.equal(contents.identities.length, 1); // pairing proves the decrypted key belongs to the certificate
  assert.deepEqual(contents.identities[0].certificate, pemToDer(readFileSync(join(dir, "minip12-kdf-quirk.pem"), "utf8")));
});

test("the same file with a wrong password is still a wrong password, not a second guess", async () => {
  await assert.rejects(importPkcs12(quirkFile(), "pw2"), (e: unknown) => isSpmError(e, "WRONG_PASSWORD"));
});

test("minip12's form differs only when a chunk sum starts with a zero byte; otherwise the variant says so", async () => {
  const pw = bmpPassword("pw");
  let same = 0;
  let differs = 0;
  for (let s = 0; s < 600; s++) {
    const salt = new Uint8Array([s & 0xff, s >> 8, 3, 4, 5, 6, 7, 8]);
    const rfc = await pkcs12Kdf("SHA-1", pw, salt, 1, 1, 24);
    const gnupg = await pkcs12KdfAsGnupg({ hash: "SHA-1", passwordBmp: pw, salt, id: 1, iterations: 1, n: 24 });
    if (gnupg === undefined) same++;
    else {
      differs++;
      assert.deepEqual(gnupg.subarray(0, 20), rfc.subarray(0, 20)); // the first block comes before any chunk update
      assert.notDeepEqual(gnupg, rfc);
    }
  }
  // About 2 in 256 (two chunks: salt and password); a one-block key (IV, RC2-40) never differs.
  assert.ok(differs >= 1 && differs < 20, `${differs} of 600`);
  assert.equal(same + differs, 600);
  assert.equal(await pkcs12KdfAsGnupg({ hash: "SHA-1", passwordBmp: pw, salt: new Uint8Array(8), id: 2, iterations: 1, n: 8 }), undefined);
});

test("a file from OpenSSL 3 opens exactly as before", async () => {
  const alice = loadPki("basic").identity("alice");
  const contents = await importPkcs12(new Uint8Array(readFileSync(alice.p12Path)), alice.password);
  assert.deepEqual(contents.identities[0].certificate, alice.certDer);
});
