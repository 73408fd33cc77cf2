/** Shared by the simulated event runtimes (event-runtime.ts, classic-runtime.ts). */

/** Outlook ends an event handler after five minutes. */
export const EVENT_TIMEOUT_MS = 300_000;

/** What a handler passed to event.completed. */
export type EventOptions = Record<string, unknown>;
