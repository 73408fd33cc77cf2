/**
 * One mutation per rule of scripts/manifest-rules.mjs (issue 17, "The manifest check"): each broken copy of the
 * shipped manifest must fail with the rule's message, and the shipped manifest must pass. In-process
 * (validateManifest), against the source tree as the build serves it; the xmllint part runs the CLI.
 */
import { beforeAll, describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { checkOrigin, checkWellKnown, servedFromSource, validateManifest, WELL_KNOWN_ALLOWED } from "../../../scripts/validate-manifest.mjs";
import { officeAddinsAllowed } from "../../../scripts/manifest-origin.mjs";

const ROOT = resolve(".");
const MANIFEST = readFileSync("manifest.xml", "utf8");
let served: (path: string) => boolean;

beforeAll(async () => {
  // By URL: webpack.config.js has no type declarations; only its entry tables are used.
  const w = (await import(pathToFileURL(join(ROOT, "webpack.config.js")).href)) as Record<string, Record<string, string>>;
  served = servedFromSource(ROOT, { ...w.PANES, ...w.EVENT_HANDLERS, ...w.EVENT_WEB_ENTRIES });
});

const check = (xml: string): string[] => validateManifest(xml, { root: ROOT, served });

/** Replace the first occurrence and make sure the mutation really happened. */
function mutate(from: string | RegExp, to: string, xml = MANIFEST): string {
  const out = xml.replace(from, to);
  assert.notEqual(out, xml, `mutation ${String(from)} did not apply`);
  return out;
}

function fails(xml: string, expected: RegExp): void {
  const errors = check(xml);
  assert.ok(errors.some((e) => expected.test(e)), `expected ${String(expected)} among:\n${errors.join("\n") || "(no errors)"}`);
}

/** The 1.1 block: the part of the manifest after its opening tag. */
const V11_START = MANIFEST.indexOf('xsi:type="VersionOverridesV1_1"');
function mutateIn11(from: string | RegExp, to: string): string {
  return MANIFEST.slice(0, V11_START) + mutate(from, to, MANIFEST.slice(V11_START));
}

test("the shipped manifest passes every rule", () => {
  assert.deepEqual([...check(MANIFEST)], []);
});

describe("namespaces ([MS-OWEMXML], versionoverrides)", () => {
  test("an undeclared prefix (no xmlns:bt) fails in our parser", () => {
    fails(mutate(/\s*xmlns:bt="[^"]+"/, ""), /namespace prefix "bt" on <bt:Sets> is not declared/);
  });

  test("xmllint's namespace error (exit 0, message on stderr) fails the CLI", () => {
    const dir = mkdtempSync(join(tmpdir(), "spm-ns-"));
    try {
      const file = join(dir, "manifest.xml");
      writeFileSync(file, mutate(/\s*xmlns:bt="[^"]+"/, ""));
      const r = spawnSync(process.execPath, ["scripts/validate-manifest.mjs", file, "--root", ROOT], { encoding: "utf8" });
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stderr, /xmllint: .*[Nn]amespace prefix bt/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("wrong namespace URIs: OfficeApp 1.0, the 1.1 block in the 1.0 namespace, bt bound elsewhere", () => {
    fails(mutate('xmlns="http://schemas.microsoft.com/office/appforoffice/1.1"', 'xmlns="http://schemas.microsoft.com/office/appforoffice/1.0"'), /<OfficeApp> is in namespace "http:\/\/schemas.microsoft.com\/office\/appforoffice\/1.0"/);
    fails(mutate('xmlns="http://schemas.microsoft.com/office/mailappversionoverrides/1.1"', 'xmlns="http://schemas.microsoft.com/office/mailappversionoverrides"'), /<VersionOverrides> is in namespace "http:\/\/schemas.microsoft.com\/office\/mailappversionoverrides"; \[MS-OWEMXML\] defines it in ".*\/1.1"/);
    fails(mutate('xmlns:bt="http://schemas.microsoft.com/office/officeappbasictypes/1.0"', 'xmlns:bt="http://schemas.microsoft.com/office/officeappbasictypes/1.1"'), /<Sets> is in namespace ".*officeappbasictypes\/1.1"/);
    // A resource list without its bt: prefix lands in the VersionOverrides namespace.
    fails(mutate(/<bt:Urls>([\s\S]*?)<\/bt:Urls>/, "<Urls>$1</Urls>"), /<Urls> is in namespace ".*mailappversionoverrides"; \[MS-OWEMXML\] defines it in ".*officeappbasictypes\/1.0"/);
  });

  test("xsi bound to another URI makes xsi:type meaningless", () => {
    fails(mutate('xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"', 'xmlns:xsi="http://www.w3.org/2001/XMLSchema"'), /xsi:type on <OfficeApp>: prefix is bound to "http:\/\/www.w3.org\/2001\/XMLSchema"/);
  });
});

describe("xsi:type values (form, rule, host, control, action)", () => {
  test("unknown types on Action, Control, Host and Form", () => {
    fails(mutate('<Action xsi:type="ShowTaskpane">', '<Action xsi:type="ShowTaskPane">'), /xsi:type "ShowTaskPane" is not valid on <Action>/);
    fails(mutate('<Control xsi:type="Button"', '<Control xsi:type="Buton"'), /xsi:type "Buton" is not valid on <Control>/);
    fails(mutate('<Host xsi:type="MailHost">', '<Host xsi:type="MailApp">'), /xsi:type "MailApp" is not valid on <Host>/);
    fails(mutate('<Host xsi:type="MailHost">', "<Host>"), /<Host> inside VersionOverrides needs xsi:type="MailHost"/);
    fails(mutate("<OfficeTab ", '<OfficeTab xsi:type="Tab" '), /<OfficeTab> takes no xsi:type/);
  });

  test("rule attributes: ItemType, FormType, Mode", () => {
    fails(mutate('ItemType="Message" FormType="Edit"', 'ItemType="Mail" FormType="Edit"'), /ItemIs ItemType "Mail" must be Message or Appointment/);
    fails(mutate('ItemType="Message" FormType="Edit"', 'ItemType="Message" FormType="Compose"'), /ItemIs FormType "Compose" must be Edit, Read or ReadOrEdit/);
    fails(mutate('Mode="Or"', 'Mode="Any"'), /RuleCollection Mode "Any" must be And or Or/);
    fails(mutate('ItemType="Message" FormType="Edit"', 'ItemType="Message"'), /ItemIs FormType "" must be Edit, Read or ReadOrEdit/);
  });
});

describe("controls (control-button, control, action, [MS-OWEMXML] Supertip)", () => {
  test("a button without Supertip, without Action, with two Actions", () => {
    fails(mutate(/\s*<Supertip>\s*<Title resid="ComposeButton.Title"\/>\s*<Description resid="ComposeButton.Tip"\/>\s*<\/Supertip>/, ""), /control "spmComposeOpenPaneV10" needs exactly one <Supertip> \(0 found\)/);
    fails(mutate(/\s*<Action xsi:type="ShowTaskpane">\s*<SourceLocation resid="Compose.Url"\/>\s*<\/Action>/, ""), /control "spmComposeOpenPaneV10" needs exactly one <Action> \(0 found\)/);
    const action = '<Action xsi:type="ShowTaskpane">\n                    <SourceLocation resid="Compose.Url"/>\n                  </Action>';
    fails(mutate(action, action + action), /control "spmComposeOpenPaneV10" needs exactly one <Action> \(2 found\)/);
  });

  test("a supertip without its description, an action without its target, an empty group", () => {
    fails(mutate(/(<Title resid="ComposeButton.Title"\/>)\s*<Description resid="ComposeButton.Tip"\/>/, "$1"), /<Supertip> needs exactly one <Description>/);
    fails(mutate(/(<Action xsi:type="ShowTaskpane">)\s*<SourceLocation resid="Compose.Url"\/>/, "$1"), /Action "ShowTaskpane" needs <SourceLocation>/);
    fails(mutate('<Action xsi:type="ShowTaskpane">', '<Action xsi:type="ExecuteFunction">'), /Action "ExecuteFunction" needs <FunctionName>/);
    fails(mutate(/(<Group id="spmReadGroupV10">\s*<Label resid="Group.Label"\/>)[\s\S]*?(<\/Group>)/, "$1$2"), /group "spmReadGroupV10" has no <Control>/);
  });
});

describe("ids (control, group)", () => {
  test("an id over 125 characters", () => {
    const long = "x".repeat(126);
    fails(mutate('id="spmComposeOpenPaneV10"', `id="${long}"`), /Control id is 126 characters; at most 125 allowed/);
    assert.deepEqual([...check(mutate('id="spmComposeOpenPaneV10"', `id="${"x".repeat(125)}"`))], []);
  });

  test("an id repeated across the two version blocks", () => {
    fails(mutate('id="spmComposeOpenPaneV10"', 'id="spmComposeOpenPane"'), /Control id "spmComposeOpenPane" is already used on line \d+ \(ids are unique across the whole manifest\)/);
    fails(mutate('id="spmReadGroupV10"', 'id="spmReadGroup"'), /Group id "spmReadGroup" is already used/);
  });
});

describe("read form height (desktopsettings)", () => {
  test("missing, too small, too large, not a number", () => {
    fails(mutate(/\s*<RequestedHeight>250<\/RequestedHeight>/, ""), /<DesktopSettings> of the ItemRead form needs <RequestedHeight> \(32-450\)/);
    fails(mutate("<RequestedHeight>250<", "<RequestedHeight>31<"), /RequestedHeight "31" must be a whole number from 32 to 450/);
    fails(mutate("<RequestedHeight>250<", "<RequestedHeight>451<"), /RequestedHeight "451" must be a whole number from 32 to 450/);
    fails(mutate("<RequestedHeight>250<", "<RequestedHeight>250px<"), /RequestedHeight "250px"/);
    for (const h of [32, 450]) assert.deepEqual([...check(mutate("<RequestedHeight>250<", `<RequestedHeight>${h}<`))], []);
  });
});

describe("runtime and events (runtime, extensionpoint)", () => {
  test("a second Runtime, a second Override, lifetime long", () => {
    const runtime = /<Runtime resid="WebViewRuntime.Url">[\s\S]*?<\/Runtime>/.exec(MANIFEST)![0];
    fails(mutate(runtime, runtime + runtime.replace('resid="WebViewRuntime.Url"', 'resid="Functions.Url"')), /Outlook supports one <Runtime> only/);
    fails(mutate('<Override type="javascript" resid="JSRuntime.Url"/>', '<Override type="javascript" resid="JSRuntime.Url"/><Override type="javascript" resid="JSRuntime.Url"/>'), /<Runtime> takes one <Override> only/);
    fails(mutate('<Runtime resid="WebViewRuntime.Url">', '<Runtime resid="WebViewRuntime.Url" lifetime="long">'), /Runtime lifetime "long": event-based activation supports only "short"/);
    assert.deepEqual([...check(mutate('<Runtime resid="WebViewRuntime.Url">', '<Runtime resid="WebViewRuntime.Url" lifetime="short">'))], []);
  });

  test("a second OnMessageSend, in the same or a second LaunchEvent extension point", () => {
    const send = '<LaunchEvent Type="OnMessageSend" FunctionName="onMessageSendHandler" SendMode="SoftBlock"/>';
    fails(mutate(send, send + send.replace("SoftBlock", "Block")), /LaunchEvent Type "OnMessageSend" is declared twice/);
    const point = /<ExtensionPoint xsi:type="LaunchEvent">[\s\S]*?<\/ExtensionPoint>/.exec(MANIFEST)![0];
    const errors = check(mutate(point, point + point));
    assert.ok(errors.some((e) => /a form factor takes one LaunchEvent extension point/.test(e)), errors.join("\n"));
    assert.ok(errors.some((e) => /LaunchEvent Type "OnMessageSend" is declared twice/.test(e)), errors.join("\n"));
  });

  test("LaunchEvents inside a command surface", () => {
    const events = /<LaunchEvents>[\s\S]*?<\/LaunchEvents>/.exec(MANIFEST)![0];
    fails(mutateIn11(/(<ExtensionPoint xsi:type="MessageComposeCommandSurface">)/, `$1${events}`), /<LaunchEvents> is not valid in ExtensionPoint "MessageComposeCommandSurface"/);
    fails(mutate(/(<ExtensionPoint xsi:type="LaunchEvent">)/, '$1<OfficeTab id="TabDefault"/>'), /<OfficeTab> is not valid in ExtensionPoint "LaunchEvent"/);
  });
});

describe("requirement levels (requirements, versionoverrides-1-0-mail)", () => {
  test("a version block that requires less than the base", () => {
    const base = mutate('<Set Name="Mailbox" MinVersion="1.8"/>', '<Set Name="Mailbox" MinVersion="1.9"/>');
    fails(base, /VersionOverrides requires Mailbox 1.8, less than the base manifest's 1.9/);
    fails(mutateIn11('DefaultMinVersion="1.12"', 'DefaultMinVersion="1.7"'), /the nested VersionOverrides requires Mailbox 1.7, less than its parent's 1.8/);
  });

  test("a 1.1 block that repeats the 1.0 block's requirement leaves the 1.0 block unused (the bug shipped before)", () => {
    fails(mutateIn11('DefaultMinVersion="1.12"', 'DefaultMinVersion="1.8"'), /the V1_0 block is never used/);
    // Versions compare as numbers: 1.12 is more than 1.8 although "1.12" < "1.8" as text.
    assert.deepEqual([...check(mutateIn11('DefaultMinVersion="1.12"', 'DefaultMinVersion="1.9"'))], []);
  });
});

describe("locale overrides ([MS-OWEMXML] LocaleAwareSetting)", () => {
  test("an override for the default locale", () => {
    fails(mutate('<Override Locale="de-DE" Value="Secure Patient Mail"/>', '<Override Locale="en-us" Value="Secure Patient Mail"/>'), /<Override Locale="en-us"> repeats the DefaultLocale/);
  });

  test("German for de-DE, de-AT and de-CH on every string; one missing fails", () => {
    for (const locale of ["de-DE", "de-AT", "de-CH"]) {
      assert.equal(MANIFEST.split(`<bt:Override Locale="${locale}"`).length - 1, 20, `${locale} on the 10 strings of both blocks`);
      assert.equal(MANIFEST.split(`<Override Locale="${locale}"`).length - 1, 2, `${locale} on DisplayName and Description`);
    }
    fails(mutate(/\s*<bt:Override Locale="de-CH" Value="Einstellungen"\/>/, ""), /string "SettingsButton.Label" is localised for \[de-at,de-de\], the others for \[de-at,de-ch,de-de\]/);
  });
});

describe("URLs: one origin, files that exist", () => {
  test("mixed origins fail unless the other origin is an AppDomain", () => {
    const moved = mutate('DefaultValue="https://localhost:3000/settings.html"', 'DefaultValue="https://cdn.example.net/settings.html"');
    fails(moved, /resource "Settings.Url" is on https:\/\/cdn.example.net, not the add-in's origin https:\/\/localhost:3000/);
    const listed = mutate("  <Hosts>", "  <AppDomains>\n    <AppDomain>https://cdn.example.net</AppDomain>\n  </AppDomains>\n  <Hosts>", moved);
    assert.deepEqual([...check(listed)], []);
    // The support link may be the clinic's own help desk.
    assert.deepEqual([...check(mutate("https://localhost:3000/support.html", "https://helpdesk.clinic.example/spm"))], []);
    const packaged = MANIFEST.replaceAll("https://localhost:3000", "https://spm.example");
    assert.deepEqual([...checkOrigin(mutate("https://spm.example/support.html", "https://helpdesk.clinic.example/spm", packaged), "https://spm.example")], []);
    assert.match(checkOrigin(mutate("https://spm.example/read.html", "https://cdn.example/read.html", packaged), "https://spm.example").join("\n"), /URL not on the add-in origin https:\/\/spm.example: https:\/\/cdn.example\/read.html/);
  });

  test("runtime URLs and the support page must be files the add-in serves", () => {
    fails(mutate('"https://localhost:3000/launchevent.js"', '"https://localhost:3000/launchevents.js"'), /resource "JSRuntime.Url" points at \/launchevents.js, which the add-in does not serve/);
    fails(mutateIn11('<bt:Url id="WebViewRuntime.Url" DefaultValue="https://localhost:3000/launchevent.html"/>', '<bt:Url id="WebViewRuntime.Url" DefaultValue="https://localhost:3000/event.html"/>'), /resource "WebViewRuntime.Url" points at \/event.html/);
    fails(mutate("/support.html", "/help.html"), /<SupportUrl> points at \/help.html, which the add-in does not serve/);
    fails(mutate('DefaultValue="https://localhost:3000/read.html"', 'DefaultValue="https://localhost:3000/reading.html"'), /form <SourceLocation> points at \/reading.html/);
  });

  test("the shipped support page exists and has no script", () => {
    const page = readFileSync("public/support.html", "utf8");
    assert.doesNotMatch(page, /<script/i);
    assert.match(page, /http-equiv="Content-Security-Policy" content="default-src 'none'/);
  });
});

describe("the well-known file for classic Outlook's JavaScript runtime (use-sso-in-event-based-activation)", () => {
  test("made from the manifest: lists exactly the JavaScript runtime's script", () => {
    assert.deepEqual({ ...JSON.parse(officeAddinsAllowed(MANIFEST)) }, { allowed: ["https://localhost:3000/launchevent.js"] });
  });

  test("a package without it, or with a list that lacks the script, fails", () => {
    const dir = mkdtempSync(join(tmpdir(), "spm-wk-"));
    try {
      assert.match(checkWellKnown(MANIFEST, dir).join("\n"), /microsoft-officeaddins-allowed.json is missing/);
      mkdirSync(join(dir, ".well-known"));
      writeFileSync(join(dir, WELL_KNOWN_ALLOWED), JSON.stringify({ allowed: ["https://localhost:3000/other.js"] }));
      assert.match(checkWellKnown(MANIFEST, dir).join("\n"), /does not list the JavaScript runtime https:\/\/localhost:3000\/launchevent.js/);
      writeFileSync(join(dir, WELL_KNOWN_ALLOWED), officeAddinsAllowed(MANIFEST));
      assert.deepEqual([...checkWellKnown(MANIFEST, dir)], []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
