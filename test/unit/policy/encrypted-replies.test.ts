/**
 * Replies to and forwards of encrypted mail: the policy field, the two marks (OnMessageDecrypt's contextData
 * and the roaming-settings registry of conversations), and the send decision.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { isSpmError } from "../../../src/core/errors";
import {
  DEFAULT_POLICY,
  MAX_ENCRYPTED_CONVERSATIONS,
  MAX_ENCRYPTED_CONVERSATIONS_CHARS,
  decideSend,
  encryptedOriginContext,
  isEncryptedConversation,
  parseEncryptedConversations,
  parseEncryptedOrigin,
  parsePolicy,
  withEncryptedConversation,
  type Policy,
} from "../../../src/core/policy";

test("encryptedReplies: default require, warn allowed, anything else names the field", () => {
  assert.equal(parsePolicy({}).encryptedReplies, "require");
  assert.equal(DEFAULT_POLICY.encryptedReplies, "require");
  assert.equal(parsePolicy({ encryptedReplies: "warn" }).encryptedReplies, "warn");
  for (const bad of ["off", "block", true, 1]) {
    assert.throws(() => parsePolicy({ encryptedReplies: bad }), (e: unknown) => isSpmError(e, "MALFORMED") && e.message.includes('"encryptedReplies"'));
  }
});

test("contextData: exactly the documented JSON, parsed back; other contexts are not ours", () => {
  const ctx = encryptedOriginContext("<own-1@clinic.example>");
  assert.equal(ctx, '{"spm":"encrypted-original","messageId":"<own-1@clinic.example>"}');
  assert.deepEqual(parseEncryptedOrigin(ctx), { messageId: "<own-1@clinic.example>" });
  assert.deepEqual(parseEncryptedOrigin({ spm: "encrypted-original", messageId: "<a@b>" }), { messageId: "<a@b>" });
  for (const other of ["", "{", "null", '{"spm":"other"}', '{"messageType":"ReplyFromDecryptedMessage"}', undefined, null, 42]) {
    assert.equal(parseEncryptedOrigin(other), undefined, String(other));
  }
});

test("conversation registry: array or JSON text, bad entries dropped, most recent first, no duplicates", () => {
  const now = new Date("2026-03-01T10:00:00Z");
  const stored = [
    { conversationId: "AAQkOld", at: "2026-01-01T00:00:00.000Z" },
    { conversationId: 7, at: "x" },
    null,
    { conversationId: "AAQkMid", at: "2026-02-01T00:00:00.000Z" },
  ];
  assert.deepEqual(parseEncryptedConversations(stored).map((e) => e.conversationId), ["AAQkOld", "AAQkMid"]);
  assert.deepEqual(parseEncryptedConversations(JSON.stringify(stored)).map((e) => e.conversationId), ["AAQkOld", "AAQkMid"]);
  assert.deepEqual(parseEncryptedConversations("{not json"), []);
  assert.deepEqual(parseEncryptedConversations({ conversationId: "x" }), []);

  const next = withEncryptedConversation(stored, "AAQkOld", now);
  assert.deepEqual(next.map((e) => e.conversationId), ["AAQkOld", "AAQkMid"]);
  assert.equal(next[0].at, now.toISOString());
  assert.ok(isEncryptedConversation(next, "AAQkMid"));
  assert.ok(isEncryptedConversation(JSON.stringify(next), "AAQkOld"));
  assert.ok(!isEncryptedConversation(next, "AAQkOther"));
  assert.ok(!isEncryptedConversation(next, ""));
  assert.ok(!isEncryptedConversation(next, null));
});

test("conversation registry stays within 200 entries and the roaming-settings share", () => {
  let reg: unknown = [];
  const start = Date.parse("2026-01-01T00:00:00Z");
  for (let i = 0; i < 300; i++) reg = withEncryptedConversation(reg, `c${i}`, new Date(start + i * 1000));
  const short = parseEncryptedConversations(reg);
  assert.equal(short.length, MAX_ENCRYPTED_CONVERSATIONS);
  assert.equal(short[0].conversationId, "c299");
  assert.equal(short[199].conversationId, "c100");

  // Exchange-length ids: the character cap bites first, the newest stay.
  reg = [];
  const id = (i: number) => `AAQkADAwATZiZmYAZC1kYjk3LTFlYTctMDACLTAwCgAQAGhmXYYkm0pGnkKqhZ5BTw${String(i).padStart(4, "0")}=`;
  for (let i = 0; i < 250; i++) reg = withEncryptedConversation(reg, id(i), new Date(start + i * 1000));
  const long = parseEncryptedConversations(reg);
  assert.ok(JSON.stringify(long).length <= MAX_ENCRYPTED_CONVERSATIONS_CHARS, String(JSON.stringify(long).length));
  assert.ok(long.length > 80 && long.length < MAX_ENCRYPTED_CONVERSATIONS, String(long.length));
  assert.equal(long[0].conversationId, id(249));
});

const base: Policy = { ...DEFAULT_POLICY, sendGuard: "warn", scope: "patient-data", internalDomains: ["clinic.example"] };
const harmless = { subject: "Re: [...]", bodyText: "Thanks, see you", recipients: ["bob@clinic.example"], protectedByUs: false, canPrompt: true };

test("a reply to encrypted mail needs encryption whatever the patterns say; warn softens; protected passes", () => {
  assert.equal(decideSend({ policy: base, ...harmless }).allow, true, "without the mark the same draft passes");

  const strict = decideSend({ policy: base, ...harmless, replyToEncrypted: true });
  assert.equal(strict.allow, false);
  assert.equal(strict.sendMode, "SoftBlock");
  assert.match(strict.message!.en, /answers or forwards an encrypted message.*Please encrypt it/);
  assert.match(strict.message!.de, /verschlüsselte Nachricht/);

  const soft = decideSend({ policy: { ...base, encryptedReplies: "warn" }, ...harmless, replyToEncrypted: true });
  assert.equal(soft.allow, false);
  assert.equal(soft.sendMode, "PromptUser");
  assert.match(soft.message!.en, /or send it anyway/);

  // No "send anyway" on hosts before Mailbox 1.14: the manifest's SoftBlock applies, and the text says so.
  const old = decideSend({ policy: { ...base, encryptedReplies: "warn" }, ...harmless, canPrompt: false, replyToEncrypted: true });
  assert.equal(old.sendMode, "SoftBlock");
  assert.match(old.message!.en, /Please encrypt it/);

  // "warn" for replies does not soften what the scope rules require.
  const phi = decideSend({ policy: { ...base, sendGuard: "require", encryptedReplies: "warn" }, ...harmless, bodyText: "DOB 01/02/1960", replyToEncrypted: true });
  assert.equal(phi.sendMode, "SoftBlock");

  assert.equal(decideSend({ policy: base, ...harmless, protectedByUs: true, replyToEncrypted: true }).allow, true);
  assert.equal(decideSend({ policy: { ...base, sendGuard: "off" }, ...harmless, replyToEncrypted: true }).allow, true, "the guard switched off is off");
});
