// The manifest rules from Microsoft's reference that the first validator (validate-manifest.mjs) did not
// check (issue 17, "The manifest check"). Each rule cites where Microsoft states it:
//   [ref X]      https://learn.microsoft.com/javascript/api/manifest/X (the add-in only manifest reference)
//   [MS-OWEMXML] the Office Web Extensibility Manifest schema (learn.microsoft.com/openspecs/office_file_formats/ms-owemxml)
// Every rule has a mutation test in test/unit/manifest/rules.test.ts. Each check is one small function that
// gets the parsed document (parseXml in validate-manifest.mjs) and `err(el, message)`.

import { parseXml } from "./manifest-xml.mjs";

export const local = (name) => name.slice(name.indexOf(":") + 1);
export const kids = (el, name) => (el ? el.children.filter((c) => local(c.name) === name) : []);
export const kid = (el, name) => kids(el, name)[0];
export const xsiType = (el) => el.attrs["xsi:type"];
const each = (el, fn, parent = null) => {
  fn(el, parent);
  for (const c of el.children) each(c, fn, el);
};

export const NS = {
  app: "http://schemas.microsoft.com/office/appforoffice/1.1",
  vo10: "http://schemas.microsoft.com/office/mailappversionoverrides",
  vo11: "http://schemas.microsoft.com/office/mailappversionoverrides/1.1",
  bt: "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
  xsi: "http://www.w3.org/2001/XMLSchema-instance",
};
const VO_NS = { VersionOverridesV1_0: NS.vo10, VersionOverridesV1_1: NS.vo11 };

/** Mailbox versions compare by minor number ("1.12" > "1.8"); undefined for anything else. */
export function mailboxMinor(v) {
  const m = /^1\.(\d{1,2})$/.exec(v ?? "");
  return m ? Number(m[1]) : undefined;
}

// ---------- namespaces ----------

/**
 * Resolve every element's and prefixed attribute's namespace (XML Namespaces 1.0). An undeclared prefix is an
 * error of its own: xmllint reports it only as a warning-like "namespace error" and still exits 0.
 */
export function checkNamespaceDeclarations(doc, err) {
  (function walk(el, scope) {
    const own = { ...scope };
    for (const [a, v] of Object.entries(el.attrs)) {
      if (a === "xmlns") own[""] = v;
      else if (a.startsWith("xmlns:")) own[a.slice(6)] = v;
    }
    const prefix = el.name.includes(":") ? el.name.slice(0, el.name.indexOf(":")) : "";
    el.ns = own[prefix];
    if (prefix && el.ns === undefined) err(el, `namespace prefix "${prefix}" on <${el.name}> is not declared`);
    el.attrNs = {};
    for (const a of Object.keys(el.attrs)) {
      if (!a.includes(":") || a.startsWith("xmlns:")) continue;
      const p = a.slice(0, a.indexOf(":"));
      if (own[p] === undefined) err(el, `namespace prefix "${p}" of attribute ${a} on <${local(el.name)}> is not declared`);
      el.attrNs[a] = own[p];
    }
    for (const c of el.children) walk(c, own);
  })(doc, { xml: "http://www.w3.org/XML/1998/namespace" });
}

/** Elements that [MS-OWEMXML] defines in the basic-types namespace (bt:) inside VersionOverrides. */
const BT_LISTS = ["Images", "Urls", "ShortStrings", "LongStrings"];
const BT_ITEMS = ["Image", "Url", "String"];

/**
 * Each element in the namespace [MS-OWEMXML] defines it in: OfficeApp and the base manifest in appforoffice/1.1
 * [ref officeapp], each VersionOverrides in the namespace of its xsi:type [ref versionoverrides], resources,
 * requirement sets and icon images in officeappbasictypes/1.0 [MS-OWEMXML 5.6]; xsi:type bound to XMLSchema-instance.
 */
