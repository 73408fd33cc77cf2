/** Auto-lock after idle time (idle-lock.ts) with Node's own EventTarget; Jest's fake clock keeps it exact. */
import { afterEach, beforeEach, describe, jest, test } from "@jest/globals";
import assert from "node:assert/strict";
import { ACTIVITY_EVENTS, watchIdle } from "../../../../src/ui/settings/idle-lock";

const MINUTE = 60_000;

beforeEach(() => {
  jest.useFakeTimers();
});
afterEach(() => {
  jest.useRealTimers();
});

describe("idle lock", () => {
  test("fires once after the idle time, not before", () => {
    const target = new EventTarget();
    let fired = 0;
    const stop = watchIdle(target, 15 * MINUTE, () => fired++);
    jest.advanceTimersByTime(15 * MINUTE - 1);
    assert.equal(fired, 0);
    jest.advanceTimersByTime(1);
    assert.equal(fired, 1);
    jest.advanceTimersByTime(60 * MINUTE);
    assert.equal(fired, 1, "once, not every 15 minutes");
    stop();
  });

  test("every kind of activity starts the idle time again", () => {
    for (const kind of ACTIVITY_EVENTS) {
      const target = new EventTarget();
      let fired = 0;
      const stop = watchIdle(target, 5 * MINUTE, () => fired++);
      for (let i = 0; i < 10; i++) {
        jest.advanceTimersByTime(4 * MINUTE);
        target.dispatchEvent(new Event(kind));
      }
      assert.equal(fired, 0, `${kind} keeps the store unlocked`);
      jest.advanceTimersByTime(5 * MINUTE);
      assert.equal(fired, 1, `${kind}: locks once activity stops`);
      stop();
    }
  });

  test("other events do not count, and stopping removes the timer and the listeners", () => {
    const target = new EventTarget();
    let fired = 0;
    const stop = watchIdle(target, 5 * MINUTE, () => fired++);
    jest.advanceTimersByTime(4 * MINUTE);
    target.dispatchEvent(new Event("mousemove"));
    jest.advanceTimersByTime(1 * MINUTE);
    assert.equal(fired, 1, "mousemove is not activity");
    stop();

    let fired2 = 0;
    const stop2 = watchIdle(target, 5 * MINUTE, () => fired2++);
    stop2();
    target.dispatchEvent(new Event("keydown"));
    jest.advanceTimersByTime(30 * MINUTE);
    assert.equal(fired2, 0);
    assert.equal(jest.getTimerCount(), 0, "no timer left behind");
  });
});
