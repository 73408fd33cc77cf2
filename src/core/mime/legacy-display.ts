/**
 * RFC 9788 §4.5.3 Legacy Display Element: for readers that ignore protected headers (Outlook,
 * Thunderbird for S/MIME), the main body parts of an encrypted message begin with the fields the
 * outer header hides ("Subject: ..."), and carry hp-legacy-display="1". Readers that understand
 * header protection remove it again (removeLegacyDisplay).
 */

const HTML_CLASS = "header-protection-legacy-display";

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&quot;"));
}

/** "Name: value" lines, a blank line, then the text. */
export function addPlainLegacyDisplay(text: string, fields: [string, string][]): string {
  return fields.map(([n, v]) => `${n}: ${v}\r\n`).join("") + "\r\n" + text;
}

/** A div with the fields in a <pre>, first thing inside <body> (or at the very start). */
export function addHtmlLegacyDisplay(html: string, fields: [string, string][]): string {
  const element = `<div class="${HTML_CLASS}"><pre>${fields.map(([n, v]) => escapeHtml(`${n}: ${v}`)).join("\n")}</pre></div>`;
  const open = html.toLowerCase().indexOf("<body");
  const gt = open < 0 ? -1 : html.indexOf(">", open);
  if (gt < 0) return element + html;
  return html.slice(0, gt + 1) + element + html.slice(gt + 1);
}

/**
 * Remove a Legacy Display Element from a decoded text/plain or text/html body (call only when the
 * part has hp-legacy-display="1" and the protected header is shown instead).
 */
export function removeLegacyDisplay(text: string, isHtml: boolean): string {
  if (isHtml) {
    const lower = text.toLowerCase();
    const marker = lower.indexOf(HTML_CLASS);
    const start = marker < 0 ? -1 : lower.lastIndexOf("<div", marker);
    const end = start < 0 ? -1 : lower.indexOf("</div>", marker);
    return end < 0 ? text : text.slice(0, start) + text.slice(end + "</div>".length);
  }
  const m = /^(?:[!-9;-~]+: [^\r\n]*\r?\n)+\r?\n/.exec(text);
  return m ? text.slice(m[0].length) : text;
}
