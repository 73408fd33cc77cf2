/** AES content encryption and key wrap over WebCrypto. Every failure is DECRYPTION_FAILED. */
import { SpmError } from "../errors";
import { bufferSource as b } from "./buffer-source";

const failed = (cause?: unknown) => new SpmError("DECRYPTION_FAILED", "Decryption failed", { cause });

async function aesKey(name: "AES-CBC" | "AES-GCM" | "AES-KW", key: Uint8Array, usages: KeyUsage[]): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", b(key), { name }, false, usages);
}

export async function aesCbcEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const k = await aesKey("AES-CBC", key, ["encrypt"]);
  return new Uint8Array(await crypto.subtle.encrypt({ name: "AES-CBC", iv: b(iv) }, k, b(data)));
}

/** AES-CBC with PKCS#7 padding check (WebCrypto checks it). */
export async function aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  if (iv.length !== 16 || data.length === 0 || data.length % 16 !== 0) throw failed();
  try {
    const k = await aesKey("AES-CBC", key, ["decrypt"]);
    return new Uint8Array(await crypto.subtle.decrypt({ name: "AES-CBC", iv: b(iv) }, k, b(data)));
  } catch (e) {
    throw failed(e);
  }
}

export async function aesGcmEncrypt(
  key: Uint8Array,
  nonce: Uint8Array,
  data: Uint8Array,
  aad?: Uint8Array,
): Promise<{ ciphertext: Uint8Array; tag: Uint8Array }> {
  const k = await aesKey("AES-GCM", key, ["encrypt"]);
  const params: AesGcmParams = { name: "AES-GCM", iv: b(nonce), tagLength: 128 };
  if (aad) params.additionalData = b(aad);
  const out = new Uint8Array(await crypto.subtle.encrypt(params, k, b(data)));
  return { ciphertext: out.subarray(0, out.length - 16), tag: out.subarray(out.length - 16) };
}

export async function aesGcmDecrypt(
  key: Uint8Array,
  nonce: Uint8Array,
  ciphertext: Uint8Array,
  tag: Uint8Array,
  aad?: Uint8Array,
): Promise<Uint8Array> {
  if (![12, 13, 14, 15, 16].includes(tag.length) || nonce.length === 0) throw failed();
  // WebCrypto wants ciphertext || tag in one buffer: the one unavoidable copy of the content.
  const joined = new Uint8Array(ciphertext.length + tag.length);
  joined.set(ciphertext);
  joined.set(tag, ciphertext.length);
  try {
    const k = await aesKey("AES-GCM", key, ["decrypt"]);
    const params: AesGcmParams = { name: "AES-GCM", iv: b(nonce), tagLength: tag.length * 8 };
    if (aad) params.additionalData = b(aad);
    return new Uint8Array(await crypto.subtle.decrypt(params, k, joined));
  } catch (e) {
    throw failed(e);
  }
}

/** RFC 3394 AES key wrap. */
export async function aesKeyWrap(kek: Uint8Array, keyData: Uint8Array): Promise<Uint8Array> {
  const wrapping = await aesKey("AES-KW", kek, ["wrapKey"]);
  const toWrap = await crypto.subtle.importKey("raw", b(keyData), { name: "HMAC", hash: "SHA-256" }, true, ["sign"]);
  return new Uint8Array(await crypto.subtle.wrapKey("raw", toWrap, wrapping, "AES-KW"));
}

export async function aesKeyUnwrap(kek: Uint8Array, wrapped: Uint8Array): Promise<Uint8Array> {
  if (wrapped.length < 24 || wrapped.length % 8 !== 0) throw failed();
  try {
    const unwrapping = await aesKey("AES-KW", kek, ["unwrapKey"]);
    // HMAC accepts a raw key of any length, so the unwrapped bytes can be exported as they are.
    const key = await crypto.subtle.unwrapKey("raw", b(wrapped), unwrapping, "AES-KW", { name: "HMAC", hash: "SHA-256" }, true, [
      "sign",
    ]);
    return new Uint8Array(await crypto.subtle.exportKey("raw", key));
  } catch (e) {
    throw failed(e);
  }
}
