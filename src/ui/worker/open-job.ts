/**
 * One opening job: every layer of a received message through the core (decrypt, verify), the same function in
 * the Web Worker and, where there is no Worker, on the main thread. A 30 MB message keeps the thread that opens
 * it busy for a second or more: in the worker, the pane's progress bar and buttons stay alive meanwhile.
 * Everything in a job and its report is plain data (structured-clone safe).
 */
import { wipe } from "../../core/bytes";
import type { PinnedCertificate } from "../../core/pki";
import { openMessage, type OpenReport } from "../../core/smime";
import type { KeyPair } from "../../core/types";

export type OpenStage = "decrypt" | "verify";

export interface OpenJob {
  bytes: Uint8Array;
  keys: KeyPair[];
  anchors: Uint8Array[];
  pinned: PinnedCertificate[];
  /** From (+ Sender) as the client shows them; undefined: the message's own headers. */
  addresses?: string[];
}

/**
 * `ownKeys`: the job's keys are this side's own copies (the worker's structured clone), wiped when done; the main
 * thread's are the pane's and stay.
 */
export async function runOpenJob(job: OpenJob, onStage: (stage: OpenStage) => void, ownKeys = false): Promise<OpenReport> {
  try {
    return await openMessage(job.bytes, {
      keys: job.keys,
      anchors: job.anchors,
      pinned: job.pinned,
      ...(job.addresses !== undefined ? { addresses: job.addresses } : {}),
      onStage: (s) => {
        if (s === "decrypt" || s === "verify") onStage(s);
      },
    });
  } finally {
    if (ownKeys) for (const k of job.keys) wipe(k.privateKey);
  }
}