export function checkNamespaces(doc, err) {
  const expected = (el, parent, voNs) => {
    const n = local(el.name);
    if (!voNs) return NS.app;
    const p = parent ? local(parent.name) : "";
    if (BT_LISTS.includes(n) && p === "Resources") return NS.bt;
    if (BT_ITEMS.includes(n) && (BT_LISTS.includes(p) || p === "Icon")) return NS.bt;
    if ((n === "Sets" && p === "Requirements") || (n === "Set" && p === "Sets")) return NS.bt;
    if (n === "Override" && parent && parent.ns === NS.bt) return NS.bt;
    return voNs;
  };
  (function walk(el, parent, voNs) {
    let ns = voNs;
    if (local(el.name) === "VersionOverrides") ns = VO_NS[xsiType(el)] ?? voNs ?? NS.vo10;
    const want = local(el.name) === "VersionOverrides" ? ns : expected(el, parent, voNs);
    if (el.ns !== want) err(el, `<${local(el.name)}> is in namespace "${el.ns ?? "(none)"}"; [MS-OWEMXML] defines it in "${want}"`);
    for (const [a, v] of Object.entries(el.attrNs ?? {})) {
      if (local(a) === "type" && v !== NS.xsi) err(el, `${a} on <${local(el.name)}>: prefix is bound to "${v}", not ${NS.xsi}`);
    }
    for (const c of el.children) walk(c, el, ns);
  })(doc, null, undefined);
}

// ---------- xsi:type values ----------

/**
 * The xsi:type values the reference allows, by element: [ref form] ItemRead/ItemEdit, [ref rule] the rule
 * types, [ref host] MailHost inside VersionOverrides, [ref control] Button/Menu/MobileButton, [ref action]
 * ShowTaskpane/ExecuteFunction. OfficeApp, VersionOverrides and ExtensionPoint are checked in validate-manifest.mjs.
 */
const XSI_TYPES = {
  Form: ["ItemRead", "ItemEdit"],
  Rule: ["RuleCollection", "ItemIs", "ItemHasKnownEntity", "ItemHasRegularExpressionMatch", "ItemHasAttachment"],
  Host: ["MailHost"],
  Control: ["Button", "Menu", "MobileButton"],
  Action: ["ShowTaskpane", "ExecuteFunction"],
};
const TYPED_ELSEWHERE = ["OfficeApp", "VersionOverrides", "ExtensionPoint"];

export function checkXsiTypes(doc, err) {
  each(doc, (el) => {
    const n = local(el.name);
    const t = xsiType(el);
    if (TYPED_ELSEWHERE.includes(n)) return;
    if (n === "Host" && t === undefined && el.attrs.Name !== undefined) return; // the base manifest's <Host Name="Mailbox"/>
    if (t === undefined) {
      if (XSI_TYPES[n] && n !== "Host") err(el, `<${n}> needs xsi:type (one of ${XSI_TYPES[n].join(", ")})`);
      else if (n === "Host") err(el, '<Host> inside VersionOverrides needs xsi:type="MailHost"');
      return;
    }
    if (!XSI_TYPES[n]) err(el, `<${n}> takes no xsi:type (found "${t}")`);
    else if (!XSI_TYPES[n].includes(t)) err(el, `xsi:type "${t}" is not valid on <${n}> (${XSI_TYPES[n].join(", ")})`);
  });
  // [ref rule] and the ItemIs type of the appforoffice 1.1 schema: ItemType Message|Appointment and FormType
  // Edit|Read|ReadOrEdit, both required; RuleCollection Mode And|Or.
  each(doc, (el) => {
    if (local(el.name) !== "Rule") return;
    if (xsiType(el) === "ItemIs") {
      if (!["Message", "Appointment"].includes(el.attrs.ItemType)) err(el, `ItemIs ItemType "${el.attrs.ItemType ?? ""}" must be Message or Appointment`);
      if (!["Edit", "Read", "ReadOrEdit"].includes(el.attrs.FormType)) err(el, `ItemIs FormType "${el.attrs.FormType ?? ""}" must be Edit, Read or ReadOrEdit`);
    }
    if (xsiType(el) === "RuleCollection" && !["And", "Or"].includes(el.attrs.Mode)) err(el, `RuleCollection Mode "${el.attrs.Mode ?? ""}" must be And or Or`);
  });
}

// ---------- controls ----------

/**
 * [ref control-button]: Label, Supertip, Icon and exactly one Action are required; [ref control-menu]: Label,
 * Supertip, Icon and Items; [MS-OWEMXML Supertip]: Title and Description, once each; [ref control]: "At least
 * one <Control> must be included in a Group"; [ref action]: ShowTaskpane needs SourceLocation, ExecuteFunction
 * needs FunctionName.
 */
