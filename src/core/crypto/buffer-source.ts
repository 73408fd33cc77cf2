/**
 * TypeScript 5.9 types WebCrypto inputs as `Uint8Array<ArrayBuffer>`; our views are typed
 * `Uint8Array<ArrayBufferLike>`. They are never SharedArrayBuffer-backed, so a type-only cast (no copy,
 * which matters for 50 MB content) is correct.
 */
export function bufferSource(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes as Uint8Array<ArrayBuffer>;
}
