/**
 * Encrypted content split off a message in memory before parsing (see ./envelope-walk.ts): the pieces are kept
 * as views of the input and joined, in place when the caller owns the input, instead of becoming asn1js nodes
 * and a second copy of the content.
 */
import type { CoreConfig } from "../../config";
import { concatBytes } from "../../bytes";
import { SpmError } from "../../errors";
import { NotThisShape, walkEnvelope } from "./envelope-walk";

export interface SplitContent {
  /** The structure with the encrypted content replaced by an empty primitive [0] (then any trailing bytes). */
  skeleton: Uint8Array;
  /** The encrypted content's pieces, views of the input in order. */
  segments: Uint8Array[];
}

/** Split off the encrypted content; undefined when the general parser should take the whole input. */
export function splitEncryptedContent(cms: Uint8Array, limits: Pick<CoreConfig, "maxAsn1Bytes" | "maxAsn1Depth">): SplitContent | undefined {
  // Over the limits: the general parser refuses it with the usual error.
  if (cms.length > limits.maxAsn1Bytes) return undefined;
  // The general parser's node budget: one node per 256 bytes on top of a base (see asn1.ts).
  const budget = 10_000 + Math.ceil(cms.length / 256);
  const segments: Uint8Array[] = [];
  try {
    const skeleton = walkEnvelope([cms], { maxBytes: limits.maxAsn1Bytes, maxDepth: limits.maxAsn1Depth }, (view) => {
      if (segments.push(view) > budget) throw new SpmError("LIMIT_EXCEEDED", "The CMS message has too many content pieces");
    });
    return { skeleton, segments };
  } catch (e) {
    if (e instanceof NotThisShape) return undefined;
    throw e;
  }
}

/**
 * The pieces as one array. `inPlace`: moved together inside the input they are views of (each piece moves toward
 * the start, over headers already read), for a caller that owns the input and does not use it afterwards.
 */
export function joinSegments(cms: Uint8Array, segments: Uint8Array[], inPlace: boolean): Uint8Array {
  if (segments.length === 1) return segments[0];
  if (!inPlace || segments.length === 0 || segments.some((s) => s.buffer !== cms.buffer)) return concatBytes(...segments);
  const base = segments[0].byteOffset - cms.byteOffset;
  let at = base;
  for (const s of segments) {
    const from = s.byteOffset - cms.byteOffset;
    cms.copyWithin(at, from, from + s.length);
    at += s.length;
  }
  return cms.subarray(base, at);
}