export function checkControls(doc, err) {
  const need = { Button: ["Label", "Supertip", "Icon", "Action"], MobileButton: ["Label", "Icon", "Action"], Menu: ["Label", "Supertip", "Icon", "Items"] };
  each(doc, (el) => {
    const n = local(el.name);
    if (n === "Control") {
      const id = el.attrs.id ?? "";
      for (const c of need[xsiType(el)] ?? []) if (kids(el, c).length !== 1) err(el, `control "${id}" needs exactly one <${c}> (${kids(el, c).length} found)`);
    }
    if (n === "Supertip") for (const c of ["Title", "Description"]) if (kids(el, c).length !== 1) err(el, `<Supertip> needs exactly one <${c}>`);
    if (n === "Group" && kids(el, "Control").length === 0) err(el, `group "${el.attrs.id ?? ""}" has no <Control>`);
    if (n === "Action") {
      if (xsiType(el) === "ShowTaskpane" && !kid(el, "SourceLocation")) err(el, 'Action "ShowTaskpane" needs <SourceLocation>');
      if (xsiType(el) === "ExecuteFunction" && !(kid(el, "FunctionName")?.text ?? "").trim()) err(el, 'Action "ExecuteFunction" needs <FunctionName>');
    }
  });
}

/**
 * [ref control], [ref group]: a Control's or Group's id is at most 125 characters and unique among all of them
 * "in the manifest": across both VersionOverrides blocks, not only within one.
 */
export function checkIds(doc, err) {
  const seen = new Map();
  each(doc, (el) => {
    const n = local(el.name);
    if (n !== "Control" && n !== "Group") return;
    const id = el.attrs.id;
    if (!id) return err(el, `<${n}> needs an id`);
    if (id.length > 125) err(el, `${n} id is ${id.length} characters; at most 125 allowed`);
    if (seen.has(id)) err(el, `${n} id "${id}" is already used on line ${seen.get(id)} (ids are unique across the whole manifest)`);
    else seen.set(id, el.line);
  });
}

// ---------- forms ----------

/**
 * [ref desktopsettings]: RequestedHeight "is required only when the parent <Form> is ItemRead"; the reference
 * syntax says it must be 32 to 450 px inclusive. The same for TabletSettings [ref tabletsettings].
 */
export function checkReadFormHeight(doc, err) {
  for (const form of kids(kid(doc, "FormSettings"), "Form")) {
    if (xsiType(form) !== "ItemRead") continue;
    for (const s of [...kids(form, "DesktopSettings"), ...kids(form, "TabletSettings")]) {
      const h = kid(s, "RequestedHeight");
      const text = (h?.text ?? "").trim();
      if (!h) err(s, `<${local(s.name)}> of the ItemRead form needs <RequestedHeight> (32-450)`);
      else if (!/^\d+$/.test(text) || Number(text) < 32 || Number(text) > 450) err(h, `RequestedHeight "${text}" must be a whole number from 32 to 450`);
    }
  }
}

// ---------- runtimes and events ----------

/**
 * [ref runtime]: "Outlook doesn't currently support multiple runtimes" (one <Runtime>); only one <Override>
 * may be defined and it must be of type javascript; lifetime "short" is the default and the only value
 * event-based activation supports ("long" is for the shared runtime of Excel, PowerPoint and Word).
 */
export function checkRuntimes(doc, err) {
  each(doc, (el) => {
    const n = local(el.name);
    if (n === "Runtimes" && kids(el, "Runtime").length > 1) err(kids(el, "Runtime")[1], "Outlook supports one <Runtime> only");
    if (n === "Runtime") {
      if (kids(el, "Override").length > 1) err(kids(el, "Override")[1], "<Runtime> takes one <Override> only");
      const life = el.attrs.lifetime;
      if (life !== undefined && life !== "short") err(el, `Runtime lifetime "${life}": event-based activation supports only "short" (the default)`);
    }
  });
}

/**
 * [ref launchevents]: LaunchEvents is "contained in ExtensionPoint (LaunchEvent add-in)" only, and
 * [ref customfunctionssourcelocation] gives that extension point its SourceLocation; [ref extensionpoint]:
 * the message command surfaces hold OfficeTab or CustomTab.
 * One LaunchEvent extension point per form factor (each event type once: validate-manifest.mjs).
 */
export function checkExtensionPoints(doc, err) {
  const children = {
    LaunchEvent: ["LaunchEvents", "SourceLocation"],
    MessageReadCommandSurface: ["OfficeTab", "CustomTab"],
    MessageComposeCommandSurface: ["OfficeTab", "CustomTab"],
    AppointmentOrganizerCommandSurface: ["OfficeTab", "CustomTab"],
    AppointmentAttendeeCommandSurface: ["OfficeTab", "CustomTab"],
  };
  each(doc, (el) => {
    const n = local(el.name);
    if (n === "DesktopFormFactor" || n === "MobileFormFactor") {
      const points = kids(el, "ExtensionPoint").filter((e) => xsiType(e) === "LaunchEvent");
      if (points.length > 1) err(points[1], "a form factor takes one LaunchEvent extension point");
    }
    if (n === "ExtensionPoint" && children[xsiType(el)]) {
      for (const c of el.children) {
        if (!children[xsiType(el)].includes(local(c.name))) err(c, `<${local(c.name)}> is not valid in ExtensionPoint "${xsiType(el)}"`);
      }
    }
  });
}

