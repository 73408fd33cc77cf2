/**
 * A certification authority inside the test process: it signs a PKCS#10 request with a committed CA key
 * (WebCrypto, RSA PKCS#1 v1.5 SHA-256), copying the requested extensions as `openssl x509 -req
 * -copy_extensions copy` does. For tests whose key is made fresh by the code under test (pending keys:
 * generatePrivateKey -> createCertificateRequest), so no certificate for it can be committed in advance.
 * That OpenSSL itself accepts our requests is tested against the real binary in test/interop/keys/pem-csr.test.ts.
 */
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { toArrayBuffer } from "../../src/core/bytes";
import { pemToDer } from "./fixtures";

const EXTENSION_REQUEST = "1.2.840.113549.1.9.14";

export interface TestCa {
  certDer: Uint8Array;
  keyPkcs8: Uint8Array;
}

/** Issue a certificate for the request, valid 2026-01-01 .. 2099-12-31. Refuses a request whose signature is bad. */
export async function issueFromRequest(requestPem: string, ca: TestCa, serial: number): Promise<Uint8Array> {
  const request = pkijs.CertificationRequest.fromBER(toArrayBuffer(pemToDer(requestPem)));
  if (!(await request.verify())) throw new Error("the certificate request's signature does not verify");
  const issuer = pkijs.Certificate.fromBER(toArrayBuffer(ca.certDer));
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ value: serial });
  cert.issuer = issuer.subject;
  cert.subject = request.subject;
  cert.notBefore = new pkijs.Time({ type: 0, value: new Date("2026-01-01T00:00:00Z") });
  cert.notAfter = new pkijs.Time({ type: 1, value: new Date("2099-12-31T23:59:59Z") }); // GeneralizedTime from 2050
  cert.subjectPublicKeyInfo = request.subjectPublicKeyInfo;
  const asked = request.attributes?.find((a) => a.type === EXTENSION_REQUEST);
  if (asked) cert.extensions = new pkijs.Extensions({ schema: asked.values[0] }).extensions;
  const key = await crypto.subtle.importKey("pkcs8", toArrayBuffer(ca.keyPkcs8), { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["sign"]);
  await cert.sign(key, "SHA-256");
  return new Uint8Array(cert.toSchema(true).toBER());
}
