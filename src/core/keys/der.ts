/** Small, strict accessors over asn1js nodes for the key formats (PKCS#12, PKCS#8, SEC1, PKCS#1). */
import * as asn1js from "asn1js";
import { SpmError } from "../errors";
import { concatBytes } from "../bytes";

export type Node = asn1js.AsnType;

function fail(what: string): never {
  throw new SpmError("MALFORMED", `Unexpected structure in ${what}`);
}

function isUniversal(node: Node, tag: number): boolean {
  return node.idBlock.tagClass === 1 && node.idBlock.tagNumber === tag;
}

export function isContext(node: Node | undefined, tag: number): boolean {
  return node !== undefined && node.idBlock.tagClass === 3 && node.idBlock.tagNumber === tag;
}

/** Children of a SEQUENCE (or SET with `tag` 17). */
export function children(node: Node | undefined, what: string, tag = 16): Node[] {
  if (!node || !isUniversal(node, tag) || !node.idBlock.isConstructed) fail(what);
  return (node as asn1js.Sequence).valueBlock.value;
}

/** Children of a constructed context-specific [tag] (an EXPLICIT wrapper). */
export function explicit(node: Node | undefined, tag: number, what: string): Node {
  if (!isContext(node, tag) || !node!.idBlock.isConstructed) fail(what);
  const inner = (node as asn1js.Constructed).valueBlock.value;
  if (inner.length !== 1) fail(what);
  return inner[0];
}

export function oid(node: Node | undefined, what: string): string {
  if (!node || !(node instanceof asn1js.ObjectIdentifier)) fail(what);
  return node.valueBlock.toString();
}

/** A small non-negative INTEGER (versions, iteration counts, key lengths). */
export function smallInt(node: Node | undefined, what: string): number {
  if (!node || !(node instanceof asn1js.Integer)) fail(what);
  const bytes = node.valueBlock.valueHexView;
  if (bytes.length === 0 || bytes.length > 6 || bytes[0] & 0x80) fail(what);
  let v = 0;
  for (const b of bytes) v = v * 256 + b;
  return v;
}

/** Content of an OCTET STRING or of an IMPLICIT [n] octet string, primitive or constructed (BER). */
export function octets(node: Node | undefined, what: string, depth = 0): Uint8Array {
  if (!node || depth > 8) fail(what);
  const universalOk = isUniversal(node, 4) || node.idBlock.tagClass === 3;
  if (!universalOk) fail(what);
  if (node.idBlock.isConstructed) {
    const parts = (node as asn1js.Constructed).valueBlock.value;
    return concatBytes(...parts.map((p) => octets(p, what, depth + 1)));
  }
  return new Uint8Array((node.valueBlock as unknown as { valueHexView: Uint8Array }).valueHexView);
}

/** Exact DER bytes of a parsed node (as it was in the input). */
export function encoded(node: Node): Uint8Array {
  const view = node.valueBeforeDecodeView;
  return new Uint8Array(view);
}

export function toDer(node: Node): Uint8Array {
  return new Uint8Array(node.toBER(false));
}

// Builders for DER output.
export const seq = (...value: Node[]) => new asn1js.Sequence({ value });
export const set = (...value: Node[]) => new asn1js.Set({ value });
export const objId = (value: string) => new asn1js.ObjectIdentifier({ value });
export const int = (value: number) => new asn1js.Integer({ value });
export const octetString = (bytes: Uint8Array) => new asn1js.OctetString({ valueHex: bytes.slice().buffer });
export const nullValue = () => new asn1js.Null();
export const ctxExplicit = (tagNumber: number, ...value: Node[]) =>
  new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber }, value });
export const ctxImplicitOctets = (tagNumber: number, bytes: Uint8Array) =>
  new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber }, valueHex: bytes.slice().buffer });
