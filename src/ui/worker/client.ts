/**
 * Run a protection job (compose) or an opening job (read) in the crypto worker when the message is large (over
 * WORKER_THRESHOLD_BYTES) and a Worker can be started; otherwise, or when the worker cannot start, on the main
 * thread.
 */
import { wipe } from "../../core/bytes";
import type { OpenReport } from "../../core/smime";
import { deserializeError, type SerializedError } from "./messages";
import type { OpenJob, OpenStage } from "./open-job";
import type { ProtectJob, ProtectJobResult, ProtectStage } from "./protect-job";

/** Below this, starting a worker (and loading the crypto code a second time) costs more than it saves. */
export const WORKER_THRESHOLD_BYTES = 1_000_000;

export interface RunOptions<Stage = ProtectStage> {
  onStage?: (stage: Stage) => void;
  /** "auto" (default): the worker for large drafts; "never"/"always" for tests and diagnostics. */
  worker?: "auto" | "never" | "always";
  /** Start the worker some other way (tests); default: the bundled crypto worker. */
  createWorker?: () => Worker;
}

type WorkerMessage<Stage, Result> = { type: "stage"; stage: Stage } | { type: "done"; result: Result } | { type: "error"; error: SerializedError };

export function draftSize(job: ProtectJob): number {
  const text = (job.draft.html?.length ?? 0) + (job.draft.text?.length ?? 0);
  return text + job.draft.attachments.reduce((n, a) => n + a.content.length, 0);
}

/**
 * The bundled crypto worker. Written exactly in this form so webpack finds it and emits the worker as its
 * own classic script (webpack loads worker chunks with importScripts, which module workers forbid).
 */
function bundledWorker(): Worker {
  return new Worker(new URL("./crypto-worker.ts", import.meta.url), { name: "spm-crypto" });
}

function startWorker(create: () => Worker): Worker | undefined {
  if (typeof Worker !== "function") return undefined;
  try {
    return create();
  } catch (e) {
    // Blocked by the host's content security policy or not supported: the main thread does the work.
    console.warn("Secure Patient Mail: crypto worker unavailable, using the main thread:", e instanceof Error ? e.name : "error");
    return undefined;
  }
}

function runInWorker<Stage, Result>(worker: Worker, request: { type: "protect" | "open"; job: unknown }, onStage: (s: Stage) => void): Promise<Result> {
  return new Promise<Result>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<WorkerMessage<Stage, Result>>) => {
      const m = event.data;
      if (m.type === "stage") onStage(m.stage);
      else if (m.type === "done") resolve(m.result);
      else reject(deserializeError(m.error));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      reject(new WorkerStartError(event.message || "the crypto worker failed"));
    };
    worker.postMessage(request);
  });
}

class WorkerStartError extends Error {}

export async function runProtection(job: ProtectJob, options: RunOptions = {}): Promise<ProtectJobResult & { inWorker: boolean }> {
  const onStage = options.onStage ?? (() => {});
  const mode = options.worker ?? "auto";
  const wantWorker = mode === "always" || (mode === "auto" && draftSize(job) > WORKER_THRESHOLD_BYTES);
  const worker = wantWorker ? startWorker(options.createWorker ?? bundledWorker) : undefined;
  if (worker) {
    try {
      // The worker gets its own copy of the key (structured clone); ours is wiped once the job is over.
      const result = await runInWorker<ProtectStage, ProtectJobResult>(worker, { type: "protect", job }, onStage);
      wipe(job.identity.privateKey);
      return { ...result, inWorker: true };
    } catch (e) {
      // A worker that could not load its script never started the job: do it here instead.
      if (!(e instanceof WorkerStartError)) {
        wipe(job.identity.privateKey);
        throw e;
      }
      console.warn("Secure Patient Mail: crypto worker failed to load, using the main thread");
    } finally {
      worker.terminate();
    }
  }
  // Main thread: the crypto code is loaded only now (the worker has its own copy of it).
  const { runProtectJob } = await import("./protect-job");
  return { ...(await runProtectJob(job, onStage)), inWorker: false };
}

/**
 * Open a received message: in the worker when it is large, so the pane keeps painting (its progress bar) while a
 * 30 MB message is decrypted and verified. The worker gets copies of the keys (structured clone; wiped there when
 * done) and sends the content back transferred. Falls back to the main thread like runProtection.
 */
export async function runOpening(job: OpenJob, options: RunOptions<OpenStage> = {}): Promise<OpenReport & { inWorker: boolean }> {
  const onStage = options.onStage ?? (() => {});
  const mode = options.worker ?? "auto";
  const wantWorker = mode === "always" || (mode === "auto" && job.bytes.length > WORKER_THRESHOLD_BYTES);
  const worker = wantWorker ? startWorker(options.createWorker ?? bundledWorker) : undefined;
  if (worker) {
    try {
      return { ...(await runInWorker<OpenStage, OpenReport>(worker, { type: "open", job }, onStage)), inWorker: true };
    } catch (e) {
      if (!(e instanceof WorkerStartError)) throw e;
      console.warn("Secure Patient Mail: crypto worker failed to load, using the main thread");
    } finally {
      worker.terminate();
    }
  }
  const { runOpenJob } = await import("./open-job");
  return { ...(await runOpenJob(job, onStage)), inWorker: false };
}
