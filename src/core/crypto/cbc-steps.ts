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

/**
 * A streaming AES-CBC cipher with PKCS#7 padding, as a host's native crypto has one (Node's createCipheriv; the
 * CLI installs it): `update` returns what is ready (the decrypting side holds back the last block), `final`
 * the rest, checking the padding when decrypting (it throws on bad padding). Key and IV are copied at creation.
 */
export interface CbcStream {
  update(input: Uint8Array): Uint8Array;
  final(): Uint8Array;
}
export type NativeCbc = (direction: "encrypt" | "decrypt", key: Uint8Array, iv: Uint8Array) => CbcStream;

let native: NativeCbc | undefined;

/**
 * Install (or with undefined remove) a native streaming AES-CBC. WebCrypto has only one-shot calls: the steps
 * below emulate streaming with two calls per step and a copy of every step inside WebCrypto, which a native
 * stream needs neither of (25 MB: about a third of the time).
 */
export function installNativeCbc(cbc: NativeCbc | undefined): void {
  native = cbc;
}

/** The installed native stream for one direction, if any (for callers that stream content themselves). */
export function nativeCbcStream(direction: "encrypt" | "decrypt"): ((key: Uint8Array, iv: Uint8Array) => CbcStream) | undefined {
  const cbc = native;
  return cbc ? (key, iv) => cbc(direction, key, iv) : undefined;
}

/**
 * Encrypt the concatenation of `pieces` (total bytes `total`), yielding the ciphertext step by step. Pieces may be
 * produced lazily (a file read as it is encrypted); if they do not add up to `total`, INVALID_ARGUMENT.
 */
export type CbcEncryption = (pieces: Iterable<Uint8Array>, total: number, step?: number) => AsyncGenerator<Uint8Array>;

const changed = () => new SpmError("INVALID_ARGUMENT", "The content is not as long as announced (the input changed while it was read)");

/** Reads consecutive byte ranges out of a sequence of pieces. */
class PieceReader {
  private readonly iterator: Iterator<Uint8Array>;
  private current: Uint8Array = new Uint8Array(0);
  private offset = 0;

  constructor(pieces: Iterable<Uint8Array>) {
    this.iterator = pieces[Symbol.iterator]();
  }

  /** Up to `max` bytes as a view of the current piece (never empty unless the pieces are exhausted). */
  next(max: number): Uint8Array {
    while (this.offset === this.current.length) {
      const r = this.iterator.next();
      if (r.done) return new Uint8Array(0);
      this.current = r.value;
      this.offset = 0;
    }
    const view = this.current.subarray(this.offset, Math.min(this.current.length, this.offset + max));
    this.offset += view.length;
    return view;
  }

  /** Exactly `length` bytes into `into` (INVALID_ARGUMENT when the pieces end first). */
  fill(into: Uint8Array, length: number): void {
    for (let filled = 0; filled < length; ) {
      const view = this.next(length - filled);
      if (view.length === 0) throw changed();
      into.set(view, filled);
      filled += view.length;
    }
  }

  /** INVALID_ARGUMENT when bytes are left over. */
  end(): void {
    if (this.next(1).length > 0) throw changed();
  }
}

/**
 * The encryption for a content key, prepared at once (the caller may wipe `key` as soon as this returns): the
 * native stream when one is installed, else WebCrypto in steps.
 */
export async function cbcEncryption(key: Uint8Array, iv: Uint8Array): Promise<CbcEncryption> {
  if (native) {
    const stream = native("encrypt", key, iv);
    return (pieces, total, step = CBC_STEP) => nativeEncryptSteps(stream, pieces, total, step);
  }
  const cryptoKey = await importCbcKey(key, ["encrypt"]);
  const chain = iv.slice();
  return (pieces, total, step) => cbcEncryptSteps(cryptoKey, chain, pieces, total, step);
}

async function* nativeEncryptSteps(stream: CbcStream, pieces: Iterable<Uint8Array>, total: number, step: number): AsyncGenerator<Uint8Array> {
  const reader = new PieceReader(pieces);
  for (let done = 0; done < total; ) {
    const view = reader.next(Math.min(step, total - done));
    if (view.length === 0) throw changed();
    done += view.length;
    const out = stream.update(view);
    if (out.length > 0) yield out;
  }
  reader.end();
  yield stream.final();
}

const failed = (cause?: unknown) => new SpmError("DECRYPTION_FAILED", "Decryption failed", { cause });

export function importCbcKey(key: Uint8Array, usages: KeyUsage[]): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", b(key.slice()), { name: "AES-CBC" }, false, usages);
}

/**
 * Encrypt the concatenation of `pieces` (total bytes `total`), yielding the ciphertext step by step. The next
 * step is handed to WebCrypto (which copies its input at the call) before the current one is yielded, so AES on
 * WebCrypto's thread overlaps whatever the consumer does with the chunk.
 */
export async function* cbcEncryptSteps(
  key: CryptoKey,
  iv: Uint8Array,
  pieces: Iterable<Uint8Array>,
  total: number,
  step = CBC_STEP,
): AsyncGenerator<Uint8Array> {
  const buffer = new Uint8Array(Math.min(step, total));
  const reader = new PieceReader(pieces);
  let done = 0;
  const start = (chain: Uint8Array): { take: number; result: Promise<ArrayBuffer> } => {
    const take = Math.min(step, total - done);
    reader.fill(buffer, take);
    if (take < step) reader.end();
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
  if (native) return nativeDecrypt(native, cek, iv, data, step, inPlace);
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

/**
 * Decrypt through a native stream. In place, each output lands at or before the input already consumed (the
 * output so far is never longer than the input so far), so nothing is overwritten before it is read.
 */
function nativeDecrypt(cbc: NativeCbc, cek: Uint8Array, iv: Uint8Array, data: Uint8Array, step: number, inPlace: boolean): Uint8Array {
  const out = inPlace ? data : new Uint8Array(data.length);
  let length = 0;
  try {
    const stream = cbc("decrypt", cek, iv);
    for (let at = 0; at < data.length; at += step) {
      const plain = stream.update(data.subarray(at, Math.min(data.length, at + step)));
      out.set(plain, length);
      length += plain.length;
    }
    const last = stream.final();
    out.set(last, length);
    length += last.length;
  } catch (e) {
    throw failed(e);
  }
  return out.subarray(0, length);
}
