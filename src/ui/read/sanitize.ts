/**
 * Decrypted HTML -> the srcdoc of the sandboxed content frame. Two independent barriers against
 * exfiltration (EFAIL) and active content:
 * 1. DOMPurify (HTML profile only: no SVG/MathML, no forms, no frames, no scripts) plus our hooks: every
 *    URL-bearing attribute is dropped unless it is an image we resolve from a cid: part of the same
 *    entity (turned into a data: URL); links become inert text that shows their address; url() and
 *    @import in CSS are removed.
 * 2. The frame document's own CSP (default-src 'none'; img-src data:; style-src 'unsafe-inline';
 *    form-action 'none'), and the iframe's sandbox without allow-scripts and without allow-same-origin.
 * Needs a DOM (runs in the pane, never in src/core).
 *
 * Trusted Types: the pages require them for HTML sinks (scripts/csp.mjs). The "spm-frame" policy below is the
 * one way HTML reaches the content frame; it is private to this module and used at exactly two places: DOMPurify
 * parsing the untrusted input into an inert document (DOMParser runs no script), and the finished srcdoc.
 */
import DOMPurify, { type Config } from "dompurify";
import { toBase64 } from "../../core/bytes";
import { createTrustedTypesPolicy, type TrustedHtmlValue } from "../shared/trusted-types";
import { cidFromUrl, type InlineImage } from "./content";

const framePolicy = createTrustedTypesPolicy("spm-frame", {
  createHTML: (html) => html,
  // DOMPurify requires the hook; nothing here loads scripts, so every script URL is refused.
  createScriptURL: () => null,
});

export const FRAME_CSP =
  "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src 'none'; media-src 'none'; object-src 'none'; " +
  "frame-src 'none'; child-src 'none'; connect-src 'none'; script-src 'none'; form-action 'none'; base-uri 'none'";

/** The iframe sandbox: nothing allowed (no scripts, no same origin, no forms, no popups, no navigation of the pane). */
export const FRAME_SANDBOX = "";

export interface FrameDocument {
  srcdoc: string;
  /** The same document for the iframe's srcdoc sink: made by the "spm-frame" policy where Trusted Types exist. */
  trustedSrcdoc: TrustedHtmlValue;
  /** Remote loads removed (images, CSS url()/@import, media, form targets, ...). */
  blockedRemote: number;
  /** Links turned into text. */
  inertLinks: number;
}

const URL_ATTRIBUTES = [
  "src", "srcset", "background", "poster", "href", "xlink:href", "action", "formaction", "data", "lowsrc", "dynsrc",
  "longdesc", "cite", "ping", "manifest", "codebase", "usemap", "profile", "archive", "classid", "icon",
];

const FORBID_TAGS = [
  "form", "input", "button", "select", "textarea", "option", "optgroup", "meta", "link", "base", "iframe", "frame", "frameset",
  "object", "embed", "applet", "audio", "video", "source", "track", "picture", "portal", "script", "noscript", "template", "dialog",
];

