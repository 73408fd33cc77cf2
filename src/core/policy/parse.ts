import { SpmError } from "../errors";
import { BUILTIN_PATTERNS, BUILTIN_PATTERN_IDS } from "./patterns";
import { parseDelivery, parseGraphApp } from "./delivery";
import type { DetectionPattern, EncryptedRepliesMode, GuardScope, Policy, SendGuardMode, UserSettings } from "./types";
import { DEFAULT_CONFIG } from "../config";

export const SEND_GUARD_MODES: readonly SendGuardMode[] = ["off", "warn", "require"];
const GUARD_SCOPES: readonly GuardScope[] = ["all", "patient-data", "external", "patient-data-or-external"];
export const ENCRYPTED_REPLIES_MODES: readonly EncryptedRepliesMode[] = ["warn", "require"];

export const DEFAULT_POLICY: Policy = Object.freeze({
  sendGuard: "warn",
  scope: "patient-data-or-external",
  encryptedReplies: "require",
  internalDomains: [],
  patterns: BUILTIN_PATTERNS.slice(),
  allowUserOverride: false,
  defaults: { sign: true, encrypt: true },
  delivery: "auto",
});

const { maxPolicyPatterns: MAX_PATTERNS, maxPolicyRegexChars: MAX_REGEX_CHARS, maxPolicyDomains: MAX_DOMAINS } = DEFAULT_CONFIG;
const KNOWN_FIELDS = ["$schema", "comment", "sendGuard", "scope", "encryptedReplies", "internalDomains", "patterns", "allowUserOverride", "defaults", "delivery", "graph"];

function bad(field: string, why: string): SpmError {
  return new SpmError("MALFORMED", `Policy field "${field}" ${why}`, { details: { field } });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], field: string, fallback: T): T {
  if (v === undefined) return fallback;
  if (typeof v !== "string" || !(allowed as readonly string[]).includes(v)) {
    throw bad(field, `must be one of ${allowed.map((a) => `"${a}"`).join(", ")}`);
  }
  return v as T;
}

function bool(v: unknown, field: string, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== "boolean") throw bad(field, "must be true or false");
  return v;
}

const DOMAIN_RE = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

function domains(v: unknown): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw bad("internalDomains", "must be an array of domain names");
  if (v.length > MAX_DOMAINS) throw bad("internalDomains", `has more than ${MAX_DOMAINS} entries`);
  return v.map((d, i) => {
    const name = typeof d === "string" ? d.trim().toLowerCase().replace(/^@/, "") : "";
    if (!DOMAIN_RE.test(name)) throw bad(`internalDomains[${i}]`, "is not a domain name like \"clinic.example\"");
    return name;
  });
}

/**
 * Refuse the classic catastrophic-backtracking shape: a repeated group that itself contains an
 * unbounded quantifier, e.g. "(a+)+", "(\\d*x?)*", "(?:\\w+\\s?){2,}". Not a proof of linear time
 * (overlapping alternatives such as "(a|a)*" are not detected), but it stops the common mistakes.
 */
export function hasNestedQuantifier(source: string): boolean {
  const stack: boolean[] = []; // per open group: does it contain an unbounded quantifier?
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") { i++; continue; }
    if (inClass) { if (c === "]") inClass = false; continue; }
    if (c === "[") { inClass = true; continue; }
    if (c === "(") { stack.push(false); continue; }
    const unbounded = c === "+" || c === "*" || (c === "{" && /^\{\d*,\}/.test(source.slice(i)));
    if (c === ")") {
      const inner = stack.pop() ?? false;
      const next = source.slice(i + 1);
      const repeated = /^(?:[+*]|\{\d*,\d*\})/.test(next) && !/^\{(\d+)\}|^\{0?,1\}/.test(next);
      if (inner && repeated) return true;
      if (inner || (repeated && /^(?:[+*]|\{\d*,\})/.test(next))) {
        if (stack.length) stack[stack.length - 1] = true;
      }
      continue;
    }
    if (unbounded && stack.length) stack[stack.length - 1] = true;
  }
  return false;
}

