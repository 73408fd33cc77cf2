/**
 * Node-only checks of the compose pane's pure helpers (no browser): the size estimate is never below the real smime.p7m (the oversize check must not let a
 * too-large draft start), across body kinds and attachment sizes; cid mapping of inline images.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { loadPki } from "../../../helpers/fixtures";
import type { DraftAttachment, DraftSnapshot } from "../../../../src/host";
import { estimateP7mBase64Chars, inlineImagePlan, toCoreDraft } from "../../../../src/ui/compose/api";
import { runProtectJob } from "../../../../src/ui/worker";

// The committed test PKI: an RSA signer, an RSA and a P-256 recipient (key transport and key agreement).
const pki = loadPki("basic");
const alice = pki.identity("alice");
const bob = pki.identity("bob");
const carol = pki.identity("bob-p256");

function attachment(name: string, bytes: Uint8Array, isInline = false): DraftAttachment {
  return { id: name, name, isInline, attachmentType: "file", size: bytes.length, format: "base64", content: Buffer.from(bytes).toString("base64"), bytes };
}

function snapshot(body: string, bodyType: "html" | "text", attachments: DraftAttachment[]): DraftSnapshot {
  return {
    from: { displayName: "Alice", emailAddress: "alice@clinic.example" },
    to: [{ displayName: "Bob", emailAddress: "bob@lab.example" }],
    cc: [{ displayName: "Carol", emailAddress: "carol@ward.example" }],
    bcc: [],
    subject: "Größenprüfung",
    bodyType,
    body,
    bodyHtml: body,
    attachments,
    headers: {},
  };
}

test("the size estimate is an upper bound of the real smime.p7m, and close to it for large drafts", async () => {
  const cases: [string, DraftSnapshot][] = [
    ["empty html", snapshot("", "html", [])],
    ["umlaut-heavy html", snapshot("<p>" + "Ärztliche Überweisung für Frau Müller – Größe ÄÖÜ ".repeat(400) + "</p>", "html", [])],
    ["emoji text", snapshot("Befund 🩺 ".repeat(2000), "text", [])],
    ["many small attachments", snapshot("<p>x</p>", "html", Array.from({ length: 30 }, (_, i) => attachment(`file-${i}-mit-längerem-Namen.pdf`, randomBytes(1 + i * 37))))],
    ["2 MB attachment + inline image", snapshot('<p><img src="cid:i.png"></p>', "html", [attachment("i.png", randomBytes(50_000), true), attachment("big.bin", randomBytes(2_000_000))])],
  ];
  for (const [name, snap] of cases) {
    for (const [sign, encrypt] of [[true, true], [false, true], [true, false]] as const) {
      const result = await runProtectJob({
        draft: toCoreDraft(snap),
        sign,
        encrypt,
        identity: { certificate: alice.certDer, privateKey: alice.keyPkcs8.slice(), chain: [] },
        recipients: encrypt ? [{ certificate: bob.certDer }, { certificate: carol.certDer }] : [],
        cipher: "aes-256-cbc",
        compact: false,
      });
      const estimate = estimateP7mBase64Chars({ snapshot: snap, sign, encrypt, recipientCount: 3, signerCertificateBytes: alice.certDer.length });
      const actual = result.p7mBase64.length;
      assert.ok(estimate >= actual, `${name} sign=${sign} encrypt=${encrypt}: estimate ${estimate} < actual ${actual}`);
      if (actual > 1_000_000) assert.ok(estimate <= actual * 1.01, `${name}: estimate ${estimate} too far above ${actual}`);
      if (encrypt) {
        // The compact layout (binary attachments, opaque signature) is estimated just as safely.
        const compact = await runProtectJob({
          draft: toCoreDraft(snap),
          sign,
          encrypt,
          identity: { certificate: alice.certDer, privateKey: alice.keyPkcs8.slice(), chain: [] },
          recipients: [{ certificate: bob.certDer }, { certificate: carol.certDer }],
          cipher: "aes-256-cbc",
          compact: true,
        });
        const compactEstimate = estimateP7mBase64Chars({ snapshot: snap, sign, encrypt, recipientCount: 3, signerCertificateBytes: alice.certDer.length, compact: true });
        assert.ok(compactEstimate >= compact.p7mBase64.length, `${name} compact: estimate ${compactEstimate} < actual ${compact.p7mBase64.length}`);
        if (compact.p7mBase64.length > 1_000_000) assert.ok(compactEstimate <= compact.p7mBase64.length * 1.02, `${name} compact: estimate too far above`);
      }
    }
  }
});

test("inline images keep the Content-ID the HTML refers to (classic name@suffix; web contentId)", () => {
  const html = '<img src="cid:image001.png@01DA2B3C.4D5E6F70"><img src="cid:ee058cc2-ad96-485f-95c7-44b2f40cb987">';
  const web = { ...attachment("logo.png", new Uint8Array([3]), true), contentId: "ee058cc2-ad96-485f-95c7-44b2f40cb987" };
  const draft = toCoreDraft(snapshot(html, "html", [attachment("image001.png", new Uint8Array([1])), attachment("image001.png", new Uint8Array([2]), true), web]));
  assert.deepEqual(
    draft.attachments.map((a) => [a.name, a.inline ?? false, a.contentId]),
    [
      ["image001.png", false, undefined],
      ["image001.png", true, "image001.png@01DA2B3C.4D5E6F70"],
      ["logo.png", true, "ee058cc2-ad96-485f-95c7-44b2f40cb987"],
    ],
  );
  assert.equal(draft.html, html);
  assert.equal(draft.text, undefined);
  // An image without any reference is not dropped: it travels without an id, and the plan names it.
  const lone = snapshot("<p>no images</p>", "html", [attachment("stray.png", new Uint8Array([4]), true)]);
  assert.deepEqual(inlineImagePlan(lone).unplaced, ["stray.png"]);
  assert.deepEqual(toCoreDraft(lone).attachments.map((a) => [a.name, a.inline, a.contentId]), [["stray.png", true, undefined]]);
});
