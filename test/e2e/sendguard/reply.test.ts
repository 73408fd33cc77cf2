/**
 * The send guard and answers to encrypted mail: after OnMessageDecrypt showed a message (it records the
 * conversation; Outlook hands its contextData to reply drafts), an unencrypted reply is blocked whatever the
 * patient-data patterns say, in the web runtime and in classic Outlook's JavaScript-only runtime; admin policy
 * softens it to a warning; encrypted with the compose pane, it goes.
 */
import { beforeAll, test } from "@jest/globals";
import assert from "node:assert/strict";
import { openItem, ownFormat } from "../decrypt/helpers";
import { mainButton, openCompose } from "../pages/compose";
import { SimulatorPage } from "../pages/simulator";
import { browserSuite } from "../../helpers/suite";
import { draftFromAlice, protectDraft } from "../../helpers/protect";

const env = browserSuite({
  identities: {
    alice: ["alice", "alice@clinic.example"],
    bob: ["bob", "bob@clinic.example"],
  },
});

let message = "";

const POLICY = { sendGuard: "warn", scope: "patient-data-or-external", internalDomains: ["clinic.example"] };
const REPLY_BLOCKED = "This answers or forwards an encrypted message, so its quoted text may contain patient data. Please encrypt it with Secure Patient Mail before sending.";

beforeAll(async () => {
  const draft = draftFromAlice({
    to: [{ name: "Dr. Bob", address: "bob@clinic.example" }],
    subject: "Befund",
    messageId: "thread-1@clinic.example",
    text: "Befund Patient 4711: unauffällig.",
  });
  const cms = await protectDraft(draft, env.ids.alice, [env.ids.bob], { cipher: "aes-256-cbc" });
  message = ownFormat(cms, { messageId: "<thread-1@clinic.example>" });
});

async function setPolicy(s: SimulatorPage, policy: Record<string, unknown>): Promise<void> {
  await s.page.evaluate((p) => void (window.__spmSimulatorBackend!.roamingSettings["spm.policy"] = JSON.stringify(p)), policy);
}

/** Bob answers Alice: internal, harmless text, so only the reply rule can stop it. */
async function loadReply(s: SimulatorPage, extra: { conversationId?: string; initializationContext?: string }): Promise<void> {
  await s.page.evaluate(
    (x) =>
      window.spmSimulator.loadDraft({
        from: { displayName: "Dr. Bob", emailAddress: "bob@clinic.example" },
        to: ["Dr. Alice <alice@clinic.example>"],
        subject: "Re: [...]",
        bodyHtml: "<p>Thanks, agreed.</p>",
        ...x,
      }),
    extra,
  );
}

const send = (s: SimulatorPage) => s.page.evaluate(() => window.spmSimulator.send());

test("a reply in a decrypted conversation, or from OnMessageDecrypt's contextData, is blocked unencrypted; encrypted it goes", async () => {
  const s = await SimulatorPage.open(env, { identities: [env.ids.bob] });
  await s.page.evaluate((pem) => window.spmSimulator.importRecipientCertificate(pem), env.ids.alice.certPem);
  await setPolicy(s, POLICY);
  const opened = await openItem(s.page, message);
  assert.equal(opened?.allowEvent, true, String(opened?.errorMessage));
  const conversationId = await s.page.evaluate(() => window.__spmSimulatorBackend!.readItem!.conversationId);

  // Control: the same draft outside that conversation is harmless and goes.
  await loadReply(s, { conversationId: "AAQkSIMother" });
  assert.deepEqual(await send(s), { allowEvent: true });

  // The conversation registry written by OnMessageDecrypt marks it.
  await loadReply(s, { conversationId });
  const blocked = await send(s);
  assert.equal(blocked.allowEvent, false);
  assert.equal(blocked.errorMessage, REPLY_BLOCKED);
  assert.equal(blocked.sendModeOverride, undefined, "require: no send anyway");
  assert.equal(blocked.commandId, "spmComposeOpenPane");

  // contextData alone (a reply Outlook made from the decrypted message) marks it too.
  await loadReply(s, { conversationId: "AAQkSIMother", initializationContext: String(opened.contextData) });
  assert.equal((await send(s)).errorMessage, REPLY_BLOCKED);

  // Classic Outlook on Windows runs the same guard in its JavaScript-only runtime.
  await s.page.evaluate(() => window.spmSimulator.setPlatform("PC"));
  assert.equal((await send(s)).errorMessage, REPLY_BLOCKED);
  await s.page.evaluate(() => window.spmSimulator.setPlatform("OfficeOnline"));

  // Encrypted with the compose pane (the Secure Patient Mail format, which Outlook sends), the reply goes.
  await loadReply(s, { conversationId });
  const frame = await openCompose(s.page, { format: "attachment" });
  await mainButton(frame).click();
  await frame.getByText("The message is encrypted and signed.").first().waitFor({ timeout: 30_000 });
  assert.deepEqual(await send(s), { allowEvent: true });
  assert.deepEqual(s.errors, []);
  await s.close();
});

test("admin policy encryptedReplies \"warn\" softens the rule to a warning the user may override", async () => {
  const s = await SimulatorPage.open(env, { identities: [env.ids.bob] });
  await setPolicy(s, { ...POLICY, encryptedReplies: "warn" });
  const opened = await openItem(s.page, message);
  await loadReply(s, { initializationContext: String(opened!.contextData) });
  const warned = await send(s);
  assert.equal(warned.allowEvent, false);
  assert.equal(warned.sendModeOverride, "promptUser");
  assert.match(String(warned.errorMessage), /answers or forwards an encrypted message.*or send it anyway\.$/);
  assert.deepEqual(s.errors, []);
  await s.close();
});
