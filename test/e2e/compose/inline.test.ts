/**
 * Inline images as real Outlook has them (issue 17, items 1 and 2), end to end in Chromium against the
 * simulator: on the web `cid:<GUID>` equal to the attachment's contentId, on classic Windows
 * `cid:image001.png@01DC…`; removeAttachmentAsync keeps inline images and a body without their reference drops
 * them. Each image must reach the encrypted message under the Content-ID its place in the text uses (OpenSSL
 * decrypts and verifies), and Undo and rollback must bring every image back to its place: "restored" means the
 * same text and the same pictures at the same places as Outlook returns them, since re-added images get new
 * Content-IDs.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { openssl } from "../../helpers/openssl";
import { browserSuite } from "../../helpers/suite";
import { b64, mainButton, openCompose } from "../pages/compose";
import { SimulatorPage, getDraft, type SimDraft } from "../pages/simulator";
import { normalizeWebBody } from "../../../src/simulator/inline-attachments";
import { leaves } from "./mime-walk";

const env = browserSuite({
  identities: {
    alice: ["Dr. Alice Sender", "alice@clinic.example"],
    bob: ["Bob Lab", "bob@lab.example"],
  },
  work: true,
});

const GUID_LETTERHEAD = "ee058cc2-ad96-485f-95c7-44b2f40cb987";
const GUID_SIGNATURE = "3f2c9a10-7b4e-4d21-9c55-0a1b2c3d4e5f";
const letterhead = randomBytes(3_000);
const signature = randomBytes(1_500);
const pdf = randomBytes(20_000);

/** Outlook on the web: both pasted pictures are called "image.png"; the list order differs from the text's. */
const webDraft = {
  from: "Dr. Alice Sender <alice@clinic.example>",
  to: ["Bob Lab <bob@lab.example>"],
  subject: "Referral",
  bodyHtml: `<p><img src="cid:${GUID_LETTERHEAD}" originalsrc="cid:${GUID_LETTERHEAD}"></p><p>Dear colleague, patient 4711.</p><p><img src="cid:${GUID_SIGNATURE}"></p>`,
  attachments: [
    { name: "image.png", contentBase64: b64(signature), isInline: true, contentId: GUID_SIGNATURE },
    { name: "image.png", contentBase64: b64(letterhead), isInline: true, contentId: GUID_LETTERHEAD },
    { name: "referral.pdf", contentBase64: b64(pdf) },
  ],
};

/** Classic Outlook on Windows: name@suffix references; getAttachmentsAsync lists no contentId there. */
const classicDraft = {
  ...webDraft,
  bodyHtml: '<p><img src="cid:image001.png@01DC0AD0.27C2B7A0"></p><p>Dear colleague, patient 4711.</p><p><img src="cid:image002.png@01DC0AD0.27C2B7A0"></p>',
  attachments: [
    { name: "image001.png", contentBase64: b64(letterhead), isInline: true, contentId: "image001.png@01DC0AD0.27C2B7A0" },
    { name: "referral.pdf", contentBase64: b64(pdf) },
    { name: "image002.png", contentBase64: b64(signature), isInline: true, contentId: "image002.png@01DC0AD0.27C2B7A0" },
  ],
};

const CID = /cid:([^"'\s>)]+)/g;

/**
 * The draft as a reader sees it, the text as Outlook returns it after setting it (normalizeWebBody; the same
 * for a body never set): the text with neutral image marks, the pictures in text order, the files.
 */
function asSeen(d: SimDraft) {
  const body = normalizeWebBody(d.bodyHtml);
  const images = [...body.matchAll(CID)].map((m) => {
    const hit = d.attachments.find((a) => a.isInline && a.contentId?.toLowerCase() === decodeURIComponent(m[1]).toLowerCase());
    assert.ok(hit, `cid:${m[1]} points at an inline attachment: ${JSON.stringify(d.attachments.map((a) => [a.name, a.isInline, a.contentId]))} ${d.bodyHtml}`);
    return hit.contentBase64;
  });
  return {
    text: body.replace(CID, "cid:*"),
    images,
    files: d.attachments.filter((a) => !a.isInline).map((a) => [a.name, a.contentBase64]),
    inlineCount: d.attachments.filter((a) => a.isInline).length,
    subject: d.subject,
    headers: d.internetHeaders,
  };
}

async function open(platform: "OfficeOnline" | "PC", draft: typeof webDraft) {
  const sim = await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.bob] });
  await sim.page.evaluate((p) => window.spmSimulator.setPlatform(p), platform);
  await sim.loadDraft(draft);
  return sim;
}

/** OpenSSL decrypts for Bob and verifies; the inner MIME's parts. */
function decryptForBob(d: SimDraft, tag: string) {
  const p7m = join(env.work, `${tag}.p7m`);
  writeFileSync(p7m, Buffer.from(d.attachments.find((a) => a.name === "smime.p7m")!.contentBase64, "base64"));
  const signed = join(env.work, `${tag}-signed.eml`);
  writeFileSync(signed, openssl(["cms", "-decrypt", "-inform", "DER", "-in", p7m, "-recip", env.ids.bob.certPath, "-inkey", env.ids.bob.keyPath]));
  return leaves(openssl(["cms", "-verify", "-in", signed, "-CAfile", env.pki.caCertPath]));
}

function imagePart(parts: ReturnType<typeof leaves>, contentId: string) {
  return parts.find((p) => p.headers["content-id"] === `<${contentId}>`);
}

