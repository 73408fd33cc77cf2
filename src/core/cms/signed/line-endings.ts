/**
 * The one canonicalisation a received signature may get: bare LF to CRLF (RFC 8551 §3.1.1 signs the canonical
 * form, whose lines end in CRLF). Nothing else is ever changed before a retry: not a bare CR, not trailing
 * whitespace, not a charset or transfer encoding, since every extra rule widens what an attacker may alter
 * under a signature that still verifies.
 */

/** True when some LF is not preceded by CR. */
export function hasBareLf(bytes: Uint8Array): boolean {
  for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) {
    if (i === 0 || bytes[i - 1] !== 0x0d) return true;
  }
  return false;
}

/** Every bare LF becomes CRLF; nothing else changes (a bare CR stays a bare CR). Always a fresh array. */
export function bareLfToCrlf(bytes: Uint8Array): Uint8Array {
  let bare = 0;
  for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) if (i === 0 || bytes[i - 1] !== 0x0d) bare++;
  const out = new Uint8Array(bytes.length + bare);
  let o = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x0a && (i === 0 || bytes[i - 1] !== 0x0d)) out[o++] = 0x0d;
    out[o++] = b;
  }
  return out;
}

/** hasBareLf over content given in chunks (a CR that ends one chunk precedes the LF that starts the next). */
export function hasBareLfInPieces(pieces: Iterable<Uint8Array>): boolean {
  let previous = -1;
  for (const piece of pieces) {
    for (let i = piece.indexOf(0x0a); i !== -1; i = piece.indexOf(0x0a, i + 1)) {
      if ((i === 0 ? previous : piece[i - 1]) !== 0x0d) return true;
    }
    if (piece.length > 0) previous = piece[piece.length - 1];
  }
  return false;
}
