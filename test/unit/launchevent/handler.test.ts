import { test, beforeAll } from "@jest/globals";
import assert from "node:assert/strict";
import vm from "node:vm";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "acorn";
import { runWebpack } from "../../../scripts/webpack-run.mjs";

// Built exactly as `npm run build` builds it: webpack.config.js's event configuration, production mode.
let bundle = "";
beforeAll(async () => {
  const outDir = mkdtempSync(join(tmpdir(), "spm-event-"));
  try {
    await runWebpack({ mode: "production", only: "event", outDir, allowLocalhost: true });
    bundle = readFileSync(join(outDir, "launchevent.js"), "utf8");
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
});

test("launchevent.js is one classic ECMAScript 2016 script: no imports, no async/await, no webpack runtime", () => {
  // Classic Outlook on Windows before Version 2403 runs event handlers as ES2016; async/await time out there.
  assert.doesNotThrow(() => parse(bundle, { ecmaVersion: 2016, sourceType: "script" }));
  assert.throws(() => parse("async function f() { await 1; }", { ecmaVersion: 2016, sourceType: "script" }), "the ES2016 check itself rejects ES2017");
  assert.doesNotMatch(bundle, /__webpack_require__|__webpack_modules__|importScripts|\bimport\s*\(/);
});

interface Draft {
  subject?: string;
  body?: string;
  to?: string[];
  cc?: string[];
  attachments?: Array<{ name: string; isInline?: boolean }>;
  headers?: Record<string, string>;
  session?: Record<string, string>;
  /** getInitializationContextAsync's value (undefined: the method fails). */
  initContext?: string;
  conversationId?: string;
}

interface HostOptions {
  sets?: string[]; // supported Mailbox versions
  language?: string;
  roaming?: Record<string, unknown>;
  failing?: string[]; // Office calls that report Failed
  fetchPolicy?: unknown; // when set, a fake fetch serves it
  runtimeUrl?: string;
}

const ALL_SETS = ["1.8", "1.11", "1.12", "1.14"];

/** A fake Office with asynchronous callbacks, in a context WITHOUT DOM, crypto or fetch. */
async function send(draft: Draft, host: HostOptions = {}): Promise<{ completed: Record<string, unknown>; calls: string[]; fetched: string[] }> {
  const sets = host.sets ?? ALL_SETS;
  const calls: string[] = [];
  const fetched: string[] = [];
  const reply = (name: string, value: unknown, cb: (r: unknown) => void) => {
    calls.push(name);
    setTimeout(() =>
      host.failing?.includes(name)
        ? cb({ status: "failed", value: undefined, error: { message: "simulated " + name } })
        : cb({ status: "succeeded", value }),
    );
  };
  const recipients = (list: string[] | undefined, name: string) => ({
    getAsync: (cb: (r: unknown) => void) => reply(name, (list ?? []).map((e) => ({ emailAddress: e, displayName: e })), cb),
  });
  const item: Record<string, unknown> = {
    subject: { getAsync: (cb: (r: unknown) => void) => reply("subject", draft.subject ?? "", cb) },
    body: {
      getAsync: (type: string, cb: (r: unknown) => void) => {
        assert.equal(type, "text");
        reply("body", draft.body ?? "", cb);
      },
    },
    to: recipients(draft.to, "to"),
    cc: recipients(draft.cc, "cc"),
    bcc: recipients([], "bcc"),
    getAttachmentsAsync: (cb: (r: unknown) => void) =>
      reply("attachments", (draft.attachments ?? []).map((a, i) => ({ id: String(i), name: a.name, isInline: !!a.isInline, size: 10, attachmentType: "file" })), cb),
    internetHeaders: {
      getAsync: (names: string[], cb: (r: unknown) => void) =>
        reply("headers", Object.fromEntries(names.filter((n) => draft.headers?.[n] !== undefined).map((n) => [n, draft.headers![n]])), cb),
    },
  };
  item.getInitializationContextAsync = (cb: (r: unknown) => void) => {
    if (draft.initContext === undefined) {
      calls.push("initContext");
      setTimeout(() => cb({ status: "failed", error: { message: "no context" } }));
    } else reply("initContext", draft.initContext, cb);
  };
  if (draft.conversationId !== undefined) item.conversationId = draft.conversationId;
  if (sets.includes("1.11")) {
    item.sessionData = {
      getAsync: (key: string, cb: (r: unknown) => void) => {
        if (draft.session?.[key] === undefined) {
          calls.push("session");
          setTimeout(() => cb({ status: "failed", error: { message: "not found" } }));
        } else reply("session", draft.session[key], cb);
      },
    };
  }
  const handlers: Record<string, (e: unknown) => Promise<void>> = {};
  const Office = {
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    CoercionType: { Text: "text", Html: "html" },
    MailboxEnums: { SendModeOverride: { PromptUser: "promptUser" } },
    actions: { associate: (name: string, fn: (e: unknown) => Promise<void>) => void (handlers[name] = fn) },
    context: {
      displayLanguage: host.language ?? "en-US",
      requirements: { isSetSupported: (name: string, v: string) => name === "Mailbox" && sets.includes(v) },
      roamingSettings: { get: (k: string) => host.roaming?.[k] },
      urls: sets.includes("1.14") ? { javascriptRuntimeUrl: host.runtimeUrl ?? "https://addin.clinic.example/app/launchevent.js" } : undefined,
      mailbox: { item },
    },
  };
  const context: Record<string, unknown> = { Office, setTimeout, clearTimeout, console: { log() {}, error() {} } };
  if (host.fetchPolicy !== undefined) {
    context.fetch = async (url: string) => {
      fetched.push(url);
      return { ok: true, json: async () => host.fetchPolicy };
    };
  }
  vm.createContext(context);
  vm.runInContext(bundle, context, { filename: "launchevent.js" });
  const handler = handlers.onMessageSendHandler;
  assert.ok(handler, "the script registers onMessageSendHandler with Office.actions.associate");
  const completed = await new Promise<Record<string, unknown>>((resolve, reject) => {
    let count = 0;
    const event = {
      completed: (opts: Record<string, unknown>) => {
        count++;
        if (count > 1) reject(new Error("event.completed called twice"));
        // Copy out of the vm realm so deepEqual compares plain objects.
        const copy = JSON.parse(JSON.stringify(opts)) as Record<string, unknown>;
        setTimeout(() => resolve(copy), 20);
      },
    };
    handler(event).catch(reject);
  });
  return { completed, calls, fetched };
}

const REQUIRE = JSON.stringify({ sendGuard: "require", scope: "patient-data-or-external", internalDomains: ["clinic.example"] });
const WARN = JSON.stringify({ sendGuard: "warn", scope: "patient-data-or-external", internalDomains: ["clinic.example"] });
const ENCRYPTED: Draft = {
  subject: "Referral",
  body: "This message is encrypted with S/MIME. Open it with Secure Patient Mail or any S/MIME mail program.",
  to: ["dr.who@other.example"],
  attachments: [{ name: "smime.p7m" }],
  headers: { "x-spm-protected": "1" },
  // As the compose pane records them (protect-flow.ts, protectedSessionData).
  session: { "spm-protected": "1", "spm-recipients": JSON.stringify({ v: 1, to: ["dr.who@other.example"], cc: [], bcc: [] }) },
};
const HARMLESS: Draft = { subject: "Lunch", body: "Lunch at 12.30?", to: ["colleague@clinic.example"] };
const PHI_DE: Draft = { subject: "Patientin", body: "Befund anbei. Geburtsdatum: 01.02.1960, KVNR A123456780", to: ["kollegin@clinic.example"] };
const PHI_EN: Draft = { subject: "Referral", body: "Patient DOB 01/02/1960, MRN 12345678", to: ["colleague@clinic.example"] };
const EXTERNAL: Draft = { subject: "Hello", body: "See you tomorrow", to: ["colleague@clinic.example"], cc: ["friend@mail.example"] };

test("the bundle is a classic script: no import/export, no DOM, no WebCrypto, no onReady", () => {
  // Module syntax (the texts may say "import your key"; acorn's sourceType "script" parse above refuses it too).
  assert.doesNotMatch(bundle, /\bimport\s*[({"'*]|\bimport\s+[\w$]+\s+from\b|\bexport\s+(?:default|const|let|var|function|class|\{|\*)/);
  assert.doesNotMatch(bundle, /\bdocument\b|\bwindow\b/);
  assert.doesNotMatch(bundle, /crypto\.subtle|\bcrypto\b/);
  assert.doesNotMatch(bundle, /onReady/);
  assert.ok(bundle.length < 40_000, `bundle is ${bundle.length} bytes`);
});

test("the bundle parses as ECMAScript 2017 script (not module) syntax", async () => {
  // acorn comes with eslint (espree); it refuses anything newer than the ecmaVersion we give it.
  const acorn = await import("acorn");
  assert.doesNotThrow(() => acorn.parse(bundle, { ecmaVersion: 2017, sourceType: "script" }));
  assert.throws(() => acorn.parse("a?.b", { ecmaVersion: 2017, sourceType: "script" }), "the check itself rejects ES2020 syntax");
});

test("built-in patterns use only ES2017 regex syntax (no lookbehind, named groups or s flag)", async () => {
  const { BUILTIN_PATTERNS } = await import("../../../src/core/policy");
  for (const p of BUILTIN_PATTERNS) {
    assert.doesNotMatch(p.regex, /\(\?<[=!]|\(\?<[A-Za-z]/, p.id);
    assert.doesNotMatch(p.flags ?? "", /s/, p.id);
  }
});

test("encrypted-by-us draft to an external recipient: all three markers agree, send is allowed", async () => {
  const { completed, calls } = await send(ENCRYPTED, { roaming: { "spm.policy": REQUIRE } });
  assert.deepEqual(completed, { allowEvent: true });
  // First the Graph delivery marker (absent here), then the three protection markers.
  assert.deepEqual(calls.slice(0, 4), ["session", "attachments", "headers", "session"]);
});

test("a draft the pane is sending (or sent) through Graph is stopped, whatever its content: no second, plain copy", async () => {
  const harmless: Draft = { subject: "Lunch", body: "12:30?", to: ["colleague@clinic.example"] };
  for (const [state, text] of [
    ["sending", /is sending this message encrypted right now/],
    ["sent", /has already sent this message encrypted\. This draft is the unprotected copy/],
    ["unknown", /may already have sent this message encrypted\. Check Sent Items/],
  ] as const) {
    const { completed } = await send({ ...harmless, session: { "spm-delivery": state } }, { roaming: { "spm.policy": WARN } });
    assert.equal(completed.allowEvent, false, state);
    assert.match(String(completed.errorMessage), text);
    assert.equal(completed.sendModeOverride, undefined, `${state}: no "send anyway"`);
  }
  // The same draft without the marker is harmless and goes.
  assert.deepEqual((await send(harmless, { roaming: { "spm.policy": WARN } })).completed, { allowEvent: true });
  // A host without sessionData (before Mailbox 1.11) cannot carry the marker: nothing to read.
  assert.deepEqual((await send({ ...harmless, session: { "spm-delivery": "sending" } }, { roaming: { "spm.policy": WARN }, sets: ["1.8", "1.12", "1.14"] })).completed, { allowEvent: true });
});

test("encrypted-by-us draft with patient data in the (never encrypted) subject is stopped", async () => {
  const { completed } = await send({ ...ENCRYPTED, subject: "Befund Fallnummer 2026-0042" }, { roaming: { "spm.policy": REQUIRE } });
  assert.deepEqual(completed, {
    allowEvent: false,
    errorMessage:
      "The message is encrypted, but its subject or visible text seems to contain patient data (patient or case number, clinical report). S/MIME never encrypts the subject. Please move that text into the encrypted message before sending.",
    cancelLabel: "Encrypt",
    commandId: "spmComposeOpenPane",
  });
});

test("markers that disagree are not trusted (p7m attachment but no header)", async () => {
  const { completed } = await send({ ...ENCRYPTED, headers: {} }, { roaming: { "spm.policy": REQUIRE } });
  assert.equal(completed.allowEvent, false);
});

test("without sessionData the recipients it was encrypted for are unknown: blocked (no real host: OnMessageSend's 1.12 includes 1.11)", async () => {
  const { completed, calls } = await send({ ...ENCRYPTED, session: {} }, { roaming: { "spm.policy": REQUIRE }, sets: ["1.8", "1.12"] });
  assert.equal(completed.allowEvent, false);
  assert.match(String(completed.errorMessage), /cannot confirm that this message was encrypted for its current recipients/);
  assert.ok(!calls.includes("session"));
});

test("recipient added after encryption: blocked whatever the policy, named, with an Encrypt again button", async () => {
  const { completed } = await send({ ...ENCRYPTED, cc: ["Eve@Other.Example"] }, { roaming: { "spm.policy": WARN } });
  assert.deepEqual(completed, {
    allowEvent: false,
    errorMessage:
      "The recipients changed after this message was encrypted (added: eve@other.example). New recipients could not decrypt it. Encrypt it again for the current recipients, or restore the original recipients.",
    cancelLabel: "Encrypt again",
    commandId: "spmComposeOpenPane",
  });
  // German Outlook: German text and button.
  const de = await send({ ...ENCRYPTED, to: ["someone@else.example"] }, { roaming: { "spm.policy": REQUIRE }, language: "de-DE" });
  assert.equal(de.completed.cancelLabel, "Neu verschlüsseln");
  assert.match(String(de.completed.errorMessage), /hinzugefügt: someone@else\.example; entfernt: dr\.who@other\.example/);
});

test("recipient moved from To to Cc after encryption: blocked; the same addresses in other case and spacing: sent", async () => {
  const moved = await send({ ...ENCRYPTED, to: [], cc: ["dr.who@other.example"] }, { roaming: { "spm.policy": REQUIRE } });
  assert.equal(moved.completed.allowEvent, false);
  assert.match(String(moved.completed.errorMessage), /moved between To, Cc and Bcc: dr\.who@other\.example/);
  const same = await send({ ...ENCRYPTED, to: ["  DR.WHO@other.EXAMPLE "] }, { roaming: { "spm.policy": REQUIRE } });
  assert.deepEqual(same.completed, { allowEvent: true });
});

test("a damaged or foreign recipient record is no proof: blocked", async () => {
  for (const record of ["", "{", JSON.stringify({ v: 2, to: [], cc: [], bcc: [] }), JSON.stringify({ v: 1, to: [1], cc: [], bcc: [] })]) {
    const { completed } = await send({ ...ENCRYPTED, session: { "spm-protected": "1", "spm-recipients": record } }, { roaming: { "spm.policy": REQUIRE } });
    assert.equal(completed.allowEvent, false, record);
  }
});

test("sixty recipients added: the message names three, counts the rest, and stays within Smart Alerts' 500 characters", async () => {
  const many = Array.from({ length: 60 }, (_, i) => `a-rather-long-mailbox-name-${i}@department-of-cardiology.university-hospital.example`);
  for (const language of ["en-US", "de-DE"]) {
    const { completed } = await send({ ...ENCRYPTED, to: [...ENCRYPTED.to!, ...many] }, { roaming: { "spm.policy": REQUIRE }, language });
    const message = String(completed.errorMessage);
    assert.ok(message.length <= 500, `${language}: ${message.length} characters`);
    assert.match(message, /(and|und) 57 (more|weitere)/);
    assert.ok(String(completed.cancelLabel).length <= 20);
  }
});

test("unencrypted harmless internal draft is allowed", async () => {
  const { completed } = await send(HARMLESS, { roaming: { "spm.policy": REQUIRE } });
  assert.deepEqual(completed, { allowEvent: true });
});

test("German patient data, require, German Outlook: blocked with an Encrypt button that opens the compose pane", async () => {
  const { completed } = await send(PHI_DE, { roaming: { "spm.policy": REQUIRE }, language: "de-DE" });
  assert.deepEqual(completed, {
    allowEvent: false,
    errorMessage:
      "Diese Nachricht scheint Patientendaten zu enthalten (Geburtsdatum, Krankenversichertennummer, medizinischer Befund). Bitte verschlüsseln Sie sie vor dem Senden mit Secure Patient Mail.",
    cancelLabel: "Verschlüsseln",
    commandId: "spmComposeOpenPane",
  });
});

test("English patient data, warn: the user may send anyway (sendModeOverride promptUser)", async () => {
  const { completed } = await send(PHI_EN, { roaming: { "spm.policy": WARN } });
  assert.deepEqual(completed, {
    allowEvent: false,
    errorMessage: "This message seems to contain patient data (date of birth, patient or case number). Encrypt it with Secure Patient Mail, or send it anyway.",
    cancelLabel: "Encrypt",
    commandId: "spmComposeOpenPane",
    sendModeOverride: "promptUser",
  });
});

test("external recipient, require, host without 1.14: no cancelLabel/commandId/sendModeOverride", async () => {
  const { completed } = await send(EXTERNAL, { roaming: { "spm.policy": REQUIRE }, sets: ["1.8", "1.11", "1.12"] });
  assert.deepEqual(completed, {
    allowEvent: false,
    errorMessage: "It goes to recipients outside your organisation. Please encrypt it with Secure Patient Mail before sending.",
  });
});

test("warn policy on a host without 1.14 says the truth: the manifest's SoftBlock applies", async () => {
  const { completed } = await send(PHI_EN, { roaming: { "spm.policy": WARN }, sets: ["1.8", "1.11", "1.12"] });
  assert.equal(completed.allowEvent, false);
  assert.match(String(completed.errorMessage), /Please encrypt it/);
  assert.equal(completed.sendModeOverride, undefined);
});

test("external recipient with scope patient-data is allowed", async () => {
  const policy = JSON.stringify({ sendGuard: "require", scope: "patient-data", internalDomains: ["clinic.example"] });
  assert.deepEqual((await send(EXTERNAL, { roaming: { "spm.policy": policy } })).completed, { allowEvent: true });
});

test("sendGuard off allows everything and makes no Office item calls", async () => {
  const { completed, calls } = await send(PHI_DE, { roaming: { "spm.policy": JSON.stringify({ sendGuard: "off" }) } });
  assert.deepEqual(completed, { allowEvent: true });
  assert.deepEqual(calls, []);
});

test("Office error mid-way (body): require blocks with an explanation", async () => {
  const { completed } = await send(PHI_EN, { roaming: { "spm.policy": REQUIRE }, failing: ["body"] });
  assert.deepEqual(completed, {
    allowEvent: false,
    errorMessage:
      "Secure Patient Mail could not check this message, and your organisation requires protection. Please encrypt it with Secure Patient Mail before sending.",
    cancelLabel: "Encrypt",
    commandId: "spmComposeOpenPane",
  });
});

test("Office error mid-way (recipients): warn prompts", async () => {
  const { completed } = await send(HARMLESS, { roaming: { "spm.policy": WARN }, failing: ["cc"], language: "de-AT" });
  assert.equal(completed.allowEvent, false);
  assert.equal(completed.sendModeOverride, "promptUser");
  assert.match(String(completed.errorMessage), /konnte diese Nachricht nicht auf Patientendaten prüfen/);
});

test("attachment listing fails: treated as not protected, content check still runs", async () => {
  const { completed } = await send(HARMLESS, { roaming: { "spm.policy": REQUIRE }, failing: ["attachments"] });
  assert.deepEqual(completed, { allowEvent: true });
});

test("policy: fetched config/policy.json next to launchevent.js wins over the roaming copy", async () => {
  const { completed, fetched } = await send(HARMLESS, {
    roaming: { "spm.policy": REQUIRE },
    fetchPolicy: { sendGuard: "require", scope: "all", internalDomains: ["clinic.example"] },
  });
  assert.deepEqual(fetched, ["https://addin.clinic.example/app/config/policy.json"]);
  assert.equal(completed.allowEvent, false);
});

test("policy: a malformed roaming copy falls back to the built-in default (warn, patient data or external)", async () => {
  const { completed } = await send(PHI_EN, { roaming: { "spm.policy": "{not json" } });
  assert.equal(completed.allowEvent, false);
  assert.equal(completed.sendModeOverride, "promptUser");
});

test("user settings can tighten warn to require", async () => {
  const { completed } = await send(PHI_EN, { roaming: { "spm.policy": WARN, "spm.userSettings": JSON.stringify({ sendGuard: "require" }) } });
  assert.equal(completed.allowEvent, false);
  assert.equal(completed.sendModeOverride, undefined);
});

test("the manifest's LaunchEvent FunctionName and compose button id match the handler", () => {
  const manifest = readFileSync("manifest.xml", "utf8");
  assert.match(manifest, /<LaunchEvent Type="OnMessageSend" FunctionName="onMessageSendHandler"/);
  assert.match(manifest, /<Control xsi:type="Button" id="spmComposeOpenPane">/);
});

// ---- replies to and forwards of encrypted mail ----------------------------------------------------------

const REPLY: Draft = { subject: "Re: [...]", body: "Thanks, agreed.", to: ["colleague@clinic.example"], conversationId: "AAQkConv1" };
const CONTEXT = '{"spm":"encrypted-original","messageId":"<own-1@clinic.example>"}';
const WARN_REPLIES = JSON.stringify({ sendGuard: "warn", scope: "patient-data-or-external", internalDomains: ["clinic.example"], encryptedReplies: "warn" });

test("reply made from OnMessageDecrypt's contextData: blocked whatever the patterns say", async () => {
  assert.deepEqual((await send(REPLY, { roaming: { "spm.policy": WARN } })).completed, { allowEvent: true }, "without a mark it is harmless");
  const { completed, calls } = await send({ ...REPLY, initContext: CONTEXT }, { roaming: { "spm.policy": WARN } });
  assert.deepEqual(completed, {
    allowEvent: false,
    errorMessage: "This answers or forwards an encrypted message, so its quoted text may contain patient data. Please encrypt it with Secure Patient Mail before sending.",
    cancelLabel: "Encrypt",
    commandId: "spmComposeOpenPane",
  });
  assert.ok(calls.includes("initContext"));
});

test("reply in a conversation the read pane recorded: blocked; admin policy softens it to a warning", async () => {
  const registry = [{ conversationId: "AAQkConv1", at: "2026-03-01T10:00:00.000Z" }];
  for (const stored of [registry, JSON.stringify(registry)]) {
    const { completed } = await send(REPLY, { roaming: { "spm.policy": WARN, spmEncryptedConversations: stored } });
    assert.equal(completed.allowEvent, false);
    assert.equal(completed.sendModeOverride, undefined, "require by default: no send anyway");
  }
  const soft = await send(REPLY, { roaming: { "spm.policy": WARN_REPLIES, spmEncryptedConversations: registry }, language: "de-DE" });
  assert.equal(soft.completed.allowEvent, false);
  assert.equal(soft.completed.sendModeOverride, "promptUser");
  assert.match(String(soft.completed.errorMessage), /verschlüsselte Nachricht weiter.*oder senden Sie trotzdem/);
  const other = await send({ ...REPLY, conversationId: "AAQkOther" }, { roaming: { "spm.policy": WARN, spmEncryptedConversations: registry } });
  assert.deepEqual(other.completed, { allowEvent: true }, "another conversation is not marked");
});

test("an encrypted reply passes; someone else's initialization context is no mark", async () => {
  const { completed, calls } = await send({ ...ENCRYPTED, initContext: CONTEXT }, { roaming: { "spm.policy": REQUIRE } });
  assert.deepEqual(completed, { allowEvent: true });
  assert.ok(!calls.includes("initContext"), "protected drafts need no reply check");
  const foreign = await send({ ...REPLY, initContext: '{"messageType":"ReplyFromDecryptedMessage"}' }, { roaming: { "spm.policy": WARN } });
  assert.deepEqual(foreign.completed, { allowEvent: true });
});

// ---- OnMessageDecrypt in the classic runtime ------------------------------------------------------------

/** Load the bundle into a bare context (no DOM, crypto, IndexedDB, self) and run its OnMessageDecrypt handler. */
async function decryptEvent(extraGlobals: Record<string, unknown> = {}, language = "en-US"): Promise<{ completions: Record<string, unknown>[]; handlers: string[] }> {
  const handlers: Record<string, (e: unknown) => Promise<void>> = {};
  const Office = {
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    actions: { associate: (name: string, fn: (e: unknown) => Promise<void>) => void (handlers[name] = fn) },
    context: { displayLanguage: language, requirements: { isSetSupported: () => true }, mailbox: { item: {} } },
  };
  const context: Record<string, unknown> = { Office, setTimeout, clearTimeout, ...extraGlobals };
  vm.createContext(context);
  vm.runInContext(bundle, context, { filename: "launchevent.js" });
  const completions: Record<string, unknown>[] = [];
  await handlers.onMessageDecryptHandler({ completed: (o: Record<string, unknown>) => completions.push(JSON.parse(JSON.stringify(o)) as Record<string, unknown>) });
  await new Promise((r) => setTimeout(r, 20));
  return { completions, handlers: Object.keys(handlers).sort() };
}

test("classic runtime: OnMessageDecrypt answers at once with allowEvent false and a message that points to the pane", async () => {
  const started = Date.now();
  const { completions, handlers } = await decryptEvent();
  assert.deepEqual(handlers, ["onMessageDecryptHandler", "onMessageSendHandler"]);
  assert.deepEqual(completions, [
    {
      allowEvent: false,
      errorMessage: "This version of Outlook cannot show messages decrypted by Secure Patient Mail here. Open Secure Patient Mail on the ribbon to read this message.",
    },
  ]);
  assert.ok(Date.now() - started < 1000, "no waiting");
  const de = await decryptEvent({}, "de-DE");
  assert.match(String(de.completions[0].errorMessage), /^Diese Outlook-Version .* Öffnen Sie Secure Patient Mail im Menüband/);
  // A `self` without the web module (React Native defines one) is still the classic runtime.
  assert.equal((await decryptEvent({ self: {} })).completions[0].allowEvent, false);
});

test("web runtime: the gate hands the event to the decrypt module's hook, and answers once even if it misbehaves", async () => {
  const answer = { allowEvent: true, emailBody: { coercionType: "html", content: "<p>x</p>" } };
  const good = await decryptEvent({ self: { spmOnMessageDecrypt: (e: { completed(o: unknown): void }) => Promise.resolve(e.completed(answer)) } });
  assert.deepEqual(good.completions, [answer]);
  const twice = await decryptEvent({ self: { spmOnMessageDecrypt: (e: { completed(o: unknown): void }) => (e.completed(answer), e.completed({ allowEvent: false }), Promise.resolve()) } });
  assert.deepEqual(twice.completions, [answer]);
  for (const broken of [
    () => {
      throw new Error("sync");
    },
    () => Promise.reject(new Error("async")),
    () => Promise.resolve(), // returned without answering
  ]) {
    const r = await decryptEvent({ self: { spmOnMessageDecrypt: broken } });
    assert.equal(r.completions.length, 1);
    assert.equal(r.completions[0].allowEvent, false);
    assert.match(String(r.completions[0].errorMessage), /could not decrypt this message here\. Open Secure Patient Mail on the ribbon/);
  }
});
