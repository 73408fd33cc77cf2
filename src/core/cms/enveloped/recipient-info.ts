/** Parsing RecipientInfo (RFC 5652 6.2) into what matching and key recovery need. */
import { toHex } from "../../bytes";
import { OID } from "../../oids";
import type { HashName } from "../../crypto";
import {
  algorithmId,
  bitStringBytes,
  children,
  encodingOf,
  explicitInner,
  integerBytes,
  isContext,
  isUniversal,
  malformed,
  octets,
  octetString,
  oidValue,
  sequenceChildren,
  smallInteger,
  type AlgorithmId,
  type Node,
} from "./ber-reader";
import { ECDH_SCHEMES, HASHES, hashLabel, KEY_WRAPS } from "./algorithms";
import { readableName } from "./names";

export interface RecipientSummary {
  kind: "ktri" | "kari" | "kekri" | "pwri" | "ori";
  issuer?: string;
  serialNumberHex?: string;
  subjectKeyIdentifierHex?: string;
  keyAlgorithm: string;
}

export type RecipientId = { type: "issuerAndSerial"; issuerDer: Uint8Array; serial: Uint8Array } | { type: "ski"; ski: Uint8Array };

/** How the content key is recovered; `unsupported` carries the reason when we cannot. */
export type KeyTransport =
  | { type: "rsa-pkcs1" }
  | { type: "rsa-oaep"; hash: HashName; mgf1Hash: HashName; label: Uint8Array }
  | { type: "unsupported"; reason: string };

export type KeyAgreement =
  | { type: "ecdh"; kdfHash: HashName; wrapOid: string; wrapAlgorithmDer: Uint8Array; originatorPoint: Uint8Array; ukm?: Uint8Array }
  | { type: "unsupported"; reason: string };

/** One decryptable entry: a ktri, or one RecipientEncryptedKey of a kari. */
export type RecipientEntry =
  | { kind: "ktri"; rid: RecipientId; transport: KeyTransport; encryptedKey: Uint8Array; summary: RecipientSummary }
  | { kind: "kari"; rid: RecipientId; agreement: KeyAgreement; encryptedKey: Uint8Array; summary: RecipientSummary }
  | { kind: "kekri" | "pwri" | "ori"; summary: RecipientSummary };

function issuerAndSerial(node: Node, what: string): { rid: RecipientId; summary: Partial<RecipientSummary> } {
  const [issuer, serialNode] = sequenceChildren(node, what, 2);
  if (!isUniversal(issuer, 16)) throw malformed(`${what} issuer is not a Name`);
  const serial = integerBytes(serialNode, `${what} serial number`);
  return {
    rid: { type: "issuerAndSerial", issuerDer: encodingOf(issuer, `${what} issuer`), serial },
    summary: { issuer: readableName(issuer), serialNumberHex: toHex(serial) },
  };
}

function skiRid(ski: Uint8Array): { rid: RecipientId; summary: Partial<RecipientSummary> } {
  return { rid: { type: "ski", ski }, summary: { subjectKeyIdentifierHex: toHex(ski) } };
}

function hashOf(alg: AlgorithmId | undefined, fallback: HashName): HashName | undefined {
  if (!alg) return fallback;
  return HASHES[alg.oid];
}

function oaepTransport(params: Node | undefined): KeyTransport {
  let hash: HashName | undefined = "SHA-1";
  let mgf1Hash: HashName | undefined = "SHA-1";
  let label: Uint8Array = new Uint8Array(0);
  if (params) {
    for (const field of sequenceChildren(params, "RSAES-OAEP-params")) {
      if (isContext(field, 0)) {
        hash = hashOf(algorithmId(explicitInner(field, "OAEP hash"), "OAEP hash"), "SHA-1");
      } else if (isContext(field, 1)) {
        const mgf = algorithmId(explicitInner(field, "OAEP MGF"), "OAEP MGF");
        if (mgf.oid !== OID.mgf1) return { type: "unsupported", reason: `OAEP mask generation ${mgf.oid}` };
        mgf1Hash = mgf.parameters ? hashOf(algorithmId(mgf.parameters, "MGF1 hash"), "SHA-1") : "SHA-1";
      } else if (isContext(field, 2)) {
        const source = algorithmId(explicitInner(field, "OAEP label source"), "OAEP label source");
        if (source.oid !== OID.pSpecified) return { type: "unsupported", reason: `OAEP label source ${source.oid}` };
        label = source.parameters ? octetString(source.parameters, "OAEP label") : label;
      } else {
        throw malformed("RSAES-OAEP-params has an unknown field");
      }
    }
  }
  if (!hash || !mgf1Hash) return { type: "unsupported", reason: "OAEP hash" };
  return { type: "rsa-oaep", hash, mgf1Hash, label };
}

export function keyTransportName(t: KeyTransport, fallback: string): string {
  if (t.type === "rsa-pkcs1") return "rsa-pkcs1";
  if (t.type === "rsa-oaep") {
    const base = `rsa-oaep-${hashLabel(t.hash)}`;
    return t.mgf1Hash === t.hash ? base : `${base}-mgf1-${hashLabel(t.mgf1Hash)}`;
  }
  return fallback;
}

function curveFromPoint(point: Uint8Array): string {
  if (point.length === 65 && point[0] === 4) return "p256";
  if (point.length === 97 && point[0] === 4) return "p384";
  return "unknown-curve";
}

export function keyAgreementName(a: KeyAgreement, fallback: string): string {
  if (a.type !== "ecdh") return fallback;
  return `ecdh-${curveFromPoint(a.originatorPoint)}-${hashLabel(a.kdfHash)}-${KEY_WRAPS[a.wrapOid].name}`;
}

