import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { isSpmError } from "../../../src/core/errors";
import { parsePolicy, mergeUserSettings, DEFAULT_POLICY, BUILTIN_PATTERNS, isExternal, decideSend, hasNestedQuantifier, detectPatientData } from "../../../src/core/policy";
import type { Policy } from "../../../src/core/policy";

function malformed(json: unknown, field: string): void {
  assert.throws(
    () => parsePolicy(json),
    (e: unknown) => isSpmError(e, "MALFORMED") && e.message.includes(`"${field}"`),
    `expected MALFORMED naming ${field}`,
  );
}

test("an empty object gives the defaults", () => {
  const p = parsePolicy({});
  assert.equal(p.sendGuard, "warn");
  assert.equal(p.scope, "patient-data-or-external");
  assert.deepEqual(p.patterns.map((x) => x.id), BUILTIN_PATTERNS.map((x) => x.id));
  assert.deepEqual(p.defaults, { sign: true, encrypt: true });
  assert.deepEqual(p, { ...DEFAULT_POLICY, patterns: p.patterns });
});

test("the sample admin policy in public/config/policy.json is valid", () => {
  const p = parsePolicy(JSON.parse(readFileSync("public/config/policy.json", "utf8")));
  assert.equal(p.sendGuard, "require");
  assert.ok(p.internalDomains.length > 0);
  assert.ok(p.patterns.some((x) => x.id === "kvnr"));
  assert.ok(p.patterns.some((x) => !BUILTIN_PATTERNS.includes(x)), "the sample shows a custom pattern");
});

test("parsePolicy names the bad field", () => {
  assert.throws(() => parsePolicy(null), (e: unknown) => isSpmError(e, "MALFORMED"));
  assert.throws(() => parsePolicy([]), /must be a JSON object/);
  malformed({ sendGuard: "block" }, "sendGuard");
  malformed({ sendguard: "warn" }, "sendguard");
  malformed({ scope: "internal" }, "scope");
  malformed({ internalDomains: "clinic.example" }, "internalDomains");
  malformed({ internalDomains: ["clinic.example", "not a domain"] }, "internalDomains[1]");
  malformed({ allowUserOverride: "yes" }, "allowUserOverride");
  malformed({ defaults: { sign: 1 } }, "defaults.sign");
  malformed({ defaults: { encrypt: true, compress: true } }, "defaults.compress");
  malformed({ patterns: {} }, "patterns");
  malformed({ patterns: ["ssn"] }, "patterns[0]");
  malformed({ patterns: [{ id: "X", label: { en: "a", de: "b" }, regex: "a" }] }, "patterns[0].id");
  malformed({ patterns: [{ id: "kvnr", label: { en: "a", de: "b" }, regex: "a" }] }, "patterns[0].id");
  malformed({ patterns: [{ id: "x", label: { en: "a" }, regex: "a" }] }, "patterns[0].label");
  malformed({ patterns: ["dob", { id: "x", label: { en: "a", de: "b" }, regex: "(" }] }, "patterns[1].regex");
  malformed({ patterns: [{ id: "x", label: { en: "a", de: "b" }, regex: "a".repeat(501) }] }, "patterns[0].regex");
  malformed({ patterns: [{ id: "x", label: { en: "a", de: "b" }, regex: "a", flags: "gs" }] }, "patterns[0].flags");
  malformed({ patterns: ["dob", "dob"] }, "patterns");
});

test("domains are normalised to lower case without a leading @", () => {
  assert.deepEqual(parsePolicy({ internalDomains: ["@Clinic.Example", "lab.clinic.example"] }).internalDomains, ["clinic.example", "lab.clinic.example"]);
});

const strict: Policy = { ...DEFAULT_POLICY, sendGuard: "warn", defaults: { sign: true, encrypt: false }, allowUserOverride: false };

test("mergeUserSettings: users may always tighten, loosen only with allowUserOverride", () => {
  assert.equal(mergeUserSettings(strict, { sendGuard: "require" }).sendGuard, "require");
  assert.equal(mergeUserSettings(strict, { sendGuard: "off" }).sendGuard, "warn");
  assert.deepEqual(mergeUserSettings(strict, { defaults: { sign: false, encrypt: true } }).defaults, { sign: true, encrypt: true });
  const open = { ...strict, allowUserOverride: true };
  assert.equal(mergeUserSettings(open, { sendGuard: "off" }).sendGuard, "off");
  assert.deepEqual(mergeUserSettings(open, { defaults: { sign: false } }).defaults, { sign: false, encrypt: false });
  assert.equal(mergeUserSettings(strict, undefined), strict);
  assert.equal(mergeUserSettings(strict, { sendGuard: "bogus" as never }).sendGuard, "warn");
});

