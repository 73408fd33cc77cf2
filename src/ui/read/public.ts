/**
 * The read pane's public surface (index.tsx only boots). Modules: open-flow (port + store + core), content
 * (MIME -> what is shown), sanitize (HTML -> sandboxed frame document), status (report -> chrome sentence),
 * and the React views (pane, opened-view, status-bar, body, attachments).
 */
export { buildDisplay, type DisplayContent } from "./content";
export { buildFrameDocument, FRAME_CSP, FRAME_SANDBOX } from "./sanitize";
export { describeStatus, type StatusView } from "./status";
export { createReadServices, type ContentServices, type ReadServices } from "./services";
