// A small strict XML parser for manifest.xml (elements, attributes, text; no DTDs): what validate-manifest.mjs
// and the build (the well-known file) read the manifest with, without a dependency.

const ENTITIES = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
function decode(s, line) {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);|&/g, (m, e) => {
    if (e === undefined) throw new XmlError("bare '&' (use &amp;)", line);
    if (e[0] === "#") return String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    if (!(e in ENTITIES)) throw new XmlError(`unknown entity &${e};`, line);
    return ENTITIES[e];
  });
}
class XmlError extends Error {
  constructor(message, line) {
    super(`line ${line}: ${message}`);
  }
}
const NAME = /[A-Za-z_][\w.:-]*/y;

export function parseXml(text) {
  const lineAt = (pos) => {
    let n = 1;
    for (let i = text.indexOf("\n"); i !== -1 && i < pos; i = text.indexOf("\n", i + 1)) n++;
    return n;
  };
  const root = { name: "#document", attrs: {}, children: [], text: "", line: 1 };
  const stack = [root];
  let pos = 0;
  while (pos < text.length) {
    const lt = text.indexOf("<", pos);
    const chunk = lt === -1 ? text.slice(pos) : text.slice(pos, lt);
    if (chunk.trim()) {
      if (stack.length === 1) throw new XmlError("text outside the root element", lineAt(pos));
      stack[stack.length - 1].text += decode(chunk, lineAt(pos));
    }
    if (lt === -1) break;
    pos = lt;
    if (text.startsWith("<?", pos)) {
      const end = text.indexOf("?>", pos);
      if (end < 0) throw new XmlError("unterminated processing instruction", lineAt(pos));
      pos = end + 2;
    } else if (text.startsWith("<!--", pos)) {
      const end = text.indexOf("-->", pos + 4);
      if (end < 0) throw new XmlError("unterminated comment", lineAt(pos));
      pos = end + 3;
    } else if (text.startsWith("<![CDATA[", pos)) {
      const end = text.indexOf("]]>", pos);
      if (end < 0) throw new XmlError("unterminated CDATA", lineAt(pos));
      stack[stack.length - 1].text += text.slice(pos + 9, end);
      pos = end + 3;
    } else if (text.startsWith("<!", pos)) {
      throw new XmlError("DOCTYPE/DTD is not allowed in a manifest", lineAt(pos));
    } else if (text.startsWith("</", pos)) {
      NAME.lastIndex = pos + 2;
      const m = NAME.exec(text);
      const close = text.indexOf(">", pos);
      if (!m || close < 0 || text.slice(NAME.lastIndex, close).trim()) throw new XmlError("bad end tag", lineAt(pos));
      const open = stack.pop();
      if (!open || open === root || open.name !== m[0]) {
        throw new XmlError(`</${m[0]}> does not match <${open && open !== root ? open.name : "(none)"}>`, lineAt(pos));
      }
      pos = close + 1;
    } else {
      const line = lineAt(pos);
      NAME.lastIndex = pos + 1;
      const m = NAME.exec(text);
      if (!m) throw new XmlError("bad start tag", line);
      const el = { name: m[0], attrs: {}, children: [], text: "", line };
      let p = NAME.lastIndex;
      for (;;) {
        while (/\s/.test(text[p] ?? "")) p++;
        if (text[p] === ">") { p++; stack[stack.length - 1].children.push(el); stack.push(el); break; }
        if (text.startsWith("/>", p)) { p += 2; stack[stack.length - 1].children.push(el); break; }
        NAME.lastIndex = p;
        const a = NAME.exec(text);
        if (!a || p === NAME.lastIndex) throw new XmlError(`bad attribute in <${el.name}>`, line);
        p = NAME.lastIndex;
        while (/\s/.test(text[p] ?? "")) p++;
        if (text[p] !== "=") throw new XmlError(`attribute ${a[0]} has no value`, line);
        p++;
        while (/\s/.test(text[p] ?? "")) p++;
        const q = text[p];
        if (q !== '"' && q !== "'") throw new XmlError(`attribute ${a[0]} is not quoted`, line);
        const end = text.indexOf(q, p + 1);
        if (end < 0) throw new XmlError(`unterminated attribute ${a[0]}`, line);
        if (a[0] in el.attrs) throw new XmlError(`duplicate attribute ${a[0]}`, line);
        el.attrs[a[0]] = decode(text.slice(p + 1, end), line);
        p = end + 1;
      }
      if (stack.length === 1 && root.children.length > 1) throw new XmlError("more than one root element", line);
      pos = p;
    }
  }
  if (stack.length > 1) throw new XmlError(`<${stack[stack.length - 1].name}> is not closed`, stack[stack.length - 1].line);
  if (root.children.length !== 1) throw new XmlError("no root element", 1);
  return root.children[0];
}

