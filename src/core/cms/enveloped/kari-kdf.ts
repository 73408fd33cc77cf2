/** RFC 5753 KEK derivation: X9.63 KDF over the ECDH secret with ECC-CMS-SharedInfo. */
import { x963Kdf, type HashName } from "../../crypto";
import { explicit, octetString, raw, sequence, serialize, type DerElement } from "./der-writer";

/**
 * ECC-CMS-SharedInfo ::= SEQUENCE { keyInfo AlgorithmIdentifier, entityUInfo [0] EXPLICIT OCTET STRING
 * OPTIONAL, suppPubInfo [2] EXPLICIT OCTET STRING (KEK length in bits, 32-bit big-endian) }.
 * keyInfo is the key wrap AlgorithmIdentifier exactly as encoded in the message (as OpenSSL does).
 */
function eccCmsSharedInfo(wrapAlgorithmDer: Uint8Array, kekLength: number, ukm?: Uint8Array): Uint8Array {
  const bits = new Uint8Array(4);
  new DataView(bits.buffer).setUint32(0, kekLength * 8);
  const fields: DerElement[] = [raw(wrapAlgorithmDer)];
  if (ukm) fields.push(explicit(0, octetString(ukm)));
  fields.push(explicit(2, octetString(bits)));
  return serialize(sequence(...fields));
}

export async function deriveKek(
  hash: HashName,
  sharedSecret: Uint8Array,
  wrapAlgorithmDer: Uint8Array,
  kekLength: number,
  ukm?: Uint8Array,
): Promise<Uint8Array> {
  return x963Kdf(hash, sharedSecret, eccCmsSharedInfo(wrapAlgorithmDer, kekLength, ukm), kekLength);
}
