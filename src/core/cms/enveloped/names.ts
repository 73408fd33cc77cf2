/** Readable distinguished names for recipient summaries (display only, never compared). */
import * as asn1js from "asn1js";
import { children, oidValue, type Node } from "./ber-reader";

const SHORT_NAMES: Record<string, string> = {
  "2.5.4.3": "CN",
  "2.5.4.4": "SN",
  "2.5.4.42": "GN",
  "2.5.4.5": "serialNumber",
  "2.5.4.6": "C",
  "2.5.4.7": "L",
  "2.5.4.8": "ST",
  "2.5.4.9": "street",
  "2.5.4.10": "O",
  "2.5.4.11": "OU",
  "2.5.4.12": "title",
  "2.5.4.97": "organizationIdentifier",
  "0.9.2342.19200300.100.1.25": "DC",
  "0.9.2342.19200300.100.1.1": "UID",
  "1.2.840.113549.1.9.1": "E",
};

function valueText(node: Node): string {
  const v = (node as unknown as { valueBlock?: { value?: unknown } }).valueBlock?.value;
  if (typeof v === "string") return v;
  if (node instanceof asn1js.BaseStringBlock) return node.getValue();
  return "#" + Array.from((node as unknown as { valueBeforeDecodeView: Uint8Array }).valueBeforeDecodeView ?? [])
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");
}

/** "CN=Alice, O=Example" in the order of the encoding. */
export function readableName(name: Node): string {
  const parts: string[] = [];
  for (const rdn of children(name, "Name")) {
    for (const atv of children(rdn, "RDN")) {
      const [type, value] = children(atv, "attribute");
      if (!value) continue;
      const oid = oidValue(type, "attribute type");
      parts.push(`${SHORT_NAMES[oid] ?? oid}=${valueText(value)}`);
    }
  }
  return parts.join(", ");
}
