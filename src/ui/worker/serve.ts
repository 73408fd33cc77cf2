/**
 * The worker side of the protocol (messages.ts): takes one job, reports its stages, answers with the result or a
 * serialized error. A function of the scope, so the crypto worker runs it on its own global and tests on a stand-in.
 * A worker keeps nothing of a job once it has answered (the client may keep it as the spare for the next job), so
 * handing the result's buffers over (transfer) costs it nothing.
 */
import { serializeError, type WorkerRequest } from "./messages";
import { runOpenJob } from "./open-job";
import { openedBuffers, type OpenJob } from "./opening";
import { runProtectJob, type ProtectJob } from "./protect-job";

type Request = WorkerRequest<ProtectJob> | WorkerRequest<OpenJob>;

export interface WorkerScope {
  onmessage: ((event: MessageEvent<Request>) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}

export function serveJobs(scope: WorkerScope): void {
  const stage = (stage: string) => scope.postMessage({ type: "stage", stage });
  const failed = (error: unknown) => scope.postMessage({ type: "error", error: serializeError(error) });
  scope.onmessage = (event) => {
    const request = event.data;
    if (request?.type === "protect") {
      runProtectJob(request.job as ProtectJob, stage).then((result) => scope.postMessage({ type: "done", result }), failed);
    } else if (request?.type === "open") {
      // The keys arrived transferred: they are this worker's own and are wiped once the core is done with them.
      runOpenJob(request.job as OpenJob, stage, true).then((result) => scope.postMessage({ type: "done", result }, openedBuffers(result)), failed);
    }
  };
  // The script has loaded and can take a job (messages.ts: the ready handshake).
  scope.postMessage({ type: "ready" });
}