const CSS_URL = /url\s*\(\s*(['"]?)(.*?)\1\s*\)/gi;
const CSS_IMPORT = /@import[^;]*;?/gi;
const CSS_ESCAPE = /\\[0-9a-f]{1,6}\s?|\\./gi;
/** A remote address left in CSS outside url() (image-set("http://..."), ...): the whole stylesheet goes. */
const CSS_REMOTE_STRING = /(["'])\s*(?:https?:|ftp:|\/\/)/i;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function safeImageType(mediaType: string): string | undefined {
  return /^image\/(png|jpeg|jpg|gif|webp|bmp|svg\+xml|x-icon|vnd\.microsoft\.icon|avif)$/.test(mediaType) ? mediaType : undefined;
}

export function buildFrameDocument(html: string, images: Map<string, InlineImage>): FrameDocument {
  const purify = DOMPurify(globalThis.window);
  let blockedRemote = 0;
  let inertLinks = 0;
  const cleanCss = (css: string): string => {
    // CSS escapes could spell "url(" in a way the pattern does not see: a stylesheet with escapes is dropped.
    if (CSS_ESCAPE.test(css)) {
      CSS_ESCAPE.lastIndex = 0;
      blockedRemote++;
      return "";
    }
    const cleaned = css.replace(CSS_IMPORT, () => (blockedRemote++, "")).replace(CSS_URL, (whole, _q, url: string) => {
      if (/^data:image\//i.test(url.trim())) return whole;
      blockedRemote++;
      return "none";
    });
    if (CSS_REMOTE_STRING.test(cleaned)) {
      blockedRemote++;
      return "";
    }
    return cleaned;
  };

  purify.addHook("uponSanitizeElement", (node) => {
    if (node.nodeName === "STYLE" && node.textContent) node.textContent = cleanCss(node.textContent);
  });
  purify.addHook("afterSanitizeAttributes", (node) => {
    const el = node;
    if (typeof el.getAttribute !== "function") return;
    const style = el.getAttribute("style");
    if (style) el.setAttribute("style", cleanCss(style));
    for (const name of URL_ATTRIBUTES) {
      const value = el.getAttribute(name);
      if (value === null) continue;
      const v = value.trim();
      if (el.nodeName === "IMG" && name === "src") {
        if (/^cid:/i.test(v)) {
          // A malformed cid: URL names nothing: the image is dropped (decoding must never throw here).
          const cid = cidFromUrl(v);
          const image = cid === undefined ? undefined : images.get(cid);
          const type = image && safeImageType(image.mediaType);
          if (image && type) {
            el.setAttribute("src", `data:${type};base64,${toBase64(image.bytes)}`);
            continue;
          }
          el.removeAttribute(name);
          continue;
        }
        if (/^data:image\//i.test(v)) continue;
        el.removeAttribute(name);
        blockedRemote++;
        continue;
      }
      if ((el.nodeName === "A" || el.nodeName === "AREA") && name === "href") {
        el.removeAttribute("href");
        if (v.startsWith("#")) continue;
        inertLinks++;
        el.setAttribute("title", v);
        const shown = (el.textContent ?? "").trim();
        if (shown !== v && el.nodeName === "A") el.appendChild(el.ownerDocument.createTextNode(` [${v}]`));
        continue;
      }
      el.removeAttribute(name);
      blockedRemote++;
    }
    for (const name of ["target", "rel", "referrerpolicy", "loading", "integrity", "crossorigin"]) el.removeAttribute(name);
  });

  // The whole document, so the <style> elements of the head (how Outlook and most mailers format) survive.
  const root = purify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS,
    FORBID_ATTR: ["srcset", "ping", "action", "formaction"],
    ALLOW_DATA_ATTR: false,
    ALLOW_UNKNOWN_PROTOCOLS: false,
    WHOLE_DOCUMENT: true,
    RETURN_DOM: true,
    // One DOMPurify instance per call: its own "dompurify" policy could be created only once per page.
    ...(framePolicy ? { TRUSTED_TYPES_POLICY: framePolicy as unknown as NonNullable<Config["TRUSTED_TYPES_POLICY"]> } : {}),
  }) as HTMLElement;
  purify.removeAllHooks();
  // A "<" in CSS could close the element when the document is parsed again: such a stylesheet is dropped.
  const headStyles = [...root.querySelectorAll("head style")]
    .map((el) => el.textContent ?? "")
    .filter((css) => css.trim() !== "" && !css.includes("<"))
    .map((css) => `<style>${css}</style>`)
    .join("");
  const clean = root.querySelector("body")?.innerHTML ?? "";

  const srcdoc =
    "<!doctype html><html><head><meta charset=\"utf-8\">" +
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(FRAME_CSP)}">` +
    '<meta name="referrer" content="no-referrer">' +
    "<style>html{color-scheme:light}body{margin:0;padding:12px;font:14px/1.45 'Segoe UI',system-ui,sans-serif;color:#242424;background:#fff;overflow-wrap:anywhere}img{max-width:100%;height:auto}pre{white-space:pre-wrap}</style>" +
    `${headStyles}</head><body>${clean}</body></html>`;
  return { srcdoc, trustedSrcdoc: framePolicy?.createHTML ? framePolicy.createHTML(srcdoc) : srcdoc, blockedRemote, inertLinks };
}
