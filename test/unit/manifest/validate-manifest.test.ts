import { test, beforeAll, afterAll } from "@jest/globals";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const SCRIPT = resolve("scripts/validate-manifest.mjs");
const MANIFEST = readFileSync("manifest.xml", "utf8");
let dir = "";

beforeAll(() => {
  // A folder for the mutated copies; their URL paths resolve in the source tree (validate(), --root).
  dir = mkdtempSync(join(tmpdir(), "spm-manifest-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function validate(xml: string, opts: { root?: string; env?: NodeJS.ProcessEnv } = {}): { code: number | null; out: string } {
  const file = join(dir, `m-${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, xml);
  // URL paths resolve in the source tree (assets/, public/, webpack entries) unless a test gives its own root.
  const args = [SCRIPT, file, "--root", opts.root ?? resolve(".")];
  const r = spawnSync(process.execPath, args, { encoding: "utf8", env: opts.env ?? process.env });
  return { code: r.status, out: r.stdout + r.stderr };
}

/** Replace exactly one occurrence (the first) and make sure the mutation really happened. */
function mutate(from: string | RegExp, to: string): string {
  const out = MANIFEST.replace(from, to);
  assert.notEqual(out, MANIFEST, `mutation ${String(from)} did not apply`);
  return out;
}

function fails(xml: string, expected: RegExp, opts?: { root?: string; env?: NodeJS.ProcessEnv }): void {
  const { code, out } = validate(xml, opts);
  assert.equal(code, 1, `expected exit 1, got ${code}:\n${out}`);
  assert.match(out, expected);
}

test("the real manifest validates (xmllint + own checks)", () => {
  const r = spawnSync(process.execPath, [SCRIPT, "manifest.xml"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /valid/);
  assert.equal(validate(MANIFEST).code, 0);
});

test("missing required element", () => {
  fails(mutate(/\s*<SupportUrl [^>]*\/>/, ""), /required element <SupportUrl> is missing in <OfficeApp>/);
});

test("wrong element order (Permissions before FormSettings)", () => {
  const perm = "  <Permissions>ReadWriteItem</Permissions>\n";
  const moved = mutate(perm, "").replace("  <FormSettings>", perm + "  <FormSettings>");
  fails(moved, /<FormSettings> must come before <Permissions> in <OfficeApp>/);
});

test("wrong order inside VersionOverrides (SupportsSharedFolders after FunctionFile)", () => {
  fails(
    mutate(
      /(<SupportsSharedFolders>true<\/SupportsSharedFolders>)(\s*)(<FunctionFile resid="Functions.Url"\/>)/,
      "$3$2$1",
    ),
    /<SupportsSharedFolders> must come before <FunctionFile> in <DesktopFormFactor>/,
  );
});

test("element under the wrong parent", () => {
  fails(mutate("<Permissions>ReadWriteItem</Permissions>", "<Permissions>ReadWriteItem<Id>x</Id></Permissions>"), /<Id> is not a valid child of <Permissions>/);
});

test("dangling resid", () => {
  fails(mutate('resid="Compose.Url"', 'resid="Compse.Url"'), /resid "Compse.Url" on <SourceLocation> does not resolve to a resource in <Urls>/);
});

test("resid pointing at the wrong kind of resource", () => {
  fails(mutate('<Label resid="Group.Label"/>', '<Label resid="ComposeButton.Tip"/>'), /resid "ComposeButton.Tip" on <Label> does not resolve to a resource in <ShortStrings>/);
});

test("resource id longer than 32 characters", () => {
  const long = "A".repeat(33);
  fails(MANIFEST.replaceAll('"Settings.Url"', `"${long}"`), new RegExp(`resource id "${long}" is 33 characters; at most 32 allowed`));
});

test("http URL", () => {
  fails(mutate('DefaultValue="https://localhost:3000/read.html"', 'DefaultValue="http://localhost:3000/read.html"'), /URL must use https: "http:\/\/localhost:3000\/read.html"/);
});

test("wrong icon size", () => {
  const root = mkdtempSync(join(tmpdir(), "spm-icons-"));
  try {
    cpSync("assets", join(root, "assets"), { recursive: true });
    copyFileSync("assets/icon-16.png", join(root, "assets/icon-32.png"));
    fails(MANIFEST, /icon \/assets\/icon-32.png is 16x16 px; 32x32 expected/, { root });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("missing icon file", () => {
  fails(mutate("/assets/icon-128.png", "/assets/icon-256.png"), /icon file not found: \/assets\/icon-256.png/);
});

test("Mail 1.1-only elements inside VersionOverridesV1_0", () => {
  fails(
    mutate(/(<DesktopFormFactor>\s*)(<FunctionFile resid="Functions.Url"\/>)/, "$1<SupportsSharedFolders>true</SupportsSharedFolders>$2"),
    /<SupportsSharedFolders> is valid only in VersionOverridesV1_1/,
  );
});

test("a control icon without the required 80 px image", () => {
  fails(mutate(/\s*<bt:Image size="80" resid="Icon.80"\/>/, ""), /<Icon> of control "spmComposeOpenPaneV10" needs a 80 px image/);
});

test("bad SendMode", () => {
  fails(mutate('FunctionName="onMessageSendHandler" SendMode="SoftBlock"', 'FunctionName="onMessageSendHandler" SendMode="HardBlock"'), /SendMode "HardBlock" is not one of PromptUser, SoftBlock, Block/);
});

test("OnMessageSend without SendMode, and an unknown LaunchEvent type", () => {
  fails(mutate('FunctionName="onMessageSendHandler" SendMode="SoftBlock"', 'FunctionName="onMessageSendHandler"'), /LaunchEvent OnMessageSend needs SendMode/);
  fails(mutate('Type="OnMessageSend"', 'Type="OnMessageSent"'), /LaunchEvent Type "OnMessageSent" is not a known event/);
});

test("Runtime without the JavaScript override for classic Outlook", () => {
  fails(mutate(/\s*<Override type="javascript" resid="JSRuntime.Url"\/>/, ""), /<Runtime> needs <Override type="javascript"/);
});

test("LaunchEvent SourceLocation must be the runtime", () => {
  fails(mutate(/(<\/LaunchEvents>\s*<SourceLocation resid=")WebViewRuntime.Url/, "$1Functions.Url"), /LaunchEvent SourceLocation "Functions.Url" does not match any <Runtime resid>/);
});

test("allowed values: Permissions, requirement set version, Id", () => {
  fails(mutate("<Permissions>ReadWriteItem</Permissions>", "<Permissions>ReadWriteEverything</Permissions>"), /<Permissions> must be one of Restricted, ReadItem, ReadWriteItem, ReadWriteMailbox/);
  fails(mutate('<Set Name="Mailbox" MinVersion="1.8"/>', '<Set Name="Mailbox" MinVersion="1.99"/>'), /Mailbox MinVersion "1.99" is not a known version/);
  fails(mutate(/<Id>[^<]+<\/Id>/, "<Id>not-a-guid</Id>"), /<Id> must be a GUID/);
});

test("string length limits", () => {
  fails(mutate('<DisplayName DefaultValue="Secure Patient Mail">', `<DisplayName DefaultValue="${"x".repeat(126)}">`), /<DisplayName> is 126 characters; at most 125 allowed/);
  fails(mutate(/(<bt:String id="ComposeButton.Tip" DefaultValue=")[^"]+/, `$1${"y".repeat(251)}`), /resource "ComposeButton.Tip" is 251 characters; at most 250 allowed/);
});

test("not well-formed XML fails with and without xmllint", () => {
  const broken = mutate("</FormSettings>", "");
  fails(broken, /xmllint:/);
  // Without xmllint on PATH the script's own parser must still refuse it.
  const emptyBin = mkdtempSync(join(tmpdir(), "spm-nobin-"));
  const nodeOnly = { ...process.env, PATH: emptyBin };
  fails(broken, /not well-formed XML: line \d+: <\/OfficeApp> does not match <FormSettings>/, { env: nodeOnly });
  const ok = validate(MANIFEST, { env: nodeOnly });
  assert.equal(ok.code, 0, ok.out);
  assert.match(ok.out, /xmllint not installed/);
  rmSync(emptyBin, { recursive: true, force: true });
});

test("the manifest keeps the documented German overrides and the classic-Windows JS runtime", () => {
  assert.match(MANIFEST, /<DisplayName DefaultValue="Secure Patient Mail">\s*<Override Locale="de-DE"/);
  assert.match(MANIFEST, /<Description DefaultValue="[^"]+">\s*<Override Locale="de-DE"/);
  assert.match(MANIFEST, /<bt:Url id="JSRuntime.Url" DefaultValue="https:\/\/localhost:3000\/launchevent.js"\/>/);
  assert.match(MANIFEST, /<SupportsSharedFolders>true<\/SupportsSharedFolders>/);
});

const DECRYPT_EVENT = '<LaunchEvent Type="OnMessageDecrypt" FunctionName="onMessageDecryptHandler" HeaderName="x-spm-protected"/>';

test("OnMessageDecrypt: HeaderName required, only on header events, a real header name; declared once", () => {
  fails(mutate(DECRYPT_EVENT, '<LaunchEvent Type="OnMessageDecrypt" FunctionName="onMessageDecryptHandler"/>'), /LaunchEvent OnMessageDecrypt needs HeaderName/);
  fails(mutate('SendMode="SoftBlock"/>', 'SendMode="SoftBlock" HeaderName="x-spm-protected"/>'), /HeaderName is valid only on OnMessageDecrypt\/OnMessageReadWithCustomHeader/);
  fails(mutate('HeaderName="x-spm-protected"', 'HeaderName="x spm:protected"'), /HeaderName "x spm:protected" is not an internet header field name/);
  fails(mutate(DECRYPT_EVENT, DECRYPT_EVENT + DECRYPT_EVENT), /LaunchEvent Type "OnMessageDecrypt" is declared twice/);
  fails(mutate(DECRYPT_EVENT, DECRYPT_EVENT.replace("HeaderName", 'SendMode="Block" HeaderName')), /SendMode is valid only on OnMessageSend\/OnAppointmentSend/);
});

test("OnMessageDecrypt: needs ReadWriteItem and a read-message Rule, and only in VersionOverridesV1_1", () => {
  fails(mutate("<Permissions>ReadWriteItem</Permissions>", "<Permissions>ReadItem</Permissions>"), /OnMessageDecrypt needs <Permissions>ReadWriteItem<\/Permissions>/);
  fails(mutate(/\s*<Rule xsi:type="ItemIs" ItemType="Message" FormType="Read"\/>/, ""), /OnMessageDecrypt needs a <Rule xsi:type="ItemIs" ItemType="Message" FormType="Read"\/>/);
  // The same manifest without the decrypt event needs neither.
  const withoutDecrypt = mutate(DECRYPT_EVENT, "").replace("<Permissions>ReadWriteItem</Permissions>", "<Permissions>ReadItem</Permissions>");
  assert.equal(validate(withoutDecrypt).code, 0, validate(withoutDecrypt).out);
  // A LaunchEvent extension point inside the 1.0 overrides (where older clients would see it) is refused.
  const launchPoint = /\s*<ExtensionPoint xsi:type="LaunchEvent">[\s\S]*?<\/ExtensionPoint>/.exec(MANIFEST)![0];
  const into10 = MANIFEST.replace(launchPoint, "").replace(/(<FunctionFile resid="Functions.Url"\/>)/, `$1${launchPoint}`);
  assert.notEqual(into10, MANIFEST);
  fails(into10, /ExtensionPoint type "LaunchEvent" is not valid in VersionOverridesV1_0/);
});

test("the manifest's OnMessageDecrypt HeaderName is the header the compose pane sets on encrypted drafts", async () => {
  const { PROTECTION_MARKERS } = await import("../../../src/core/policy");
  const header = /<LaunchEvent Type="OnMessageDecrypt" FunctionName="onMessageDecryptHandler" HeaderName="([^"]+)"\/>/.exec(MANIFEST)?.[1];
  assert.equal(header, PROTECTION_MARKERS.header);
});
