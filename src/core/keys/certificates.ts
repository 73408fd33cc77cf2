/** Certificates from the files users have: PEM (one or many), DER, PKCS#7 certs-only (.p7b/.p7c). */
import * as pkijs from "pkijs";
import { SpmError } from "../errors";
import { parseBer } from "../asn1";
import { OID } from "../oids";
import { latin1Decode, pemDecodeAll } from "../bytes";
import { children, encoded, explicit, oid } from "./der";
import { parseCertificate } from "./key-match";
import { DEFAULT_CONFIG } from "../config";


function fromDer(der: Uint8Array): Uint8Array[] {
  const top = parseBer(der, { what: "certificate file", maxBytes: DEFAULT_CONFIG.maxCertificateFileBytes });
  const fields = children(top, "certificate file");
  // ContentInfo { OID, [0] content } vs Certificate { TBSCertificate, AlgorithmIdentifier, BIT STRING }.
  if (fields.length === 2 && fields[0].idBlock.tagClass === 1 && fields[0].idBlock.tagNumber === 6) {
    const type = oid(fields[0], "PKCS#7 content type");
    if (type !== OID.signedData) {
      throw new SpmError("MALFORMED", `A PKCS#7 file of type ${type} holds no certificate list`);
    }
    let signedData: pkijs.SignedData;
    try {
      signedData = new pkijs.SignedData({ schema: explicit(fields[1], 0, "PKCS#7 content") });
    } catch (e) {
      throw new SpmError("MALFORMED", "Not a valid PKCS#7 certificate list", { cause: e });
    }
    return (signedData.certificates ?? [])
      .filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate)
      .map((c) => new Uint8Array(c.toSchema().toBER(false)));
  }
  parseCertificate(der);
  return [encoded(top)];
}

/** PEM text or bytes, DER certificate, or PKCS#7 certs-only (DER or PEM) -> certificate DERs. */
export function loadCertificates(input: Uint8Array | string): Uint8Array[] {
  let text: string | undefined = typeof input === "string" ? input : undefined;
  if (input instanceof Uint8Array) {
    const head = latin1Decode(input.subarray(0, Math.min(input.length, 4096)));
    if (/-----BEGIN /.test(head)) text = latin1Decode(input);
  }
  if (text === undefined) return fromDer(input as Uint8Array);
  const certs: Uint8Array[] = [];
  for (const block of pemDecodeAll(text)) {
    if (block.label === "CERTIFICATE" || block.label === "X509 CERTIFICATE") {
      parseCertificate(block.der);
      certs.push(block.der);
    } else if (block.label === "PKCS7" || block.label === "CMS") {
      certs.push(...fromDer(block.der));
    }
  }
  if (certs.length === 0) throw new SpmError("MALFORMED", "No certificate found in the text");
  return certs;
}