function parseKtri(fields: Node[]): RecipientEntry {
  const [versionNode, ridNode, algNode, keyNode] = fields;
  smallInteger(versionNode, "KeyTransRecipientInfo version");
  const id = isContext(ridNode, 0) ? skiRid(octets(ridNode, "subjectKeyIdentifier")) : issuerAndSerial(ridNode, "recipient identifier");
  const alg = algorithmId(algNode, "key encryption algorithm");
  let transport: KeyTransport;
  if (alg.oid === OID.rsaEncryption) transport = { type: "rsa-pkcs1" };
  else if (alg.oid === OID.rsaesOaep) transport = oaepTransport(alg.parameters);
  else transport = { type: "unsupported", reason: `key transport ${alg.oid}` };
  const encryptedKey = octetString(keyNode, "encrypted key");
  return {
    kind: "ktri",
    rid: id.rid,
    transport,
    encryptedKey,
    summary: { kind: "ktri", ...id.summary, keyAlgorithm: keyTransportName(transport, alg.oid) },
  };
}

function parseKari(node: Node): RecipientEntry[] {
  const fields = children(node, "KeyAgreeRecipientInfo");
  let i = 0;
  smallInteger(fields[i++], "KeyAgreeRecipientInfo version");
  if (!isContext(fields[i], 0)) throw malformed("KeyAgreeRecipientInfo has no originator");
  const originator = explicitInner(fields[i++], "originator");
  let ukm: Uint8Array | undefined;
  if (isContext(fields[i], 1)) ukm = octetString(explicitInner(fields[i++], "ukm"), "ukm");
  const algNode = fields[i++];
  const alg = algorithmId(algNode, "key agreement algorithm");
  const keysNode = fields[i++];
  if (i !== fields.length) throw malformed("KeyAgreeRecipientInfo has extra fields");

  let agreement: KeyAgreement;
  const kdfHash = ECDH_SCHEMES[alg.oid];
  if (!kdfHash) {
    agreement = { type: "unsupported", reason: `key agreement ${alg.oid}` };
  } else if (!isContext(originator, 1)) {
    agreement = { type: "unsupported", reason: "static-static ECDH (originator is not a public key)" };
  } else {
    const [originatorAlgNode, pointNode] = children(originator, "originator public key");
    const originatorAlg = algorithmId(originatorAlgNode, "originator key algorithm");
    if (originatorAlg.oid !== OID.ecPublicKey) {
      agreement = { type: "unsupported", reason: `originator key ${originatorAlg.oid}` };
    } else {
      const wrapNode = alg.parameters;
      if (!wrapNode) throw malformed("key agreement algorithm has no key wrap algorithm");
      const wrap = algorithmId(wrapNode, "key wrap algorithm");
      agreement = KEY_WRAPS[wrap.oid]
        ? {
            type: "ecdh",
            kdfHash,
            wrapOid: wrap.oid,
            wrapAlgorithmDer: encodingOf(wrapNode, "key wrap algorithm"),
            originatorPoint: bitStringBytes(pointNode, "originator public key"),
            ukm,
          }
        : { type: "unsupported", reason: `key wrap ${wrap.oid}` };
    }
  }
  const keyAlgorithm = keyAgreementName(agreement, alg.oid);
  return sequenceChildren(keysNode, "recipientEncryptedKeys").map((rek) => {
    const [ridNode, keyNode] = sequenceChildren(rek, "RecipientEncryptedKey", 2);
    let id;
    if (isContext(ridNode, 0)) {
      const rkeyId = children(ridNode, "RecipientKeyIdentifier");
      id = skiRid(octetString(rkeyId[0], "subjectKeyIdentifier"));
    } else {
      id = issuerAndSerial(ridNode, "recipient identifier");
    }
    return {
      kind: "kari" as const,
      rid: id.rid,
      agreement,
      encryptedKey: octetString(keyNode, "encrypted key"),
      summary: { kind: "kari" as const, ...id.summary, keyAlgorithm },
    };
  });
}

function otherKind(node: Node, kind: "kekri" | "pwri" | "ori"): RecipientEntry {
  const fields = children(node, kind);
  // kekri: version, kekid, keyEncryptionAlgorithm; pwri: version, [0]?, keyEncryptionAlgorithm; ori: oriType OID.
  let keyAlgorithm: string = kind;
  try {
    if (kind === "ori") keyAlgorithm = `ori-${oidValue(fields[0], "oriType")}`;
    else {
      const alg = fields.find((f, idx) => idx > 0 && isUniversal(f, 16) && isUniversal(children(f, "alg")[0], 6));
      if (alg) keyAlgorithm = `${kind}-${oidValue(children(alg, "alg")[0], "algorithm")}`;
    }
  } catch (e) {
    throw malformed(`${kind} could not be read: ${(e as Error).message}`);
  }
  return { kind, summary: { kind, keyAlgorithm } };
}

export function parseRecipientInfos(setNode: Node): RecipientEntry[] {
  if (!isUniversal(setNode, 17)) throw malformed("RecipientInfos is not a SET");
  const entries: RecipientEntry[] = [];
  for (const ri of children(setNode, "RecipientInfos")) {
    if (isUniversal(ri, 16)) entries.push(parseKtri(sequenceChildren(ri, "KeyTransRecipientInfo", 4)));
    else if (isContext(ri, 1)) entries.push(...parseKari(ri));
    else if (isContext(ri, 2)) entries.push(otherKind(ri, "kekri"));
    else if (isContext(ri, 3)) entries.push(otherKind(ri, "pwri"));
    else if (isContext(ri, 4)) entries.push(otherKind(ri, "ori"));
    else throw malformed("unknown RecipientInfo type");
  }
  if (entries.length === 0) throw malformed("no recipients");
  return entries;
}
