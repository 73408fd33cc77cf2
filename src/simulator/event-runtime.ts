/**
 * Outlook's event runtimes in the simulator, running the REAL event bundles:
 * - web (Outlook on the web, new Outlook): a fresh hidden frame loads launchevent.html, as Outlook does, with
 *   the fake Office in place of office.js; the handler it registers gets the event, the frame goes away after.
 * - classic Outlook on Windows (platform "PC"): launchevent.js alone in a bare JavaScript context without
 *   DOM, WebCrypto or IndexedDB, refused unless it parses as ECMAScript 2016 (classic-runtime.ts).
 * openReadItem() is what Outlook does when a received item is opened: OnMessageDecrypt for items carrying our
 * header, where the client supports it.
 */
import { PROTECTION_MARKERS } from "../core/policy";
import { parseMime } from "../core/mime";
import { runInClassicRuntime } from "./classic-runtime";
import { EVENT_TIMEOUT_MS, type EventOptions } from "./event-types";
import type { SimMailbox } from "./mailbox-state";

const FRAME_LOAD_TIMEOUT_MS = 30_000;

export interface DecryptOpening {
  /** Whether Outlook ran OnMessageDecrypt, and if not, why (the simulator's reading view says so). */
  ran: boolean;
  reason?: "no-header" | "native-smime" | "not-on-this-client" | "no-requirement-set";
  /** Exactly what the handler passed to event.completed. */
  options?: EventOptions;
}

function wait<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(what)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Run `handlerName` in a fresh launchevent.html frame (the web runtime) and return its completed() options. */
export async function runInWebRuntime(backend: SimMailbox, handlerName: string, eventType: string): Promise<EventOptions> {
  backend.actions.delete(handlerName); // a handler from an earlier runtime must not answer for this one
  const frame = document.createElement("iframe");
  frame.title = "Outlook event runtime (launchevent.html)";
  frame.dataset.simEventRuntime = "web";
  frame.style.display = "none";
  try {
    const loaded = new Promise<void>((resolve) => frame.addEventListener("load", () => resolve(), { once: true }));
    frame.src = `launchevent.html?_sim=${Date.now()}`;
    document.body.appendChild(frame);
    await wait(loaded, FRAME_LOAD_TIMEOUT_MS, "launchevent.html did not load");
    const handler = backend.actions.get(handlerName);
    if (!handler) throw new Error(`launchevent.html registered no ${handlerName}`);
    backend.record({ method: eventType, outcome: "sync" });
    const completed = new Promise<EventOptions>((resolve) => {
      handler({
        type: eventType,
        completed: (options?: EventOptions) => {
          // The log's two entries time the handler (event delivered -> completed), e.g. for the 25 MB measurement.
          backend.record({ method: eventType, outcome: "succeeded" });
          resolve(structuredClone(options ?? {}));
        },
      });
    });
    return await wait(completed, EVENT_TIMEOUT_MS, `${handlerName} did not call event.completed within five minutes`);
  } finally {
    frame.remove();
  }
}

function carriesHeader(emlBytes: Uint8Array): boolean {
  return parseMime(emlBytes).header(PROTECTION_MARKERS.header) !== undefined;
}

/** Open the read item as Outlook would: OnMessageDecrypt when the item carries our header and the client has it. */
export async function openReadItem(backend: SimMailbox): Promise<DecryptOpening> {
  const item = backend.readItem;
  if (!item) throw new Error("openItem: no message loaded (call loadMessage first)");
  backend.mode = "read";
  backend.lastDecrypt = undefined;
  let opening: DecryptOpening;
  if (!carriesHeader(item.emlBytes)) opening = { ran: false, reason: "no-header" };
  // Outlook does not hand S/MIME- or IRM-protected items to decryption add-ins.
  else if (/^IPM\.Note\.SMIME/i.test(item.itemClass)) opening = { ran: false, reason: "native-smime" };
  // Mac (and mobile) have no OnMessageDecrypt.
  else if (backend.platform === "Mac") opening = { ran: false, reason: "not-on-this-client" };
  else if (!backend.supports("1.16")) opening = { ran: false, reason: "no-requirement-set" };
  else {
    const run = backend.platform === "PC" ? runInClassicRuntime : runInWebRuntime;
    const options = await run(backend, "onMessageDecryptHandler", "olkMessageDecrypt");
    backend.lastDecrypt = options;
    opening = { ran: true, options };
  }
  backend.changed();
  return opening;
}
