/**
 * Where OnMessageDecrypt cannot show the message, the handler answers at once with allowEvent false and a
 * message that points to the pane, never a hang: classic Outlook's JavaScript-only runtime (simulated: bare
 * ES2016 JavaScript without DOM, WebCrypto, IndexedDB), a locked key store, a message for someone else, no
 * key at all. Clients without the event (Mac, no Mailbox 1.16) and items without our header run nothing.
 */
import { beforeAll, test } from "@jest/globals";
import assert from "node:assert/strict";
import { openItem, ownFormat, readingView } from "./helpers";
import { SimulatorPage } from "../pages/simulator";
import { loadStoreTools, storeTool } from "../pages/read";
import { browserSuite } from "../../helpers/suite";
import { draftFromAlice, protectDraft } from "../../helpers/protect";

const env = browserSuite({
  identities: {
    alice: ["alice", "alice@clinic.example"],
    bob: ["bob", "bob@lab.example"],
    carol: ["carol", "carol@lab.example"],
  },
});

let forBob = "";

beforeAll(async () => {
  const draft = draftFromAlice({
    subject: "Befund",
    messageId: "refusal-1@clinic.example",
    text: "Patient 4711",
  });
  const cms = await protectDraft(draft, env.ids.alice, [env.ids.bob], { cipher: "aes-256-cbc" });
  forBob = ownFormat(cms);
});

const PANE = /Open Secure Patient Mail on the ribbon/;

test("classic Outlook on Windows: the ES2016 launchevent.js alone answers at once that the pane must be used", async () => {
  const s = await SimulatorPage.open(env, { identities: [env.ids.bob] });
  await s.page.evaluate(() => window.spmSimulator.setPlatform("PC"));
  const started = Date.now();
  const r = await openItem(s.page, forBob);
  assert.deepEqual(r, {
    allowEvent: false,
    errorMessage: "This version of Outlook cannot show messages decrypted by Secure Patient Mail here. Open Secure Patient Mail on the ribbon to read this message.",
  });
  assert.ok(Date.now() - started < 10_000, `answered in ${Date.now() - started} ms`);
  assert.match((await readingView(s.page)).bar, /^Error from Secure Patient Mail: This version of Outlook/);
  // German Outlook gets the German text.
  await s.page.evaluate(() => window.spmSimulator.setDisplayLanguage("de-DE"));
  const de = await openItem(s.page, forBob);
  assert.match(String(de?.errorMessage), /^Diese Outlook-Version .*Öffnen Sie Secure Patient Mail im Menüband/);
  assert.deepEqual(s.errors, []);
  await s.close();
});

test("the simulated classic runtime is what it claims: no DOM, crypto, IndexedDB, BigInt; ES2016 only", async () => {
  const s = await SimulatorPage.open(env, { identities: [env.ids.bob] });
  await s.page.evaluate(() => window.spmSimulator.setPlatform("PC"));
  const probe =
    'Office.actions.associate("onMessageDecryptHandler", function (e) { e.completed({ allowEvent: false, errorMessage: ' +
    "[typeof document, typeof window, typeof crypto, typeof indexedDB, typeof BigInt, typeof importScripts, typeof localStorage, typeof Office.context.mailbox.item.getAttachmentContentAsync].join() }); });";
  await s.page.route(/\/launchevent\.js$/, (route) => route.fulfill({ contentType: "text/javascript", body: probe }));
  assert.equal((await openItem(s.page, forBob))?.errorMessage, "undefined,undefined,undefined,undefined,undefined,undefined,undefined,function");
  // A bundle with ES2017 syntax would not load in classic Outlook before Version 2403: the simulator refuses it.
  await s.page.unroute(/\/launchevent\.js$/);
  await s.page.route(/\/launchevent\.js$/, (route) => route.fulfill({ contentType: "text/javascript", body: `async function f() { await 1; }\n${probe}` }));
  await assert.rejects(openItem(s.page, forBob), /not ECMAScript 2016/);
  await s.close();
});

test("a locked key store, a message for someone else, and no key at all: clear refusals pointing to the pane", async () => {
  const locked = await SimulatorPage.open(env, { identities: [env.ids.bob] });
  await loadStoreTools(locked);
  await storeTool(locked, "setPassphrase", "correct horse battery staple");
  const r1 = await openItem(locked.page, forBob);
  assert.deepEqual(r1, {
    allowEvent: false,
    errorMessage: "Your keys in Secure Patient Mail are locked with a passphrase. Open Secure Patient Mail on the ribbon and unlock them to read this message.",
  });
  assert.deepEqual(locked.errors, []);
  await locked.close();

  const other = await SimulatorPage.open(env, { identities: [env.ids.carol] }); // the message is for Bob (and Alice's own copy)
  const r2 = await openItem(other.page, forBob);
  assert.equal(r2?.allowEvent, false);
  assert.equal(r2?.errorMessage, "This message is not encrypted for any of your keys in Secure Patient Mail. Open Secure Patient Mail on the ribbon for details.");
  assert.equal(r2?.emailBody, undefined);
  assert.equal(r2?.attachments, undefined);
  await other.close();

  const empty = await SimulatorPage.open(env, {});
  const r3 = await openItem(empty.page, forBob);
  assert.equal(r3?.allowEvent, false);
  assert.match(String(r3?.errorMessage), /^Secure Patient Mail has no key on this device\./);
  assert.match(String(r3?.errorMessage), PANE);
  await empty.close();
});

test("not our single smime.p7m (a .p7m next to another file): left to the pane, where the user decides", async () => {
  const s = await SimulatorPage.open(env, { identities: [env.ids.bob] });
  // A second file part before the closing boundary of ownFormat's multipart/mixed.
  const withExtra = forBob.replace("------=_spm_own--", [
    "------=_spm_own",
    'Content-Type: text/plain; name="notes.txt"',
    'Content-Disposition: attachment; filename="notes.txt"',
    "",
    "hello",
    "------=_spm_own--",
  ].join("\r\n"));
  assert.notEqual(withExtra, forBob);
  const r = await openItem(s.page, withExtra);
  assert.equal(r?.allowEvent, false);
  assert.match(String(r?.errorMessage), /^This message has no encrypted content that Secure Patient Mail can open here\./);
  await s.close();
});

test("no event where Outlook has none: Mac, clients without Mailbox 1.16, items without our header", async () => {
  const s = await SimulatorPage.open(env, { identities: [env.ids.bob] });
  await s.page.evaluate(() => window.spmSimulator.setPlatform("Mac"));
  assert.equal(await openItem(s.page, forBob), null);
  assert.match((await readingView(s.page)).bar, /no OnMessageDecrypt \(Mac, mobile\)/);
  await s.page.evaluate(() => window.spmSimulator.setPlatform("OfficeOnline"));
  await s.page.evaluate(() => window.spmSimulator.setRequirementSets(["1.1", "1.8", "1.14", "1.15"]));
  assert.equal(await openItem(s.page, forBob), null);
  await s.page.evaluate(() => window.spmSimulator.setRequirementSets(Array.from({ length: 16 }, (_, i) => `1.${i + 1}`)));
  assert.equal(await openItem(s.page, forBob.replace("X-SPM-Protected: 1\r\n", "")), null);
  assert.equal((await readingView(s.page)).bar, "");
  assert.equal((await openItem(s.page, forBob))?.allowEvent, true, "the same message with the header and 1.16 decrypts");
  assert.deepEqual(s.errors, []);
  await s.close();
});
