/**
 * Digests of content given in pieces (a file read while it is signed). WebCrypto only hashes one buffer at once,
 * so without help the pieces are joined first; a host with a native incremental hash (the CLI: Node's
 * createHash) installs it and nothing is joined or copied.
 */
import { concatBytes } from "../bytes";
import { SpmError } from "../errors";
import type { ContentSource } from "../types";
import { digest, type HashName } from "./hash";

export interface HashStream {
  update(piece: Uint8Array): void;
  digest(): Uint8Array;
}
export type NativeHash = (name: HashName) => HashStream;

let native: NativeHash | undefined;

export function installNativeHash(hash: NativeHash | undefined): void {
  native = hash;
}

const changed = () => new SpmError("INVALID_ARGUMENT", "The content is not as long as announced (the input changed while it was read)");

/** The digest of a content source; INVALID_ARGUMENT when its pieces do not add up to its length. */
export async function digestSource(name: HashName, source: ContentSource): Promise<Uint8Array> {
  let length = 0;
  if (native) {
    const stream = native(name);
    for (const piece of source.pieces) {
      stream.update(piece);
      length += piece.length;
    }
    if (length !== source.length) throw changed();
    return stream.digest();
  }
  // Pieces may be reused storage: each is copied as it comes.
  const pieces: Uint8Array[] = [];
  for (const piece of source.pieces) {
    pieces.push(piece.slice());
    length += piece.length;
  }
  if (length !== source.length) throw changed();
  return digest(name, concatBytes(...pieces));
}

/**
 * The digest of one buffer with the native hash when there is one: WebCrypto copies its input before hashing
 * (for a 25 MB signed part, 25 MB more at the peak), a native stream reads it where it is. Undefined without one.
 */
export function nativeDigest(name: HashName, data: Uint8Array): Uint8Array | undefined {
  if (!native) return undefined;
  const stream = native(name);
  stream.update(data);
  return stream.digest();
}
