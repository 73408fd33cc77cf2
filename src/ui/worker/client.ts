/**
 * Run a protection job (compose) or an opening job (read) in the crypto worker when the message is large (over
 * WORKER_THRESHOLD_BYTES) and a Worker can be started; otherwise, or when the worker cannot start, on the main
 * thread. Protocol and the ready handshake: messages.ts.
 */
import { wipe } from "../../core/bytes";
import { deserializeError, type WorkerMessage, type WorkerRequest } from "./messages";
import { displayOf, type OpenJob, type OpenJobResult, type OpenStage, type Opening } from "./opening";
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

export interface OpenOptions extends RunOptions<OpenStage> {
  /**
   * The caller gives the message bytes up: the worker takes their buffer (transferred, no copy) and they are
   * unusable here afterwards. Otherwise (the bytes are kept for a retry, or are a view into other content) the
   * worker gets an exact copy of just these bytes.
   */
  handOver?: boolean;
}

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

function startWorker(create: (() => Worker) | undefined): Worker | undefined {
  if (!create && typeof Worker !== "function") return undefined;
  try {
    return (create ?? bundledWorker)();
  } catch (e) {
    // Blocked by the host's content security policy or not supported: the main thread does the work.
    console.warn("Secure Patient Mail: crypto worker unavailable, using the main thread:", e instanceof Error ? e.name : "error");
    return undefined;
  }
}

/** The worker's script did not load: it never saw the job, which can run on the main thread instead. */
class WorkerStartError extends Error {}

/** The worker stopped while it had the job (out of memory, for example): the job failed. */
export class WorkerFailedError extends Error {
  constructor(message: string) {
    super(`The crypto worker stopped: ${message}`);
    this.name = "WorkerFailedError";
  }
}

/**
 * Send the job once the worker says it is ready (messages.ts), with `transfer` taken only then: a worker that
 * cannot load rejects with WorkerStartError before anything was copied or transferred.
 */
function runInWorker<Stage, Result>(worker: Worker, prepare: () => { request: WorkerRequest; transfer: Transferable[] }, onStage: (s: Stage) => void): Promise<Result> {
  let sent = false;
  return new Promise<Result>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<WorkerMessage<Stage, Result>>) => {
      const m = event.data;
      if (m.type === "ready") {
        if (sent) return;
        sent = true;
        try {
          const { request, transfer } = prepare();
          worker.postMessage(request, transfer);
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      } else if (m.type === "stage") onStage(m.stage);
      else if (m.type === "done") resolve(m.result);
      else reject(deserializeError(m.error));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      const message = event.message || "the crypto worker failed";
      reject(sent ? new WorkerFailedError(message) : new WorkerStartError(message));
    };
    worker.onmessageerror = () => reject(new WorkerFailedError("a message could not be read"));
  });
}

export async function runProtection(job: ProtectJob, options: RunOptions = {}): Promise<ProtectJobResult & { inWorker: boolean }> {
  const onStage = options.onStage ?? (() => {});
  const mode = options.worker ?? "auto";
  const wantWorker = mode === "always" || (mode === "auto" && draftSize(job) > WORKER_THRESHOLD_BYTES);
  const worker = wantWorker ? startWorker(options.createWorker) : undefined;
  if (worker) {
    try {
      // The worker gets its own copy of the key (structured clone); ours is wiped once the job is over.
      const result = await runInWorker<ProtectStage, ProtectJobResult>(worker, () => ({ request: { type: "protect", job }, transfer: [] }), onStage);
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
 * Whether handed-over bytes can go by moving their buffer: a plain ArrayBuffer that is (nearly) all theirs. The
 * base64 decoder hands a large result back as a view of a slightly larger buffer (core/base64.ts); a small view
 * into a large buffer is copied instead, so the worker never gets (and the caller never loses) more than the bytes.
 */
function movable(bytes: Uint8Array): boolean {
  // By tag, not instanceof: the bytes may come from another realm (docs/dev/helpers.md).
  if (Object.prototype.toString.call(bytes.buffer) !== "[object ArrayBuffer]") return false;
  return bytes.byteLength > 0 && bytes.buffer.byteLength - bytes.byteLength <= Math.max(64 * 1024, bytes.byteLength / 64);
}

/**
 * The open request with what it transfers: the message bytes (the caller's own buffer when handed over, else an
 * exact copy) and an exact copy of each private key, so the worker's key material is exactly the keys (the pane's
 * own copies stay with the pane, which needs them for nested parts) and is wiped by the worker when it is done.
 */
function openRequest(job: OpenJob, handOver: boolean): { request: WorkerRequest<OpenJob>; transfer: Transferable[] } {
  const bytes = handOver && movable(job.bytes) ? job.bytes : job.bytes.slice();
  const keys = job.keys.map((k) => ({ certificate: k.certificate, privateKey: k.privateKey.slice() }));
  return { request: { type: "open", job: { ...job, bytes, keys } }, transfer: [bytes.buffer, ...keys.map((k) => k.privateKey.buffer)] };
}

/**
 * Open a received message and prepare what the pane shows: in the worker when it is large, so the pane keeps
 * painting (its progress bar) while a 30 MB message is decrypted, verified and its MIME decoded. The decoded
 * parts come back transferred (open-job.ts openedBuffers). Falls back to the main thread like runProtection.
 */
export async function runOpening(job: OpenJob, options: OpenOptions = {}): Promise<Opening> {
  const onStage = options.onStage ?? (() => {});
  const mode = options.worker ?? "auto";
  const wantWorker = mode === "always" || (mode === "auto" && job.bytes.length > WORKER_THRESHOLD_BYTES);
  const worker = wantWorker ? startWorker(options.createWorker) : undefined;
  if (worker) {
    try {
      const result = await runInWorker<OpenStage, OpenJobResult>(worker, () => openRequest(job, options.handOver === true), onStage);
      return { report: result.report, display: displayOf(result.display), bareContent: result.bareContent, inWorker: true };
    } catch (e) {
      if (!(e instanceof WorkerStartError)) throw e;
      console.warn("Secure Patient Mail: crypto worker failed to load, using the main thread");
    } finally {
      worker.terminate();
    }
  }
  const { runOpenJob } = await import("./open-job");
  const result = await runOpenJob(job, onStage);
  return { report: result.report, display: displayOf(result.display), bareContent: result.bareContent, inWorker: false };
}