// ---------- requirements ----------

/**
 * [ref versionoverrides-1-0-mail], [ref versionoverrides-1-1-mail]: a VersionOverrides' Requirements "should
 * always be more restrictive than the <Requirements> element in the base portion". [ref requirements]: when a
 * client supports the base requirement but not the block's, the block's overriding markup does not take effect
 * and the parent's markup is used. So a nested 1.1 block that requires no more than its 1.0 parent leaves the
 * 1.0 block to clients that do not know VersionOverrides 1.1 (Mailbox below 1.5 [ref versionoverrides-1-1-mail]),
 * and if the base already requires 1.5 or more, the 1.0 block is never used.
 */
export function checkRequirementLevels(doc, err) {
  const minOf = (req, bt) => {
    const sets = kid(req, "Sets");
    const set = kids(sets, "Set").find((s) => s.attrs.Name === "Mailbox");
    return set ? mailboxMinor(set.attrs.MinVersion ?? (bt ? sets.attrs.DefaultMinVersion : undefined)) : undefined;
  };
  const base = minOf(kid(doc, "Requirements"), false);
  const outer = kid(doc, "VersionOverrides");
  const inner = kid(outer, "VersionOverrides");
  const outerReq = kid(outer, "Requirements");
  const innerReq = kid(inner, "Requirements");
  const outerMin = outerReq ? minOf(outerReq, true) : base;
  const innerMin = innerReq ? minOf(innerReq, true) : outerMin;
  if (base === undefined) return;
  if (outerReq && outerMin !== undefined && outerMin < base) err(outerReq, `VersionOverrides requires Mailbox 1.${outerMin}, less than the base manifest's 1.${base}`);
  if (innerReq && innerMin !== undefined && innerMin < Math.max(base, outerMin ?? base)) err(innerReq, `the nested VersionOverrides requires Mailbox 1.${innerMin}, less than its parent's 1.${Math.max(base, outerMin ?? base)}`);
  if (inner && innerMin !== undefined && outerMin !== undefined && innerMin <= outerMin && base >= 5) {
    err(innerReq ?? inner, `the VersionOverridesV1_1 block requires Mailbox 1.${innerMin}, no more than the V1_0 block's 1.${outerMin}, and the base requires 1.${base} (VersionOverrides 1.1 needs 1.5): the V1_0 block is never used`);
  }
}

// ---------- locales ----------

/**
 * [MS-OWEMXML LocaleAwareSetting]: an Override gives the value "for a locale different than the default"; an
 * Override for DefaultLocale is dead markup that hides which value users see. Locales are compared
 * case-insensitively (BCP 47). Also (our own rule): within one VersionOverrides block every localised string
 * carries the same set of locales, so no ribbon shows half-translated labels.
 */
export function checkLocaleOverrides(doc, err) {
  const dflt = (kid(doc, "DefaultLocale")?.text ?? "").trim().toLowerCase();
  each(doc, (el) => {
    if (local(el.name) !== "Override" || el.attrs.Locale === undefined) return;
    if (el.attrs.Locale.toLowerCase() === dflt) err(el, `<Override Locale="${el.attrs.Locale}"> repeats the DefaultLocale; overrides are for other locales`);
  });
  for (const block of [kid(doc, "VersionOverrides"), kid(kid(doc, "VersionOverrides"), "VersionOverrides")]) {
    const res = kid(block, "Resources");
    const strings = [...kids(kid(res, "ShortStrings"), "String"), ...kids(kid(res, "LongStrings"), "String")];
    const sets = strings.map((s) => [s, kids(s, "Override").map((o) => (o.attrs.Locale ?? "").toLowerCase()).sort().join(",")]);
    const all = [...new Set(sets.flatMap(([, l]) => (l ? l.split(",") : [])))].sort().join(",");
    for (const [s, l] of sets) if (l !== all) err(s, `string "${s.attrs.id}" is localised for [${l}], the others for [${all}]`);
  }
}

// ---------- URLs: one origin, files that exist ----------