test("isExternal: exact domain or subdomain is internal; no configured domains means external", () => {
  const internal = ["clinic.example"];
  assert.equal(isExternal(["a@clinic.example", "b@LAB.Clinic.Example"], internal), false);
  assert.equal(isExternal(["a@clinic.example", "x@gmail.example"], internal), true);
  assert.equal(isExternal(["a@evilclinic.example"], internal), true);
  assert.equal(isExternal(["no-at-sign"], internal), true);
  assert.equal(isExternal(["a@clinic.example"], []), true);
  assert.equal(isExternal([], internal), false);
});

test("decideSend follows mode and scope", () => {
  const base = { protectedByUs: false, subject: "Hello", bodyText: "Lunch?", recipients: ["a@clinic.example"] };
  const p = (over: Partial<Policy>): Policy => ({ ...DEFAULT_POLICY, internalDomains: ["clinic.example"], ...over });
  const phi = { bodyText: "Befund anbei, Geburtsdatum 01.02.1960" };
  const ext = { recipients: ["a@clinic.example", "b@other.example"] };

  assert.equal(decideSend({ ...base, policy: p({}) }).allow, true);
  assert.equal(decideSend({ ...base, ...phi, policy: p({ sendGuard: "off" }) }).allow, true);
  assert.equal(decideSend({ ...base, ...ext, protectedByUs: true, policy: p({ sendGuard: "require", scope: "all" }) }).allow, true);
  const leak = decideSend({ ...base, subject: "Befund Frau X, DOB 01.02.1960", protectedByUs: true, policy: p({ sendGuard: "require" }) });
  assert.equal(leak.allow, false, "an encrypted message with patient data in the subject is stopped");
  assert.equal(leak.sendMode, "SoftBlock");
  assert.match(leak.message!.en, /S\/MIME never encrypts the subject/);

  const warn = decideSend({ ...base, ...phi, policy: p({}) });
  assert.equal(warn.allow, false);
  assert.equal(warn.sendMode, "PromptUser");
  assert.deepEqual(warn.matches.map((f) => f.id).sort(), ["clinical-report", "dob"]);
  assert.match(warn.message!.en, /patient data \(date of birth, clinical report\)/);
  assert.match(warn.message!.de, /Patientendaten zu enthalten \(Geburtsdatum, medizinischer Befund\)/);

  const req = decideSend({ ...base, ...ext, policy: p({ sendGuard: "require" }) });
  assert.equal(req.sendMode, "SoftBlock");
  assert.equal(req.external, true);
  assert.match(req.message!.en, /outside your organisation/);

  const noPrompt = decideSend({ ...base, ...phi, canPrompt: false, policy: p({}) });
  assert.equal(noPrompt.sendMode, "SoftBlock", "without sendModeOverride the manifest's SoftBlock applies");
  assert.match(noPrompt.message!.en, /Please encrypt it/);
  assert.doesNotMatch(noPrompt.message!.en, /send it anyway/);

  assert.equal(decideSend({ ...base, ...ext, policy: p({ scope: "patient-data" }) }).allow, true);
  assert.equal(decideSend({ ...base, ...phi, policy: p({ scope: "external" }) }).allow, true);
  assert.equal(decideSend({ ...base, policy: p({ scope: "all" }) }).allow, false);
  assert.equal(decideSend({ ...base, subject: "MRN 12345678", policy: p({ scope: "patient-data" }) }).allow, false, "subject is scanned too");
});

test("custom regexes with nested unbounded repetition are refused; bounded ones pass", () => {
  for (const bad of ["(a+)+", "(?:\\d*x?)*", "((ab)*c)+", "(?:\\w+\\s?){2,}", "(x[a-z]{2,})+$"]) {
    assert.equal(hasNestedQuantifier(bad), true, bad);
    malformed({ patterns: [{ id: "x", label: { en: "a", de: "b" }, regex: bad }] }, "patterns[0].regex");
  }
  for (const ok of ["STUDY-\\d{4,8}", "(?:ab)+c", "(a+)?", "(\\d{1,3}\\.){3}\\d{1,3}", "[(a+)+]", "\\(a+\\)+"]) {
    assert.equal(hasNestedQuantifier(ok), false, ok);
  }
  for (const p of BUILTIN_PATTERNS) assert.equal(hasNestedQuantifier(p.regex), false, `built-in ${p.id}`);
});

test("an accepted custom pattern runs on a long adversarial input quickly", () => {
  const policy = parsePolicy({ patterns: [{ id: "study", label: { en: "s", de: "s" }, regex: "STUDY-(?:[0-9]{2}-?){2,4}X" }] });
  const t0 = performance.now();
  assert.deepEqual(detectPatientData("STUDY-12-".repeat(100_000), policy.patterns), []);
  assert.ok(performance.now() - t0 < 1500);
});
