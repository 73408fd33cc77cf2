/**
 * The crypto Web Worker (a classic worker chunk that webpack emits from client.ts): runs protection and opening
 * jobs off the main thread so the panes stay responsive for large messages. Protocol (see client.ts):
 *   in:  { type: "protect", job } or { type: "open", job }
 *   out: { type: "stage", stage } ... then { type: "done", result } or { type: "error", error }
 * An opened message's content goes back transferred, not copied, when it owns its buffer.
 */
import { runProtectJob, type ProtectJob } from "./protect-job";
import { runOpenJob, type OpenJob } from "./open-job";
import { serializeError } from "./messages";

type Request = { type: "protect"; job: ProtectJob } | { type: "open"; job: OpenJob };

interface WorkerScope {
  onmessage: ((event: MessageEvent<Request>) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;
const stage = (stage: string) => scope.postMessage({ type: "stage", stage });
const failed = (error: unknown) => scope.postMessage({ type: "error", error: serializeError(error) });

scope.onmessage = (event) => {
  const request = event.data;
  if (request?.type === "protect") {
    runProtectJob(request.job, stage).then((result) => scope.postMessage({ type: "done", result }), failed);
  } else if (request?.type === "open") {
    runOpenJob(request.job, stage, true).then((report) => {
      const content = report.content;
      const whole = content.byteOffset === 0 && content.byteLength === content.buffer.byteLength && content.buffer instanceof ArrayBuffer;
      scope.postMessage({ type: "done", result: report }, whole ? [content.buffer] : []);
    }, failed);
  }
};
