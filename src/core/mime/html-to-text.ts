/** A simple readable plain-text rendering of HTML for the text/plain alternative. Linear time, no DOM. */

const BLOCK_END = new Set(["p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "ul", "ol", "blockquote", "pre", "section", "article", "header", "footer"]);
const SKIP_CONTENT = new Set(["script", "style", "head", "title", "template"]);

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", copy: "©", reg: "®", euro: "€", auml: "ä", ouml: "ö", uuml: "ü", Auml: "Ä", Ouml: "Ö", Uuml: "Ü", szlig: "ß", eacute: "é", egrave: "è", agrave: "à", ndash: "–", mdash: "—", hellip: "…", laquo: "«", raquo: "»", bull: "•" };

function decodeEntities(s: string): string {
  return s.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{1,10});/g, (all, e: string) => {
    if (e[0] === "#") {
      const cp = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : "\uFFFD";
    }
    return Object.prototype.hasOwnProperty.call(NAMED, e) ? NAMED[e] : all;
  });
}

export function htmlToText(html: string): string {
  const lower = html.toLowerCase();
  const out: string[] = [];
  let i = 0;
  let pendingHref: string | undefined;
  let pre = 0;
  const n = html.length;
  while (i < n) {
    const lt = html.indexOf("<", i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i) {
      const text = html.slice(i, textEnd);
      out.push(pre > 0 ? text : text.replace(/[ \t\r\n\f]+/g, " "));
    }
    if (lt < 0) break;
    if (lower.startsWith("<!--", lt)) {
      const close = html.indexOf("-->", lt + 4);
      i = close < 0 ? n : close + 3;
      continue;
    }
    const gt = html.indexOf(">", lt + 1);
    if (gt < 0) {
      out.push(html.slice(lt).replace(/[ \t\r\n\f]+/g, " "));
      break;
    }
    const tag = lower.slice(lt + 1, gt);
    const m = /^(\/?)([a-z0-9]+)/.exec(tag);
    i = gt + 1;
    if (!m) continue;
    const closing = m[1] === "/";
    const name = m[2];
    if (!closing && SKIP_CONTENT.has(name)) {
      const close = lower.indexOf("</" + name, i);
      const closeGt = close < 0 ? -1 : html.indexOf(">", close);
      i = closeGt < 0 ? n : closeGt + 1;
      continue;
    }
    if (name === "br") out.push("\n");
    else if (name === "pre") pre += closing ? -1 : 1;
    else if (name === "li" && !closing) out.push("\n- ");
    else if ((name === "td" || name === "th") && closing) out.push("\t");
    else if (name === "hr") out.push("\n----------\n");
    else if (name === "img" && !closing) {
      const alt = /\balt\s*=\s*("([^"]*)"|'([^']*)')/.exec(html.slice(lt, gt));
      if (alt) out.push(alt[2] ?? alt[3] ?? "");
    } else if (name === "a") {
      if (!closing) {
        const href = /\bhref\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/.exec(html.slice(lt, gt));
        pendingHref = href ? decodeEntities(href[2] ?? href[3] ?? href[4] ?? "") : undefined;
      } else if (pendingHref && /^(https?|mailto):/i.test(pendingHref)) {
        out.push(` <${pendingHref.replace(/^mailto:/i, "")}>`);
        pendingHref = undefined;
      }
    } else if (BLOCK_END.has(name)) out.push("\n");
  }
  const text = decodeEntities(out.join(""))
    .replace(/\u00a0/g, " ")
    .split("\n")
    .map((l) => l.replace(/^ +| +$/g, ""))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n");
  return text.trim();
}
