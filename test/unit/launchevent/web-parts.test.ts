/**
 * The web decrypt module's parts that run in Node: the MIME walk (what Outlook gets as body, inline images
 * and files), the key store access (empty, locked, unlocked; the storage marker never written), the runtime
 * check, the refusal reasons, and the conversation registry write (saved, reverted on failure, skipped).
 */
import { afterEach, test } from "@jest/globals";
import assert from "node:assert/strict";
import { IDBFactory } from "fake-indexeddb";
import { SpmError, isSpmError } from "../../../src/core/errors";
import { parseMime } from "../../../src/core/mime";
import { latin1Encode } from "../../../src/core/bytes";
import { openStore } from "../../../src/store";
import { extractContent } from "../../../src/launchevent/web/content";
import { loadKeyPairs } from "../../../src/launchevent/web/keys";
import { missingCapabilities } from "../../../src/launchevent/web/capabilities";
import { DecryptRefused, refusalOf } from "../../../src/launchevent/web/refusal";
import { recordConversation } from "../../../src/launchevent/web/conversation";
import { createTestPki } from "../../helpers/openssl";

const mime = (lines: string[]) => parseMime(latin1Encode(lines.join("\r\n")));

test("MIME walk: richest alternative, cid images of the entity, files, nested S/MIME and messages as plain files", () => {
  const c = extractContent(
    mime([
      'Content-Type: multipart/mixed; boundary="m"',
      "",
      "--m",
      'Content-Type: multipart/alternative; boundary="a"',
      "",
      "--a",
      "Content-Type: text/plain",
      "",
      "plain version",
      "--a",
      'Content-Type: multipart/related; boundary="r"',
      "",
      "--r",
      "Content-Type: text/html; charset=utf-8",
      "",
      '<p>html version <img src="cid:logo@x"></p>',
      "--r",
      "Content-Type: image/png",
      "Content-ID: <logo@x>",
      "Content-Transfer-Encoding: base64",
      "",
      "AQID",
      "--r--",
      "--a--",
      "--m",
      'Content-Type: application/pdf; name="=?utf-8?q?Befund_M=C3=BCller.pdf?="',
      "Content-Disposition: attachment",
      "Content-Transfer-Encoding: base64",
      "",
      "BAUG",
      "--m",
      "Content-Type: application/pkcs7-mime; smime-type=enveloped-data",
      "Content-Transfer-Encoding: base64",
      "",
      "MAA=",
      "--m",
      "Content-Type: message/rfc822",
      "",
      "Subject: Weitergeleitet: Labor",
      "",
      "inner",
      "--m",
      "Content-Type: text/plain",
      "Content-Disposition: attachment",
      "",
      "notes",
      "--m--",
    ]),
  );
  assert.deepEqual(c.body, { kind: "html", html: '<p>html version <img src="cid:logo@x"></p>' });
  assert.deepEqual(c.inline.map((i) => [i.contentId, i.mediaType, [...i.bytes]]), [["logo@x", "image/png", [1, 2, 3]]]);
  assert.deepEqual(
    c.files.map((f) => [f.name, f.mediaType]),
    [
      ["Befund Müller.pdf", "application/pdf"],
      ["smime.p7m", "application/pkcs7-mime"],
      ["Weitergeleitet Labor.eml", "message/rfc822"],
      ["attachment-1.txt", "text/plain"],
    ],
  );
  assert.deepEqual([...c.files[0].bytes], [4, 5, 6]);
  assert.deepEqual([...c.files[1].bytes], [0x30, 0x00], "the nested CMS is handed over undecoded, never opened");
});

test("MIME walk: a single text part, and RFC 9788 legacy display kept for Outlook", () => {
  const c = extractContent(mime(['Content-Type: text/plain; charset=utf-8; hp-legacy-display="1"', "", "Subject: Befund", "", "Text"]));
  assert.deepEqual(c.body, { kind: "text", text: "Subject: Befund\r\n\r\nText" });
  assert.deepEqual(c.files, []);
});

