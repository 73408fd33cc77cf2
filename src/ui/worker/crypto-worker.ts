/**
 * The crypto Web Worker (a classic worker chunk that webpack emits from client.ts): runs protection jobs off the
 * main thread so the pane stays responsive for large drafts. Protocol (see client.ts):
 *   in:  { type: "protect", job }
 *   out: { type: "stage", stage } ... then { type: "done", result } or { type: "error", error }
 */
import { runProtectJob, type ProtectJob } from "./protect-job";
import { serializeError } from "./messages";

interface WorkerScope {
  onmessage: ((event: MessageEvent<{ type: "protect"; job: ProtectJob }>) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;

scope.onmessage = (event) => {
  if (event.data?.type !== "protect") return;
  runProtectJob(event.data.job, (stage) => scope.postMessage({ type: "stage", stage })).then(
    (result) => scope.postMessage({ type: "done", result }),
    (error: unknown) => scope.postMessage({ type: "error", error: serializeError(error) }),
  );
};
