/**
 * Node's native paths behind the core's small hooks. src/core stays runtime-neutral (no node:* imports); the CLI
 * runs only on Node, so it hands the core Node's C++ base64 decoder (about twice the speed of the JavaScript one
 * on a 36 MB body; the core checks every answer, see src/core/base64.ts) and OpenSSL's streaming AES-CBC
 * (WebCrypto only does one-shot calls, which the core has to split into steps with a copy each), and OpenSSL's raw
 * RSA private operation (the core's BigInt one takes about 10 ms for RSA-2048), and incremental hashing (WebCrypto
 * hashes one buffer: a file signed as it is read would have to be joined first).
 */
import { constants, createCipheriv, createDecipheriv, createHash, createPrivateKey, privateDecrypt, type KeyObject } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { installNativeBase64, type NativeBase64Decode } from "../core/base64";
import { installNativeCbc, installNativeHash, installNativeRsaPrivate, type CbcStream, type NativeCbc, type NativeHash, type NativeRsaPrivate, type RsaPrivateKey } from "../core/crypto";

/**
 * Node's decoder skips characters outside the alphabet and stops at "=" (checked in
 * test/unit/bytes/base64.test.ts): it never writes bytes for junk, which is the contract the core relies on.
 */
export const nodeBase64Decode: NativeBase64Decode = (text, start, end, out, offset) => {
  const source = Buffer.from(text.buffer, text.byteOffset, text.length);
  const target = Buffer.from(out.buffer, out.byteOffset, out.length);
  return target.write(source.toString("latin1", start, end), offset, "base64");
};

/**
 * Every `update` returns a new buffer, freed only when V8 collects; with nothing else allocating, V8 does not
 * collect during a 25 MB message and the dead buffers pile up (about 15 MiB of peak memory). A minor collection
 * every few MiB frees them for about 1 ms each. `gc` is exposed the way Jest's leak detector does it.
 */
function youngCollector(): () => void {
  let gc: ((options: { type: "minor" }) => void) | undefined;
  return () => {
    if (!gc) {
      setFlagsFromString("--expose-gc");
      const exposed = runInNewContext("gc") as unknown;
      gc = typeof exposed === "function" ? (exposed as (options: { type: "minor" }) => void) : () => undefined;
    }
    gc?.({ type: "minor" });
  };
}

const COLLECT_EVERY = 8 * 1024 * 1024;

export function nodeCbc(collect: () => void): NativeCbc {
  return (direction, key, iv) => {
    const algorithm = `aes-${key.length * 8}-cbc`;
    const cipher = direction === "encrypt" ? createCipheriv(algorithm, key, iv) : createDecipheriv(algorithm, key, iv);
    let sinceCollect = 0;
    const stream: CbcStream = {
      update(input) {
        const out = cipher.update(input);
        sinceCollect += out.length;
        if (sinceCollect >= COLLECT_EVERY) {
          sinceCollect = 0;
          collect();
        }
        return out;
      },
      final: () => cipher.final(),
    };
    return stream;
  };
}

const base64url = (n: bigint) => {
  const hex = n.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, "hex").toString("base64url");
};
const rsaKeys = new WeakMap<RsaPrivateKey, KeyObject>();

/** Raw RSA (no padding; the core does PKCS#1 and OAEP, with implicit rejection, itself). */
export const nodeRsaPrivate: NativeRsaPrivate = (key, ciphertext) => {
  let keyObject = rsaKeys.get(key);
  if (!keyObject) {
    const { n, e, d, p, q, dp, dq, qInv } = key;
    const jwk = { kty: "RSA", n: base64url(n), e: base64url(e), d: base64url(d), p: base64url(p), q: base64url(q), dp: base64url(dp), dq: base64url(dq), qi: base64url(qInv) };
    keyObject = createPrivateKey({ key: jwk, format: "jwk" });
    rsaKeys.set(key, keyObject);
  }
  return privateDecrypt({ key: keyObject, padding: constants.RSA_NO_PADDING }, ciphertext);
};

/** "SHA-256" -> Node's "sha256". */
export const nodeHash: NativeHash = (name) => {
  const hash = createHash(name.replace("-", "").toLowerCase());
  return { update: (piece) => void hash.update(piece), digest: () => new Uint8Array(hash.digest()) };
};

export function installNodeNatives(): void {
  installNativeHash(nodeHash);
  installNativeBase64(nodeBase64Decode);
  installNativeCbc(nodeCbc(youngCollector()));
  installNativeRsaPrivate(nodeRsaPrivate);
}
