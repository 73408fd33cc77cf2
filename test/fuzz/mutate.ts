/**
 * Inputs for the fuzz driver: fast-check arbitraries that mutate seed inputs the way libFuzzer's mutators do
 * (bit flips, interesting bytes, insertions, deletions, duplicated and spliced ranges, truncation, ASN.1 length
 * bytes), plus plain random bytes. Structure-preserving mutations of real messages reach far deeper into the
 * parsers than random bytes, which mostly stop at the first tag or header line.
 */
import fc from "fast-check";

type Mutation = (input: Uint8Array, seeds: Uint8Array[]) => Uint8Array;

const INTERESTING = [0x00, 0x01, 0x7f, 0x80, 0x81, 0x82, 0x84, 0xff, 0x30, 0x31, 0xa0, 0x04, 0x06, 0x0a, 0x0d, 0x3a, 0x2d, 0x3d, 0x22];

function at(input: Uint8Array, r: number): number {
  return input.length === 0 ? 0 : Math.floor(r * input.length);
}

function mutation(): fc.Arbitrary<Mutation> {
  const pos = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
  return fc.oneof(
    fc.tuple(pos, fc.integer({ min: 0, max: 7 })).map(([p, bit]): Mutation => (input) => {
      const out = input.slice();
      if (out.length) out[at(out, p)] ^= 1 << bit;
      return out;
    }),
    fc.tuple(pos, fc.constantFrom(...INTERESTING)).map(([p, v]): Mutation => (input) => {
      const out = input.slice();
      if (out.length) out[at(out, p)] = v;
      return out;
    }),
    fc.tuple(pos, fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([p, bytes]): Mutation => (input) => {
      const i = at(input, p);
      return Uint8Array.from([...input.subarray(0, i), ...bytes, ...input.subarray(i)]);
    }),
    fc.tuple(pos, fc.integer({ min: 1, max: 64 })).map(([p, n]): Mutation => (input) => {
      const i = at(input, p);
      return Uint8Array.from([...input.subarray(0, i), ...input.subarray(i + n)]);
    }),
    fc.tuple(pos, pos, fc.integer({ min: 1, max: 256 }), fc.integer({ min: 1, max: 8 })).map(([p, q, n, times]): Mutation => (input) => {
      const from = at(input, p);
      const chunk = input.subarray(from, from + n);
      const i = at(input, q);
      const parts = [input.subarray(0, i), ...Array.from({ length: times }, () => chunk), input.subarray(i)];
      return Uint8Array.from(parts.flatMap((x) => [...x]));
    }),
    fc.tuple(pos, pos, fc.nat()).map(([p, q, k]): Mutation => (input, seeds) => {
      const other = seeds[k % seeds.length];
      return Uint8Array.from([...input.subarray(0, at(input, p)), ...other.subarray(at(other, q))]);
    }),
    pos.map((p): Mutation => (input) => input.slice(0, at(input, p))),
    // A DER length byte: the byte after a constructed tag (0x30/0x31/0xa0..) set to long-form or huge values.
    fc.tuple(fc.nat(), fc.constantFrom(0x80, 0x81, 0x82, 0x83, 0x84, 0x7f, 0x00, 0xff)).map(([k, v]): Mutation => (input) => {
      const tags: number[] = [];
      for (let i = 0; i + 1 < input.length; i++) if (input[i] === 0x30 || input[i] === 0x31 || (input[i] & 0xe0) === 0xa0) tags.push(i + 1);
      const out = input.slice();
      if (tags.length) out[tags[k % tags.length]] = v;
      return out;
    }),
  );
}

/** Mostly mutated seeds (1 to 8 mutations), sometimes plain random bytes. */
export function fuzzInput(seeds: Uint8Array[]): fc.Arbitrary<Uint8Array> {
  const mutated = fc
    .tuple(fc.nat({ max: seeds.length - 1 }), fc.array(mutation(), { minLength: 1, maxLength: 8 }))
    .map(([k, ms]) => ms.reduce((x, m) => m(x, seeds), seeds[k]));
  return fc.oneof({ weight: 9, arbitrary: mutated }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2048 }) });
}
