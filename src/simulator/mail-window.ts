/**
 * The mock mail window: header fields, body, attachments, platform and host switches, pane buttons.
 * Plain DOM. Edits write to the SimMailbox; mailbox changes (e.g. from the pane) re-render the fields
 * that are not being edited.
 */
import DOMPurify from "dompurify";
import type { ReadItemState, SimAddress, SimMailbox, SimPlatform } from "./mailbox-state";

export interface MailWindowActions {
  openPane(name: "compose" | "read" | "settings"): void;
  loadEmlFile(file: File): Promise<void>;
  addAttachmentFile(file: File): Promise<void>;
  setPlatform(p: SimPlatform): void;
  downloadAttachment(id: string): void;
  /** Press Send: runs the send guard; resolves with what it passed to event.completed. */
  send(): Promise<Record<string, unknown>>;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> & { dataset?: Record<string, string> } = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  const { dataset, ...rest } = props;
  Object.assign(e, rest);
  if (dataset) Object.assign(e.dataset, dataset);
  for (const c of children) e.append(c);
  return e;
}

const formatList = (list: SimAddress[]) => list.map((a) => (a.displayName && a.displayName !== a.emailAddress ? `${a.displayName} <${a.emailAddress}>` : a.emailAddress)).join(", ");

function parseList(text: string): SimAddress[] {
  return text
    .split(/[,;]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const m = /^(.*?)\s*<([^>]+)>$/.exec(s);
      return m ? { displayName: m[1].replace(/"/g, "").trim() || m[2], emailAddress: m[2].trim() } : { displayName: s, emailAddress: s };
    });
}

function field(label: string, id: string): { row: HTMLElement; input: HTMLInputElement } {
  const input = el("input", { id, type: "text", autocomplete: "off" });
  const row = el("div", { className: "sim-row" }, el("label", { htmlFor: id, textContent: label }), input);
  return { row, input };
}

/** The mail window's elements: the fields edits go to and render() fills. */
interface MailWindowControls {
  from: ReturnType<typeof field>;
  to: ReturnType<typeof field>;
  cc: ReturnType<typeof field>;
  bcc: ReturnType<typeof field>;
  subject: ReturnType<typeof field>;
  body: HTMLDivElement;
  attachments: HTMLUListElement;
  meta: HTMLDivElement;
  platform: HTMLSelectElement;
  language: HTMLSelectElement;
  nativeSmime: HTMLInputElement;
  attachInput: HTMLInputElement;
  emlInput: HTMLInputElement;
  sendResult: HTMLParagraphElement;
}

function createControls(): MailWindowControls {
  const platform = el("select", { id: "sim-platform", ariaLabel: "Platform" });
  for (const p of ["OfficeOnline", "PC", "Mac"]) platform.append(el("option", { value: p, textContent: p }));
  const language = el("select", { id: "sim-language", ariaLabel: "Display language" });
  for (const l of ["en-US", "de-DE"]) language.append(el("option", { value: l, textContent: l }));
  const sendResult = el("p", { id: "sim-send-result", className: "sim-meta" });
  sendResult.setAttribute("role", "status");
  return {
    from: field("From", "sim-from"),
    to: field("To", "sim-to"),
    cc: field("Cc", "sim-cc"),
    bcc: field("Bcc", "sim-bcc"),
    subject: field("Subject", "sim-subject"),
    body: el("div", { className: "sim-body", id: "sim-body", contentEditable: "true", role: "textbox", ariaLabel: "Message body", ariaMultiLine: "true" }),
    attachments: el("ul", { className: "sim-att", id: "sim-attachments", ariaLabel: "Attachments" }),
    meta: el("div", { className: "sim-meta", id: "sim-meta" }),
    platform,
    language,
    nativeSmime: el("input", { type: "checkbox", id: "sim-native-smime" }),
    attachInput: el("input", { type: "file", id: "sim-add-attachment", multiple: true }),
    emlInput: el("input", { type: "file", id: "sim-load-eml", accept: ".eml,message/rfc822" }),
    sendResult,
  };
}

/** The pane buttons and Send (which runs the send guard and shows its verdict). */
function paneTools(c: MailWindowControls, actions: MailWindowActions): HTMLElement {
  const button = (text: string, onClick: () => void, id: string) => el("button", { type: "button", textContent: text, onclick: onClick, id });
  const send = () => {
    c.sendResult.textContent = "Send guard running…";
    actions.send().then(
      (r) => (c.sendResult.textContent = r.allowEvent === false ? `Send stopped: ${typeof r.errorMessage === "string" ? r.errorMessage : ""}` : "Sent (the send guard allowed it)."),
      (e: unknown) => (c.sendResult.textContent = `Send failed: ${e instanceof Error ? e.message : String(e)}`),
    );
  };
  return el(
    "div",
    { className: "sim-tools" },
    button("Compose pane", () => actions.openPane("compose"), "sim-open-compose"),
    button("Read pane", () => actions.openPane("read"), "sim-open-read"),
    button("Settings pane", () => actions.openPane("settings"), "sim-open-settings"),
    button("Send", send, "sim-send"),
  );
}

function layout(root: HTMLElement, c: MailWindowControls, actions: MailWindowActions): void {
  root.append(
    c.from.row,
    c.to.row,
    c.cc.row,
    c.bcc.row,
    c.subject.row,
    c.body,
    el("div", { className: "sim-row" }, el("label", { htmlFor: "sim-add-attachment", textContent: "Attach" }), c.attachInput),
    c.attachments,
    paneTools(c, actions),
    c.sendResult,
    el("div", { className: "sim-tools" }, el("label", { htmlFor: "sim-load-eml", textContent: "Load .eml (read mode)" }), c.emlInput),
    el(
      "div",
      { className: "sim-tools" },
      el("label", { htmlFor: "sim-platform", textContent: "Platform" }),
      c.platform,
      el("label", { htmlFor: "sim-language", textContent: "Language" }),
      c.language,
      el("label", { htmlFor: "sim-native-smime" }, c.nativeSmime, " Outlook's own S/MIME on"),
    ),
    c.meta,
  );
}

/** Edits in the window write to the mailbox (and notify its listeners, the pane among them). */
function wireEdits(c: MailWindowControls, backend: SimMailbox, actions: MailWindowActions): void {
  const d = () => backend.draft;
  const write = (f: () => void) => {
    f();
    backend.changed();
  };
  c.from.input.addEventListener("change", () => write(() => (d().from = parseList(c.from.input.value)[0] ?? d().from)));
  c.to.input.addEventListener("change", () => write(() => (d().to = parseList(c.to.input.value))));
  c.cc.input.addEventListener("change", () => write(() => (d().cc = parseList(c.cc.input.value))));
  c.bcc.input.addEventListener("change", () => write(() => (d().bcc = parseList(c.bcc.input.value))));
  c.subject.input.addEventListener("input", () => write(() => (d().subject = c.subject.input.value)));
  c.body.addEventListener("input", () => write(() => (d().body = d().bodyType === "html" ? c.body.innerHTML : (c.body.innerText ?? ""))));
  c.platform.addEventListener("change", () => actions.setPlatform(c.platform.value as SimPlatform));
  c.language.addEventListener("change", () => write(() => (backend.displayLanguage = c.language.value)));
  c.nativeSmime.addEventListener("change", () => write(() => (backend.nativeSmime = c.nativeSmime.checked)));
  c.attachInput.addEventListener("change", () => {
    const files = Array.from(c.attachInput.files ?? []);
    c.attachInput.value = "";
    Promise.all(files.map((f) => actions.addAttachmentFile(f))).catch((e: unknown) => console.error("[simulator] attach failed", e));
  });
  c.emlInput.addEventListener("change", () => {
    const f = c.emlInput.files?.[0];
    c.emlInput.value = "";
    if (f) actions.loadEmlFile(f).catch((e: unknown) => console.error("[simulator] load .eml failed", e));
  });
}

/** Fills a field unless the developer is typing in it. */
function setIfIdle(input: HTMLInputElement, value: string): void {
  if (document.activeElement !== input && input.value !== value) input.value = value;
}

function renderReadItem(c: MailWindowControls, r: ReadItemState): void {
  setIfIdle(c.from.input, r.from ? formatList([r.from]) : "");
  setIfIdle(c.to.input, formatList(r.to));
  setIfIdle(c.cc.input, formatList(r.cc));
  setIfIdle(c.bcc.input, "");
  setIfIdle(c.subject.input, r.subject);
  // Message content is shown as text: the simulator never renders untrusted HTML.
  c.body.textContent = r.body;
  c.attachments.replaceChildren(...r.attachments.map((a) => el("li", {}, `${a.name} (${a.contentType}, ${a.bytes.length} bytes)`)));
}

function renderDraft(c: MailWindowControls, backend: SimMailbox, actions: MailWindowActions): void {
  const dr = backend.draft;
  setIfIdle(c.from.input, formatList([dr.from]));
  setIfIdle(c.to.input, formatList(dr.to));
  setIfIdle(c.cc.input, formatList(dr.cc));
  setIfIdle(c.bcc.input, formatList(dr.bcc));
  setIfIdle(c.subject.input, dr.subject);
  if (document.activeElement !== c.body) {
    // The draft body is the developer's own test content; shown as HTML like Outlook's editor would.
    if (dr.bodyType === "html") {
      // Sanitized all the same: a loaded draft may come from anywhere (a copied mail, a test fixture).
      const sanitizedHtml = DOMPurify.sanitize(dr.body);
      if (c.body.innerHTML !== sanitizedHtml) c.body.innerHTML = sanitizedHtml;
    } else c.body.textContent = dr.body;
  }
  c.attachments.replaceChildren(
    ...dr.attachments.map((a) =>
      el(
        "li",
        { dataset: { id: a.id } },
        `${a.name} (${a.size} bytes${a.isInline ? ", inline" : ""})`,
        el("button", { type: "button", textContent: "Save", onclick: () => actions.downloadAttachment(a.id) }),
        el("button", { type: "button", textContent: "Remove", onclick: () => backend.removeAttachment(a.id) }),
      ),
    ),
  );
}

/** The status line: info bar, mode, custom headers, forms the add-in opened, whether it closed the draft. */
function metaText(backend: SimMailbox, readClass: string | undefined): string {
  const headers = Object.entries(backend.draft.internetHeaders).map(([k, v]) => `${k}: ${v}`);
  const notes = backend.notifications.map((x) => `[${x.type}] ${x.message}`);
  // A reply or new-message form an add-in opened is Outlook's new compose window: its draft is what "Compose pane" opens.
  const last = backend.openedForms.at(-1);
  const forms = last ? ` Forms opened: ${backend.openedForms.length} (last: ${last.kind}, "${last.subject}"; open the compose pane on it).` : "";
  const closed = backend.draft.closed ? ` The add-in closed the draft${backend.draft.discarded ? " and discarded it" : ""} (spmSimulator.sentMessages() lists what the simulated Graph accepted).` : "";
  return `${notes.length ? "Info bar: " + notes.join(" | ") + ". " : ""}Mode: ${backend.mode}${readClass !== undefined ? ` (${readClass})` : ""}. ${headers.length ? "Headers: " + headers.join("; ") : "No custom headers."}${forms}${closed}`;
}

export function renderMailWindow(root: HTMLElement, backend: SimMailbox, actions: MailWindowActions): void {
  const c = createControls();
  layout(root, c, actions);
  wireEdits(c, backend, actions);
  function render(): void {
    const r = backend.mode === "read" ? backend.readItem : undefined;
    for (const f of [c.from, c.to, c.cc, c.bcc, c.subject]) f.input.readOnly = !!r;
    c.body.contentEditable = r ? "false" : "true";
    if (r) renderReadItem(c, r);
    else renderDraft(c, backend, actions);
    c.platform.value = backend.platform;
    c.language.value = backend.displayLanguage;
    c.nativeSmime.checked = backend.nativeSmime;
    c.meta.textContent = metaText(backend, r?.itemClass);
  }
  backend.onChange(render);
  render();
}