for (const [platform, draft, ids] of [
  ["OfficeOnline", webDraft, [GUID_LETTERHEAD, GUID_SIGNATURE]],
  ["PC", classicDraft, ["image001.png@01DC0AD0.27C2B7A0", "image002.png@01DC0AD0.27C2B7A0"]],
] as const) {
  test(`${platform}: each inline image travels under its own Content-ID; Undo puts every picture back in its place`, async () => {
    const sim = await open(platform, draft);
    const { page, errors } = sim;
    const before = asSeen(await getDraft(page));
    const frame = await openCompose(page, { format: "attachment" });
    // Every image is placed: no warning.
    assert.equal(await frame.getByText(/could not be matched to their place/).count(), 0);
    await mainButton(frame).click();
    await frame.getByText("The message is encrypted and signed.").first().waitFor({ timeout: 20_000 });
    const protectedDraft = await getDraft(page);
    // Outlook dropped the images with the old text; nothing but smime.p7m is left.
    assert.deepEqual(protectedDraft.attachments.map((a) => [a.name, a.isInline]), [["smime.p7m", false]]);

    const parts = decryptForBob(protectedDraft, platform);
    const html = parts.find((p) => p.contentType.startsWith("text/html"))!.body.toString("utf8");
    assert.ok(html.includes(`cid:${ids[0]}`) && html.includes(`cid:${ids[1]}`));
    assert.ok(imagePart(parts, ids[0])?.body.equals(letterhead), "the letterhead is the picture at the top");
    assert.ok(imagePart(parts, ids[1])?.body.equals(signature), "the signature logo is the picture at the bottom");

    await frame.getByRole("button", { name: /^Undo/ }).click();
    await frame.getByText("The original message is back.").first().waitFor({ timeout: 15_000 });
    const after = await getDraft(page);
    assert.deepEqual(asSeen(after), before);
    // The references now use the ids Outlook gave the re-added images.
    if (platform === "OfficeOnline") assert.ok(!after.bodyHtml.includes(GUID_LETTERHEAD));
    // Protected again from the restored draft, the pictures are still the right ones.
    await mainButton(frame).click();
    await frame.getByText("The message is encrypted and signed.").first().waitFor({ timeout: 20_000 });
    const again = decryptForBob(await getDraft(page), `${platform}-again`);
    const againHtml = again.find((p) => p.contentType.startsWith("text/html"))!.body.toString("utf8");
    const [first, second] = [...new Set([...againHtml.matchAll(CID)].map((m) => m[1]))];
    assert.ok(imagePart(again, first)?.body.equals(letterhead) && imagePart(again, second)?.body.equals(signature));
    assert.deepEqual(errors, []);
    await sim.close();
  });
}

test("OfficeOnline: a failure after the text was replaced rolls back with every picture in its place", async () => {
  const sim = await open("OfficeOnline", webDraft);
  const { page, errors } = sim;
  const before = asSeen(await getDraft(page));
  const frame = await openCompose(page, { format: "attachment" });
  await page.evaluate(() => window.spmSimulator.failNext("internetHeaders.setAsync", "InternalError"));
  await mainButton(frame).click();
  const alert = frame.getByRole("alert");
  await alert.waitFor({ timeout: 15_000 });
  assert.match((await alert.textContent()) ?? "", /Your draft is unchanged/);
  assert.deepEqual(asSeen(await getDraft(page)), before);
  assert.deepEqual(errors, []);
  await sim.close();
});

test("an image no reference points at is named before and after, and still travels (as an attachment)", async () => {
  const stray = randomBytes(800);
  const sim = await open("OfficeOnline", {
    ...webDraft,
    bodyHtml: `<p>Dear colleague</p><img src="cid:${GUID_LETTERHEAD}">`,
    attachments: [
      { name: "letterhead.png", contentBase64: b64(letterhead), isInline: true, contentId: GUID_LETTERHEAD },
      { name: "old-logo.png", contentBase64: b64(stray), isInline: true, contentId: GUID_SIGNATURE },
    ],
  });
  const { page, errors } = sim;
  const frame = await openCompose(page, { format: "attachment" });
  await frame.getByText("These images could not be matched to their place in the text: old-logo.png.", { exact: false }).waitFor();
  await mainButton(frame).click();
  await frame.getByText(/These images travel as attachments, not in the text: old-logo\.png\./).waitFor({ timeout: 20_000 });
  const parts = decryptForBob(await getDraft(page), "stray");
  assert.ok(imagePart(parts, GUID_LETTERHEAD)?.body.equals(letterhead));
  const lone = parts.find((p) => /old-logo\.png/.test(p.headers["content-disposition"] ?? ""));
  assert.ok(lone?.body.equals(stray), "the unplaced image is in the protected message");
  assert.equal(lone?.headers["content-id"], undefined);
  assert.deepEqual(errors, []);
  await sim.close();
});

test("an attached contact Outlook will not hand out: the pane opens, names it, and blocks", async () => {
  const sim = await open("OfficeOnline", {
    ...webDraft,
    attachments: [...webDraft.attachments, { name: "Dr. Meier (contact)", contentBase64: "BEGIN:VCARD\r\nEND:VCARD\r\n", attachmentType: "item", itemClass: "contact" }],
  } as typeof webDraft);
  const { page, errors } = sim;
  const before = await getDraft(page);
  const frame = await openCompose(page);
  await frame.getByText(/Outlook does not let add-ins read these attachments, so they cannot be protected: Dr\. Meier \(contact\)\./).first().waitFor();
  assert.equal(await mainButton(frame).isDisabled(), true);
  assert.deepEqual(await getDraft(page), before);
  assert.deepEqual(errors, []);
  await sim.close();
});
