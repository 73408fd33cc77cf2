/** `window.spmSimulator`: the test API of the simulator page. */
import type { DraftInput, DraftView, EventLogEntry, SimMailbox, SimPlatform } from "./mailbox-state";
import { createDeliveryApi, type DeliverySimulatorApi } from "./api-delivery";
import { createRecipientsApi, type RecipientsSimulatorApi } from "./api-recipients";
import { failNaaNext } from "./delivery-state";
import { createFakeOffice } from "./fake-office";
import { openedForms, type OpenedForm } from "./forms";
import { importIdentityIntoStore, importRecipientCertificateIntoStore } from "./store-bridge";
import { runInClassicRuntime } from "./classic-runtime";
import { enforceSendCompleted } from "./event-completed";
import { EVENT_TIMEOUT_MS } from "./event-types";
import { openReadItem } from "./event-runtime";
import { showReadingView } from "./reading-view";

export type PaneName = "compose" | "read" | "settings";

/** What loadDraft takes: the mailbox state's own draft input. */
export type LoadDraftInput = DraftInput;

export interface SpmSimulatorApi extends DeliverySimulatorApi, RecipientsSimulatorApi {
  loadDraft(draft: LoadDraftInput): void;
  getDraft(): DraftView;
  setPlatform(platform: SimPlatform): void;
  /**
   * The next call of `methodName` fails with this Office error: any code or name of src/simulator/office-errors.ts
   * (e.g. 9020 or "GenericResponseError"), delivered as Office.js does ({ code, name, message }). Throws for
   * codes and names Office does not have, and for names that several codes share. `after`: that many calls of
   * the method succeed first (the compose port's first add and remove are its S/MIME probe).
   */
  failNext(methodName: string, errorCode: string | number, options?: { after?: number }): void;
  /** A PaneName, or the URL of a test page. */
  openPane(pane: string, options?: { mode?: "compose" | "read" }): Promise<void>;
  loadMessage(eml: string): { itemClass: string; attachments: { id: string; name: string; size: number }[] };
  importIdentity(p12Base64: string, password: string): Promise<{ id: string; email: string }[]>;
  importRecipientCertificate(pem: string, email?: string): Promise<{ email: string; sha256Hex: string }>;
  getEventLog(): EventLogEntry[];
  clearEventLog(): void;
  setRequirementSets(versions: string[]): void;
  /**
   * Outlook's own S/MIME switched on for the draft: attachment adds never answer on "OfficeOnline" (web, new
   * Outlook); on "PC"/"Mac" they succeed and getDraft().wrappedAgainOnSend says Outlook would wrap our message.
   */
  setNativeSmime(on: boolean): void;
  /** Upload time of attachment adds, in ms per MB of base64 (upload-timing.ts; default 250). */
  setUploadSpeed(msPerMb: number): void;
  /** Classic Windows/Mac: the Exchange admin's limit on all attachments of an item, in bytes (default 35 MB). */
  setExchangeLimit(bytes: number): void;
  setDisplayLanguage(tag: string): void;
  /**
   * Outlook's theme colours. This add-in (event-based activation) never sees them: the panes follow the webview's
   * prefers-color-scheme (tests: Playwright's page.emulateMedia); `eventBasedActivation: false` shows them.
   */
  setTheme(theme: { bodyBackgroundColor?: string; bodyForegroundColor?: string; eventBasedActivation?: boolean }): void;
  setLatency(minMs: number, maxMs: number): void;
  /**
   * Press Send: runs the real send-guard bundle (launchevent.js, loaded once into this page with its own fake
   * Office, as Outlook's event runtime does; on platform "PC" in the simulated classic runtime) with an
   * OnMessageSend event, and resolves with what the handler passed to `event.completed` as Outlook would act on it
   * (event-completed.ts: rejects what Outlook does not accept; five minutes without an answer rejects too).
   */
  send(): Promise<Record<string, unknown>>;
  /**
   * Outlook reloads (restarted, or the browser refreshed): the event runtimes start again and take a new snapshot
   * of the roaming settings. Until then a send-guard setting changed in the settings pane does not reach them.
   */
  restartOutlook(): void;
  /** Every reply or new-message form an add-in opened, oldest first (forms.ts); the last one is the draft. */
  getOpenedForms(): OpenedForm[];
  /**
   * Open the loaded message as Outlook would. When it carries our header (and the platform has
   * OnMessageDecrypt: web and PC with Mailbox 1.16, not Mac), Outlook runs the OnMessageDecrypt handler: the
   * real bundle, in launchevent.html (web) or as bare ES2016 JavaScript without DOM/crypto/IndexedDB (PC).
   * Resolves to exactly what the handler passed to event.completed ({ allowEvent, emailBody, attachments,
   * errorMessage, contextData }), or null when no handler ran; the reading view shows the result.
   */
  openItem(): Promise<Record<string, unknown> | null>;
  /** The read item's presentation (item class, attachment names), for debugging. */
  getReadItem(): { itemClass: string; subject: string; attachments: { id: string; name: string; contentType: string; size: number }[] } | undefined;
}

