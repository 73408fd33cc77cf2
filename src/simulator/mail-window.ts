/**
 * The mock mail window: header fields, body, attachments, platform and host switches, pane buttons.
 * Plain DOM. Edits write to the SimMailbox; mailbox changes (e.g. from the pane) re-render the fields
 * that are not being edited.
 */
import DOMPurify from "dompurify";
import type { SimAddress, SimMailbox, SimPlatform } from "./mailbox-state";

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

export function renderMailWindow(root: HTMLElement, backend: SimMailbox, actions: MailWindowActions): void {
  const from = field("From", "sim-from");
  const to = field("To", "sim-to");
  const cc = field("Cc", "sim-cc");
  const bcc = field("Bcc", "sim-bcc");
  const subject = field("Subject", "sim-subject");
  const body = el("div", { className: "sim-body", id: "sim-body", contentEditable: "true", role: "textbox", ariaLabel: "Message body", ariaMultiLine: "true" });
  const attachments = el("ul", { className: "sim-att", id: "sim-attachments", ariaLabel: "Attachments" });
  const meta = el("div", { className: "sim-meta", id: "sim-meta" });

  const platform = el("select", { id: "sim-platform", ariaLabel: "Platform" });
  for (const p of ["OfficeOnline", "PC", "Mac"]) platform.append(el("option", { value: p, textContent: p }));
  const language = el("select", { id: "sim-language", ariaLabel: "Display language" });
  for (const l of ["en-US", "de-DE"]) language.append(el("option", { value: l, textContent: l }));
  const nativeSmime = el("input", { type: "checkbox", id: "sim-native-smime" });
  const attachInput = el("input", { type: "file", id: "sim-add-attachment", multiple: true });
  const emlInput = el("input", { type: "file", id: "sim-load-eml", accept: ".eml,message/rfc822" });

  const button = (text: string, onClick: () => void, id: string) => el("button", { type: "button", textContent: text, onclick: onClick, id });
  const sendResult = el("p", { id: "sim-send-result", className: "sim-meta" });
  sendResult.setAttribute("role", "status");

  root.append(
    from.row,
    to.row,
    cc.row,
    bcc.row,
    subject.row,
    body,
    el("div", { className: "sim-row" }, el("label", { htmlFor: "sim-add-attachment", textContent: "Attach" }), attachInput),
    attachments,
    el(
      "div",
      { className: "sim-tools" },
      button("Compose pane", () => actions.openPane("compose"), "sim-open-compose"),
      button("Read pane", () => actions.openPane("read"), "sim-open-read"),
      button("Settings pane", () => actions.openPane("settings"), "sim-open-settings"),
      button(
        "Send",
        () => {
          sendResult.textContent = "Send guard running…";
          actions.send().then(
            (r) => (sendResult.textContent = r.allowEvent === false ? `Send stopped: ${typeof r.errorMessage === "string" ? r.errorMessage : ""}` : "Sent (the send guard allowed it)."),
            (e: unknown) => (sendResult.textContent = `Send failed: ${e instanceof Error ? e.message : String(e)}`),
          );
        },
        "sim-send",
      ),
    ),
    sendResult,
    el(
      "div",
      { className: "sim-tools" },
      el("label", { htmlFor: "sim-load-eml", textContent: "Load .eml (read mode)" }),
      emlInput,
    ),
    el(
      "div",
      { className: "sim-tools" },
      el("label", { htmlFor: "sim-platform", textContent: "Platform" }),
      platform,
      el("label", { htmlFor: "sim-language", textContent: "Language" }),
      language,
      el("label", { htmlFor: "sim-native-smime" }, nativeSmime, " Outlook's own S/MIME on"),
    ),
    meta,
  );

  const d = () => backend.draft;
  const write = (f: () => void) => {
    f();
    backend.changed();
  };
  from.input.addEventListener("change", () => write(() => (d().from = parseList(from.input.value)[0] ?? d().from)));
  to.input.addEventListener("change", () => write(() => (d().to = parseList(to.input.value))));
  cc.input.addEventListener("change", () => write(() => (d().cc = parseList(cc.input.value))));
  bcc.input.addEventListener("change", () => write(() => (d().bcc = parseList(bcc.input.value))));
  subject.input.addEventListener("input", () => write(() => (d().subject = subject.input.value)));
  body.addEventListener("input", () => write(() => (d().body = d().bodyType === "html" ? body.innerHTML : (body.innerText ?? ""))));
  platform.addEventListener("change", () => actions.setPlatform(platform.value as SimPlatform));
  language.addEventListener("change", () => write(() => (backend.displayLanguage = language.value)));
  nativeSmime.addEventListener("change", () => write(() => (backend.nativeSmime = nativeSmime.checked)));
  attachInput.addEventListener("change", () => {
    const files = Array.from(attachInput.files ?? []);
    attachInput.value = "";
    Promise.all(files.map((f) => actions.addAttachmentFile(f))).catch((e: unknown) => console.error("[simulator] attach failed", e));
  });
  emlInput.addEventListener("change", () => {
    const f = emlInput.files?.[0];
    emlInput.value = "";
    if (f) actions.loadEmlFile(f).catch((e: unknown) => console.error("[simulator] load .eml failed", e));
  });

  const setIfIdle = (input: HTMLInputElement, value: string) => {
    if (document.activeElement !== input && input.value !== value) input.value = value;
  };

  function render(): void {
    const reading = backend.mode === "read" && backend.readItem;
    const r = backend.readItem;
    for (const f of [from, to, cc, bcc, subject]) f.input.readOnly = !!reading;
    body.contentEditable = reading ? "false" : "true";
    if (reading && r) {
      setIfIdle(from.input, r.from ? formatList([r.from]) : "");
      setIfIdle(to.input, formatList(r.to));
      setIfIdle(cc.input, formatList(r.cc));
      setIfIdle(bcc.input, "");
      setIfIdle(subject.input, r.subject);
      // Message content is shown as text: the simulator never renders untrusted HTML.
      body.textContent = r.body;
      attachments.replaceChildren(...r.attachments.map((a) => el("li", {}, `${a.name} (${a.contentType}, ${a.bytes.length} bytes)`)));
    } else {
      const dr = d();
      setIfIdle(from.input, formatList([dr.from]));
      setIfIdle(to.input, formatList(dr.to));
      setIfIdle(cc.input, formatList(dr.cc));
      setIfIdle(bcc.input, formatList(dr.bcc));
      setIfIdle(subject.input, dr.subject);
      if (document.activeElement !== body) {
        // The draft body is the developer's own test content; shown as HTML like Outlook's editor would.
        if (dr.bodyType === "html") {
          // Sanitized all the same: a loaded draft may come from anywhere (a copied mail, a test fixture).
          const sanitizedHtml = DOMPurify.sanitize(dr.body);
          if (body.innerHTML !== sanitizedHtml) body.innerHTML = sanitizedHtml;
        } else body.textContent = dr.body;
      }
      attachments.replaceChildren(
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
    platform.value = backend.platform;
    language.value = backend.displayLanguage;
    nativeSmime.checked = backend.nativeSmime;
    const headers = Object.entries(backend.draft.internetHeaders).map(([k, v]) => `${k}: ${v}`);
    const notes = backend.notifications.map((x) => `[${x.type}] ${x.message}`);
    const closed = backend.draft.closed ? ` The add-in closed the draft${backend.draft.discarded ? " and discarded it" : ""} (spmSimulator.sentMessages() lists what the simulated Graph accepted).` : "";
    meta.textContent = `${notes.length ? "Info bar: " + notes.join(" | ") + ". " : ""}Mode: ${backend.mode}${r && reading ? ` (${r.itemClass})` : ""}. ${headers.length ? "Headers: " + headers.join("; ") : "No custom headers."}${closed}`;
  }
  backend.onChange(render);
  render();
}
