/**
 * Why the compose pane's main button is disabled (src/ui/compose/blockers.ts): every rule, its order, and
 * that the layout estimate follows the draft it was computed from. Pure, runs in Node.
 */
import { describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import type { DraftAttachment, DraftSnapshot } from "../../../../src/host";
import type { IdentityRecord, StoreState } from "../../../../src/store";
import { composeBlockers, isAlreadyProtected, type BlockerInput } from "../../../../src/ui/compose/blockers";
import { flowReducer, INITIAL_FLOW } from "../../../../src/ui/compose/flow";
import type { RecipientStatus } from "../../../../src/ui/compose/recipients";

const NOW = new Date("2026-06-01T12:00:00Z");

function snapshot(over: Partial<DraftSnapshot> = {}): DraftSnapshot {
  return {
    from: { displayName: "Dr. Alice", emailAddress: "alice@clinic.example" },
    to: [{ displayName: "Bob", emailAddress: "bob@lab.example" }],
    cc: [],
    bcc: [],
    subject: "Findings",
    bodyType: "html",
    body: "<p>Hello</p>",
    bodyHtml: "<p>Hello</p>",
    attachments: [],
    headers: {},
    ...over,
  };
}

function attachment(name: string, bytes: number, over: Partial<DraftAttachment> = {}): DraftAttachment {
  return { id: name, name, isInline: false, attachmentType: "file", size: bytes, format: "base64", content: "", bytes: new Uint8Array(bytes), ...over };
}

const identity: IdentityRecord = {
  id: "a1",
  email: "alice@clinic.example",
  subject: "CN=Dr. Alice",
  issuer: "CN=Test CA",
  serialHex: "01",
  notBefore: new Date("2025-01-01T00:00:00Z"),
  notAfter: new Date("2027-01-01T00:00:00Z"),
  certificate: new Uint8Array(1200),
  chain: [new Uint8Array(900)],
  isDefault: true,
  addedAt: new Date("2025-01-01T00:00:00Z"),
  source: "pkcs12",
};

const unlocked: StoreState = { locked: false, hasPassphrase: true, identityCount: 1, storageLost: false, needsBackup: false };
const bob: RecipientStatus = { field: "to", displayName: "Bob", email: "bob@lab.example", state: "found", certificate: new Uint8Array(1000) };

function input(over: Partial<BlockerInput> = {}): BlockerInput {
  return { snapshot: snapshot(), state: unlocked, identity, recipients: [bob], sign: true, encrypt: true, limitChars: 27_900_000, now: NOW, ...over };
}

const codes = (i: BlockerInput) => composeBlockers(i).blockers.map((b) => b.code);

describe("composeBlockers", () => {
  test("a ready draft has no blockers and a layout", () => {
    const result = composeBlockers(input());
    assert.deepEqual(result.blockers, []);
    assert.equal(result.layout?.compact, false);
    assert.ok((result.layout?.estimate ?? 0) > 0);
  });

  test("no identity, or storage lost: one blocker each, the right one", () => {
    assert.deepEqual(codes(input({ identity: undefined })), ["no-identity"]);
    assert.deepEqual(codes(input({ identity: undefined, state: { ...unlocked, storageLost: true, identityCount: 0 } })), ["storage-lost"]);
    // Without an identity nothing can be estimated.
    assert.equal(composeBlockers(input({ identity: undefined })).layout, undefined);
  });

  test("an expired identity names its date; one valid a second longer is fine", () => {
    const expired = { ...identity, notAfter: new Date(NOW.getTime() - 1000) };
    const [b] = composeBlockers(input({ identity: expired })).blockers;
    assert.equal(b.code, "identity-expired");
    assert.equal(b.code === "identity-expired" && b.notAfter.getTime(), expired.notAfter.getTime());
    assert.deepEqual(codes(input({ identity: { ...identity, notAfter: new Date(NOW.getTime() + 1000) } })), []);
  });

  test("neither sign nor encrypt", () => {
    assert.deepEqual(codes(input({ sign: false, encrypt: false })), ["nothing-selected"]);
  });

  test("attached Outlook items are named, also when only signing", () => {
    const snap = snapshot({ attachments: [attachment("a.pdf", 10), attachment("Re: lab.eml", 10, { format: "eml", attachmentType: "item" })] });
    const result = composeBlockers(input({ snapshot: snap, encrypt: false }));
    assert.deepEqual(result.blockers, [{ code: "item-attachments", names: ["Re: lab.eml"] }]);
  });

  test("attachments Outlook would not hand out (AttachmentTypeNotSupported) are named and block either way", () => {
    const snap = { ...snapshot({ attachments: [attachment("a.pdf", 10)] }), unreadable: [{ name: "Dr. Meier", officeError: "AttachmentTypeNotSupported" }] };
    assert.deepEqual(composeBlockers(input({ snapshot: snap })).blockers, [{ code: "unreadable-attachments", names: ["Dr. Meier"] }]);
    assert.deepEqual(codes(input({ snapshot: snap, encrypt: false })), ["unreadable-attachments"]);
  });

  test("locked store blocks signing only", () => {
    const locked = { ...unlocked, locked: true };
    assert.deepEqual(codes(input({ state: locked })), ["locked"]);
    assert.deepEqual(codes(input({ state: locked, sign: false })), []);
  });

  test("encryption needs recipients, all with certificates, and no Bcc; signing alone needs none of that", () => {
    assert.deepEqual(codes(input({ recipients: [] })), ["no-recipients"]);
    const carol: RecipientStatus = { field: "cc", displayName: "Carol", email: "carol@ward.example", state: "expired" };
    const dan: RecipientStatus = { field: "to", displayName: "Dan", email: "dan@x.example", state: "missing" };
    const result = composeBlockers(input({ recipients: [bob, carol, dan] }));
    assert.deepEqual(result.blockers, [{ code: "missing-certificates", names: ["Carol", "Dan"] }]);
    const withBcc = snapshot({ bcc: [{ displayName: "Boss", emailAddress: "boss@clinic.example" }] });
    assert.deepEqual(codes(input({ snapshot: withBcc })), ["bcc"]);
    assert.deepEqual(codes(input({ snapshot: withBcc, recipients: [bob, dan], encrypt: false })), []);
  });

  test("too large: the estimate and the limit travel with the blocker; the compact layout is tried first", () => {
    const big = snapshot({ attachments: [attachment("scan.zip", 3_000_000)] });
    const fitsCompactOnly = composeBlockers(input({ snapshot: big, limitChars: 4_500_000 }));
    assert.deepEqual(fitsCompactOnly.blockers, []);
    assert.equal(fitsCompactOnly.layout?.compact, true);
    const tooBig = composeBlockers(input({ snapshot: big, limitChars: 3_000_000 }));
    const last = tooBig.blockers.at(-1);
    assert.equal(last?.code, "too-large");
    assert.ok(last?.code === "too-large" && last.estimate > 3_000_000 && last.limit === 3_000_000);
    // Signed only: never compact, so the same draft that fits encrypted is too large signed only.
    const signOnly = composeBlockers(input({ snapshot: big, encrypt: false, limitChars: 4_500_000 }));
    assert.equal(signOnly.layout?.compact, false);
    assert.deepEqual(signOnly.blockers.map((b) => b.code), ["too-large"]);
  });

  test("the order is the order of fixing things, and every rule applies at once", () => {
    const everything = input({
      identity: { ...identity, notAfter: new Date(NOW.getTime() - 1) },
      state: { ...unlocked, locked: true },
      snapshot: snapshot({ bcc: [{ displayName: "B", emailAddress: "b@x.example" }], attachments: [attachment("m.eml", 5, { format: "eml" }), attachment("x.bin", 5_000_000)] }),
      recipients: [{ ...bob, state: "missing" }],
      limitChars: 1_000_000,
    });
    assert.deepEqual(codes(everything), ["identity-expired", "item-attachments", "locked", "missing-certificates", "bcc", "too-large"]);
  });

  test("the estimate follows the draft it is given (the click recomputes it on the fresh draft)", () => {
    const small = composeBlockers(input()).layout?.estimate ?? 0;
    const larger = composeBlockers(input({ snapshot: snapshot({ attachments: [attachment("a.pdf", 100_000)] }) })).layout?.estimate ?? 0;
    assert.ok(larger > small + 100_000, `${larger} vs ${small}`);
  });
});

describe("isAlreadyProtected", () => {
  test("needs both the header marker and the smime.p7m attachment", () => {
    const p7m = attachment("smime.p7m", 100);
    assert.equal(isAlreadyProtected(snapshot({ headers: { "x-spm-protected": "1" }, attachments: [p7m] })), true);
    assert.equal(isAlreadyProtected(snapshot({ attachments: [p7m] })), false);
    assert.equal(isAlreadyProtected(snapshot({ headers: { "x-spm-protected": "1" } })), false);
    assert.equal(isAlreadyProtected(snapshot({ headers: { "x-spm-protected": "1" }, attachments: [{ ...p7m, isInline: true }] })), false);
  });
});

describe("flowReducer", () => {
  test("start clears the last outcome and info; a load failure keeps what was read", () => {
    let s = flowReducer(INITIAL_FLOW, { type: "info", info: "Key store unlocked." });
    s = flowReducer(s, { type: "outcome", outcome: { kind: "undone" } });
    s = flowReducer(s, { type: "start" });
    assert.equal(s.outcome, undefined);
    assert.equal(s.info, undefined);
    const facts = { snapshot: snapshot(), state: unlocked, identity, recipients: [bob] };
    s = flowReducer(s, { type: "loaded", facts, lateProblems: [] });
    s = flowReducer(s, { type: "load-failed", error: new Error("x") });
    assert.equal(s.facts, facts);
    s = flowReducer(s, { type: "loading" });
    assert.equal(s.loadError, undefined);
  });
});
