/**
 * What decryption needs from the runtime: WebCrypto (keys, RSA/ECDH, AES), IndexedDB (the key store),
 * BigInt (RSA PKCS#1 v1.5 with implicit rejection and blinding) and DOMParser (the HTML sanitizer).
 * Outlook on the web and new Outlook run event handlers in a browser runtime that has all of them; a
 * runtime without one of them gets the "runtime" refusal instead of a failure half-way.
 */
export function missingCapabilities(scope: Record<string, unknown> = globalThis): string[] {
  const missing: string[] = [];
  const crypto = scope.crypto as { subtle?: unknown } | undefined;
  if (!crypto || typeof crypto.subtle !== "object" || crypto.subtle === null) missing.push("crypto.subtle");
  if (!scope.indexedDB) missing.push("indexedDB");
  if (typeof scope.BigInt !== "function") missing.push("BigInt");
  if (typeof scope.DOMParser !== "function") missing.push("DOMParser");
  return missing;
}
