/** Private keys from PEM in the flavours OpenSSL writes, normalised to PKCS#8 DER. */
import { SpmError } from "../errors";
import { parseBer } from "../asn1";
import { OID } from "../oids";
import { pemDecodeAll } from "../bytes";
import { children, encoded, explicit, int, isContext, nullValue, objId, octets, octetString, oid, seq, smallInt, toDer } from "./der";
import { BadDecryption, passwordForms, pbeDecrypt } from "./pbe";
import { privateKeyAlgorithm } from "./key-match";
import { DEFAULT_CONFIG } from "../config";


/** PKCS#1 RSAPrivateKey -> PKCS#8. */
function wrapRsa(pkcs1: Uint8Array): Uint8Array {
  const fields = children(parseBer(pkcs1, { what: "RSA private key", maxBytes: DEFAULT_CONFIG.maxPrivateKeyBytes }), "RSA private key");
  if (fields.length < 9) throw new SpmError("MALFORMED", "Not a PKCS#1 RSA private key");
  return toDer(seq(int(0), seq(objId(OID.rsaEncryption), nullValue()), octetString(pkcs1)));
}

/** SEC1 ECPrivateKey -> PKCS#8 (the curve moves to the AlgorithmIdentifier, as OpenSSL does). */
function wrapEc(sec1: Uint8Array): Uint8Array {
  const fields = children(parseBer(sec1, { what: "EC private key", maxBytes: DEFAULT_CONFIG.maxPrivateKeyBytes }), "EC private key");
  if (smallInt(fields[0], "EC private key version") !== 1) throw new SpmError("MALFORMED", "Not a SEC1 EC private key");
  const params = fields.find((f) => isContext(f, 0));
  if (!params) throw new SpmError("MALFORMED", "The EC private key does not name its curve");
  const curve = oid(explicit(params, 0, "EC curve"), "EC curve");
  // Keep the inner key without the parameters (RFC 5915: they may be omitted inside PKCS#8).
  const inner = [fields[1], ...fields.filter((f) => isContext(f, 1))].map((f) => encoded(f));
  const rebuilt = toDer(seq(int(1), ...inner.map((der) => parseBer(der))));
  return toDer(seq(int(0), seq(objId(OID.ecPublicKey), objId(curve)), octetString(rebuilt)));
}

async function decryptPkcs8(der: Uint8Array, password: string | undefined): Promise<Uint8Array> {
  if (password === undefined) throw new SpmError("WRONG_PASSWORD", "The private key is encrypted: a password is needed");
  const [alg, data] = children(parseBer(der, { what: "encrypted private key", maxBytes: DEFAULT_CONFIG.maxPrivateKeyBytes }), "encrypted private key");
  let plain: Uint8Array;
  try {
    ({ plaintext: plain } = await pbeDecrypt(alg, octets(data, "encrypted private key"), passwordForms(password)));
    privateKeyAlgorithm(plain);
  } catch (e) {
    // No MAC here: bad padding, or a decryption that does not parse, is what a wrong password looks like.
    if (e instanceof BadDecryption || (e instanceof SpmError && e.code === "MALFORMED")) {
      throw new SpmError("WRONG_PASSWORD", "The password for the private key is wrong", { cause: e });
    }
    throw e;
  }
  return plain;
}

/**
 * "PRIVATE KEY" (PKCS#8), "RSA PRIVATE KEY" (PKCS#1), "EC PRIVATE KEY" (SEC1) or "ENCRYPTED PRIVATE KEY"
 * (PKCS#8 with PBES2 or a PKCS#12 PBE) -> PKCS#8 DER. Old-style encrypted PEM (Proc-Type/DEK-Info) is refused.
 */
export async function loadPrivateKeyPem(pem: string, password?: string): Promise<Uint8Array> {
  if (/Proc-Type:\s*4,ENCRYPTED/i.test(pem)) {
    throw new SpmError("UNSUPPORTED_ALGORITHM", "Old-style encrypted PEM keys (DEK-Info) are not supported; convert with `openssl pkcs8 -topk8`");
  }
  const blocks = pemDecodeAll(pem).filter((b) => b.label.endsWith("PRIVATE KEY"));
  if (blocks.length === 0) throw new SpmError("MALFORMED", "No private key found in the PEM text");
  if (blocks.length > 1) throw new SpmError("AMBIGUOUS", "The PEM text contains more than one private key");
  const { label, der } = blocks[0];
  let pkcs8: Uint8Array;
  switch (label) {
    case "PRIVATE KEY":
      pkcs8 = der;
      break;
    case "RSA PRIVATE KEY":
      pkcs8 = wrapRsa(der);
      break;
    case "EC PRIVATE KEY":
      pkcs8 = wrapEc(der);
      break;
    case "ENCRYPTED PRIVATE KEY":
      pkcs8 = await decryptPkcs8(der, password);
      break;
    default:
      throw new SpmError("UNSUPPORTED_ALGORITHM", `Unsupported PEM key type "${label}"`);
  }
  privateKeyAlgorithm(pkcs8); // structure and algorithm check
  return pkcs8;
}

