/**
 * Decrypted HTML -> HTML for Outlook's own reading pane. Outlook renders it in its document, without the
 * sandboxed frame and CSP our read pane uses, so this is the only barrier we control against EFAIL-style
 * exfiltration (a remote image, stylesheet, font or form whose URL carries the plaintext) and against content
 * that imitates Outlook's chrome.
 *
 * An allowlist rebuilds the document rather than cleaning it in place: the input is parsed with DOMParser
 * (an inert document: no scripts run, nothing is fetched), and the output is written from scratch with only
 * known elements and attributes, every text and attribute value escaped. Hence:
 * - no <style>, <link>, <head>: no stylesheet, no @import, no @font-face;
 * - inline `style` keeps only listed properties whose values cannot name a resource (no url(), image-set(),
 *   var(), escapes, quotes outside font names) and nothing that positions content over Outlook's own UI;
 * - <img> only as cid: of an image of the same message, or a data: image (neither makes a request);
 * - links become text that shows their address; forms, controls, media, frames, scripts, SVG are dropped.
 */

export interface SanitizedHtml {
  html: string;
  /** Content-IDs of inline images the output references. */
  cids: Set<string>;
  /** Remote references and active content removed (images, links, forms, scripts, styles...). */
  removed: number;
}

/** Written as is (lower case). Anything not listed and not in DROP is unwrapped: its children stay. */
const KEEP = new Set([
  "a", "abbr", "address", "b", "bdi", "bdo", "big", "blockquote", "br", "caption", "center", "cite", "code", "col",
  "colgroup", "dd", "del", "dfn", "div", "dl", "dt", "em", "font", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
  "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup",
  "table", "tbody", "td", "tfoot", "th", "thead", "tr", "tt", "u", "ul", "var", "wbr",
]);
/** Removed with everything inside them. */
const DROP = new Set([
  "script", "style", "template", "noscript", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math",
  "head", "title", "meta", "link", "base", "audio", "video", "source", "track", "canvas", "picture", "portal", "dialog",
  "input", "button", "select", "textarea", "option", "optgroup", "datalist", "output", "progress", "meter", "map", "area",
  "param", "xml",
]);
const VOID = new Set(["br", "col", "hr", "img", "wbr"]);