function pattern(v: unknown, i: number): DetectionPattern {
  const field = `patterns[${i}]`;
  // A string names a built-in detector (they carry extra checks such as the KVNR check digit).
  if (typeof v === "string") {
    const builtin = BUILTIN_PATTERNS.find((p) => p.id === v);
    if (!builtin) throw bad(field, `names no built-in pattern (known: ${BUILTIN_PATTERN_IDS.join(", ")})`);
    return builtin;
  }
  if (!isObject(v)) throw bad(field, "must be a built-in id or an object { id, label: { en, de }, regex }");
  const { id, label, regex, flags } = v;
  if (typeof id !== "string" || !/^[a-z0-9][a-z0-9-]{0,39}$/.test(id)) throw bad(`${field}.id`, "must be 1-40 characters a-z, 0-9, -");
  if (BUILTIN_PATTERN_IDS.includes(id)) throw bad(`${field}.id`, `"${id}" is reserved for the built-in pattern: list it as the string "${id}"`);
  if (!isObject(label) || typeof label.en !== "string" || typeof label.de !== "string" || !label.en || !label.de) {
    throw bad(`${field}.label`, "must be { \"en\": \"...\", \"de\": \"...\" }");
  }
  if (typeof regex !== "string" || regex.length === 0 || regex.length > MAX_REGEX_CHARS) {
    throw bad(`${field}.regex`, `must be a non-empty string of at most ${MAX_REGEX_CHARS} characters`);
  }
  if (flags !== undefined && (typeof flags !== "string" || !/^[imu]{0,3}$/.test(flags))) throw bad(`${field}.flags`, "may contain only i, m, u");
  if (hasNestedQuantifier(regex)) {
    throw bad(`${field}.regex`, "nests unbounded repetition (like \"(a+)+\"), which can take exponential time: bound the inner quantifier");
  }
  try {
    new RegExp(regex, "g" + (flags ?? "i"));
  } catch (e) {
    throw new SpmError("MALFORMED", `Policy field "${field}.regex" is not a valid regular expression`, { cause: e, details: { field: `${field}.regex` } });
  }
  return { id, label: { en: label.en, de: label.de }, regex, ...(flags !== undefined ? { flags } : {}) };
}

function patterns(v: unknown): DetectionPattern[] {
  if (v === undefined) return BUILTIN_PATTERNS.slice();
  if (!Array.isArray(v)) throw bad("patterns", "must be an array");
  if (v.length > MAX_PATTERNS) throw bad("patterns", `has more than ${MAX_PATTERNS} entries`);
  const out = v.map(pattern);
  const ids = new Set<string>();
  for (const p of out) {
    if (ids.has(p.id)) throw bad("patterns", `lists "${p.id}" twice`);
    ids.add(p.id);
  }
  return out;
}

/**
 * Validate an admin policy (parsed JSON). Missing fields take the DEFAULT_POLICY value; a wrong
 * field throws SpmError(MALFORMED) naming it. Unknown fields are refused so typos do not silently
 * weaken the policy.
 */
export function parsePolicy(json: unknown): Policy {
  if (!isObject(json)) throw new SpmError("MALFORMED", "Policy must be a JSON object");
  for (const key of Object.keys(json)) {
    if (!KNOWN_FIELDS.includes(key)) throw bad(key, `is unknown (known fields: ${KNOWN_FIELDS.slice(2).join(", ")})`);
  }
  const d = json.defaults;
  if (d !== undefined && !isObject(d)) throw bad("defaults", "must be { \"sign\": bool, \"encrypt\": bool }");
  for (const key of Object.keys(d ?? {})) if (key !== "sign" && key !== "encrypt") throw bad(`defaults.${key}`, "is unknown");
  return {
    sendGuard: oneOf(json.sendGuard, SEND_GUARD_MODES, "sendGuard", DEFAULT_POLICY.sendGuard),
    scope: oneOf(json.scope, GUARD_SCOPES, "scope", DEFAULT_POLICY.scope),
    encryptedReplies: oneOf(json.encryptedReplies, ENCRYPTED_REPLIES_MODES, "encryptedReplies", DEFAULT_POLICY.encryptedReplies),
    internalDomains: domains(json.internalDomains),
    patterns: patterns(json.patterns),
    allowUserOverride: bool(json.allowUserOverride, "allowUserOverride", DEFAULT_POLICY.allowUserOverride),
    defaults: {
      sign: bool(d?.sign, "defaults.sign", DEFAULT_POLICY.defaults.sign),
      encrypt: bool(d?.encrypt, "defaults.encrypt", DEFAULT_POLICY.defaults.encrypt),
    },
    delivery: parseDelivery(json.delivery),
    ...(json.graph !== undefined ? { graph: parseGraphApp(json.graph) } : {}),
  };
}

/**
 * Apply a user's own settings. Making things stricter (a stronger send guard, switching sign or
 * encrypt on by default) is always allowed; loosening needs `allowUserOverride`.
 */
export function mergeUserSettings(policy: Policy, user: UserSettings | undefined): Policy {
  if (!user) return policy;
  const rank = (m: SendGuardMode) => SEND_GUARD_MODES.indexOf(m);
  const may = (stricter: boolean) => stricter || policy.allowUserOverride;
  let sendGuard = policy.sendGuard;
  if (user.sendGuard && SEND_GUARD_MODES.includes(user.sendGuard) && may(rank(user.sendGuard) >= rank(policy.sendGuard))) {
    sendGuard = user.sendGuard;
  }
  const pick = (admin: boolean, mine: boolean | undefined) => (typeof mine === "boolean" && may(mine || !admin) ? mine : admin);
  return {
    ...policy,
    sendGuard,
    defaults: { sign: pick(policy.defaults.sign, user.defaults?.sign), encrypt: pick(policy.defaults.encrypt, user.defaults?.encrypt) },
  };
}
