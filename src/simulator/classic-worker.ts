/**
 * The inside of the simulated classic-Outlook JavaScript-only runtime (a dedicated worker, so no DOM):
 * removes what that runtime lacks (WebCrypto, IndexedDB, BigInt, importScripts), builds `Office` from the
 * page's shape with proxied *Async methods, evaluates launchevent.js as a classic script in the global scope,
 * and delivers one event to the handler it registered. Dev only (the simulator).
 */
import type { Shape } from "./classic-runtime";

type Callback = (result: unknown) => void;
interface Start {
  type: "start";
  script: string;
  handlerName: string;
  eventType: string;
  shape: Shape;
  requirementSets: string[];
  roamingSettings: Record<string, unknown>;
}

const scope = self as unknown as Record<string, unknown> & { postMessage(m: unknown): void };
const pending = new Map<number, { callback?: Callback; asyncContext: unknown }>();
let nextId = 1;

/** What the JavaScript-only runtime does not have (docs/decisions.md, "OnMessageDecrypt"). */
function strip(): void {
  for (const name of ["crypto", "indexedDB", "caches", "BigInt", "importScripts", "Worker", "OffscreenCanvas"]) {
    try {
      Object.defineProperty(scope, name, { value: undefined, configurable: true, writable: true });
    } catch {
      delete scope[name];
    }
    if (scope[name] !== undefined) throw new Error(`cannot remove ${name} from the simulated runtime`);
  }
}

function proxy(path: string[]): (...args: unknown[]) => void {
  return (...all: unknown[]) => {
    const callback = all.find((a): a is Callback => typeof a === "function");
    const args = all.filter((a) => typeof a !== "function");
    const options = args.find((a) => a && typeof a === "object" && "asyncContext" in a) as { asyncContext?: unknown } | undefined;
    const id = nextId++;
    pending.set(id, { callback, asyncContext: options?.asyncContext });
    // The asyncContext stays here (it may hold functions); the page sees the rest.
    const plain = args.map((a) => (a === options ? { ...options, asyncContext: undefined } : a));
    scope.postMessage({ type: "call", id, path, args: plain });
  };
}

function build(shape: Shape, path: string[]): unknown {
  if (shape.kind === "value") return shape.value;
  if (shape.kind === "fn") return /Async$/.test(path[path.length - 1]) ? proxy(path) : undefined;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(shape.members)) {
    const value = build(member, [...path, key]);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function office(start: Start, handlers: Map<string, (event: unknown) => unknown>): Record<string, unknown> {
  const o = build(start.shape, []) as Record<string, unknown> & { context: Record<string, unknown> };
  const settings = structuredClone(start.roamingSettings);
  o.context.requirements = {
    isSetSupported(name: string, minVersion?: string | number) {
      if (String(name).toLowerCase() !== "mailbox") return false;
      if (minVersion === undefined) return true;
      const [wMaj, wMin] = String(minVersion).split(".").map(Number);
      return start.requirementSets.some((v) => {
        const [maj, min] = v.split(".").map(Number);
        return maj > wMaj || (maj === wMaj && min >= (wMin || 0));
      });
    },
  };
  o.context.roamingSettings = {
    get: (name: string) => settings[name],
    set: (name: string, value: unknown) => void (settings[name] = JSON.parse(JSON.stringify(value))),
    remove: (name: string) => void delete settings[name],
    saveAsync(...all: unknown[]) {
      const id = nextId++;
      pending.set(id, { callback: all.find((a): a is Callback => typeof a === "function"), asyncContext: undefined });
      scope.postMessage({ type: "roaming-save", id, settings });
    },
  };
  // Event-based activation registers by name; Office.onReady/initialize do not run in this runtime.
  o.actions = { associate: (name: string, fn: (event: unknown) => unknown) => void handlers.set(name, fn) };
  return o;
}

function run(start: Start): void {
  strip();
  const handlers = new Map<string, (event: unknown) => unknown>();
  scope.Office = office(start, handlers);
  // Indirect eval: the script runs in the global scope like a classic <script>, nothing else of ours in scope.
  (0, eval)(start.script);
  const handler = handlers.get(start.handlerName);
  if (!handler) throw new Error(`launchevent.js registered no ${start.handlerName}`);
  let answered = false;
  const returned = handler({
    type: start.eventType,
    completed(options?: Record<string, unknown>) {
      if (answered) return;
      answered = true;
      scope.postMessage({ type: "completed", options: JSON.parse(JSON.stringify(options ?? {})) as unknown });
    },
  });
  // A handler that rejects without answering would leave Outlook waiting five minutes; report it at once.
  Promise.resolve(returned).catch((err: unknown) => {
    if (!answered) scope.postMessage({ type: "failed", message: `the handler failed without answering: ${err instanceof Error ? err.message : String(err)}` });
  });
}

self.onmessage = (e: MessageEvent<Start | { type: "result"; id: number; result: { asyncContext?: unknown } } | { type: "throw"; id: number; message: string }>) => {
  const m = e.data;
  try {
    if (m.type === "start") run(m);
    else {
      const call = pending.get(m.id);
      pending.delete(m.id);
      if (m.type === "throw") throw new Error(m.message);
      call?.callback?.({ ...m.result, asyncContext: call.asyncContext });
    }
  } catch (err) {
    scope.postMessage({ type: "failed", message: err instanceof Error ? err.message : String(err) });
  }
};
