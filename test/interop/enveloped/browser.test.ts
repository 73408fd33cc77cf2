/**
 * The CMS enveloping engine in real Chromium (the add-in's runtime: no Node built-ins, browser
 * WebCrypto): it opens OpenSSL-made messages and writes messages OpenSSL opens; 25 MiB timing.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openssl, type TestIdentity } from "../../helpers/openssl";
import { openReadyPage } from "../../helpers/browser";
import { browserSuite } from "../../helpers/suite";

const env = browserSuite({
  identities: {
    rsa: ["rsa", "rsa@example.org", { keyType: "rsa3072" }],
    p384: ["p384", "p384@example.org", { keyType: "p384" }],
    p256: ["p256", "p256@example.org", { keyType: "p256" }],
  },
});


function opensslEncrypt(name: string, content: string, args: string[]): string {
  const input = join(env.pki.dir, `${name}.txt`);
  const output = join(env.pki.dir, `${name}.der`);
  writeFileSync(input, content);
  openssl(["cms", "-encrypt", "-binary", "-outform", "DER", "-in", input, "-out", output, ...args]);
  return readFileSync(output).toString("base64");
}

function opensslDecrypt(name: string, b64: string, id: TestIdentity): string {
  const input = join(env.pki.dir, `${name}.der`);
  writeFileSync(input, Buffer.from(b64, "base64"));
  return openssl(["cms", "-decrypt", "-binary", "-inform", "DER", "-in", input, "-recip", id.certPath, "-inkey", id.keyPath]).toString();
}

test("Chromium opens OpenSSL's messages and writes messages OpenSSL opens", async () => {
  const { page, errors } = await openReadyPage(env, "core-enveloped.html");

  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
  const input = {
    keys: Object.fromEntries([env.ids.rsa, env.ids.p384, env.ids.p256].map((id) => [id.name, { certificate: b64(id.certDer), privateKey: b64(id.keyPkcs8) }])),
    oaep: opensslEncrypt("oaep", "oaep sha384 mgf1 sha1", [
      "-aes-256-gcm", "-recip", env.ids.rsa.certPath,
      "-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha384", "-keyopt", "rsa_mgf1_md:sha1",
    ]),
    pkcs1: opensslEncrypt("pkcs1", "pkcs1 cbc", ["-aes-256-cbc", "-recip", env.ids.rsa.certPath]),
    ecdh: opensslEncrypt("ecdh", "p384 stream", ["-stream", "-aes-128-cbc", "-recip", env.ids.p384.certPath]),
    des3: opensslEncrypt("des3", "legacy", ["-des3", "-recip", env.ids.rsa.certPath]),
  };
  // A string, not a function: tsx's transform would add helpers (__name) that do not exist in the page.
  const script = `(async (input) => {
    const e = window.engine;
    const bytes = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
    const toB64 = (u) => { let s = ""; for (let i = 0; i < u.length; i += 8192) s += String.fromCharCode(...u.subarray(i, i + 8192)); return btoa(s); };
    const key = (n) => ({ certificate: bytes(input.keys[n].certificate), privateKey: bytes(input.keys[n].privateKey) });
    const text = (u) => new TextDecoder().decode(u);
    const out = {};
    const o1 = await e.openEnvelope(bytes(input.oaep), [key("rsa")]);
    out.oaep = [text(o1.content), o1.keyTransport, o1.integrityProtected];
    const o2 = await e.openEnvelope(bytes(input.pkcs1), [key("p256"), key("rsa")]);
    out.pkcs1 = [text(o2.content), o2.keyTransport, o2.matchedKeyIndex];
    const o3 = await e.openEnvelope(bytes(input.ecdh), [key("p384")]);
    out.ecdh = [text(o3.content), o3.keyTransport];
    try { await e.openEnvelope(bytes(input.des3), [key("rsa")]); out.des3NoLegacy = "opened"; } catch (err) { out.des3NoLegacy = err.code; }
    out.des3 = text((await e.openEnvelope(bytes(input.des3), [key("rsa")], { config: { allowLegacy: true } })).content);
    const msg = new TextEncoder().encode("from the browser");
    out.written = toB64(await e.envelope(msg, [
      { certificate: key("rsa").certificate },
      { certificate: key("p256").certificate },
      { certificate: key("p384").certificate, useSubjectKeyIdentifier: true },
    ], { cipher: "aes-256-gcm" }));
    out.writtenPkcs1 = toB64(await e.envelope(msg, [{ certificate: key("rsa").certificate, keyTransport: "pkcs1" }], { cipher: "aes-128-cbc" }));
    const big = new Uint8Array(25 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big[i] = i & 0xff;
    const t0 = performance.now();
    const cms = await e.envelope(big, [{ certificate: key("rsa").certificate }, { certificate: key("p256").certificate }], { cipher: "aes-256-gcm" });
    const t1 = performance.now();
    const back = await e.openEnvelope(cms, [key("p256")]);
    const t2 = performance.now();
    out.big = [back.content.length === big.length && back.content[4096 * 9] === ((4096 * 9) & 0xff), Math.round(t1 - t0), Math.round(t2 - t1)];
    return out;
  })`;
  const out = await page.evaluate<Record<string, unknown>>(`${script}(${JSON.stringify(input)})`);
  assert.deepEqual(errors, []);
  assert.deepEqual(out.oaep, ["oaep sha384 mgf1 sha1", "rsa-oaep-sha384-mgf1-sha1", true]);
  assert.deepEqual(out.pkcs1, ["pkcs1 cbc", "rsa-pkcs1", 1]);
  assert.deepEqual(out.ecdh, ["p384 stream", "ecdh-p384-sha1-aes128-wrap"]);
  assert.equal(out.des3NoLegacy, "UNSUPPORTED_ALGORITHM");
  assert.equal(out.des3, "legacy");
  for (const id of [env.ids.rsa, env.ids.p256, env.ids.p384]) assert.equal(opensslDecrypt(`written-${id.name}`, out.written as string, id), "from the browser");
  assert.equal(opensslDecrypt("written-pkcs1", out.writtenPkcs1 as string, env.ids.rsa), "from the browser");
  const [ok, envelopeMs, openMs] = out.big as [boolean, number, number];
  assert.ok(ok);
  console.log(`Chromium 25 MiB aes-256-gcm to two recipients: envelope ${envelopeMs} ms, open ${openMs} ms`);
  assert.ok(envelopeMs < 5000 && openMs < 5000);
});
