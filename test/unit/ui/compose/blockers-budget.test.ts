/**
 * The pane's size check counts the draft's own attachments (src/ui/compose/blockers.ts with the host's
 * attachment budget): on the web 25 MB for all attachments together, inline images staying in the draft.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { attachmentBudgetFor, type DraftAttachment, type DraftSnapshot } from "../../../../src/host";
import type { IdentityRecord, StoreState } from "../../../../src/store";
import { composeBlockers, draftLimitChars, type BlockerInput } from "../../../../src/ui/compose/blockers";
import type { RecipientStatus } from "../../../../src/ui/compose/recipients";

const MB = 1_000_000;

function file(name: string, bytes: number, isInline = false): DraftAttachment {
  return { id: name, name, isInline, attachmentType: "file", size: bytes, format: "base64", content: "", bytes: new Uint8Array(bytes) };
}

function snapshot(attachments: DraftAttachment[]): DraftSnapshot {
  return {
    to: [{ displayName: "Bob", emailAddress: "bob@lab.example" }],
    cc: [],
    bcc: [],
    subject: "Scans",
    bodyType: "html",
    body: '<p>Scans</p><img src="cid:letterhead.png">',
    bodyHtml: '<p>Scans</p><img src="cid:letterhead.png">',
    attachments,
    headers: {},
  };
}

const identity = {
  id: "a1",
  email: "alice@clinic.example",
  notAfter: new Date("2027-01-01T00:00:00Z"),
  certificate: new Uint8Array(1200),
  chain: [],
} as unknown as IdentityRecord;
const state: StoreState = { locked: false, hasPassphrase: true, identityCount: 1, storageLost: false, needsBackup: false };
const bob: RecipientStatus = { field: "to", displayName: "Bob", email: "bob@lab.example", state: "found", certificate: new Uint8Array(1000) };

function input(attachments: DraftAttachment[], platform: string): BlockerInput {
  return {
    snapshot: snapshot(attachments),
    state,
    identity,
    recipients: [bob],
    sign: true,
    encrypt: true,
    limitChars: 27_892_122,
    budget: attachmentBudgetFor(platform),
    now: new Date("2026-06-01T12:00:00Z"),
  };
}

test("an 8 MB inline letterhead leaves 17 MB for smime.p7m on the web: 12 MB of scans are too large there, not on classic Outlook", () => {
  const draft = [file("letterhead.png", 8 * MB, true), file("scans.zip", 12 * MB)];
  const web = composeBlockers(input(draft, "OfficeOnline"));
  const tooLarge = web.blockers.find((b) => b.code === "too-large");
  assert.ok(tooLarge && tooLarge.code === "too-large");
  assert.equal(tooLarge.limit, 4 * Math.floor((17 * MB) / 3));
  assert.equal(web.layout?.compact, true);
  assert.deepEqual(composeBlockers(input(draft, "PC")).blockers, []);
});

test("files that can be removed first do not take room: 20.8 MB of scans fit on the web (compact layout)", () => {
  const r = composeBlockers(input([file("a.zip", 12 * MB), file("b.zip", 8_800_000)], "OfficeOnline"));
  assert.deepEqual(r.blockers, []);
  assert.equal(r.layout?.compact, true);
  assert.equal(draftLimitChars(input([file("a.zip", 12 * MB)], "OfficeOnline")), 27_892_122);
  // 21 MB does not: one add's limit binds.
  assert.deepEqual(composeBlockers(input([file("a.zip", 21 * MB)], "OfficeOnline")).blockers.map((b) => b.code), ["too-large"]);
});

test("without a budget the check is one add's limit, as before", () => {
  const i = { ...input([file("letterhead.png", 8 * MB, true)], "OfficeOnline"), budget: undefined };
  assert.equal(draftLimitChars(i), 27_892_122);
});
