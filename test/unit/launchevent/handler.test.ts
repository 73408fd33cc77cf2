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
  let handler: ((e: unknown) => Promise<void>) | undefined;
  const Office = {
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    CoercionType: { Text: "text", Html: "html" },
    MailboxEnums: { SendModeOverride: { PromptUser: "promptUser" } },
    actions: { associate: (name: string, fn: (e: unknown) => Promise<void>) => { assert.equal(name, "onMessageSendHandler"); handler = fn; } },
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
    handler!(event).catch(reject);
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
  session: { "spm-protected": "1" },
};
const HARMLESS: Draft = { subject: "Lunch", body: "Lunch at 12.30?", to: ["colleague@clinic.example"] };
const PHI_DE: Draft = { subject: "Patientin", body: "Befund anbei. Geburtsdatum: 01.02.1960, KVNR A123456780", to: ["kollegin@clinic.example"] };
const PHI_EN: Draft = { subject: "Referral", body: "Patient DOB 01/02/1960, MRN 12345678", to: ["colleague@clinic.example"] };
const EXTERNAL: Draft = { subject: "Hello", body: "See you tomorrow", to: ["colleague@clinic.example"], cc: ["friend@mail.example"] };

test("the bundle is a classic script: no import/export, no DOM, no WebCrypto, no onReady", () => {
  assert.doesNotMatch(bundle, /\bimport\s*[({"'*]|\bimport\s+\w|\bexport\s/);
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
  assert.deepEqual(calls.slice(0, 3), ["attachments", "headers", "session"]);
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

test("without Mailbox 1.11 the header and attachment decide", async () => {
  const { completed, calls } = await send({ ...ENCRYPTED, session: {} }, { roaming: { "spm.policy": REQUIRE }, sets: ["1.8", "1.12"] });
  assert.deepEqual(completed, { allowEvent: true });
  assert.ok(!calls.includes("session"));
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
