/** Where a draft comes from: the OnMessageDecrypt context data through getInitializationContextAsync. */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { parseOriginContext, readDraftOrigin } from "../../../src/host/draft-origin";
import { fakeOutlook, sampleDraft } from "./fake";

test("parseOriginContext: our record (message id cleaned), nothing else", () => {
  assert.deepEqual(parseOriginContext('{"spm":"encrypted-original","messageId":"<a@b.example>"}'), { replyToEncrypted: true, originalMessageId: "<a@b.example>" });
  assert.deepEqual(parseOriginContext('{"spm":"encrypted-original"}'), { replyToEncrypted: true });
  assert.deepEqual(parseOriginContext('{"spm":"encrypted-original","messageId":"a@b\\r\\nBcc: x"}'), { replyToEncrypted: true });
  assert.equal(parseOriginContext('{"spm":"other"}'), undefined);
  assert.equal(parseOriginContext("actionable message data"), undefined);
  assert.equal(parseOriginContext(""), undefined);
});

test("readDraftOrigin reads the initialization context; without Mailbox 1.8 or a context it knows nothing", async () => {
  const context = JSON.stringify({ spm: "encrypted-original", messageId: "<orig@lab.example>" });
  let { office } = fakeOutlook({ draft: { ...sampleDraft, initializationContext: context } });
  assert.deepEqual(await readDraftOrigin(office), { replyToEncrypted: true, originalMessageId: "<orig@lab.example>" });
  ({ office } = fakeOutlook({ draft: sampleDraft }));
  assert.deepEqual(await readDraftOrigin(office), { replyToEncrypted: false });
  ({ office } = fakeOutlook({ draft: { ...sampleDraft, initializationContext: context }, requirementSets: ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7"] }));
  assert.deepEqual(await readDraftOrigin(office), { replyToEncrypted: false });
});

test("a failing call is not fatal: the user's defaults apply", async () => {
  const { office, backend } = fakeOutlook({ draft: { ...sampleDraft, initializationContext: '{"spm":"encrypted-original"}' } });
  backend.failNext("getInitializationContextAsync", "InternalError");
  const warn = console.warn;
  console.warn = () => {};
  try {
    assert.deepEqual(await readDraftOrigin(office), { replyToEncrypted: false });
  } finally {
    console.warn = warn;
  }
});
