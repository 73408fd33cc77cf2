/**
 * src/ui/worker: protection jobs (build MIME, sign, encrypt) and where they run: a module Web Worker for
 * large drafts (crypto-worker.ts is its own bundle entry), the main thread otherwise.
 */
export { runProtection, draftSize, WORKER_THRESHOLD_BYTES, type RunOptions } from "./client";
export { runProtectJob, type ProtectJob, type ProtectJobResult, type ProtectStage } from "./protect-job";
