/**
 * The simulator's inline images against what Outlook's docs say (src/simulator/inline-attachments.ts cites
 * them): Content-ID forms per platform, contentId listed only on the web, temporary addinId ids on the web,
 * removeAttachmentAsync keeping inline images, a body without their reference dropping them, and contacts
 * failing with AttachmentTypeNotSupported. Plus the compose port on top: it never relies on removal of an
 * inline image and refuses to go on when Outlook keeps an original in the draft.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { createComposePort } from "../../../src/host/compose";
import { PROBE_ATTACHMENT_NAME } from "../../../src/host/smime-probe";
import { isSpmError } from "../../../src/core/errors";
import { INLINE_UPLOAD_MS } from "../../../src/simulator/inline-attachments";
import { b64, fakeOutlook } from "../host/fake";

type Result = { status: string; value: unknown; error?: { name: string } };
const call = (start: (cb: (r: Result) => void) => void) => new Promise<Result>((resolve) => start(resolve));
const item = (office: typeof Office) => office.context.mailbox.item as unknown as Office.MessageCompose;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const draft = {
  to: ["bob@lab.example"],
  subject: "s",
  bodyHtml: "<p>text</p>",
  attachments: [
    { name: "image.png", contentBase64: b64("png bytes"), isInline: true },
    { name: "report.pdf", contentBase64: b64("%PDF") },
  ],
};

test("web: a user's image has a GUID Content-ID, listed as contentId; classic: image.png@01DC… and no contentId", async () => {
  const web = fakeOutlook({ platform: "OfficeOnline", draft });
  const webList = (await call((cb) => item(web.office).getAttachmentsAsync(cb as never))).value as Office.AttachmentDetailsCompose[];
  assert.match(webList[0].contentId, GUID);
  assert.equal(webList[0].contentId, web.backend.draft.attachments[0].contentId);
  assert.equal(webList[1].contentId, undefined);
  assert.equal(webList[0].isServiceAccessible, true);
  const pc = fakeOutlook({ platform: "PC", draft });
  const pcList = (await call((cb) => item(pc.office).getAttachmentsAsync(cb as never))).value as Office.AttachmentDetailsCompose[];
  assert.match(pc.backend.draft.attachments[0].contentId ?? "", /^image\.png@01DC[0-9A-F]{4}\.[0-9A-F]{8}$/);
  assert.equal(pcList[0].contentId, undefined);
  assert.equal(pcList[0].isServiceAccessible, false);
});

test("removeAttachmentAsync succeeds on an inline image but keeps it; a body without its cid drops it", async () => {
  const { office, backend } = fakeOutlook({ platform: "OfficeOnline", draft: { ...draft, bodyHtml: "<img src='cid:x'>" } });
  const cid = backend.draft.attachments[0].contentId!;
  await call((cb) => item(office).body.setAsync(`<p>logo</p><img src="cid:${cid}">`, { coercionType: "html" }, cb as never));
  const [image, pdf] = backend.draft.attachments;
  assert.equal((await call((cb) => item(office).removeAttachmentAsync(image.id, cb as never))).status, "succeeded");
  assert.equal((await call((cb) => item(office).removeAttachmentAsync(pdf.id, cb as never))).status, "succeeded");
  assert.deepEqual(backend.draft.attachments.map((a) => a.name), ["image.png"]);
  // Upper-case or URL-encoded references still count as references.
  await call((cb) => item(office).body.setAsync(`<img src="cid:${encodeURIComponent(cid.toUpperCase())}">`, { coercionType: "html" }, cb as never));
  assert.equal(backend.draft.attachments.length, 1);
  await call((cb) => item(office).body.setAsync("<p>notice</p>", { coercionType: "html" }, cb as never));
  assert.deepEqual(backend.draft.attachments, []);
});

test("web: an add-in's inline image answers to cid:<name> under a temporary addinId id, then gets an EWS id", async () => {
  const { office, backend } = fakeOutlook({ platform: "OfficeOnline", draft: { ...draft, attachments: [] } });
  const added = await call((cb) => item(office).addFileAttachmentFromBase64Async(b64("logo"), "logo.png", { isInline: true }, cb as never));
  const temp = added.value as string;
  assert.match(temp, /^addinId:/);
  let list = (await call((cb) => item(office).getAttachmentsAsync(cb as never))).value as Office.AttachmentDetailsCompose[];
  assert.deepEqual([list[0].id, list[0].contentId, list[0].isServiceAccessible], [temp, "logo.png", false]);
  await new Promise((r) => setTimeout(r, INLINE_UPLOAD_MS + 20));
  list = (await call((cb) => item(office).getAttachmentsAsync(cb as never))).value as Office.AttachmentDetailsCompose[];
  assert.match(list[0].id, /^AAMkAD/);
  assert.equal(list[0].isServiceAccessible, true);
  // The temporary id keeps working for the session.
  const content = await call((cb) => item(office).getAttachmentContentAsync(temp, cb as never));
  assert.equal((content.value as Office.AttachmentContent).content, b64("logo"));
  assert.equal(backend.draft.attachments[0].tempId, temp);
});

test("a contact item's content: AttachmentTypeNotSupported; the snapshot lists it as unreadable and apply refuses", async () => {
  const { office, backend } = fakeOutlook({
    draft: { ...draft, attachments: [...draft.attachments, { name: "Dr. Meier", contentBase64: "BEGIN:VCARD", attachmentType: "item", itemClass: "contact" }] },
  });
  const id = backend.draft.attachments[2].id;
  assert.equal((await call((cb) => item(office).getAttachmentContentAsync(id, cb as never))).error?.name, "AttachmentTypeNotSupported");
  const port = createComposePort(office);
  const snap = await port.readSnapshot();
  assert.deepEqual(snap.attachments.map((a) => a.name), ["image.png", "report.pdf"]);
  assert.deepEqual(snap.unreadable, [{ name: "Dr. Meier", officeError: "AttachmentTypeNotSupported" }]);
  const before = backend.getDraft();
  await assert.rejects(port.applyEncrypted({ noticeHtml: "<p>n</p>", p7mBase64: b64("cms"), headers: {} }, snap), (e) => isSpmError(e, "HOST_ERROR") && e.details?.reason === "item-attachment");
  assert.deepEqual(backend.getDraft(), before);
});

test("apply never removes an inline image by id; an original Outlook keeps fails the apply and rolls back", async () => {
  const { office, backend } = fakeOutlook({ platform: "PC", draft: { ...draft, bodyHtml: "<p>x</p><img src='cid:image.png@01DC0000.00000000'>" } });
  backend.draft.attachments[0].contentId = "image.png@01DC0000.00000000";
  const port = createComposePort(office);
  const snap = await port.readSnapshot();
  const before = backend.getDraft();
  // An Outlook that keeps the image although the notice does not reference it: the notice keeps a reference.
  await assert.rejects(
    port.applyEncrypted({ noticeHtml: "<p>n</p><img src='cid:image.png@01DC0000.00000000'>", p7mBase64: b64("cms"), headers: {} }, snap),
    (e) => isSpmError(e, "HOST_ERROR") && e.details?.officeError === "AttachmentKept" && e.details?.rolledBack === true,
  );
  const after = backend.getDraft();
  assert.equal(after.bodyHtml, before.bodyHtml);
  assert.deepEqual(after.attachments.map((a) => [a.name, a.isInline, a.contentBase64]), before.attachments.map((a) => [a.name, a.isInline, a.contentBase64]));
  // The normal case: the image went with the old text, the file was removed, only smime.p7m is left.
  const it = item(office);
  const remove = it.removeAttachmentAsync.bind(it) as (id: string, cb: unknown) => void;
  const removed: string[] = [];
  (it as { removeAttachmentAsync: unknown }).removeAttachmentAsync = (id: string, cb: unknown) => {
    // The S/MIME-switch probe (smime-probe.ts) adds and removes its own tiny file: not an original.
    if (backend.draft.attachments.find((a) => a.id === id)?.name !== PROBE_ATTACHMENT_NAME) removed.push(id);
    remove(id, cb);
  };
  const [image, pdf] = backend.draft.attachments;
  await port.applyEncrypted({ noticeHtml: "<p>n</p>", p7mBase64: b64("cms"), headers: {} }, snap);
  assert.deepEqual(backend.getDraft().attachments.map((a) => a.name), ["smime.p7m"]);
  assert.deepEqual(removed, [pdf.id]);
  assert.notEqual(image.id, pdf.id);
});

test("web: the body read back after setAsync carries originalsrc on cid images; classic returns it as set", async () => {
  const html = '<p>x</p><img alt="logo" src="cid:logo.png"><img src="cid:a" originalsrc="cid:a">';
  for (const [platform, expected] of [
    ["OfficeOnline", '<p>x</p><img alt="logo" src="cid:logo.png" originalsrc="cid:logo.png"><img src="cid:a" originalsrc="cid:a">'],
    ["PC", html],
  ] as const) {
    const { office } = fakeOutlook({ platform, draft: { ...draft, attachments: [] } });
    await call((cb) => item(office).body.setAsync(html, { coercionType: "html" }, cb as never));
    assert.equal((await call((cb) => item(office).body.getAsync("html", cb as never))).value, expected);
  }
});
