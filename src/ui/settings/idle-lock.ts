/**
 * Auto-lock after idle time: `onIdle` runs once `delayMs` pass without pointer, key or wheel activity on
 * `target`. Plain DOM events and timers, no React (unit-tested in Node with its EventTarget).
 */

export const ACTIVITY_EVENTS = ["pointerdown", "keydown", "wheel"] as const;

/** Starts watching; the returned function stops it (timer and listeners). */
export function watchIdle(target: EventTarget, delayMs: number, onIdle: () => void): () => void {
  let timer = setTimeout(onIdle, delayMs);
  const reset = () => {
    clearTimeout(timer);
    timer = setTimeout(onIdle, delayMs);
  };
  for (const e of ACTIVITY_EVENTS) target.addEventListener(e, reset, { passive: true });
  return () => {
    clearTimeout(timer);
    for (const e of ACTIVITY_EVENTS) target.removeEventListener(e, reset);
  };
}
