/** Hand-built PKCS#12 files for cases OpenSSL's CLI cannot produce (several keys, odd parameters). */
import { createHmac } from "node:crypto";
import * as asn1js from "asn1js";
import { ctxExplicit, int, type Node, nullValue, objId, octetString, seq, toDer } from "../../../src/core/keys/der";
import { pkcs12Kdf } from "../../../src/core/crypto/kdf";
import { bmpPassword, pbes2Encrypt } from "../../../src/core/keys/pbe";
import { OID } from "../../../src/core/oids";

export const BAG = {
  keyBag: "1.2.840.113549.1.12.10.1.1",
  shrouded: "1.2.840.113549.1.12.10.1.2",
  certBag: "1.2.840.113549.1.12.10.1.3",
  safeContentsBag: "1.2.840.113549.1.12.10.1.6",
  x509: "1.2.840.113549.1.9.22.1",
};

const node = (der: Uint8Array) => asn1js.fromBER(der.slice().buffer).result;

export const certBag = (der: Uint8Array): Node =>
  seq(objId(BAG.certBag), ctxExplicit(0, seq(objId(BAG.x509), ctxExplicit(0, octetString(der)))));

/** Unencrypted KeyBag (PKCS#8 as is). */
export const keyBag = (pkcs8: Uint8Array): Node => seq(objId(BAG.keyBag), ctxExplicit(0, node(pkcs8)));

export async function shroudedKeyBag(pkcs8: Uint8Array, password: string, iterations: number): Promise<Node> {
  const enc = await pbes2Encrypt(pkcs8, password, iterations);
  return seq(objId(BAG.shrouded), ctxExplicit(0, seq(enc.algorithm, octetString(enc.ciphertext))));
}

/** A shrouded key bag with any algorithm identifier and ciphertext (for limit tests). */
export const rawShroudedBag = (algorithm: Node, ciphertext: Uint8Array): Node =>
  seq(objId(BAG.shrouded), ctxExplicit(0, seq(algorithm, octetString(ciphertext))));

export const nestedBag = (...bags: Node[]): Node => seq(objId(BAG.safeContentsBag), ctxExplicit(0, seq(...bags)));

/** PFX with one unencrypted data safe holding `bags`, MAC SHA-256 over it. */
export async function buildPfx(
  bags: Node[],
  password: string,
  macIterations: number,
  computeMac = true,
  passwordBmp = bmpPassword(password),
): Promise<Uint8Array> {
  const authSafe = toDer(seq(seq(objId(OID.data), ctxExplicit(0, octetString(toDer(seq(...bags)))))));
  const salt = new Uint8Array(8).fill(7);
  let mac = new Uint8Array(32);
  if (computeMac) {
    const key = await pkcs12Kdf("SHA-256", passwordBmp, salt, 3, macIterations, 32);
    mac = new Uint8Array(createHmac("sha256", key).update(authSafe).digest());
  }
  return toDer(
    seq(
      int(3),
      seq(objId(OID.data), ctxExplicit(0, octetString(authSafe))),
      seq(seq(seq(objId(OID.sha256), nullValue()), octetString(mac)), octetString(salt), int(macIterations)),
    ),
  );
}
