#!/usr/bin/env node
// Generate src/simulator/office-errors-data.ts: every error code Office.js can report to an Outlook add-in,
// with the name and (en-us) message Office.js reports for it, read from the npm package @microsoft/office-js.
//
// Sources inside the package (dist/):
// - outlook-web-16.01.debug.js, `./src/utils/getErrorArgs.ts` initialize(): Outlook's own codes 9000-9055,
//   `addErrorMessage(code, "Name", getString("l_..._Text"))`; the strings are in en-us/outlook_strings.debug.js.
// - the same file, OSF.DDA.ErrorCodeManager: `errorCodes` (ooeName: code) and `initializeErrorMessages`
//   (`_errorMappings[code] = { name: stringNS.L_..., message: stringNS.L_... }`): the Office common API codes
//   (1000-13991) with display names; the strings are in en-us/office_strings.js.
// - ErrorCodeManager.getErrorArgs: a code without a mapping reports 5001's name and message, and an empty
//   name or message is replaced by 5001's. The generated table applies that, so it says what an add-in sees.
//
// Usage: npm pack @microsoft/office-js@1.1.110 && tar xzf microsoft-office-js-1.1.110.tgz
//        node scripts/gen-office-errors.mjs --package ./package [--out FILE]
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const argValue = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const pkg = resolve(argValue("--package") ?? "package");
const outPath = resolve(argValue("--out") ?? join(here, "..", "src", "simulator", "office-errors-data.ts"));
const dist = join(pkg, "dist");
const version = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")).version;
const bundle = readFileSync(join(dist, "outlook-web-16.01.debug.js"), "utf8");

function unquote(literal) {
  const quote = literal[0];
  return literal.slice(1, -1).replace(new RegExp(`\\\\${quote}`, "g"), quote).replace(/\\\\/g, "\\");
}

function strings(file, prefix) {
  const text = readFileSync(join(dist, "en-us", file), "utf8");
  const map = new Map();
  const re = new RegExp(`${prefix.replace(/\./g, "\\.")}([A-Za-z0-9_]+)\\s*=\\s*("(?:[^"\\\\]|\\\\.)*"|'(?:[^'\\\\]|\\\\.)*')`, "g");
  for (const m of text.matchAll(re)) map.set(m[1], unquote(m[2]));
  if (map.size === 0) throw new Error(`no strings found in ${file}`);
  return map;
}

const officeStrings = strings("office_strings.js", "Strings.OfficeOM.");
const outlookStrings = strings("outlook_strings.debug.js", "_u.ExtensibilityStrings.");
const constant = (name) => {
  const m = new RegExp(`var ${name} = (\\d+);`).exec(bundle);
  if (!m) throw new Error(`constant ${name} not found`);
  return m[1];
};

// Office common API codes and their mappings.
const codesBlock = /errorCodes: \{([\s\S]*?)\n\s*\},\s*\n\s*initializeErrorMessages/.exec(bundle);
if (!codesBlock) throw new Error("ErrorCodeManager.errorCodes not found");
const codeOf = new Map([...codesBlock[1].matchAll(/(ooe\w+): (\d+)/g)].map((m) => [m[1], Number(m[2])]));
const mapped = new Map();
for (const m of bundle.matchAll(/_errorMappings\[OSF\.DDA\.ErrorCodeManager\.errorCodes\.(ooe\w+)\] = \{ name: stringNS\.(L_\w+), message: stringNS\.(L_\w+) \}/g)) {
  // A string the package does not define is `undefined` at run time: getErrorArgs then uses 5001's.
  const lookup = (key) => officeStrings.get(key) ?? "";
  mapped.set(codeOf.get(m[1]), { name: lookup(m[2]), message: lookup(m[3]), id: m[1] });
}
const internal = mapped.get(5001);
if (!internal) throw new Error("5001 mapping missing");

// Outlook's own codes.
const outlook = [];
for (const m of bundle.matchAll(/addErrorMessage\((\d+), "(\w+)", (getString\("(\w+)"\)(\.replace\("\{0\}", (\w+)\))?|"")\);/g)) {
  let message = "";
  if (m[4]) {
    if (!outlookStrings.has(m[4])) throw new Error(`outlook string ${m[4]} missing`);
    message = outlookStrings.get(m[4]);
    if (m[6]) message = message.replace("{0}", constant(m[6]));
  }
  outlook.push({ code: Number(m[1]), name: m[2], message: message || internal.message });
}
if (outlook.length < 50) throw new Error(`only ${outlook.length} Outlook codes found`);
// Every platform's bundle must define the same codes and names, or one table would not fit them all.
const signature = (text) => [...text.matchAll(/addErrorMessage\((\d+), "(\w+)"/g)].map((m) => `${m[1]} ${m[2]}`).join("\n");
for (const other of ["outlook-win32-16.02.debug.js", "outlook-mac-16.00.debug.js", "outlook-ios-16.00.debug.js", "outlook-android-16.00.debug.js"]) {
  if (signature(readFileSync(join(dist, other), "utf8")) !== signature(bundle)) throw new Error(`${other} defines other Outlook error codes`);
}

const common = [...codeOf.entries()]
  .filter(([, code]) => code >= 1000)
  .map(([id, code]) => {
    const e = mapped.get(code);
    return e ? { code, name: e.name || internal.name, message: e.message || internal.message, id } : { code, name: internal.name, message: internal.message, id, unmapped: true };
  })
  .sort((a, b) => a.code - b.code);

const row = (e) => `  [${e.code}, ${JSON.stringify(e.name)}, ${JSON.stringify(e.message)}],`;
const out = `// Generated by scripts/gen-office-errors.mjs from @microsoft/office-js ${version} (npm). Do not edit.
// Rows: [code, name, message] exactly as Office.js reports them to an add-in (en-us).

/** Outlook's own codes: dist/outlook-web-16.01.debug.js, ./src/utils/getErrorArgs.ts initialize(). */
export const OUTLOOK_ERROR_ROWS: readonly (readonly [number, string, string])[] = [
${outlook.map(row).join("\n")}
];

/**
 * Office common API codes: OSF.DDA.ErrorCodeManager errorCodes + initializeErrorMessages. Codes that Office.js
 * defines without a mapping report 5001's name and message (getErrorArgs); they are marked "unmapped".
 */
export const COMMON_ERROR_ROWS: readonly (readonly [number, string, string])[] = [
${common.map((e) => `${row(e)} // ${e.id}${e.unmapped ? " (unmapped)" : ""}`).join("\n")}
];

/** Common codes Office.js defines without their own name and message. */
export const UNMAPPED_COMMON_CODES: readonly number[] = [${common.filter((e) => e.unmapped).map((e) => e.code).join(", ")}];
`;
writeFileSync(outPath, out);
console.log(`wrote ${outPath}: ${outlook.length} Outlook codes, ${common.length} common codes (${common.filter((e) => e.unmapped).length} unmapped)`);
