/**
 * Browser entry (dist/app/office-fake.js, IIFE): installs the fake `Office` global in a pane page.
 * The dev server rewrites the pane's office.js <script> to this file. State comes from the simulator top
 * window (same origin); a pane opened on its own gets a private mailbox with an empty draft.
 */
import { createFakeOffice } from "./fake-office";
import { SimMailbox } from "./mailbox-state";

declare global {
  interface Window {
    __spmSimulatorBackend?: SimMailbox;
  }
}

function findBackend(): SimMailbox {
  try {
    const parentBackend = window.parent !== window ? window.parent.__spmSimulatorBackend : undefined;
    if (parentBackend) return parentBackend;
  } catch (e) {
    // Cross-origin parent: fall through to a private mailbox, but say why.
    console.warn("[office-fake] cannot reach the simulator window", e);
  }
  const own = new SimMailbox();
  window.__spmSimulatorBackend = own;
  return own;
}

(globalThis as unknown as { Office: unknown }).Office = createFakeOffice(findBackend());
