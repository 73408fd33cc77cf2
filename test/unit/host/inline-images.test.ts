/**
 * Which attachment each `cid:` reference means (src/host/inline-images.ts): the attachment's contentId (web),
 * the name or name@suffix (classic Windows, Mac, images added by add-ins), then body order for the rest; and
 * rewriting references after images were re-added under new Content-IDs.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { referencedContentIds, resolveInlineImages, rewriteContentIds } from "../../../src/host/inline-images";

const GUID_A = "ee058cc2-ad96-485f-95c7-44b2f40cb987";
const GUID_B = "0b7d5c3e-1f2a-4b6c-8d9e-a1b2c3d4e5f6";

test("references are found in body order, once each, URL-decoded", () => {
  const html = `<img src="cid:${GUID_B}"><img src='cid:logo%20small.png'><p>x</p><img src="cid:${GUID_B}" originalsrc="cid:${GUID_B}"><img src=cid:plain.gif>`;
  assert.deepEqual(referencedContentIds(html), [GUID_B, "logo small.png", "plain.gif"]);
});

test("web: contentId wins over names and order, whatever the attachment order", () => {
  const html = `<p>Letterhead</p><img src="cid:${GUID_A}"><p>Signature</p><img src="cid:${GUID_B}">`;
  const r = resolveInlineImages(html, [
    { name: "image.png", isInline: true, contentId: GUID_B },
    { name: "report.pdf", isInline: false },
    { name: "image.png", isInline: true, contentId: GUID_A },
  ]);
  assert.deepEqual(r.contentIds, [GUID_B, undefined, GUID_A]);
  assert.deepEqual(r.unplaced, []);
  assert.deepEqual(r.pairedByOrder, []);
});

test("classic: name@suffix and plain name references, case-insensitive", () => {
  const html = '<img src="cid:image001.png@01DC0AD0.27C2B7A0"><img src="cid:Logo.PNG">';
  const r = resolveInlineImages(html, [
    { name: "logo.png", isInline: true },
    { name: "image001.png", isInline: true },
  ]);
  assert.deepEqual(r.contentIds, ["Logo.PNG", "image001.png@01DC0AD0.27C2B7A0"]);
});

test("what is left is paired in body order; extra images are unplaced, never dropped", () => {
  const html = `<img src="cid:${GUID_A}"><img src="cid:${GUID_B}">`;
  const r = resolveInlineImages(html, [
    { name: "first.png", isInline: true },
    { name: "second.png", isInline: true },
    { name: "third.png", isInline: true },
  ]);
  assert.deepEqual(r.contentIds, [GUID_A, GUID_B, undefined]);
  assert.deepEqual(r.pairedByOrder, ["first.png", "second.png"]);
  assert.deepEqual(r.unplaced, ["third.png"]);
});

test("a reference that cannot be a Content-ID leaves its image unplaced", () => {
  const r = resolveInlineImages('<img src="cid:logo%20small.png">', [{ name: "logo small.png", isInline: true }]);
  assert.deepEqual(r.contentIds, [undefined]);
  assert.deepEqual(r.unplaced, ["logo small.png"]);
  // A plain-text body has no references at all.
  assert.deepEqual(resolveInlineImages(undefined, [{ name: "x.png", isInline: true }]).unplaced, ["x.png"]);
});

test("rewriting maps every old reference once (swaps included), encoded ones too, and nothing else", () => {
  const html = `<img src="cid:a.png"><img src="cid:b.png" originalsrc="cid:b.png"><img src="cid:a%2Epng"><a href="cid:a.png.old">x</a>`;
  const out = rewriteContentIds(html, new Map([["a.png", "b.png"], ["b.png", GUID_A]]));
  assert.equal(out, `<img src="cid:b.png"><img src="cid:${GUID_A}" originalsrc="cid:${GUID_A}"><img src="cid:a%2Epng"><a href="cid:a.png.old">x</a>`);
  assert.equal(rewriteContentIds(html, new Map([["a.png", "a.png"]])), html);
});
