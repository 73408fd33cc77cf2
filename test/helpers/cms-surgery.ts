/**
 * Byte surgery on a CMS SignedData for tests: put embedded content next to a signature that was made detached.
 * The signature bytes stay exactly as the signer (OpenSSL, NSS or our own) wrote them.
 */

function readTlv(b: Uint8Array, at: number): { start: number; body: number; end: number } {
  let len = b[at + 1];
  let body = at + 2;
  if (len === 0x80) throw new Error("indefinite length: give DER");
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[body + i];
    body += n;
  }
  return { start: at, body, end: body + len };
}

function tlv(tag: number, content: Uint8Array): Uint8Array {
  const n = content.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return new Uint8Array([tag, ...len, ...content]);
}

const cat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

/**
 * An opaque SignedData whose signature (made by the program over `signedContent`, detached) is kept byte for
 * byte, with `embedded` put in as eContent: a producer that hashes the canonical form but stores the text as it
 * had it, the shape of LF test vectors. Only the encapContentInfo and the lengths around it change.
 */
export function embedContent(detachedDer: Uint8Array, embedded: Uint8Array): Uint8Array {
  const ci = readTlv(detachedDer, 0);
  const oid = readTlv(detachedDer, ci.body);
  const a0 = readTlv(detachedDer, oid.end);
  const sd = readTlv(detachedDer, a0.body);
  const version = readTlv(detachedDer, sd.body);
  const algs = readTlv(detachedDer, version.end);
  const encap = readTlv(detachedDer, algs.end);
  const encapOid = readTlv(detachedDer, encap.body);
  const newEncap = tlv(0x30, cat(detachedDer.subarray(encapOid.start, encapOid.end), tlv(0xa0, tlv(0x04, embedded))));
  const newSd = tlv(0x30, cat(detachedDer.subarray(sd.body, encap.start), newEncap, detachedDer.subarray(encap.end, sd.end)));
  return tlv(0x30, cat(detachedDer.subarray(ci.body, oid.end), tlv(0xa0, newSd)));
}
