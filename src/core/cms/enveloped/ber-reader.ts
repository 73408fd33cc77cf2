/**
 * Navigation over asn1js nodes from `parseBer`. Every accessor checks the tag and throws
 * MALFORMED with the name of the field, so truncated or garbage input never leaks a TypeError.
 */
import * as asn1js from "asn1js";
import { SpmError } from "../../errors";
import { concatBytes } from "../../bytes";

export type Node = asn1js.AsnType;

const UNIVERSAL = 1;
const CONTEXT = 3;

export function malformed(what: string): SpmError {
  return new SpmError("MALFORMED", `The CMS message is malformed (${what})`);
}

interface IdBlock {
  tagClass: number;
  tagNumber: number;
  isConstructed: boolean;
}

function idOf(node: Node): IdBlock {
  const id = (node as unknown as { idBlock?: IdBlock }).idBlock;
  if (!id) throw malformed("not an ASN.1 element");
  return id;
}

export function isContext(node: Node | undefined, tagNumber: number): boolean {
  if (!node) return false;
  const id = idOf(node);
  return id.tagClass === CONTEXT && id.tagNumber === tagNumber;
}

export function isUniversal(node: Node | undefined, tagNumber: number): boolean {
  if (!node) return false;
  const id = idOf(node);
  return id.tagClass === UNIVERSAL && id.tagNumber === tagNumber;
}

/** Children of a constructed node (end-of-content markers dropped). */
export function children(node: Node, what: string): Node[] {
  const id = idOf(node);
  const value = (node as unknown as { valueBlock?: { value?: unknown } }).valueBlock?.value;
  if (!id.isConstructed || !Array.isArray(value)) throw malformed(`${what} is not constructed`);
  return (value as Node[]).filter((c) => !(idOf(c).tagClass === UNIVERSAL && idOf(c).tagNumber === 0));
}

export function sequenceChildren(node: Node | undefined, what: string, min = 0): Node[] {
  if (!isUniversal(node, 16)) throw malformed(`${what} is not a SEQUENCE`);
  const list = children(node as Node, what);
  if (list.length < min) throw malformed(`${what} is incomplete`);
  return list;
}

/** Contents of [n] EXPLICIT: the single inner element. */
export function explicitInner(node: Node, what: string): Node {
  const list = children(node, what);
  if (list.length !== 1) throw malformed(`${what} must hold one element`);
  return list[0];
}

export function oidValue(node: Node | undefined, what: string): string {
  if (!isUniversal(node, 6) || !(node instanceof asn1js.ObjectIdentifier)) throw malformed(`${what} is not an OID`);
  const s = node.valueBlock.toString();
  if (!/^\d+(\.\d+)+$/.test(s)) throw malformed(`${what} is not a valid OID`);
  return s;
}

/** Primitive content bytes of any tagged primitive element (a view, not a copy). */
function primitiveBytes(node: Node, what: string): Uint8Array {
  const id = idOf(node);
  const view = (node as unknown as { valueBlock?: { valueHexView?: Uint8Array } }).valueBlock?.valueHexView;
  if (id.isConstructed || !(view instanceof Uint8Array)) throw malformed(`${what} is not primitive`);
  return view;
}

/**
 * OCTET STRING content, primitive or constructed (BER segments from `openssl cms -stream`), for a
 * universal OCTET STRING or an IMPLICIT tagged one. Primitive content is returned as a view.
 */
export function octets(node: Node | undefined, what: string, depth = 0): Uint8Array {
  if (!node) throw malformed(`${what} is missing`);
  if (depth > 8) throw malformed(`${what} nests too deep`);
  const id = idOf(node);
  if (!id.isConstructed) return primitiveBytes(node, what);
  const parts = children(node, what).map((c) => {
    if (!isUniversal(c, 4)) throw malformed(`${what} has a non-OCTET STRING segment`);
    return octets(c, what, depth + 1);
  });
  return parts.length === 1 ? parts[0] : concatBytes(...parts);
}

export function octetString(node: Node | undefined, what: string): Uint8Array {
  if (!isUniversal(node, 4)) throw malformed(`${what} is not an OCTET STRING`);
  return octets(node, what);
}

/** INTEGER content bytes (two's complement, as encoded). */
export function integerBytes(node: Node | undefined, what: string): Uint8Array {
  if (!isUniversal(node, 2)) throw malformed(`${what} is not an INTEGER`);
  const b = primitiveBytes(node as Node, what);
  if (b.length === 0) throw malformed(`${what} is empty`);
  return b;
}

export function smallInteger(node: Node | undefined, what: string): number {
  const b = integerBytes(node, what);
  if (b.length > 4 || b[0] & 0x80) throw malformed(`${what} is out of range`);
  return b.reduce((n, x) => n * 256 + x, 0);
}

export function bitStringBytes(node: Node | undefined, what: string): Uint8Array {
  if (!isUniversal(node, 3) || idOf(node as Node).isConstructed) throw malformed(`${what} is not a BIT STRING`);
  const vb = (node as asn1js.BitString).valueBlock;
  if (vb.unusedBits !== 0) throw malformed(`${what} has unused bits`);
  return vb.valueHexView;
}

/** The exact encoding of an element as it appeared in the input (a view). */
export function encodingOf(node: Node, what: string): Uint8Array {
  const v = (node as unknown as { valueBeforeDecodeView?: Uint8Array }).valueBeforeDecodeView;
  if (!(v instanceof Uint8Array) || v.length === 0) throw malformed(`${what} has no encoding`);
  return v;
}

export interface AlgorithmId {
  oid: string;
  parameters?: Node;
}

export function algorithmId(node: Node | undefined, what: string): AlgorithmId {
  const list = sequenceChildren(node, what, 1);
  if (list.length > 2) throw malformed(`${what} has extra fields`);
  const parameters = list[1] && !isUniversal(list[1], 5) ? list[1] : undefined;
  return { oid: oidValue(list[0], `${what} algorithm`), parameters };
}
