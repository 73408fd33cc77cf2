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

/** The worker's script did not load: it never saw the job, which can run on the main thread instead. */
class WorkerStartError extends Error {}

/** The worker stopped while it had the job (out of memory, for example): the job failed. */
export class WorkerFailedError extends Error {
  constructor(message: string) {
    super(`The crypto worker stopped: ${message}`);
    this.name = "WorkerFailedError";
  }
}

/** A started worker and whether its script has loaded (messages.ts: the ready handshake). */
interface Started {
  worker: Worker;
  /** Resolves on "ready"; rejects with WorkerStartError when the script fails before. */
  ready: Promise<void>;
}

function startWorker(create: (() => Worker) | undefined): Started | undefined {
  if (!create && typeof Worker !== "function") return undefined;
  let worker: Worker;
  try {
    worker = (create ?? bundledWorker)();
  } catch (e) {
    // Blocked by the host's content security policy or not supported: the main thread does the work.
    console.warn("Secure Patient Mail: crypto worker unavailable, using the main thread:", e instanceof Error ? e.name : "error");
    return undefined;
  }
  const ready = new Promise<void>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<{ type?: string }>) => {
      if (event.data?.type === "ready") resolve();
    };
    worker.onerror = (event) => {
      event.preventDefault();
      reject(new WorkerStartError(event.message || "the crypto worker failed to load"));
    };
  });
  // Handled where the job awaits it; a spare that failed and was never used must not be an unhandled rejection.
  ready.catch(() => undefined);
  return { worker, ready };
}

/**
 * One started worker kept for the next opening job (prepareOpening, and a worker whose job went well): its script
 * is loaded, so that job neither waits for it nor makes a request (the web reader promises none once a file is
 * chosen). It holds no key and no message between jobs: keys are wiped and results transferred at the end of each.
 */
let spare: Started | undefined;

function takeSpare(): Started | undefined {
  const s = spare;
  spare = undefined;
  return s;
}

function release(started: Started, ok: boolean): void {
  if (ok && !spare) spare = started;
  else started.worker.terminate();
}

/**
 * Load what opening needs before a message is there: the main thread's opening code and, with `worker`, a
 * started crypto worker. The read pane calls it when the item's attachment is large, the web reader on load.
 * Failures are not lost: they surface (and fall back) when a message is opened.
 */
export function prepareOpening(options: { worker: boolean; mainThread: boolean }): void {
  if (options.mainThread) void import("./open-job").catch(() => undefined);
  if (options.worker && !spare) spare = startWorker(undefined);
}

/**
 * Send the job once the worker is ready, with `transfer` taken only then: a worker that cannot load rejects with
 * WorkerStartError before anything was copied or transferred.
 */
async function runInWorker<Stage, Result>(started: Started, prepare: () => { request: WorkerRequest; transfer: Transferable[] }, onStage: (s: Stage) => void): Promise<Result> {
  await started.ready;
  const { worker } = started;
  return new Promise<Result>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<WorkerMessage<Stage, Result>>) => {
      const m = event.data;
      if (m.type === "stage") onStage(m.stage);
      else if (m.type === "done") resolve(m.result);
      else if (m.type === "error") reject(deserializeError(m.error));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      reject(new WorkerFailedError(event.message || "unknown error"));
    };
    worker.onmessageerror = () => reject(new WorkerFailedError("a message could not be read"));
    const { request, transfer } = prepare();
    worker.postMessage(request, transfer);
  });
}

export async function runProtection(job: ProtectJob, options: RunOptions = {}): Promise<ProtectJobResult & { inWorker: boolean }> {
  const onStage = options.onStage ?? (() => {});
  const mode = options.worker ?? "auto";
  const wantWorker = mode === "always" || (mode === "auto" && draftSize(job) > WORKER_THRESHOLD_BYTES);
  // A new worker per protection job (compose), ended when the job is.
  const started = wantWorker ? startWorker(options.createWorker) : undefined;
  if (started) {
    try {
      // The worker gets its own copy of the key (structured clone); ours is wiped once the job is over.
      const result = await runInWorker<ProtectStage, ProtectJobResult>(started, () => ({ request: { type: "protect", job }, transfer: [] }), onStage);
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
      started.worker.terminate();
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
 * parts come back transferred (opening.ts openedBuffers). Falls back to the main thread like runProtection.
 */
export async function runOpening(job: OpenJob, options: OpenOptions = {}): Promise<Opening> {
  const onStage = options.onStage ?? (() => {});
  const mode = options.worker ?? "auto";
  const wantWorker = mode === "always" || (mode === "auto" && job.bytes.length > WORKER_THRESHOLD_BYTES);
  // The spare (prepareOpening, or the last job's worker) unless a test brings its own.
  const started = wantWorker ? ((options.createWorker ? undefined : takeSpare()) ?? startWorker(options.createWorker)) : undefined;
  if (started) {
    let healthy = false;
    try {
      const result = await runInWorker<OpenStage, OpenJobResult>(started, () => openRequest(job, options.handOver === true), onStage);
      healthy = true;
      return { report: result.report, display: displayOf(result.display), bareContent: result.bareContent, inWorker: true };
    } catch (e) {
      if (e instanceof WorkerStartError) {
        console.warn("Secure Patient Mail: crypto worker failed to load, using the main thread");
      } else {
        // The job's own error (not for me, tampered ...): the worker answered and is fine.
        healthy = !(e instanceof WorkerFailedError);
        throw e;
      }
    } finally {
      // A worker that answered is kept for the next job (one spare at most); one that failed is ended.
      release(started, healthy && !options.createWorker);
    }
  }
  const { runOpenJob } = await import("./open-job");
  const result = await runOpenJob(job, onStage);
  return { report: result.report, display: displayOf(result.display), bareContent: result.bareContent, inWorker: false };
}
