/**
 * src/ui/worker: protection jobs (build MIME, sign, encrypt) and opening jobs (decrypt, verify) and where they
 * run: a classic Web Worker for large messages (crypto-worker.ts is its own bundle entry), the main thread
 * otherwise.
 */
export { runProtection, runOpening, draftSize, WORKER_THRESHOLD_BYTES, type RunOptions } from "./client";
export type { OpenJob, OpenStage } from "./open-job";
export { runProtectJob, type ProtectJob, type ProtectJobResult, type ProtectStage } from "./protect-job";
