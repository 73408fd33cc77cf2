#!/usr/bin/env node
// Offline validator for manifest.xml (Outlook add-in only manifest, MailApp).
// Microsoft's validator (office-addin-manifest) needs a web service, and the public XSDs predate
// LaunchEvent/Runtimes, so we check the documented rules ourselves:
//   - well-formed XML (xmllint --noout when installed, and our own strict parser);
//   - required elements, allowed values (Permissions, SendMode, requirement sets, LaunchEvent types);
//   - element ORDER per learn.microsoft.com "develop/manifest-element-ordering" (MailApp and
//     VersionOverrides 1.0/1.1), plus the documented positions of Runtimes, SupportsSharedFolders
//     and LaunchEvents from the event-based activation / delegate-access docs;
//   - every resid resolves to a resource of the right kind in its VersionOverrides (ids <= 32 chars);
//   - OnMessageDecrypt (Mailbox 1.16, learn.microsoft.com outlook/encryption-decryption): a HeaderName that is an
//     internet header field name, ReadWriteItem (or more), a Rule that activates on read messages, each
//     LaunchEvent Type at most once;
//   - all URLs https; icon files exist under the manifest's folder at the URL path, PNG, right size;
//   - string lengths (DisplayName/ShortString <= 125, Description/LongString <= 250).
//   - id, version, host and app type as office-addin-manifest reads them (offline part of Microsoft's package);
//   - with --origin O (a packaged manifest): every URL on O (the SupportUrl may be the clinic's help desk),
//     nothing left on localhost, and the well-known file for classic Outlook's JavaScript runtime lists the
//     runtime's script;
//   - the rules in manifest-rules.mjs (namespaces, xsi:type values, controls, ids, read-form height, one runtime,
//     lifetime, LaunchEvents placement, requirement levels, locale overrides, one origin, served files), each
//     with the Microsoft reference page or [MS-OWEMXML] section it comes from.
// xmllint reports namespace errors on stderr but exits 0: any xmllint output counts as an error.
// Usage: node scripts/validate-manifest.mjs [manifest.xml] [--root DIR] [--origin O]   (DIR: where URL
// paths like /assets/icon-16.png resolve; default: the manifest's folder. A DIR holding webpack.config.js is
// the source tree: pages resolve in public/ and scripts to webpack entries). Exit 1 on any error.
import { readFileSync, existsSync, statSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import {
  local, kids, kid, xsiType, checkNamespaceDeclarations, checkNamespaces, checkXsiTypes, checkControls, checkIds,
  checkReadFormHeight, checkRuntimes, checkExtensionPoints, checkRequirementLevels, checkLocaleOverrides, checkOneOrigin,
  checkServedFiles, manifestUrls, javascriptRuntimeUrls,
} from "./manifest-rules.mjs";
import { parseXml } from "./manifest-xml.mjs";

export { parseXml };

// ---------- the documented rules ----------


/** Allowed children in order, by parent (local names). From the manifest-element-ordering page. */
const ORDER = {
  OfficeApp: ["Id", "AlternateId", "Version", "ProviderName", "DefaultLocale", "DisplayName", "Description", "IconUrl",
    "HighResolutionIconUrl", "SupportUrl", "AppDomains", "Hosts", "Requirements", "FormSettings", "Permissions", "Rule",
    "DisableEntityHighlighting", "VersionOverrides"],
  DisplayName: ["Override"], Description: ["Override"], IconUrl: ["Override"], HighResolutionIconUrl: ["Override"], SupportUrl: ["Override"],
  AppDomains: ["AppDomain"],
  Hosts: ["Host"],
  Requirements: ["Sets"],
  Sets: ["Set"],
  FormSettings: ["Form"],
  Form: ["DesktopSettings", "TabletSettings", "PhoneSettings"],
  DesktopSettings: ["SourceLocation", "RequestedHeight"],
  TabletSettings: ["SourceLocation", "RequestedHeight"],
  PhoneSettings: ["SourceLocation"],
  SourceLocation: ["Override"],
  Rule: ["Rule"],
  VersionOverrides: ["Description", "Requirements", "Hosts", "Resources", "WebApplicationInfo", "EquivalentAddins",
    "ConnectedServiceControls", "ExtendedPermissions", "VersionOverrides"],
  Host: ["Runtimes", "DesktopFormFactor", "MobileFormFactor"],
  Runtimes: ["Runtime"],
  Runtime: ["Override"],
  DesktopFormFactor: ["SupportsSharedFolders", "FunctionFile", "ExtensionPoint"],
  MobileFormFactor: ["FunctionFile", "ExtensionPoint"],
  ExtensionPoint: ["OfficeTab", "CustomTab", "OfficeMenu", "LaunchEvents", "SourceLocation", "Label", "CommandSurface", "Group", "Control"],
  LaunchEvents: ["LaunchEvent"],
  OfficeTab: ["Group"],
  CustomTab: ["Group", "Label"],
  OfficeMenu: ["Control"],
  Group: ["Label", "Tooltip", "Icon", "Control"],
  Control: ["Label", "Supertip", "Icon", "Action", "Items"],
  Items: ["Item"],
  Item: ["Label", "Supertip", "Action"],
  Supertip: ["Title", "Description"],
  Icon: ["Image"],
  Action: ["TaskpaneId", "SourceLocation", "Title", "FunctionName", "SupportsPinning"],
  Resources: ["Images", "Urls", "ShortStrings", "LongStrings"],
  Images: ["Image"], Urls: ["Url"], ShortStrings: ["String"], LongStrings: ["String"],
  Image: ["Override"], Url: ["Override"], String: ["Override"],
  ExtendedPermissions: ["ExtendedPermission"],
  WebApplicationInfo: ["Id", "Resource", "Scopes"],
  Scopes: ["Scope"],
};

const REQUIRED_TOP = ["Id", "Version", "ProviderName", "DefaultLocale", "DisplayName", "Description", "IconUrl",
  "HighResolutionIconUrl", "SupportUrl", "Hosts", "Requirements", "FormSettings", "Permissions", "Rule", "VersionOverrides"];
const PERMISSIONS = ["Restricted", "ReadItem", "ReadWriteItem", "ReadWriteMailbox"];
const MAILBOX_VERSIONS = ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10", "1.11", "1.12", "1.13", "1.14", "1.15", "1.16"];
const SEND_MODES = ["PromptUser", "SoftBlock", "Block"];
const SEND_EVENTS = ["OnMessageSend", "OnAppointmentSend"];
const LAUNCH_EVENTS = ["OnNewMessageCompose", "OnNewAppointmentOrganizer", "OnMessageAttachmentsChanged",
  "OnAppointmentAttachmentsChanged", "OnMessageRecipientsChanged", "OnAppointmentAttendeesChanged", "OnAppointmentTimeChanged",
  "OnAppointmentRecurrenceChanged", "OnInfoBarDismissClicked", "OnMessageSend", "OnAppointmentSend", "OnMessageCompose",
  "OnAppointmentOrganizer", "OnMessageFromChanged", "OnAppointmentFromChanged", "OnSensitivityLabelChanged",
  "OnMessageReadWithCustomAttachment", "OnMessageReadWithCustomHeader", "OnMessageDecrypt"];
/** Events that fire for received items carrying a custom internet header, named by HeaderName. */
const HEADER_EVENTS = ["OnMessageDecrypt", "OnMessageReadWithCustomHeader"];
/** RFC 5322 field name: printable US-ASCII except the colon. */
const HEADER_FIELD_NAME = /^[!-9;-~]{1,76}$/;
const EXTENSION_POINTS = { VersionOverridesV1_0: ["MessageReadCommandSurface", "MessageComposeCommandSurface",
  "AppointmentOrganizerCommandSurface", "AppointmentAttendeeCommandSurface", "CustomPane", "Module", "MobileMessageReadCommandSurface"] };
EXTENSION_POINTS.VersionOverridesV1_1 = [...EXTENSION_POINTS.VersionOverridesV1_0, "LaunchEvent", "MobileOnlineMeetingCommandSurface",
  "MobileLogEventAppointmentAttendee", "ReportPhishingCommandSurface", "DetectedEntity"];
/** Elements the docs list as valid only in the Mail 1.1 schema. */
const V11_ONLY = ["Runtimes", "SupportsSharedFolders", "LaunchEvents"];
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const LOCALE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
/** Which resource list a resid must point into, by the referencing element. */
const RESID_KIND = { Label: "ShortStrings", Title: "ShortStrings", Tooltip: "LongStrings", Description: "LongStrings",
  Image: "Images", SourceLocation: "Urls", FunctionFile: "Urls", Runtime: "Urls", Override: "Urls", TaskpaneId: "ShortStrings" };

const isFile = (file) => existsSync(file) && statSync(file).isFile();

/** What a server rooted at `root` answers: a file at the URL path. */
export function servedFrom(root) {
  return (path) => isFile(join(root, path));
}

/**
 * The source tree as the build will serve it (webpack.config.js): a file at the path, a page template in
 * public/, or a script that is the output of a webpack entry (`entries`: output name -> source).
 */
export function servedFromSource(root, entries) {
  return (path) => {
    if (isFile(join(root, path)) || isFile(join(root, "public", path))) return true;
    const m = /^\/([\w-]+)\.js$/.exec(path);
    return Boolean(m && entries[m[1]] && isFile(join(root, entries[m[1]])));
  };
}

export const WELL_KNOWN_ALLOWED = ".well-known/microsoft-officeaddins-allowed.json";

/**
 * Classic Outlook on Windows runs the event handlers as the JavaScript file of <Runtime><Override
 * type="javascript">; for it to fetch from our origin (CORS) or use SSO, the origin must list that file in
 * /.well-known/microsoft-officeaddins-allowed.json as {"allowed": [url, ...]} (learn.microsoft.com
 * office/dev/add-ins/develop/use-sso-in-event-based-activation). A package (`root`) must carry the file.
 */
export function checkWellKnown(xml, root) {
  const scripts = javascriptRuntimeUrls(xml);
  if (!scripts.length) return [];
  const file = join(root, WELL_KNOWN_ALLOWED);
  if (!isFile(file)) return [`${WELL_KNOWN_ALLOWED} is missing from the package (classic Outlook's JavaScript runtime needs it)`];
  let allowed;
  try {
    allowed = JSON.parse(readFileSync(file, "utf8")).allowed;
  } catch (e) {
    return [`${WELL_KNOWN_ALLOWED} is not JSON: ${e instanceof Error ? e.message : String(e)}`];
  }
  if (!Array.isArray(allowed)) return [`${WELL_KNOWN_ALLOWED} needs an "allowed" array`];
  return scripts.filter((u) => !allowed.includes(u)).map((u) => `${WELL_KNOWN_ALLOWED} does not list the JavaScript runtime ${u}`);
}

function readPngSize(file) {
  const b = readFileSync(file);
  if (b.length < 24 || b.readUInt32BE(0) !== 0x89504e47 || b.toString("latin1", 12, 16) !== "IHDR") return null;
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

/**
 * `root`: the folder URL paths resolve in; `basePath`: the path of the add-in's origin (e.g. "/spm" for
 * https://host/spm), stripped from URL paths before they are looked up under `root`.
 */
export function validateManifest(xmlText, { root = ".", basePath = "", served = servedFrom(root) } = {}) {
  const errors = [];
  const err = (el, msg) => errors.push(`line ${el ? el.line : "?"}: ${msg}`);
  let doc;
  try {
    doc = parseXml(xmlText);
  } catch (e) {
    return [`not well-formed XML: ${e.message}`];
  }
  if (local(doc.name) !== "OfficeApp") return [`line ${doc.line}: root element must be <OfficeApp>, found <${doc.name}>`];
  if (xsiType(doc) !== "MailApp") err(doc, `<OfficeApp xsi:type> must be "MailApp", found "${xsiType(doc) ?? ""}"`);
  checkNamespaceDeclarations(doc, err);
  for (const rule of [checkNamespaces, checkXsiTypes, checkControls, checkIds, checkReadFormHeight, checkRuntimes,
    checkExtensionPoints, checkRequirementLevels, checkLocaleOverrides, checkOneOrigin]) rule(doc, err);
  const pageUrl = manifestUrls(doc).find(([, , what]) => what === "form <SourceLocation>")?.[1];
  if (pageUrl && URL.canParse(pageUrl)) checkServedFiles(doc, err, { origin: new URL(pageUrl).origin, basePath, served });

  // Order and placement everywhere.
  (function walk(el) {
    const allowed = ORDER[local(el.name)];
    let last = -1;
    let lastName = "";
    for (const c of el.children) {
      const n = local(c.name);
      const idx = allowed ? allowed.indexOf(n) : -1;
      if (idx < 0) err(c, `<${n}> is not a valid child of <${local(el.name)}>`);
      else if (idx < last) err(c, `<${n}> must come before <${lastName}> in <${local(el.name)}> (manifest element ordering)`);
      else { last = idx; lastName = n; }
      walk(c);
    }
  })(doc);

  for (const name of REQUIRED_TOP) if (!kid(doc, name)) err(doc, `required element <${name}> is missing in <OfficeApp>`);
  for (const name of Object.keys(ORDER.OfficeApp.reduce((a, n) => ((a[n] = 0), a), {}))) {
    if (kids(doc, name).length > 1) err(kids(doc, name)[1], `<${name}> appears more than once`);
  }
  const text = (name) => (kid(doc, name)?.text ?? "").trim();
  if (kid(doc, "Id") && !GUID.test(text("Id"))) err(kid(doc, "Id"), "<Id> must be a GUID");
  if (kid(doc, "Version") && !/^\d{1,5}(\.\d{1,5}){0,3}$/.test(text("Version"))) err(kid(doc, "Version"), "<Version> must look like 1.0.0.0");
  if (kid(doc, "ProviderName") && !(text("ProviderName").length > 0 && text("ProviderName").length <= 125)) err(kid(doc, "ProviderName"), "<ProviderName> must be 1-125 characters");
  if (kid(doc, "DefaultLocale") && !LOCALE.test(text("DefaultLocale"))) err(kid(doc, "DefaultLocale"), "<DefaultLocale> must be a culture name like en-US");
  if (kid(doc, "Permissions") && !PERMISSIONS.includes(text("Permissions"))) {
    err(kid(doc, "Permissions"), `<Permissions> must be one of ${PERMISSIONS.join(", ")}, found "${text("Permissions")}"`);
  }

  // Localised values: DefaultValue plus Overrides, with length limits.
  const checkValues = (el, what, max, urlCheck) => {
    if (!el) return;
    const values = [[el, el.attrs.DefaultValue]];
    for (const o of kids(el, "Override")) {
      if (!LOCALE.test(o.attrs.Locale ?? "")) err(o, `<Override> in ${what} needs a Locale like de-DE`);
      values.push([o, o.attrs.Value]);
    }
    for (const [node, v] of values) {
      if (v === undefined || v === "") err(node, `${what} needs a non-empty ${node === el ? "DefaultValue" : "Value"}`);
      else if (max && v.length > max) err(node, `${what} is ${v.length} characters; at most ${max} allowed`);
      else if (urlCheck) urlCheck(node, v);
    }
  };
  const httpsUrl = (node, v) => {
    if (!/^https:\/\/[^\s/]+/i.test(v)) err(node, `URL must use https: "${v}"`);
  };
  const iconCheck = (size) => (node, v) => {
    httpsUrl(node, v);
    const m = /^https:\/\/[^/]+(\/[^?#]*)/i.exec(v);
    if (!m) return;
    const path = basePath && m[1].startsWith(`${basePath}/`) ? m[1].slice(basePath.length) : m[1];
    const file = join(root, decodeURIComponent(path));
    if (!existsSync(file)) return err(node, `icon file not found: ${m[1]} (looked for ${file})`);
    const dims = readPngSize(file);
    if (!dims) return err(node, `icon ${m[1]} is not a PNG`);
    if (size && (dims[0] !== size || dims[1] !== size)) err(node, `icon ${m[1]} is ${dims[0]}x${dims[1]} px; ${size}x${size} expected`);
  };
  checkValues(kid(doc, "DisplayName"), "<DisplayName>", 125);
  checkValues(kid(doc, "Description"), "<Description>", 250);
  checkValues(kid(doc, "IconUrl"), "<IconUrl>", 2048, iconCheck(64));
  checkValues(kid(doc, "HighResolutionIconUrl"), "<HighResolutionIconUrl>", 2048, iconCheck(128));
  checkValues(kid(doc, "SupportUrl"), "<SupportUrl>", 2048, httpsUrl);
  for (const d of kids(kid(doc, "AppDomains") ?? { children: [] }, "AppDomain")) httpsUrl(d, d.text.trim());

  const hosts = kid(doc, "Hosts");
  if (hosts && !kids(hosts, "Host").some((h) => h.attrs.Name === "Mailbox")) err(hosts, '<Hosts> needs <Host Name="Mailbox"/>');
  const checkSets = (req, isBt) => {
    const sets = req && kid(req, "Sets");
    if (!sets) return err(req, "<Requirements> needs <Sets>");
    const dflt = sets.attrs.DefaultMinVersion;
    if (dflt !== undefined && !MAILBOX_VERSIONS.includes(dflt)) err(sets, `DefaultMinVersion "${dflt}" is not a Mailbox requirement set version`);
    if (!kids(sets, "Set").length) err(sets, "<Sets> needs a <Set>");
    for (const s of kids(sets, "Set")) {
      if (s.attrs.Name !== "Mailbox") err(s, `requirement set "${s.attrs.Name ?? ""}" is not valid for Outlook (use "Mailbox")`);
      const v = s.attrs.MinVersion ?? (isBt ? dflt : undefined);
      if (!v || !MAILBOX_VERSIONS.includes(v)) err(s, `Mailbox MinVersion "${v ?? ""}" is not a known version (${MAILBOX_VERSIONS[0]}-${MAILBOX_VERSIONS.at(-1)})`);
    }
  };
  if (kid(doc, "Requirements")) checkSets(kid(doc, "Requirements"), false);

  for (const form of kids(kid(doc, "FormSettings") ?? { children: [] }, "Form")) {
    if (!["ItemRead", "ItemEdit"].includes(xsiType(form))) err(form, `<Form xsi:type> must be ItemRead or ItemEdit`);
    for (const s of form.children) checkValues(kid(s, "SourceLocation"), "<SourceLocation>", 2048, httpsUrl);
  }

  // Collected while the VersionOverrides are walked: OnMessageDecrypt needs read/write item permission and must activate on read messages.
  const decryptEvents = [];
  const readRule = (rule) =>
    rule && ((xsiType(rule) === "ItemIs" && rule.attrs.ItemType === "Message" && ["Read", "ReadOrEdit"].includes(rule.attrs.FormType)) || kids(rule, "Rule").some(readRule));

  // VersionOverrides: 1.0 at the top, optionally 1.1 nested as its last child.
  const vo = kid(doc, "VersionOverrides");
  if (vo) {
    if (xsiType(vo) !== "VersionOverridesV1_0") err(vo, 'the outer <VersionOverrides> must be xsi:type="VersionOverridesV1_0"');
    checkVersionOverrides(vo);
    const inner = kid(vo, "VersionOverrides");
    if (inner) {
      if (xsiType(inner) !== "VersionOverridesV1_1") err(inner, 'a nested <VersionOverrides> must be xsi:type="VersionOverridesV1_1"');
      if (kid(inner, "VersionOverrides")) err(kid(inner, "VersionOverrides"), "VersionOverrides may nest only one level");
      checkVersionOverrides(inner);
    }
  }

  function checkVersionOverrides(v) {
    const type = xsiType(v);
    if (kid(v, "Requirements")) checkSets(kid(v, "Requirements"), true);
    // Resources of this VersionOverrides (they do not inherit from the outer one).
    const res = kid(v, "Resources");
    const defined = { Images: new Map(), Urls: new Map(), ShortStrings: new Map(), LongStrings: new Map() };
    if (!res) err(v, "<VersionOverrides> has no <Resources>");
    for (const kind of Object.keys(defined)) {
      const list = res && kid(res, kind);
      if (!list) continue;
      for (const r of list.children) {
        const id = r.attrs.id;
        if (!id) { err(r, `a resource in <${kind}> has no id`); continue; }
        if (id.length > 32) err(r, `resource id "${id}" is ${id.length} characters; at most 32 allowed`);
        if (defined[kind].has(id)) err(r, `resource id "${id}" is defined twice in <${kind}>`);
        defined[kind].set(id, r);
        const max = kind === "ShortStrings" ? 125 : kind === "LongStrings" ? 250 : 2048;
        checkValues(r, `resource "${id}"`, max, kind === "Urls" ? httpsUrl : kind === "Images" ? httpsUrl : undefined);
      }
    }
    const runtimeResids = new Set();
    const launchTypes = new Set();
    (function walk(el, parent) {
      const n = local(el.name);
      if (n === "VersionOverrides" && el !== v) return; // the nested 1.1 is checked on its own
      if (el.attrs.resid !== undefined && el !== res && !isInside(el, res)) {
        const kind = RESID_KIND[n];
        const r = el.attrs.resid;
        if (!kind) err(el, `<${n}> does not take a resid`);
        else if (r.length > 32) err(el, `resid "${r}" is ${r.length} characters; at most 32 allowed`);
        else if (!defined[kind].has(r)) err(el, `resid "${r}" on <${n}> does not resolve to a resource in <${kind}>`);
        else if (n === "Image" && parent && local(parent.name) === "Icon") {
          const size = Number(el.attrs.size);
          if (![16, 20, 24, 32, 40, 48, 64, 80].includes(size)) err(el, `icon size "${el.attrs.size}" is not one of 16, 20, 24, 32, 40, 48, 64, 80`);
          const url = defined.Images.get(r).attrs.DefaultValue ?? "";
          const before = errors.length;
          iconCheck(size)(el, url);
          for (let i = before; i < errors.length; i++) errors[i] += ` (resid "${r}")`;
        }
        if (n === "Runtime") runtimeResids.add(r);
      }
      if (n === "ExtensionPoint") {
        const t = xsiType(el);
        if (!(EXTENSION_POINTS[type] ?? []).includes(t)) err(el, `ExtensionPoint type "${t ?? ""}" is not valid in ${type}`);
      }
      if (type === "VersionOverridesV1_0" && V11_ONLY.includes(n)) err(el, `<${n}> is valid only in VersionOverridesV1_1`);
      if (n === "Icon" && parent && local(parent.name) === "Control") {
        const sizes = kids(el, "Image").map((i) => Number(i.attrs.size));
        for (const s of [16, 32, 80]) if (!sizes.includes(s)) err(el, `<Icon> of control "${parent.attrs.id ?? ""}" needs a ${s} px image`);
      }
      if (n === "Runtime") {
        const js = kids(el, "Override").filter((o) => o.attrs.type === "javascript");
        if (!js.length) err(el, '<Runtime> needs <Override type="javascript" resid="..."/> for classic Outlook on Windows');
        for (const o of kids(el, "Override")) if (o.attrs.type !== "javascript") err(o, `<Override type> in <Runtime> must be "javascript"`);
      }
      if (n === "LaunchEvent") {
        const t = el.attrs.Type;
        if (!LAUNCH_EVENTS.includes(t)) err(el, `LaunchEvent Type "${t ?? ""}" is not a known event`);
        if (!el.attrs.FunctionName || !/^[A-Za-z_$][\w$]*$/.test(el.attrs.FunctionName)) err(el, "LaunchEvent needs a FunctionName that is a JavaScript identifier");
        const mode = el.attrs.SendMode;
        if (SEND_EVENTS.includes(t) && mode === undefined) err(el, `LaunchEvent ${t} needs SendMode (${SEND_MODES.join(", ")})`);
        if (mode !== undefined && !SEND_MODES.includes(mode)) err(el, `SendMode "${mode}" is not one of ${SEND_MODES.join(", ")}`);
        if (mode !== undefined && !SEND_EVENTS.includes(t)) err(el, `SendMode is valid only on ${SEND_EVENTS.join("/")}`);
        const header = el.attrs.HeaderName;
        if (HEADER_EVENTS.includes(t) && header === undefined) err(el, `LaunchEvent ${t} needs HeaderName (the internet header the sending side sets)`);
        if (header !== undefined && !HEADER_EVENTS.includes(t)) err(el, `HeaderName is valid only on ${HEADER_EVENTS.join("/")}`);
        if (header !== undefined && !HEADER_FIELD_NAME.test(header)) err(el, `HeaderName "${header}" is not an internet header field name (printable ASCII without ":" or spaces)`);
        if (launchTypes.has(t)) err(el, `LaunchEvent Type "${t}" is declared twice`);
        launchTypes.add(t);
        if (t === "OnMessageDecrypt") decryptEvents.push(el);
      }
      for (const c of el.children) walk(c, el);
    })(v, null);
    // LaunchEvent needs a runtime, and its SourceLocation must be that runtime.
    const own = findAll(v, () => true, [], (e) => e !== v && local(e.name) === "VersionOverrides");
    for (const ep of own.filter((e) => local(e.name) === "ExtensionPoint" && xsiType(e) === "LaunchEvent")) {
      if (!kid(ep, "LaunchEvents")) err(ep, "LaunchEvent extension point needs <LaunchEvents>");
      const src = kid(ep, "SourceLocation");
      if (!src) err(ep, "LaunchEvent extension point needs <SourceLocation resid>");
      else if (!runtimeResids.has(src.attrs.resid)) err(src, `LaunchEvent SourceLocation "${src.attrs.resid}" does not match any <Runtime resid> in <Runtimes>`);
    }
  }
  for (const el of decryptEvents) {
    if (!["ReadWriteItem", "ReadWriteMailbox"].includes(text("Permissions"))) err(el, "OnMessageDecrypt needs <Permissions>ReadWriteItem</Permissions> (or ReadWriteMailbox)");
    if (!readRule(kid(doc, "Rule"))) err(el, 'OnMessageDecrypt needs a <Rule xsi:type="ItemIs" ItemType="Message" FormType="Read"/> so the add-in activates on received messages');
  }
  return errors;
}

function isInside(el, ancestor) {
  if (!ancestor) return false;
  return findAll(ancestor, (e) => e === el).length > 0;
}
function findAll(el, pred, out = [], skip = () => false) {
  if (skip(el)) return out;
  if (pred(el)) out.push(el);
  for (const c of el.children) findAll(c, pred, out, skip);
  return out;
}

function xmllint(file) {
  const r = spawnSync("xmllint", ["--noout", "--nonet", file], { encoding: "utf8" });
  if (r.error && r.error.code === "ENOENT") return null; // not installed: our parser alone decides
  // xmllint prints namespace errors ("Namespace prefix bt on Image is not defined") but exits 0: its output counts.
  const out = (r.stderr || "").trim();
  return r.status === 0 && !out ? [] : [`xmllint: ${out || `exit ${r.status}`}`];
}

/**
 * The facts Microsoft's own package reads offline (office-addin-manifest's readManifestFile): a GUID id,
 * a four-part version, the Mailbox host, MailApp.
 */
export async function checkManifestInfo(file) {
  const { OfficeAddinManifest } = await import("office-addin-manifest");
  let info;
  try {
    info = await OfficeAddinManifest.readManifestFile(file);
  } catch (e) {
    return [`office-addin-manifest cannot read it: ${String(e instanceof Error ? e.message : e).split("\n")[0]}`];
  }
  const errors = [];
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(info.id ?? "")) errors.push(`office-addin-manifest: <Id> is not a GUID: "${info.id}"`);
  if (!/^\d{1,5}(\.\d{1,5}){3}$/.test(info.version ?? "")) errors.push(`office-addin-manifest: <Version> must have four parts like 1.0.0.0: "${info.version}"`);
  if (info.officeAppType !== "MailApp") errors.push(`office-addin-manifest: xsi:type must be MailApp, is "${info.officeAppType}"`);
  if (JSON.stringify(info.hosts) !== JSON.stringify(["Mailbox"])) errors.push(`office-addin-manifest: <Hosts> must be exactly Mailbox, is ${JSON.stringify(info.hosts)}`);
  return errors;
}

/** A packaged manifest: every URL must be on the add-in's origin (nothing left on localhost). */
export function checkOrigin(xml, origin) {
  const errors = [];
  // The support link may point at the clinic's own help desk (README, admin guide); localhost never.
  let doc;
  try {
    doc = parseXml(xml);
  } catch (e) {
    return [`not well-formed XML: ${e instanceof Error ? e.message : String(e)}`];
  }
  const el = kid(doc, "SupportUrl");
  const support = new Set([el?.attrs.DefaultValue, ...kids(el, "Override").map((o) => o.attrs.Value)].filter((u) => u && !/\/\/(localhost|127\.0\.0\.1)[:/]/.test(u)));
  for (const m of xml.matchAll(/"(https?:\/\/[^"]+)"/g)) {
    const url = m[1];
    if (url.startsWith("http://schemas.microsoft.com/") || url.startsWith("http://www.w3.org/") || support.has(url)) continue;
    if (!url.startsWith(`${origin}/`)) errors.push(`URL not on the add-in origin ${origin}: ${url}`);
  }
  return errors;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const option = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args.splice(i, 2)[1] : undefined;
  };
  const rootArg = option("--root");
  const origin = option("--origin");
  const file = resolve(args[0] ?? "manifest.xml");
  const lint = xmllint(file);
  const xml = readFileSync(file, "utf8");
  const root = rootArg ? resolve(rootArg) : dirname(file);
  // The source tree: ask webpack.config.js which scripts the build makes (only its entry tables are read).
  let served = servedFrom(root);
  if (isFile(join(root, "webpack.config.js"))) {
    const w = await import(pathToFileURL(join(root, "webpack.config.js")).href);
    served = servedFromSource(root, { ...w.PANES, ...w.EVENT_HANDLERS, ...w.EVENT_WEB_ENTRIES });
  }
  const errors = [
    ...(lint ?? []),
    ...validateManifest(xml, { root, basePath: origin ? new URL(origin).pathname.replace(/\/+$/, "") : "", served }),
    ...(await checkManifestInfo(file)),
    ...(origin ? [...checkOrigin(xml, origin.replace(/\/+$/, "")), ...checkWellKnown(xml, root)] : []),
  ];
  if (errors.length) {
    console.error(`${file}: ${errors.length} problem(s)`);
    for (const e of errors) console.error(`  ${e}`);
    process.exit(1);
  }
  console.log(`${file}: valid (${lint === null ? "xmllint not installed; own XML parser" : "xmllint + own checks"}, office-addin-manifest read it${origin ? `, all URLs on ${origin}` : ""})`);
}
