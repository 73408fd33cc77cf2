/**
 * asn1js 4 accepts an element whose children run past its own declared length (measured:
 * `30 03 04 05 01 02 03 04 05` parses as a SEQUENCE holding a 5-byte OCTET STRING). Other CMS
 * implementations reject that, so accepting it is a parser differential: refuse it.
 */
import type * as asn1js from "asn1js";
import { SpmError } from "../../errors";

interface Node {
  idBlock: { isConstructed: boolean };
  lenBlock: { isIndefiniteForm: boolean; length: number };
  valueBlock: { value?: unknown };
  valueBeforeDecodeView: Uint8Array;
}

export function assertConsistentLengths(root: asn1js.AsnType, what: string): void {
  const stack: Node[] = [root as unknown as Node];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const children = node.valueBlock.value;
    if (!node.idBlock.isConstructed || !Array.isArray(children)) continue;
    let sum = 0;
    for (const c of children as Node[]) {
      sum += c.valueBeforeDecodeView.byteLength;
      stack.push(c);
    }
    if (!node.lenBlock.isIndefiniteForm && sum !== node.lenBlock.length) {
      throw new SpmError("MALFORMED", `The ${what} is not valid BER (an element overruns its enclosing element)`);
    }
  }
}
