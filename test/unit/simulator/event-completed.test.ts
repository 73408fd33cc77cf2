/**
 * What the simulator accepts in a Smart Alerts event.completed call (src/simulator/event-completed.ts), from
 * Office.SmartAlertsEventCompletedOptions: lengths, requirement sets, sendModeOverride, unknown command ids.
 * The browser test (test/e2e/sendguard/recipients.test.ts) runs the same rules in both simulated runtimes.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { checkSendCompleted } from "../../../src/simulator/event-completed";

const upTo = (max: string) => (v: string) => Number(v.split(".")[1]) <= Number(max.split(".")[1]);
const context = (max = "1.16") => ({ supports: upTo(max), controlIds: new Set(["spmComposeOpenPane", "spmComposeSettings"]) });
const refused = (options: Record<string, unknown>, pattern: RegExp, max?: string) =>
  assert.throws(() => checkSendCompleted(options, context(max)), (e: unknown) => e instanceof Error && e.name === "EventCompletedError" && pattern.test(e.message));

test("texts at the documented limits pass; one character more is refused", () => {
  const ok = { allowEvent: false, errorMessage: "m".repeat(500), cancelLabel: "c".repeat(20), commandId: "spmComposeOpenPane" };
  assert.deepEqual(checkSendCompleted(ok, context()), ok);
  refused({ ...ok, errorMessage: "m".repeat(501) }, /errorMessage is 501 characters; Outlook allows 500/);
  refused({ ...ok, cancelLabel: "c".repeat(21) }, /cancelLabel is 21 characters; Outlook allows 20/);
  refused({ ...ok, errorMessageMarkdown: "m".repeat(501) }, /errorMessageMarkdown is 501 characters/);
  refused({ ...ok, errorMessage: 42 }, /errorMessage must be a string/);
});

test("options need their requirement set: 1.14 for the button and sendModeOverride, 1.15 for Markdown", () => {
  refused({ allowEvent: false, commandId: "spmComposeOpenPane" }, /commandId needs Mailbox 1\.14/, "1.13");
  refused({ allowEvent: false, sendModeOverride: "promptUser" }, /sendModeOverride needs Mailbox 1\.14/, "1.12");
  refused({ allowEvent: false, errorMessageMarkdown: "**x**" }, /errorMessageMarkdown needs Mailbox 1\.15/, "1.14");
  assert.deepEqual(checkSendCompleted({ allowEvent: false, errorMessage: "x" }, context("1.12")), { allowEvent: false, errorMessage: "x" });
  refused({ allowEvent: true, keepOpen: true }, /unknown option keepOpen/);
});

test("sendModeOverride: only promptUser", () => {
  assert.equal(checkSendCompleted({ allowEvent: false, sendModeOverride: "promptUser" }, context()).sendModeOverride, "promptUser");
  refused({ allowEvent: false, sendModeOverride: "softBlock" }, /only promptUser/);
});

test("a command id the manifest lacks: the button only cancels (Outlook drops it, its label and contextData)", () => {
  assert.deepEqual(checkSendCompleted({ allowEvent: false, errorMessage: "x", cancelLabel: "Fix", commandId: "spmNoSuchControl", contextData: "{}" }, context()), {
    allowEvent: false,
    errorMessage: "x",
  });
  // contextData without a command id is ignored (documented).
  assert.deepEqual(checkSendCompleted({ allowEvent: false, contextData: "{}" }, context()), { allowEvent: false });
});
