/** The first-run guide's steps (onboarding-model.ts), as the pane drives them. */
import { describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import type { IdentityRecord } from "../../../../src/store";
import { STEP_TITLES, initialOnboarding, offersBack, onboardingReducer, showsPendingList, stepCounter, type OnboardingAction, type OnboardingState } from "../../../../src/ui/settings/onboarding-model";
import { strings } from "../../../../src/ui/settings/strings";

const record = { id: "ab".repeat(32), email: "finn@example.org" } as IdentityRecord;
const run = (state: OnboardingState, ...actions: OnboardingAction[]) => actions.reduce(onboardingReducer, state);

describe("onboarding steps", () => {
  test("first run opens on waiting requests; otherwise on the choice", () => {
    assert.equal(initialOnboarding(1, true).step, "request");
    assert.equal(initialOnboarding(0, true).step, "choose");
    assert.equal(initialOnboarding(2, false).step, "choose", "with identities, waiting requests live in the identities tab");
  });

  test("choosing 'request' shows the form even when requests wait; once created the list shows", () => {
    let s = run(initialOnboarding(1, false), { type: "request" });
    assert.equal(s.step, "request");
    assert.equal(showsPendingList(s, 1), false);
    s = onboardingReducer(s, { type: "request-created" });
    assert.equal(showsPendingList(s, 2), true);
    assert.equal(showsPendingList(s, 0), false, "no waiting request: the form");
    const opened = initialOnboarding(1, true);
    assert.equal(showsPendingList(opened, 1), true);
  });

  test("removing the last waiting request returns to the choice; removing one of several stays", () => {
    const s = initialOnboarding(2, true);
    assert.equal(onboardingReducer(s, { type: "pending-removed", remaining: 1 }), s);
    assert.equal(onboardingReducer(s, { type: "pending-removed", remaining: 0 }).step, "choose");
  });

  test("an identity leads to the backup step, remembering whether a modern file was imported", () => {
    const s = run(initialOnboarding(0, true), { type: "go", step: "import" }, { type: "identity-ready", record, fromModernFile: true });
    assert.equal(s.step, "backup");
    assert.equal(s.created, record);
    assert.equal(s.importedFile, true);
    const selfSigned = run(initialOnboarding(0, true), { type: "go", step: "selfsigned" }, { type: "identity-ready", record, fromModernFile: false });
    assert.equal(selfSigned.importedFile, false);
  });

  test("titles, the step counter and 'back' follow the step; every title exists in both languages", () => {
    for (const step of ["choose", "import", "request", "selfsigned", "backup"] as const) {
      assert.ok(strings.en[STEP_TITLES[step]] && strings.de[STEP_TITLES[step]], step);
      assert.equal(stepCounter(step), step === "backup" ? "stepTwoOfTwo" : "stepOneOfTwo");
      assert.equal(offersBack(step), step !== "choose" && step !== "backup");
    }
    assert.equal(strings.en[STEP_TITLES.backup], "Back up your key");
  });
});
