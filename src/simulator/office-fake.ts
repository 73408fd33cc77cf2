/**
 * Browser entry (dist/app/office-fake.js, IIFE): installs the fake `Office` global in a pane page.
 * The dev server rewrites the pane's office.js <script> to this file. State comes from the simulator top
 * window (same origin); a pane opened on its own gets a private mailbox with an empty draft.
 */
import { deliveryState } from "./delivery-state";
import { createFakeOffice } from "./fake-office";
import { SimMailbox } from "./mailbox-state";
import { installFakeNaaBridge } from "./naa";

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

const backend = findBackend();
(globalThis as unknown as { Office: unknown }).Office = createFakeOffice(backend);
// Outlook offers the NAA bridge only where it supports nested app authentication.
if (deliveryState(backend).naaSupported) installFakeNaaBridge(window, backend);
