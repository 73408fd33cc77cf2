/** After Graph accepted a message: close and discard, or empty the draft; and what the snapshot says about replies. */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { createComposePort } from "../../../src/host/compose";
import { createDraftCloser } from "../../../src/host/compose-close";
import { deliveryHostFacts } from "../../../src/host/capabilities";
import { fakeOutlook, sampleDraft } from "./fake";

const note = { html: "<p>sent</p>", text: "sent" };

test("closeAndDiscard: closeAsync with discardItem", async () => {
  const { office, backend } = fakeOutlook({ draft: sampleDraft });
  await createDraftCloser(office).closeAndDiscard();
  assert.deepEqual([backend.getDraft().closed, backend.getDraft().discarded], [true, true]);
});

test("emptyDraft: no recipients, no attachments, the note, the obscured subject; failed steps are named", async () => {
  const { office, backend } = fakeOutlook({ draft: { ...sampleDraft, bcc: ["boss@clinic.example"] } });
  const warn = console.warn;
  console.warn = () => {};
  try {
    assert.deepEqual(await createDraftCloser(office).emptyDraft(note), []);
    const d = backend.getDraft();
    assert.deepEqual([d.to, d.cc, d.bcc, d.attachments, d.subject, d.bodyHtml], [[], [], [], [], "[...]", "<p>sent</p>"]);

    const other = fakeOutlook({ draft: { ...sampleDraft, bodyHtml: undefined, bodyText: "Patient 4711" } });
    other.backend.failNext("cc.setAsync", "InternalError");
    assert.deepEqual(await createDraftCloser(other.office).emptyDraft(note), ["cc.setAsync"]);
    const o = other.backend.getDraft();
    assert.equal(o.to.length, 0);
    assert.equal(o.cc.length, 1, "the failed step left Cc");
    assert.equal(o.bodyHtml, "sent", "a text body gets the text note");
  } finally {
    console.warn = warn;
  }
});

test("the snapshot carries Outlook's inReplyTo from Mailbox 1.14 only", async () => {
  let { office } = fakeOutlook({ draft: { ...sampleDraft, inReplyTo: "<orig@lab.example>" } });
  assert.equal((await createComposePort(office).readSnapshot()).inReplyTo, "<orig@lab.example>");
  ({ office } = fakeOutlook({ draft: { ...sampleDraft, inReplyTo: "<orig@lab.example>" }, requirementSets: ["1.1", "1.8", "1.13"] }));
  assert.equal((await createComposePort(office).readSnapshot()).inReplyTo, undefined);
});

test("deliveryHostFacts: NAA, closeAsync and the account type as the host reports them", () => {
  const { office, backend } = fakeOutlook({ draft: sampleDraft });
  assert.deepEqual(deliveryHostFacts(office), { naaSupported: true, closeSupported: true, accountType: "office365" });
  backend.delivery!.naaSupported = false;
  backend.delivery!.accountType = "outlookCom";
  assert.deepEqual(deliveryHostFacts(office), { naaSupported: false, closeSupported: true, accountType: "outlookCom" });
});
