/**
 * The second source of a draft's origin: the roaming-settings registry of encrypted conversations that the
 * read pane (and the OnMessageDecrypt handler) write. A reply keeps its original's conversation id, so it is
 * "a reply to encrypted mail"; a new message (no conversation) and another conversation are not.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { ENCRYPTED_CONVERSATIONS_KEY } from "../../../src/core/policy";
import { createEncryptedConversationsPort } from "../../../src/host";
import { readDraftOrigin } from "../../../src/host/draft-origin";
import { asOfficeGlobal, createFakeOffice } from "../../../src/simulator/fake-office";
import { fakeOutlook, sampleDraft } from "./fake";

test("a reply in a recorded conversation is a reply to encrypted mail; a new message or another conversation is not", async () => {
  const { backend } = fakeOutlook({ draft: { ...sampleDraft, conversationId: "AAQk-conv-1" } });
  const compose = () => asOfficeGlobal(createFakeOffice(backend, { mode: "compose" }));
  assert.deepEqual(await readDraftOrigin(compose()), { replyToEncrypted: false });
  // The read pane records the conversation when it opens encrypted mail (its own port, the same format).
  await createEncryptedConversationsPort(compose()).record("AAQk-conv-1");
  assert.deepEqual(await readDraftOrigin(compose()), { replyToEncrypted: true });
  backend.draft.conversationId = "AAQk-other";
  assert.deepEqual(await readDraftOrigin(compose()), { replyToEncrypted: false });
  delete backend.draft.conversationId;
  assert.deepEqual(await readDraftOrigin(compose()), { replyToEncrypted: false }, "a new message has no conversation");
  // A damaged registry marks nothing (and does not fail the pane).
  backend.roamingSettings[ENCRYPTED_CONVERSATIONS_KEY] = "{not json";
  backend.draft.conversationId = "AAQk-conv-1";
  assert.deepEqual(await readDraftOrigin(compose()), { replyToEncrypted: false });
});

test("the OnMessageDecrypt context wins: it also knows the original's Message-ID", async () => {
  const context = JSON.stringify({ spm: "encrypted-original", messageId: "<orig@lab.example>" });
  const { backend } = fakeOutlook({ draft: { ...sampleDraft, conversationId: "AAQk-conv-2", initializationContext: context } });
  await createEncryptedConversationsPort(asOfficeGlobal(createFakeOffice(backend, { mode: "compose" }))).record("AAQk-conv-2");
  assert.deepEqual(await readDraftOrigin(asOfficeGlobal(createFakeOffice(backend, { mode: "compose" }))), { replyToEncrypted: true, originalMessageId: "<orig@lab.example>" });
});
