/**
 * The crypto Web Worker (a classic worker chunk that webpack emits from client.ts): runs protection and opening
 * jobs off the main thread so the panes stay responsive for large messages. Protocol: messages.ts; the jobs:
 * serve.ts.
 */
import { serveJobs, type WorkerScope } from "./serve";

serveJobs(globalThis as unknown as WorkerScope);
