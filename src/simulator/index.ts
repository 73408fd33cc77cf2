/**
 * The Outlook simulator (development and tests only, never in the production bundle).
 * - SimMailbox: the mailbox state (draft, read item, platform, failure injection, event log); Node-safe.
 * - createFakeOffice: a fake `Office` global over a SimMailbox, faithful to the Outlook quirks we rely on, typed
 *   against @types/office-js (asOfficeGlobal hands it to the host ports as `typeof Office`).
 * - presentEml: how Exchange presents an .eml (S/MIME item classes and smime.p7m attachments).
 * Browser entries: main.ts (simulator.html, `window.spmSimulator`) and office-fake.ts (the pane's Office).
 */
export { SimMailbox, OFFICE_ERRORS, officeError, resolveOfficeError, BODY_MAX_CHARS, ALL_REQUIREMENT_SETS } from "./mailbox-state";
export type { SimPlatform, SimMode, SimAddress, DraftInput, DraftView, EventLogEntry, OfficeErrorShape } from "./mailbox-state";
export { createFakeOffice, asOfficeGlobal, type FakeOffice, type FakeOfficeOptions, type FakeAsyncResult } from "./fake-office";
export { presentEml, type PresentedItem, type PresentedAttachment } from "./eml";
export type { SpmSimulatorApi, PaneName, LoadDraftInput } from "./api";
export { deliveryState, configureDelivery, SIM_CLIENT_ID, type DeliverySimState, type DeliverySimSettings } from "./delivery-state";
export type { SentMessage, DeliveredItem, GraphFault } from "./graph";
