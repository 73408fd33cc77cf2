/**
 * Outlook's reply and new-message forms as the simulator models them (documented limits, synchronous
 * throws, base64 only in reply forms from Mailbox 1.15, conversation ids), the host's reply port over them,
 * and the registry of encrypted conversations in roaming settings.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { ENCRYPTED_CONVERSATIONS_KEY } from "../../../src/core/policy";
import { createEncryptedConversationsPort, createReplyPort } from "../../../src/host";
import { asOfficeGlobal, createFakeOffice } from "../../../src/simulator/fake-office";
import { FORM_LIMITS, openedForms } from "../../../src/simulator/forms";
import { ALL_REQUIREMENT_SETS } from "../../../src/simulator/mailbox-state";
import { fakeOutlook } from "./fake";

const message = (headers: string[] = []) =>
  [
    "From: Dr. Alice <alice@clinic.example>",
    "To: bob@lab.example, carol@lab.example",
    "Cc: dave@lab.example",
    "Subject: [...]",
    "Message-ID: <m1@clinic.example>",
    ...headers,
    "Content-Type: text/html; charset=utf-8",
    "",
    "<p>notice</p>",
  ].join("\r\n");

function reader(requirementSets = ALL_REQUIREMENT_SETS) {
  const r = fakeOutlook({ eml: message(), requirementSets });
  r.backend.draft.from = { displayName: "Bob", emailAddress: "bob@lab.example" };
  return { ...r, item: r.office.context.mailbox.item as Office.MessageRead };
}

function call<T>(start: (cb: (r: Office.AsyncResult<T>) => void) => void): Promise<Office.AsyncResult<T>> {
  return new Promise((resolve) => start(resolve));
}

test("htmlBody: 32,768 UTF-16 code units open the form; one more throws synchronously, before any call is queued", async () => {
  const { backend, item } = reader();
  const max = FORM_LIMITS.htmlBodyMaxLength;
  assert.equal(max, 32768);
  // Measured in UTF-16 code units, not bytes: 16,384 emoji (65,536 UTF-8 bytes) are exactly the limit.
  const r = await call<void>((cb) => item.displayReplyFormAsync({ htmlBody: "😀".repeat(max / 2) }, cb));
  assert.equal(r.status, "succeeded");
  assert.ok(backend.draft.body.startsWith("😀".repeat(max / 2)));
  for (const over of ["a".repeat(max + 1), "ä".repeat(max) + "a", "😀".repeat(max / 2) + "x"]) {
    let calledBack = false;
    assert.throws(
      () => item.displayReplyAllFormAsync({ htmlBody: over }, () => (calledBack = true)),
      (e: Error) => e.name === "Sys.ArgumentOutOfRangeException" && /htmlBody/.test(e.message),
    );
    await new Promise((res) => setTimeout(res, 20));
    assert.equal(calledBack, false, "a synchronous throw, not an asyncResult");
  }
  assert.throws(() => office().displayNewMessageFormAsync({ htmlBody: "a".repeat(max + 1) }), /ArgumentOutOfRange/);
  function office() {
    return reader().office.context.mailbox;
  }
});

test("reply forms: recipients, subject and conversation as Outlook sets them; the htmlBody goes above the original", async () => {
  const { backend, item } = reader();
  await call<void>((cb) => item.displayReplyAllFormAsync({ htmlBody: "<p>quote</p>" }, cb));
  const form = openedForms(backend).at(-1)!;
  assert.deepEqual([...form.to], ["alice@clinic.example", "carol@lab.example"], "reply all: the sender and the others, not the user");
  assert.deepEqual([...form.cc], ["dave@lab.example"]);
  assert.equal(form.subject, "RE: [...]");
  assert.equal(form.conversationId, item.conversationId);
  assert.match(backend.draft.body, /^<p>quote<\/p><hr>.*<p>notice<\/p>/s);
  // The draft the compose pane then sees belongs to the same conversation; a new message to none.
  const compose = asOfficeGlobal(createFakeOffice(backend, { mode: "compose" }));
  assert.equal((compose.context.mailbox.item as Office.MessageCompose).conversationId, item.conversationId);
  await call<void>((cb) => reader().office.context.mailbox.displayNewMessageFormAsync({ subject: "FW: x", htmlBody: "q" }, cb));
  // A reply in the same thread (References names the first message) shares the conversation id.
  const later = fakeOutlook({ eml: message(["References: <m1@clinic.example>"]).replace("<m1@", "<m2@") });
  assert.equal((later.office.context.mailbox.item as Office.MessageRead).conversationId, item.conversationId);
  const other = fakeOutlook({ eml: message().replace("<m1@", "<m9@") });
  assert.notEqual((other.office.context.mailbox.item as Office.MessageRead).conversationId, item.conversationId);
});

test("attachments: base64 only in reply forms and only from Mailbox 1.15; names up to 255; cloud and unknown types throw", async () => {
  const file = { type: "base64", name: "befund.pdf", base64file: Buffer.from("%PDF-1.4").toString("base64"), inLine: false, isInline: false };
  const { backend, item } = reader();
  await call<void>((cb) => item.displayReplyFormAsync({ htmlBody: "x", attachments: [file] as unknown as Office.ReplyFormAttachment[] }, cb));
  assert.deepEqual(backend.getDraft().attachments.map((a) => [a.name, Buffer.from(a.contentBase64, "base64").toString()]), [["befund.pdf", "%PDF-1.4"]]);
  const older = reader(ALL_REQUIREMENT_SETS.slice(0, 14));
  assert.throws(() => older.item.displayReplyFormAsync({ htmlBody: "x", attachments: [file] as unknown as Office.ReplyFormAttachment[] }), /ArgumentException.*base64 is not supported/);
  assert.throws(() => item.displayReplyFormAsync({ attachments: [{ ...file, name: "n".repeat(256) }] as unknown as Office.ReplyFormAttachment[] }), /ArgumentOutOfRange.*name/);
  assert.throws(() => item.displayReplyFormAsync({ attachments: [{ type: "cloud", name: "c", url: "https://x" }] as unknown as Office.ReplyFormAttachment[] }), /cloud is not supported/);
  const mailbox = reader().office.context.mailbox;
  assert.throws(() => mailbox.displayNewMessageFormAsync({ attachments: [file] }), /base64 is not supported/);
  assert.throws(() => mailbox.displayNewMessageFormAsync({ toRecipients: Array.from({ length: 101 }, (_, i) => `r${i}@x.example`) }), /ArgumentOutOfRange.*toRecipients/);
  assert.throws(() => mailbox.displayNewMessageFormAsync({ subject: "s".repeat(256) }), /ArgumentOutOfRange.*subject/);
  assert.throws(() => mailbox.displayNewMessageFormAsync({ bodyHtml: "typo" } as unknown as Office.MessageForm), /unknown parameter/);
  // Before Mailbox 1.9 only the synchronous forms exist.
  const legacy = reader(["1.1", "1.5", "1.8"]);
  assert.equal(typeof legacy.item.displayReplyFormAsync, "undefined");
  legacy.item.displayReplyForm("<p>sync</p>");
  assert.match(legacy.backend.draft.body, /^<p>sync<\/p>/);
});

test("the reply port: capabilities by requirement set and platform, quotes over 32 KB refused with a typed error", async () => {
  const { backend, office } = reader();
  const port = createReplyPort(office);
  assert.deepEqual({ ...port.capabilities(), attachmentMaxBase64Chars: 0 }, { reply: true, forward: true, replyAttachments: true, attachmentMaxBase64Chars: 0 });
  assert.equal(port.capabilities().attachmentMaxBase64Chars, 27_892_122);
  assert.equal(createReplyPort(reader(ALL_REQUIREMENT_SETS.slice(0, 14)).office).capabilities().replyAttachments, false);
  const mobile = { context: { platform: "iOS", mailbox: { item: {} }, requirements: { isSetSupported: () => true } } } as unknown as typeof Office;
  assert.equal(createReplyPort(mobile).capabilities().unavailable, "mobile");
  await port.openReply("reply", "<p>q</p>", [{ name: "a.txt", base64: Buffer.from("A").toString("base64") }]);
  assert.equal(openedForms(backend).at(-1)?.attachments[0]?.name, "a.txt");
  await assert.rejects(port.openReply("reply", "x".repeat(32769)), (e: { code?: string }) => e.code === "LIMIT_EXCEEDED");
  await port.openNewMessage({ subject: "FW: s".padEnd(300, "s"), htmlBody: "<p>q</p>" });
  const fw = openedForms(backend).at(-1)!;
  assert.equal(fw.kind, "new");
  assert.equal(fw.subject.length, 255);
  assert.equal(fw.conversationId, null);
  // The legacy synchronous form is used where the async one is missing.
  const legacy = reader(["1.1", "1.8"]);
  await createReplyPort(legacy.office).openReply("replyAll", "<p>legacy</p>");
  assert.equal(openedForms(legacy.backend).at(-1)?.kind, "replyAll");
});

test("registry port: recorded in roaming settings (core's format) and saved; a refused save is an error and changes nothing", async () => {
  const { backend, office } = reader();
  const port = createEncryptedConversationsPort(office);
  await port.record("conv-1", new Date("2026-02-03T04:05:06Z"));
  assert.deepEqual(JSON.parse(JSON.stringify(backend.roamingSettings[ENCRYPTED_CONVERSATIONS_KEY])), [{ conversationId: "conv-1", at: "2026-02-03T04:05:06.000Z" }]);
  assert.equal(port.has("conv-1"), true);
  assert.equal(port.has("conv-2"), false);
  assert.equal(backend.getEventLog().some((e) => e.method === "roamingSettings.saveAsync" && e.outcome === "succeeded"), true);
  backend.failNext("roamingSettings.saveAsync", "GenericSettingsError");
  await assert.rejects(port.record("conv-2"), (e: { code?: string; details?: { officeError?: string } }) => e.code === "HOST_ERROR" && e.details?.officeError === "GenericSettingsError");
  assert.equal(port.has("conv-2"), false, "the previous value is back");
  assert.deepEqual(port.list().map((e) => e.conversationId), ["conv-1"]);
});
