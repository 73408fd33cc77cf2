/**
 * src/ui/worker: protection jobs (build MIME, sign, encrypt) and opening jobs (decrypt, verify, decode the MIME)
 * and where they run: a classic Web Worker for large messages (crypto-worker.ts is its own bundle entry), the main
 * thread otherwise. client.ts alone is light (no crypto code): a pane that opens or protects through the worker
 * imports it directly, up front; this index also carries runProtectJob (the crypto code) and is imported on demand.
 */
export { runProtection, runOpening, draftSize, WorkerFailedError, WORKER_THRESHOLD_BYTES, type OpenOptions, type RunOptions } from "./client";
export type { OpenJob, OpenStage, Opening } from "./opening";
export { runProtectJob, type ProtectJob, type ProtectJobResult, type ProtectStage } from "./protect-job";