export function createSpmSimulatorApi(backend: SimMailbox, iframe: HTMLIFrameElement): SpmSimulatorApi {
  const api: SpmSimulatorApi = {
    ...createDeliveryApi(backend, iframe, () => api.openPane("read")),
    ...createRecipientsApi(backend),
    loadDraft: (d) => backend.loadDraft(d),
    getDraft: () => backend.getDraft(),
    setPlatform: (p) => backend.setPlatform(p),
    // The fake NAA's faults have names of their own (delivery-state.ts); everything else is an Office error.
    failNext: (method, code, options) => (method.startsWith("NAA.") ? failNaaNext(backend, method, code) : backend.failNext(method, code, options)),
    openPane(pane, options = {}) {
      const known = pane === "compose" || pane === "read" || pane === "settings";
      if (options.mode) backend.mode = options.mode;
      else if (pane === "compose") backend.mode = "compose";
      else if (pane === "read") backend.mode = "read";
      if (backend.mode === "read" && !backend.readItem) return Promise.reject(new Error("openPane: no message loaded (call loadMessage first)"));
      const src = known ? `${pane}.html` : pane;
      // The old pane goes, and its item event handlers with it.
      backend.itemHandlers.clear();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`openPane: ${src} did not load within 15 s`)), 15_000);
        iframe.addEventListener(
          "load",
          () => {
            clearTimeout(timer);
            resolve();
          },
          { once: true },
        );
        // A fresh URL each time so the pane restarts (and gets a fresh fake Office) even for the same page.
        iframe.src = `${src}${src.includes("?") ? "&" : "?"}_sim=${Date.now()}`;
        backend.changed();
      });
    },
    loadMessage(eml) {
      const item = backend.loadMessage(eml);
      return { itemClass: item.itemClass, attachments: item.attachments.map((a, i) => ({ id: item.attachmentIds[i], name: a.name, size: a.bytes.length })) };
    },
    importIdentity: (p12Base64, password) => importIdentityIntoStore(backend, p12Base64, password),
    importRecipientCertificate: (pem, email) => importRecipientCertificateIntoStore(backend, pem, email),
    getEventLog: () => backend.getEventLog(),
    clearEventLog: () => backend.clearEventLog(),
    setRequirementSets(versions) {
      backend.requirementSets = [...versions];
      backend.changed();
    },
    setNativeSmime(on) {
      backend.nativeSmime = !!on;
      backend.changed();
    },
    setUploadSpeed(msPerMb) {
      if (!(Number.isFinite(msPerMb) && msPerMb >= 0)) throw new Error(`setUploadSpeed: not a speed: ${String(msPerMb)}`);
      backend.uploadMsPerMb = msPerMb;
    },
    setExchangeLimit(bytes) {
      if (!(Number.isInteger(bytes) && bytes > 0)) throw new Error(`setExchangeLimit: not a size: ${String(bytes)}`);
      backend.exchangeMaxTotalBytes = bytes;
    },
    setDisplayLanguage(tag) {
      backend.displayLanguage = tag;
      backend.changed();
    },
    setTheme(theme) {
      const { eventBasedActivation, ...colours } = theme;
      backend.officeTheme = { ...backend.officeTheme, ...colours };
      if (eventBasedActivation !== undefined) backend.eventBasedActivation = eventBasedActivation;
      backend.changed();
    },
    setLatency(min, max) {
      backend.latencyMs = [min, max];
    },
    async openItem() {
      const opening = await openReadItem(backend);
      showReadingView(opening);
      return opening.ran ? (opening.options ?? {}) : null;
    },
    async send() {
      // Classic Outlook on Windows runs the send guard in its JavaScript-only runtime.
      const options = backend.platform === "PC" ? await runInClassicRuntime(backend, "onMessageSendHandler", "olkMessageSend") : await sendInWebRuntime(backend);
      // What Outlook accepts in event.completed, in both runtimes (event-completed.ts).
      return enforceSendCompleted(options, (v) => backend.supports(v));
    },
    restartOutlook() {
      backend.eventRuntimeRoaming = undefined;
      sendGuard = undefined;
      document.querySelectorAll("script[data-sim-send-guard]").forEach((s) => s.remove());
    },
    getOpenedForms: () => openedForms(backend),
    getReadItem() {
      const r = backend.readItem;
      if (!r) return undefined;
      return {
        itemClass: r.itemClass,
        subject: r.subject,
        attachments: r.attachments.map((a, i) => ({ id: r.attachmentIds[i], name: a.name, contentType: a.contentType, size: a.bytes.length })),
      };
    },
  };
  return api;
}

/** Outlook ends an event handler that has not called event.completed after about five minutes (event-types.ts). */
function sendInWebRuntime(backend: SimMailbox): Promise<Record<string, unknown>> {
  return loadSendGuard(backend).then(
    (handler) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("send: the OnMessageSend handler did not call event.completed within five minutes")), EVENT_TIMEOUT_MS);
        backend.record({ method: "OnMessageSend", outcome: "sync" });
        handler({
          type: "olkMessageSend",
          completed: (options?: Record<string, unknown>) => {
            clearTimeout(timer);
            resolve(options ?? {});
          },
        });
      }),
  );
}

let sendGuard: Promise<(event: unknown) => void> | undefined;

/**
 * Load dist/app/launchevent.js once into the simulator page with a fake Office of its own (compose mode),
 * as Outlook's event runtime does, and return the handler it registered with Office.actions.associate.
 */
function loadSendGuard(backend: SimMailbox): Promise<(event: unknown) => void> {
  sendGuard ??= new Promise((resolve, reject) => {
    // The runtime's roaming settings: a snapshot from when Outlook loaded it (fake-office.ts, roamingSettings).
    backend.eventRuntimeRoaming ??= structuredClone(backend.roamingSettings);
    (globalThis as unknown as { Office: unknown }).Office = createFakeOffice(backend, { mode: "compose", roamingSnapshot: backend.eventRuntimeRoaming });
    const script = document.createElement("script");
    script.dataset.simSendGuard = "";
    script.src = `launchevent.js?_sim=${Date.now()}`;
    script.onload = () => {
      const handler = backend.actions.get("onMessageSendHandler");
      if (handler) resolve(handler);
      else reject(new Error("send: launchevent.js registered no onMessageSendHandler"));
    };
    script.onerror = () => reject(new Error("send: launchevent.js could not be loaded"));
    document.head.appendChild(script);
  });
  return sendGuard;
}