test("key store: empty is no-keys, a passphrase is locked, otherwise the pairs", async () => {
  const indexedDB = new IDBFactory();
  await assert.rejects(loadKeyPairs(indexedDB), (e: unknown) => e instanceof DecryptRefused && e.reason === "no-keys");
  const pki = createTestPki();
  try {
    const bob = pki.issue("bob", "bob@lab.example");
    const store = await openStore({ indexedDB, lossMarker: { get: async () => undefined, set: async () => undefined } });
    await store.addIdentity({ certificate: bob.certDer, privateKey: bob.keyPkcs8, chain: [] }, { source: "pkcs12" });
    store.close();
    const pairs = await loadKeyPairs(indexedDB);
    assert.equal(pairs.length, 1);
    assert.deepEqual([...pairs[0].certificate], [...bob.certDer]);
    assert.deepEqual([...pairs[0].privateKey], [...bob.keyPkcs8]);

    const again = await openStore({ indexedDB, lossMarker: { get: async () => undefined, set: async () => undefined } });
    await again.setPassphrase("correct horse battery staple");
    again.close();
    await assert.rejects(loadKeyPairs(indexedDB), (e: unknown) => e instanceof DecryptRefused && e.reason === "locked");
  } finally {
    pki.cleanup();
  }
});

test("runtime check and refusal reasons", () => {
  assert.deepEqual(missingCapabilities({ crypto: { subtle: {} }, indexedDB: {}, BigInt, DOMParser: function DOMParser() {} }), []);
  assert.deepEqual(missingCapabilities({}), ["crypto.subtle", "indexedDB", "BigInt", "DOMParser"]);
  assert.deepEqual(missingCapabilities({ crypto: {}, indexedDB: {}, BigInt }), ["crypto.subtle", "DOMParser"]);
  assert.equal(refusalOf(new DecryptRefused("locked", "x")), "locked");
  assert.equal(refusalOf(new SpmError("STORE_LOCKED", "x")), "locked");
  assert.equal(refusalOf(new SpmError("NOT_FOR_ME", "x")), "not-for-me");
  assert.equal(refusalOf(new SpmError("LIMIT_EXCEEDED", "x")), "too-large");
  assert.equal(refusalOf(new SpmError("DECRYPTION_FAILED", "x")), "failed");
  assert.equal(refusalOf(new TypeError("x")), "failed");
  assert.ok(isSpmError(new SpmError("MALFORMED", "x")));
});

// ---- conversation registry writes through a fake Office roamingSettings ----------------------------------

const g = globalThis as unknown as { Office?: unknown };
afterEach(() => {
  delete g.Office;
});

function fakeOffice(initial: Record<string, unknown>, fail: boolean): { settings: Record<string, unknown>; saved: Record<string, unknown>[] } {
  const settings = { ...initial };
  const saved: Record<string, unknown>[] = [];
  g.Office = {
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    context: {
      roamingSettings: {
        get: (k: string) => settings[k],
        set: (k: string, v: unknown) => void (settings[k] = v),
        remove: (k: string) => void delete settings[k],
        saveAsync: (cb: (r: unknown) => void) =>
          setTimeout(() => {
            if (fail) cb({ status: "failed", error: { message: "9057 size limit" } });
            else {
              saved.push(JSON.parse(JSON.stringify(settings)) as Record<string, unknown>);
              cb({ status: "succeeded" });
            }
          }),
      },
    },
  };
  return { settings, saved };
}

test("conversation registry: recorded and saved; reverted when the save fails; skipped without an id", async () => {
  const now = new Date("2026-03-01T10:00:00Z");
  const ok = fakeOffice({ spmEncryptedConversations: [{ conversationId: "old", at: "2026-01-01T00:00:00.000Z" }] }, false);
  assert.equal(await recordConversation("AAQkNew", now), "saved");
  assert.deepEqual(ok.saved[0].spmEncryptedConversations, [
    { conversationId: "AAQkNew", at: "2026-03-01T10:00:00.000Z" },
    { conversationId: "old", at: "2026-01-01T00:00:00.000Z" },
  ]);

  const failing = fakeOffice({ other: "kept" }, true);
  assert.equal(await recordConversation("AAQkNew", now), "failed");
  assert.deepEqual(failing.settings, { other: "kept" }, "the in-memory copy is put back");
  const failingWithPrevious = fakeOffice({ spmEncryptedConversations: "[]" }, true);
  assert.equal(await recordConversation("AAQkNew", now), "failed");
  assert.equal(failingWithPrevious.settings.spmEncryptedConversations, "[]");

  fakeOffice({}, false);
  assert.equal(await recordConversation(undefined, now), "skipped");
});
