/** How the mail leaves (src/ui/compose/delivery.ts): standard wherever it works, else why not. */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { authStateAfterSilent, decideDelivery, type DeliveryInput } from "../../../../src/ui/compose/delivery";

const ok: DeliveryInput = {
  mode: "auto",
  configured: true,
  host: { naaSupported: true, closeSupported: true, accountType: "office365" },
  hasSender: true,
  hasBcc: false,
  fitsGraph: true,
  auth: { kind: "ready" },
};

test("standard by default; the user may pick either", () => {
  assert.deepEqual(decideDelivery(ok), { chosen: "standard", userMayChoose: true, refused: false, signInHelps: false });
  assert.equal(decideDelivery({ ...ok, pick: "attachment" }).chosen, "attachment");
  // Not known yet whether sign-in works: standard, the click asks.
  assert.equal(decideDelivery({ ...ok, auth: { kind: "unknown" } }).chosen, "standard");
});

test("every reason, in order, falls back to the attachment format", () => {
  const cases: [Partial<DeliveryInput>, string][] = [
    [{ configured: false }, "not-configured"],
    [{ host: { naaSupported: true, closeSupported: true, accountType: "outlookCom" } }, "outlook-com"],
    [{ host: { naaSupported: true, closeSupported: true, accountType: "enterprise" } }, "other-account"],
    [{ host: { naaSupported: true, closeSupported: true, accountType: "gmail" } }, "other-account"],
    [{ host: { naaSupported: false, closeSupported: true } }, "naa-unsupported"],
    [{ host: { naaSupported: true, closeSupported: false } }, "close-unsupported"],
    [{ hasSender: false }, "no-sender"],
    [{ hasBcc: true }, "bcc"],
    [{ fitsGraph: false }, "too-large"],
    [{ auth: { kind: "needs-sign-in", problem: "interaction-required" } }, "sign-in"],
    [{ auth: { kind: "failed", problem: "unavailable", code: "x" } }, "sign-in-failed"],
  ];
  for (const [change, reason] of cases) {
    const d = decideDelivery({ ...ok, ...change, pick: "standard" });
    assert.deepEqual([d.chosen, d.unavailable, d.refused, d.userMayChoose], ["attachment", reason, false, false], reason);
    assert.equal(d.signInHelps, reason === "sign-in");
  }
  // The first reason wins: not configured says more than a missing sign-in.
  assert.equal(decideDelivery({ ...ok, configured: false, auth: { kind: "needs-sign-in", problem: "interaction-required" } }).unavailable, "not-configured");
});

test("the admin fixes the format: attachment always; standard refuses with the reason where it cannot work", () => {
  assert.deepEqual(decideDelivery({ ...ok, mode: "attachment", pick: "standard" }), { chosen: "attachment", unavailable: "admin-attachment", userMayChoose: false, refused: false, signInHelps: false });
  assert.deepEqual(decideDelivery({ ...ok, mode: "standard", pick: "attachment" }), { chosen: "standard", userMayChoose: false, refused: false, signInHelps: false });
  const refused = decideDelivery({ ...ok, mode: "standard", fitsGraph: false });
  assert.deepEqual([refused.chosen, refused.unavailable, refused.refused], ["standard", "too-large", true]);
  assert.equal(decideDelivery({ ...ok, mode: "standard", auth: { kind: "needs-sign-in", problem: "interaction-required" } }).signInHelps, true);
});

test("a silent failure a window can fix vs one it cannot", () => {
  assert.deepEqual(authStateAfterSilent("interaction-required", "invalid_grant"), { kind: "needs-sign-in", problem: "interaction-required" });
  assert.deepEqual(authStateAfterSilent("offline", "no_network_connectivity"), { kind: "needs-sign-in", problem: "offline" });
  for (const p of ["unavailable", "admin-consent-required", "failed"] as const) assert.equal(authStateAfterSilent(p, "c").kind, "failed");
});
