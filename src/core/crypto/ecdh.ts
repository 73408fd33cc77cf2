/** ECDH (P-256/P-384) over WebCrypto and the ANSI X9.63 KDF used by RFC 5753 key agreement. */
import { SpmError } from "../errors";
import { bufferSource as b } from "./buffer-source";
import { digest, HASH_LENGTH, type HashName } from "./hash";

export type EcCurve = "P-256" | "P-384";

const CURVE_BITS: Record<EcCurve, number> = { "P-256": 256, "P-384": 384 };

/** Ephemeral-static agreement to a recipient's SubjectPublicKeyInfo. Returns our public point (uncompressed). */
export async function ecdhEphemeral(recipientSpki: Uint8Array, curve: EcCurve): Promise<{ publicPoint: Uint8Array; sharedSecret: Uint8Array }> {
  let recipient: CryptoKey;
  try {
    recipient = await crypto.subtle.importKey("spki", b(recipientSpki), { name: "ECDH", namedCurve: curve }, false, []);
  } catch (e) {
    throw new SpmError("CERTIFICATE_UNUSABLE", "The recipient's EC public key cannot be used", { cause: e });
  }
  const ephemeral = (await crypto.subtle.generateKey({ name: "ECDH", namedCurve: curve }, true, ["deriveBits"]));
  const sharedSecret = new Uint8Array(
    await crypto.subtle.deriveBits({ name: "ECDH", public: recipient }, ephemeral.privateKey, CURVE_BITS[curve]),
  );
  const publicPoint = new Uint8Array(await crypto.subtle.exportKey("raw", ephemeral.publicKey));
  return { publicPoint, sharedSecret };
}

/** Static side: our PKCS#8 private key with the originator's public point. Failures are DECRYPTION_FAILED. */
export async function ecdhStatic(privatePkcs8: Uint8Array, curve: EcCurve, peerPoint: Uint8Array): Promise<Uint8Array> {
  let priv: CryptoKey;
  try {
    priv = await crypto.subtle.importKey("pkcs8", b(privatePkcs8), { name: "ECDH", namedCurve: curve }, false, ["deriveBits"]);
  } catch (e) {
    throw new SpmError("INVALID_ARGUMENT", "The private key is not a usable EC key", { cause: e });
  }
  try {
    const peer = await crypto.subtle.importKey("raw", b(peerPoint), { name: "ECDH", namedCurve: curve }, false, []);
    return new Uint8Array(await crypto.subtle.deriveBits({ name: "ECDH", public: peer }, priv, CURVE_BITS[curve]));
  } catch (e) {
    throw new SpmError("DECRYPTION_FAILED", "Decryption failed", { cause: e });
  }
}

/** ANSI X9.63 KDF: Hash(Z || counter32 || SharedInfo) for counter = 1, 2, ... (SEC 1 3.6.1). */
export async function x963Kdf(hash: HashName, z: Uint8Array, sharedInfo: Uint8Array, length: number): Promise<Uint8Array> {
  const hLen = HASH_LENGTH[hash];
  const out = new Uint8Array(Math.ceil(length / hLen) * hLen);
  const input = new Uint8Array(z.length + 4 + sharedInfo.length);
  input.set(z);
  input.set(sharedInfo, z.length + 4);
  for (let counter = 1, o = 0; o < length; counter++, o += hLen) {
    new DataView(input.buffer).setUint32(z.length, counter);
    out.set(await digest(hash, input), o);
  }
  return out.slice(0, length);
}