/** Every URL-valued setting: [node, url, what, kind] with kind "icon" (checked with its size elsewhere) or "page". */
export function manifestUrls(doc) {
  const out = [];
  const setting = (el, what, kind) => {
    if (!el) return;
    if (el.attrs.DefaultValue !== undefined) out.push([el, el.attrs.DefaultValue, what, kind]);
    for (const o of kids(el, "Override")) if (o.attrs.Value !== undefined) out.push([o, o.attrs.Value, what, kind]);
  };
  setting(kid(doc, "IconUrl"), "<IconUrl>", "icon");
  setting(kid(doc, "HighResolutionIconUrl"), "<HighResolutionIconUrl>", "icon");
  setting(kid(doc, "SupportUrl"), "<SupportUrl>", "page");
  for (const form of kids(kid(doc, "FormSettings"), "Form")) for (const s of form.children) setting(kid(s, "SourceLocation"), "form <SourceLocation>", "page");
  each(doc, (el, parent) => {
    const n = local(el.name);
    const p = parent ? local(parent.name) : "";
    if (n === "Url" && p === "Urls") setting(el, `resource "${el.attrs.id}"`, "page");
    if (n === "Image" && p === "Images") setting(el, `image "${el.attrs.id}"`, "icon");
  });
  return out;
}

/**
 * One origin for the whole add-in: the origin of the forms' SourceLocation. [ref appdomains]: the add-in's
 * domain is the one of its SourceLocation; other domains it opens must be listed in AppDomains. We serve the
 * package from one origin (its CSP, the well-known file for the JavaScript runtime), so any other origin that
 * is not in AppDomains is a mistake (a leftover host, a half-done origin rewrite).
 */
export function checkOneOrigin(doc, err) {
  const urls = manifestUrls(doc);
  const first = urls.find(([, , what]) => what === "form <SourceLocation>");
  if (!first) return;
  let origin;
  try {
    origin = new URL(first[1]).origin;
  } catch {
    return; // the https check reports it
  }
  const allowed = new Set([origin]);
  for (const d of kids(kid(doc, "AppDomains"), "AppDomain")) {
    try {
      allowed.add(new URL(d.text.trim()).origin);
    } catch {
      err(d, `AppDomain "${d.text.trim()}" is not a URL`);
    }
  }
  for (const [node, url, what] of urls) {
    if (what === "<SupportUrl>") continue; // a link users open in their browser (e.g. the clinic's help desk), not part of the add-in
    let o;
    try {
      o = new URL(url).origin;
    } catch {
      continue;
    }
    if (!allowed.has(o)) err(node, `${what} is on ${o}, not the add-in's origin ${origin} (nor in <AppDomains>)`);
  }
}

/**
 * The pages, scripts and support page the manifest names must exist in what we serve: [ref runtime] resid is
 * "the URL location of your add-in's HTML page" and its Override "the URL location of the JavaScript file";
 * a URL that answers 404 makes Outlook drop the event handlers silently. `served(path)` says whether the
 * server has the path (validate-manifest.mjs: the package folder, or the source layout).
 */
export function checkServedFiles(doc, err, { origin, basePath, served }) {
  for (const [node, url, what, kind] of manifestUrls(doc)) {
    if (kind !== "page") continue;
    let u;
    try {
      u = new URL(url);
    } catch {
      continue; // the https check reports it
    }
    if (u.origin !== origin) continue; // another origin: checkOneOrigin reports it, and it is not ours to look into
    const path = basePath && u.pathname.startsWith(`${basePath}/`) ? u.pathname.slice(basePath.length) : u.pathname;
    if (!served(decodeURIComponent(path))) err(node, `${what} points at ${u.pathname}, which the add-in does not serve`);
  }
}

/** The URLs of every <Runtime><Override type="javascript" resid>, resolved in the same VersionOverrides. */
export function javascriptRuntimeUrls(xml) {
  const doc = parseXml(xml);
  const out = new Set();
  (function walk(v) {
    if (!v) return;
    const urls = new Map(kids(kid(kid(v, "Resources"), "Urls"), "Url").map((u) => [u.attrs.id, u.attrs.DefaultValue]));
    for (const host of kids(kid(v, "Hosts"), "Host")) {
      for (const rt of kids(kid(host, "Runtimes"), "Runtime")) {
        for (const o of kids(rt, "Override")) if (o.attrs.type === "javascript" && urls.get(o.attrs.resid)) out.add(urls.get(o.attrs.resid));
      }
    }
    walk(kid(v, "VersionOverrides"));
  })(kid(doc, "VersionOverrides"));
  return [...out];
}

