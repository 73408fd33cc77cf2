/**
 * AES-CBC over large content in steps, with WebCrypto (which only does whole messages with PKCS#7 padding).
 * One call on 25 MB holds the input, WebCrypto's own copy of it and the output at once; steps of 1 MiB keep
 * that to the output plus a step.
 * - Encrypt: each full step is encrypted alone, chained from the previous ciphertext block; WebCrypto's extra
 *   padding block is dropped (only the last step keeps its padding).
 * - Decrypt: a full step gets one block appended that decrypts to a full padding block: AES-CBC encryption of
 *   nothing with the step's last ciphertext block as IV is exactly E(c_last XOR 16*0x10).
 */
import { SpmError } from "../errors";
import { bufferSource as b } from "./buffer-source";

export const CBC_STEP = 1024 * 1024;

const failed = (cause?: unknown) => new SpmError("DECRYPTION_FAILED", "Decryption failed", { cause });

export function importCbcKey(key: Uint8Array, usages: KeyUsage[]): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", b(key.slice()), { name: "AES-CBC" }, false, usages);
}

/**
 * Encrypt the concatenation of `pieces` (total bytes `total`), yielding the ciphertext step by step. The next
 * step is handed to WebCrypto (which copies its input at the call) before the current one is yielded, so AES on
 * WebCrypto's thread overlaps whatever the consumer does with the chunk.
 */
export async function* cbcEncryptSteps(key: CryptoKey, iv: Uint8Array, pieces: Uint8Array[], total: number, step = CBC_STEP): AsyncGenerator<Uint8Array> {
  const buffer = new Uint8Array(Math.min(step, total));
  let piece = 0;
  let pieceOffset = 0;
  let done = 0;
  const start = (chain: Uint8Array): { take: number; result: Promise<ArrayBuffer> } => {
    const take = Math.min(step, total - done);
    let filled = 0;
    while (filled < take) {
      const src = pieces[piece];
      const n = Math.min(take - filled, src.length - pieceOffset);
      buffer.set(src.subarray(pieceOffset, pieceOffset + n), filled);
      filled += n;
      pieceOffset += n;
      if (pieceOffset === src.length) {
        piece++;
        pieceOffset = 0;
      }
    }
    done += take;
    return { take, result: crypto.subtle.encrypt({ name: "AES-CBC", iv: b(chain.slice()) }, key, b(buffer.subarray(0, take))) };
  };
  let current = start(iv);
  for (;;) {
    const out = new Uint8Array(await current.result);
    const take = current.take;
    if (take < step) {
      // The last step (possibly empty): its output ends with the real padding.
      yield out;
      return;
    }
    // A full step: its ciphertext is the first `take` bytes; the rest is WebCrypto's padding block.
    current = start(out.subarray(take - 16, take));
    yield out.subarray(0, take);
  }
}

/**
 * Decrypt AES-CBC ciphertext with PKCS#7 padding (checked by WebCrypto on the last step); DECRYPTION_FAILED on any
 * failure. `inPlace`: the plaintext is written over `data` (each step after WebCrypto has its copy) and returned as
 * a view of it; `data` is then changed even on failure.
 */
export async function cbcDecryptSteps(cek: Uint8Array, iv: Uint8Array, data: Uint8Array, step = CBC_STEP, inPlace = false): Promise<Uint8Array> {
  if (iv.length !== 16 || data.length === 0 || data.length % 16 !== 0 || step % 16 !== 0 || step <= 0) throw failed();
  try {
    const key = await importCbcKey(cek, ["encrypt", "decrypt"]);
    const out = inPlace ? data : new Uint8Array(data.length);
    const buffer = new Uint8Array(Math.min(step, data.length) + 16);
    let chain = iv;
    let offset = 0;
    // Full steps while more than one step remains, so the last step is never empty.
    for (; data.length - offset > step; offset += step) {
      const last = data.slice(offset + step - 16, offset + step); // kept: in place, the step is overwritten
      const padBlock = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-CBC", iv: b(last.slice()) }, key, new Uint8Array(0)));
      buffer.set(data.subarray(offset, offset + step), 0);
      buffer.set(padBlock, step);
      const plain = new Uint8Array(await crypto.subtle.decrypt({ name: "AES-CBC", iv: b(chain.slice()) }, key, b(buffer)));
      if (plain.length !== step) throw failed();
      out.set(plain, offset);
      chain = last;
    }
    const plain = new Uint8Array(await crypto.subtle.decrypt({ name: "AES-CBC", iv: b(chain.slice()) }, key, b(data.subarray(offset))));
    out.set(plain, offset);
    return out.subarray(0, offset + plain.length);
  } catch (e) {
    throw e instanceof SpmError && e.code === "DECRYPTION_FAILED" ? e : failed(e);
  }
}
