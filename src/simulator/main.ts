/**
 * The simulator page (dist/app/simulator.js, dev only): a mock mail window on the left, the real pane
 * pages in the iframe on the right, and `window.spmSimulator`, the test API used by e2e tests.
 * The mailbox state lives here (`window.__spmSimulatorBackend`); the pane's fake Office reads it.
 */
import { fromBase64, latin1Decode, toBase64 } from "../core/bytes";
import { SimMailbox, type SimPlatform } from "./mailbox-state";
import { createSpmSimulatorApi } from "./api";
import { renderMailWindow } from "./mail-window";

const backend = new SimMailbox();
window.__spmSimulatorBackend = backend;

const iframe = document.getElementById("pane") as HTMLIFrameElement;
const api = createSpmSimulatorApi(backend, iframe);
(window as unknown as { spmSimulator: typeof api }).spmSimulator = api;

renderMailWindow(document.getElementById("mail") as HTMLElement, backend, {
  openPane: (name) => {
    api.openPane(name).catch((e: unknown) => console.error("[simulator] openPane failed", e));
  },
  loadEmlFile: async (file) => {
    api.loadMessage(latin1Decode(new Uint8Array(await file.arrayBuffer())));
    await api.openPane("read");
  },
  addAttachmentFile: async (file) => {
    backend.addAttachment(toBase64(new Uint8Array(await file.arrayBuffer())), file.name, false);
  },
  setPlatform: (p: SimPlatform) => api.setPlatform(p),
  send: () => api.send(),
  downloadAttachment: (id) => {
    const a = backend.draft.attachments.find((x) => x.id === id);
    if (!a) return;
    const url = URL.createObjectURL(new Blob([fromBase64(a.contentBase64) as BlobPart]));
    const link = document.createElement("a");
    link.href = url;
    link.download = a.name;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  },
});
