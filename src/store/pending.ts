/**
 * Pending keys: a private key generated for a certificate request, waiting for the CA's certificate.
 * Its id is the SHA-256 (hex) of the SubjectPublicKeyInfo that WebCrypto exports for its public key,
 * so the same key always gets the same id and the id says nothing secret.
 */
import { toArrayBuffer, toHex } from "../core/bytes";
import { SpmError } from "../core/errors";

/** The algorithms our key generation produces (src/core/keys generatePrivateKey), plus P-521 for imports. */
const CANDIDATES: (RsaHashedImportParams | EcKeyImportParams)[] = [
  { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
  { name: "ECDSA", namedCurve: "P-256" },
  { name: "ECDSA", namedCurve: "P-384" },
  { name: "ECDSA", namedCurve: "P-521" },
];

/** A private key cannot be exported as SPKI: go through its JWK, keep the public members, re-import. */
export async function pendingKeyId(subtle: SubtleCrypto, pkcs8: Uint8Array): Promise<string> {
  for (const params of CANDIDATES) {
    let key: CryptoKey;
    try {
      key = await subtle.importKey("pkcs8", toArrayBuffer(pkcs8), params, true, ["sign"]);
    } catch (e) {
      // Not this algorithm (or curve): the next candidate decides; none matching is reported below.
      void e;
      continue;
    }
    const full = await subtle.exportKey("jwk", key);
    const jwk: JsonWebKey = full.kty === "RSA" ? { kty: "RSA", n: full.n, e: full.e } : { kty: "EC", crv: full.crv, x: full.x, y: full.y };
    const publicKey = await subtle.importKey("jwk", jwk, params, true, ["verify"]);
    const spki = new Uint8Array(await subtle.exportKey("spki", publicKey));
    return toHex(new Uint8Array(await subtle.digest("SHA-256", toArrayBuffer(spki))));
  }
  throw new SpmError("INVALID_ARGUMENT", "The private key is not a PKCS#8 RSA or ECDSA (P-256/P-384/P-521) key");
}

/** The encryption context of a pending key: never equal to an identity id (those are bare hex). */
export const pendingKeyContext = (id: string): string => `pending:${id}`;

export const MAX_REQUEST_PEM_CHARS = 64 * 1024;
