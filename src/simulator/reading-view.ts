/**
 * The simulator's reading view of an opened item: Outlook's notification bar, and what OnMessageDecrypt
 * returned (body and attachments), shown the way Outlook's reading pane shows it: in the page itself, not in
 * a sandbox. Outlook applies its own HTML filter (scripts and event handlers go) but loads remote images and
 * applies styles, so here DOMPurify's default profile stands in for that filter and remote references are left
 * live on purpose: anything our handler's sanitizer lets through shows up as a network request in the tests.
 * The body sits in an open shadow root so the message's styles cannot restyle the simulator.
 */
import DOMPurify from "dompurify";
import { fromBase64 } from "../core/bytes";
import type { DecryptOpening } from "./event-runtime";

const NOT_RUN: Record<NonNullable<DecryptOpening["reason"]>, string> = {
  "no-header": "",
  "native-smime": "Secure Patient Mail can't process this message because it's protected by a built-in security feature.",
  "not-on-this-client": "This Outlook has no OnMessageDecrypt (Mac, mobile): the message is shown as received.",
  "no-requirement-set": "This Outlook does not support Mailbox 1.16: the message is shown as received.",
};

interface ReturnedAttachment {
  name?: unknown;
  content?: unknown;
  isInline?: unknown;
  contentId?: unknown;
}

function barText(opening: DecryptOpening): string {
  if (!opening.ran) return NOT_RUN[opening.reason ?? "no-header"];
  const o = opening.options ?? {};
  if (o.allowEvent === true) return "Secure Patient Mail add-in has decrypted your message.";
  return typeof o.errorMessage === "string" && o.errorMessage ? `Error from Secure Patient Mail: ${o.errorMessage}` : "Secure Patient Mail failed to process your message.";
}

function container(): HTMLElement {
  const existing = document.getElementById("sim-reading-view");
  if (existing) return existing;
  const section = document.createElement("section");
  section.id = "sim-reading-view";
  section.setAttribute("aria-label", "Outlook reading pane (after OnMessageDecrypt)");
  (document.getElementById("mail") ?? document.body).appendChild(section);
  return section;
}

function renderBody(host: HTMLElement, body: { coercionType?: unknown; content?: unknown }, attachments: ReturnedAttachment[]): void {
  const root = host.attachShadow({ mode: "open" });
  const content = typeof body.content === "string" ? body.content : "";
  if (body.coercionType !== "html") {
    const pre = document.createElement("pre");
    pre.style.whiteSpace = "pre-wrap";
    pre.textContent = content;
    root.append(pre);
    return;
  }
  const fragment = DOMPurify.sanitize(content, { RETURN_DOM_FRAGMENT: true });
  // Outlook serves cid: references from the inline attachments it was given.
  for (const img of Array.from(fragment.querySelectorAll("img[src^='cid:' i]"))) {
    const cid = (img.getAttribute("src") ?? "").slice(4);
    const match = attachments.find((a) => a.isInline === true && a.contentId === cid && typeof a.content === "string");
    if (match) img.setAttribute("src", URL.createObjectURL(new Blob([fromBase64(match.content as string) as BlobPart])));
  }
  root.append(fragment);
}

export function showReadingView(opening: DecryptOpening): void {
  const view = container();
  view.replaceChildren();
  const text = barText(opening);
  if (!text) return;
  const bar = document.createElement("p");
  bar.className = "sim-meta";
  bar.dataset.testid = "sim-outlook-bar";
  bar.setAttribute("role", "status");
  bar.textContent = text;
  view.append(bar);
  const o = opening.options;
  if (!opening.ran || !o || o.allowEvent !== true) return;
  const attachments = (Array.isArray(o.attachments) ? o.attachments : []) as ReturnedAttachment[];
  const body = document.createElement("div");
  body.id = "sim-decrypted-body";
  body.className = "sim-body";
  renderBody(body, (o.emailBody ?? {}), attachments);
  const list = document.createElement("ul");
  list.id = "sim-decrypted-attachments";
  list.className = "sim-att";
  for (const a of attachments.filter((x) => x.isInline !== true)) {
    const li = document.createElement("li");
    const name = typeof a.name === "string" ? a.name : "attachment";
    li.dataset.name = name;
    const bytes = typeof a.content === "string" ? fromBase64(a.content) : new Uint8Array();
    li.textContent = `${name} (${bytes.length} bytes) `;
    const save = document.createElement("button");
    save.type = "button";
    save.textContent = "Save";
    save.onclick = () => {
      const link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([bytes as BlobPart]));
      link.download = name;
      link.click();
    };
    li.append(save);
    list.append(li);
  }
  view.append(body, list);
}
