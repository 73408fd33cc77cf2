/**
 * Classic Outlook on Windows' JavaScript-only runtime, simulated: launchevent.js alone (never the HTML page),
 * checked to parse as ECMAScript 2016 (Outlook before Version 2403 runs nothing newer; a SyntaxError there
 * means the add-in "is unavailable"), then run in a worker without DOM, WebCrypto, IndexedDB, BigInt or
 * importScripts (classic-worker.ts). Its `Office` is a proxy: plain values are copied in, every *Async method
 * is called on a real fake Office over the mailbox here, and roaming settings are the runtime's snapshot whose
 * saveAsync writes back, as Office does.
 */
import { parse } from "acorn";
import { createFakeOffice } from "./fake-office";
import type { SimMailbox } from "./mailbox-state";
import { EVENT_TIMEOUT_MS, type EventOptions } from "./event-types";

/** A JSON-able picture of the fake Office: values, and "fn" where an async method is proxied. */
export type Shape = { kind: "value"; value: unknown } | { kind: "fn" } | { kind: "object"; members: Record<string, Shape> };

/** Members the worker builds itself (synchronous functions cannot cross a postMessage). */
const LOCAL = new Set(["actions", "onReady", "requirements", "roamingSettings", "__spmPending"]);

function shapeOf(value: unknown, depth: number): Shape | undefined {
  if (typeof value === "function") return { kind: "fn" };
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return value === undefined ? undefined : { kind: "value", value: structuredClone(value) };
  }
  if (depth > 6) return undefined;
  const members: Record<string, Shape> = {};
  // Own names, not just enumerable ones: the fake defines mailbox.item with defineProperty.
  for (const key of Object.getOwnPropertyNames(value)) {
    if (LOCAL.has(key)) continue;
    const shape = shapeOf((value as Record<string, unknown>)[key], depth + 1);
    if (shape) members[key] = shape;
  }
  return { kind: "object", members };
}

function resolvePath(root: unknown, path: string[]): { target: Record<string, unknown>; fn: (...args: unknown[]) => void } {
  let target = root as Record<string, unknown>;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
  const fn = target[path[path.length - 1]];
  if (typeof fn !== "function") throw new Error(`classic runtime: Office.${path.join(".")} is not a function`);
  return { target, fn: fn as (...args: unknown[]) => void };
}

export type WorkerMessage =
  | { type: "call"; id: number; path: string[]; args: unknown[] }
  | { type: "roaming-save"; id: number; settings: Record<string, unknown> }
  | { type: "completed"; options: EventOptions }
  | { type: "failed"; message: string };

export async function runInClassicRuntime(backend: SimMailbox, handlerName: string, eventType: string): Promise<EventOptions> {
  const response = await fetch("launchevent.js", { cache: "no-store" });
  if (!response.ok) throw new Error(`classic runtime: launchevent.js could not be loaded (${response.status})`);
  const script = await response.text();
  try {
    parse(script, { ecmaVersion: 2016, sourceType: "script" });
  } catch (e) {
    throw new Error(`classic runtime: launchevent.js is not ECMAScript 2016, classic Outlook could not run it: ${e instanceof Error ? e.message : String(e)}`);
  }
  // Roaming settings as this runtime loaded them, not as the mailbox holds them now (SimMailbox.eventRuntimeRoaming).
  backend.eventRuntimeRoaming ??= structuredClone(backend.roamingSettings);
  const roaming = backend.eventRuntimeRoaming;
  const office = createFakeOffice(backend, { mode: backend.mode, roamingSnapshot: roaming });
  const shape = shapeOf(office, 0);
  const worker = new Worker(new URL("./classic-worker.ts", import.meta.url), { name: "classic-outlook-runtime" });
  backend.record({ method: eventType, outcome: "sync" });
  try {
    const done = new Promise<EventOptions>((resolve, reject) => {
      worker.onerror = (e) => reject(new Error(`classic runtime: ${e.message}`));
      worker.onmessage = (e: MessageEvent<WorkerMessage>) => {
        const m = e.data;
        if (m.type === "completed") {
          backend.record({ method: eventType, outcome: "succeeded" });
          resolve(m.options);
        }
        else if (m.type === "failed") reject(new Error(`classic runtime: ${m.message}`));
        else if (m.type === "roaming-save") {
          for (const key of Object.keys(roaming)) delete roaming[key];
          Object.assign(roaming, structuredClone(m.settings));
          const save = resolvePath(office, ["context", "roamingSettings", "saveAsync"]);
          save.fn.call(save.target, (result: unknown) => worker.postMessage({ type: "result", id: m.id, result: structuredClone(result) }));
        } else if (m.type === "call") {
          try {
            const call = resolvePath(office, m.path);
            call.fn.call(call.target, ...m.args, (result: unknown) => worker.postMessage({ type: "result", id: m.id, result: structuredClone(result) }));
          } catch (err) {
            // Office.js throws synchronously for bad arguments: the worker rethrows it to the caller.
            worker.postMessage({ type: "throw", id: m.id, message: err instanceof Error ? err.message : String(err) });
          }
        }
      };
    });
    worker.postMessage({
      type: "start",
      script,
      handlerName,
      eventType,
      shape,
      requirementSets: [...backend.requirementSets],
      roamingSettings: structuredClone(roaming),
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${handlerName} did not call event.completed within five minutes`)), EVENT_TIMEOUT_MS);
    });
    return await Promise.race([done, timeout]).finally(() => clearTimeout(timer));
  } finally {
    worker.terminate();
  }
}