const NUMBER = /^\d{1,4}(\.\d{1,2})?(%|px)?$/;
const COLOR = /^(#[0-9a-f]{3,8}|[a-z]{3,24})$/i;
const ATTRIBUTES: Record<string, RegExp> = {
  align: /^(left|right|center|justify|top|middle|bottom)$/i,
  valign: /^(top|middle|bottom|baseline)$/i,
  dir: /^(ltr|rtl|auto)$/i,
  lang: /^[a-z]{1,8}(-[a-z0-9]{1,8}){0,3}$/i,
  width: NUMBER,
  height: NUMBER,
  border: NUMBER,
  cellpadding: NUMBER,
  cellspacing: NUMBER,
  colspan: /^\d{1,3}$/,
  rowspan: /^\d{1,3}$/,
  span: /^\d{1,3}$/,
  start: /^-?\d{1,6}$/,
  size: /^[+-]?\d{1,2}$/,
  type: /^(1|a|A|i|I|disc|circle|square)$/,
  bgcolor: COLOR,
  color: COLOR,
  face: /^[\w ,-]{1,100}$/,
  nowrap: /^(nowrap)?$/i,
  scope: /^(row|col|rowgroup|colgroup)$/i,
  title: /^[^]{0,500}$/,
  alt: /^[^]{0,500}$/,
};

const STYLE_PROPERTIES = new Set([
  "color", "background-color", "font-weight", "font-style", "font-size", "font-family", "font-variant", "text-align",
  "text-decoration", "text-transform", "text-indent", "line-height", "vertical-align", "white-space", "letter-spacing",
  "word-spacing", "direction", "list-style-type", "margin", "margin-top", "margin-right", "margin-bottom", "margin-left",
  "padding", "padding-top", "padding-right", "padding-bottom", "padding-left", "border", "border-top", "border-right",
  "border-bottom", "border-left", "border-color", "border-style", "border-width", "border-collapse", "border-spacing",
  "width", "height", "max-width", "min-width", "max-height", "min-height", "table-layout", "caption-side",
]);
/** Colour functions are the only parentheses allowed in a style value. */
const COLOR_FUNCTION = /\b(?:rgba?|hsla?)\(\s*[\d.%\s,/]+\)/gi;
const STYLE_VALUE = /^[#\w\s.,%+-]{1,200}$/;
const FONT_FAMILY = /^[\w\s,'"-]{1,200}$/;
const FORBIDDEN_WORDS = /url|image|expression|import|var|attr|env|javascript|behavior|binding/i;

const escapeText = (s: string) => s.replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
const escapeAttribute = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

function cleanStyle(style: string): { css: string; dropped: number } {
  const kept: string[] = [];
  let dropped = 0;
  for (const declaration of style.split(";")) {
    const colon = declaration.indexOf(":");
    if (colon < 0) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration.slice(colon + 1).trim().replace(/\s*!important$/i, "");
    if (!value) continue;
    const plain = value.replace(COLOR_FUNCTION, "0");
    const ok =
      STYLE_PROPERTIES.has(property) &&
      !FORBIDDEN_WORDS.test(value) &&
      !/[\\@<>]/.test(value) &&
      (property === "font-family" ? FONT_FAMILY.test(value) : STYLE_VALUE.test(plain));
    if (ok) kept.push(`${property}:${value}`);
    else dropped++;
  }
  return { css: kept.join(";"), dropped };
}

/**
 * Trusted Types (the event page requires them, scripts/csp.mjs): DOMParser.parseFromString is an HTML sink. Its
 * document is inert (no script runs, nothing loads) and only read by the allowlist below, so the "spm-parse"
 * policy, private to this module, passes the text through for that one call. (src/launchevent imports only
 * core, so the few lines of the API are declared here rather than shared with src/ui.)
 */
interface ParsePolicy {
  createHTML(input: string): string;
}
const parsePolicy: ParsePolicy | undefined = (globalThis as { trustedTypes?: { createPolicy(name: string, rules: { createHTML(s: string): string }): ParsePolicy } }).trustedTypes?.createPolicy(
  "spm-parse",
  { createHTML: (input) => input },
);

/** `cids`: Content-IDs of the message's own inline images (without <>). */
export function sanitizeForOutlook(html: string, cids: ReadonlySet<string>, parser: DOMParser = new DOMParser()): SanitizedHtml {
  const doc = parser.parseFromString(parsePolicy ? parsePolicy.createHTML(html) : html, "text/html");
  const used = new Set<string>();
  let removed = 0;
  const out: string[] = [];

  const attributesOf = (el: Element, tag: string): string => {
    let attrs = "";
    for (const { name, value } of Array.from(el.attributes)) {
      const n = name.toLowerCase();
      if (n === "style") {
        const { css, dropped } = cleanStyle(value);
        removed += dropped;
        if (css) attrs += ` style="${escapeAttribute(css)}"`;
        continue;
      }
      if (tag === "img" && n === "src") continue; // decided by the caller
      const rule = ATTRIBUTES[n];
      if (rule && rule.test(value.trim())) attrs += ` ${n}="${escapeAttribute(value.trim())}"`;
      else if (/^(src|href|action|formaction|background|poster|srcset|data|codebase|cite|longdesc|ping|xlink:href|on\w+)$/.test(n)) removed++;
    }
    return attrs;
  };

  const imageSource = (el: Element): string | undefined => {
    const src = (el.getAttribute("src") ?? "").trim();
    if (/^cid:/i.test(src)) {
      let id = src.slice(4);
      try {
        id = decodeURIComponent(id);
      } catch {
        return undefined; // a malformed escape names no part of ours
      }
      id = id.replace(/^<|>$/g, "");
      if (!cids.has(id)) return undefined;
      used.add(id);
      return `cid:${id}`;
    }
    if (/^data:image\/(png|gif|jpeg|webp);base64,[A-Za-z0-9+/=\s]+$/i.test(src)) return src.replace(/\s+/g, "");
    return undefined;
  };

  const walk = (node: Node, depth: number): void => {
    if (node.nodeType === 3) {
      out.push(escapeText(node.nodeValue ?? ""));
      return;
    }
    if (node.nodeType !== 1) return; // comments, processing instructions
    const el = node as Element;
    const tag = el.localName.toLowerCase();
    // Deeply nested markup is flattened to its text rather than recursing without end.
    if (depth > 200) {
      out.push(escapeText(el.textContent ?? ""));
      return;
    }
    if (DROP.has(tag) || el.namespaceURI !== "http://www.w3.org/1999/xhtml") {
      removed++;
      return;
    }
    if (tag === "img") {
      const src = imageSource(el);
      if (!src) {
        removed++;
        return;
      }
      out.push(`<img src="${escapeAttribute(src)}"${attributesOf(el, tag)}>`);
      return;
    }
    if (tag === "a") {
      // A link is shown as its text plus the address; nothing to click that could carry content away.
      const href = (el.getAttribute("href") ?? "").trim();
      out.push(`<span${attributesOf(el, tag)}>`);
      for (const child of Array.from(el.childNodes)) walk(child, depth + 1);
      if (href && !href.startsWith("#") && (el.textContent ?? "").trim() !== href) out.push(escapeText(` [${href}]`));
      out.push("</span>");
      return;
    }
    if (tag === "form") removed++;
    const keep = KEEP.has(tag);
    if (keep) out.push(`<${tag}${attributesOf(el, tag)}>`);
    if (!VOID.has(tag)) for (const child of Array.from(el.childNodes)) walk(child, depth + 1);
    if (keep && !VOID.has(tag)) out.push(`</${tag}>`);
  };

  if (doc.head) removed += doc.head.querySelectorAll("style, link, script, base, meta[http-equiv]").length;
  for (const child of Array.from(doc.body?.childNodes ?? [])) walk(child, 0);
  return { html: out.join(""), cids: used, removed };
}
