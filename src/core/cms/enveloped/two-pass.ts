/**
 * Opening an envelope too large to hold, from a source that can be read twice (a file), with nothing written
 * before the content is known to open:
 * 1. the first pass walks the structure (./envelope-walk.ts) and keeps only the skeleton, the content's length
 *    and its last two blocks. The content key is found as openEnvelope finds it; with AES-CBC the only way
 *    decryption fails is the padding check, and the padding depends on the last two ciphertext blocks alone, so
 *    decrypting those two blocks with each candidate key gives exactly the verdict a whole decryption gives
 *    (a wrong key under PKCS#1 implicit rejection fails here, as it would at the end).
 * 2. the second pass decrypts the content as it is read and hands the plaintext on.
 * Only AES-CBC with a host's native streaming cipher is done this way; anything else (AES-GCM: its tag needs all
 * the content; 3DES; a structure the walk does not take) answers undefined before anything is written, and the
 * caller opens the message in memory. If the source changes between the passes (it must not), the second pass
 * fails at its end (padding, skeleton) after some output: DECRYPTION_FAILED or MALFORMED all the same.
 */
import { resolveConfig, type ConfigOverrides } from "../../config";
import { SpmError } from "../../errors";
import type { KeyPair } from "../../types";
import { cbcDecryptSteps, nativeCbcStream } from "../../crypto/cbc-steps";
import { bytesEqual, wipe } from "../../bytes";
import { withContentKey } from "./content-key";
import { NotThisShape, walkEnvelope } from "./envelope-walk";
import { checkContentCipher, contentParameters, describeOpened, parseStructure, type OpenedEnvelope } from "./open";

/** The content's length and its last 32 bytes, kept as it passes. */
class Tail {
  length = 0;
  readonly last = new Uint8Array(32);

  push(view: Uint8Array): void {
    this.length += view.length;
    if (view.length >= 32) this.last.set(view.subarray(view.length - 32));
    else {
      this.last.copyWithin(0, view.length);
      this.last.set(view, 32 - view.length);
    }
  }
}

const decryptionFailed = () => new SpmError("DECRYPTION_FAILED", "Decryption failed");

/**
 * `read` gives the DER from its start each time it is called. `write` gets the plaintext in order (views valid
 * during the call). Returns what openEnvelope reports besides the content, or undefined (nothing read twice,
 * nothing written) when the message must be opened in memory instead.
 */
export async function openEnvelopeInTwoPasses(
  read: () => Iterable<Uint8Array>,
  keys: KeyPair[],
  write: (plain: Uint8Array) => void,
  options: { config?: ConfigOverrides } = {},
): Promise<Omit<OpenedEnvelope, "content"> | undefined> {
  const config = resolveConfig(options.config);
  const limits = { maxBytes: config.maxAsn1Bytes, maxDepth: config.maxAsn1Depth };
  const tail = new Tail();
  let skeleton: Uint8Array;
  try {
    skeleton = walkEnvelope(read(), limits, (view) => tail.push(view));
  } catch (e) {
    if (e instanceof NotThisShape) return undefined;
    throw e;
  }
  const parsed = parseStructure(skeleton, config, () => new Uint8Array(0));
  const cipher = checkContentCipher(parsed, config.allowLegacy);
  const params = contentParameters(parsed, cipher);
  if (params.mode !== "cbc" || !nativeCbcStream("decrypt")) return undefined;
  if (tail.length === 0 || tail.length % 16 !== 0) throw decryptionFailed();
  // The last block, chained from the one before it (or from the IV when there is only one).
  const lastTwo = tail.last.subarray(tail.length >= 32 ? 0 : 16);
  const chain = tail.length >= 32 ? lastTwo.subarray(0, 16) : params.iv;
  const key = await withContentKey(parsed, keys, config, cipher.keyLength, async (cek) => {
    await cbcDecryptSteps(cek, chain, lastTwo.subarray(lastTwo.length - 16));
    return cek.slice(); // kept for the second pass (withContentKey wipes its own)
  });
  try {
    const stream = nativeCbcStream("decrypt")!(key.value, params.iv);
    const again = walkEnvelope(read(), limits, (view) => write(stream.update(view)));
    let last: Uint8Array;
    try {
      last = stream.final();
    } catch (e) {
      throw new SpmError("DECRYPTION_FAILED", "Decryption failed", { cause: e });
    }
    if (!bytesEqual(again, skeleton)) throw new SpmError("MALFORMED", "The message changed while it was read");
    write(last);
  } catch (e) {
    if (e instanceof NotThisShape) throw new SpmError("MALFORMED", "The message changed while it was read", { cause: e });
    throw e;
  } finally {
    wipe(key.value);
  }
  return describeOpened(parsed, cipher, key);
}
