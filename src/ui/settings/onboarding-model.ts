/**
 * The first-run guide's steps as a reducer, free of React (unit-tested in Node): (1) get a certificate by
 * importing a file, requesting one from a CA, or making a self-signed test one; (2) back up the key.
 */
import type { IdentityRecord } from "../../store";

export type Step = "choose" | "import" | "request" | "selfsigned" | "backup";

export interface OnboardingState {
  step: Step;
  /** The user chose "request" explicitly: show the form even when other requests are waiting. */
  requestForm: boolean;
  /** The identity made in step 1, backed up in step 2. */
  created?: IdentityRecord;
  /** Imported from a modern (PBES2) .p12: that file already is a backup the user may keep instead. */
  importedFile: boolean;
}

export type OnboardingAction =
  | { type: "go"; step: "choose" | "import" | "selfsigned" }
  | { type: "request" }
  | { type: "request-created" }
  | { type: "pending-removed"; remaining: number }
  | { type: "identity-ready"; record: IdentityRecord; fromModernFile: boolean };

/** First run with requests waiting for the CA opens on them; otherwise on the choice. */
export function initialOnboarding(pendingCount: number, startWithPending: boolean): OnboardingState {
  return { step: startWithPending && pendingCount > 0 ? "request" : "choose", requestForm: false, importedFile: false };
}

export function onboardingReducer(state: OnboardingState, action: OnboardingAction): OnboardingState {
  switch (action.type) {
    case "go":
      return { ...state, step: action.step };
    case "request":
      return { ...state, step: "request", requestForm: true };
    case "request-created":
      // The new request joins the waiting list, which is what the step shows next.
      return { ...state, requestForm: false };
    case "pending-removed":
      return action.remaining === 0 ? { ...state, step: "choose" } : state;
    case "identity-ready":
      return { ...state, step: "backup", created: action.record, importedFile: action.fromModernFile };
  }
}

/** In the request step: the waiting requests (with the import of the issued certificate), or the form. */
export function showsPendingList(state: OnboardingState, pendingCount: number): boolean {
  return state.step === "request" && pendingCount > 0 && !state.requestForm;
}

export const STEP_TITLES = {
  choose: "onboardingTitle",
  import: "importTitle",
  request: "requestTitle",
  selfsigned: "selfSignedTitle",
  backup: "backupStepTitle",
} as const satisfies Record<Step, string>;

export function stepCounter(step: Step): "stepOneOfTwo" | "stepTwoOfTwo" {
  return step === "backup" ? "stepTwoOfTwo" : "stepOneOfTwo";
}

/** "Back" returns to the choice from the certificate steps; the choice and the backup step have their own exits. */
export function offersBack(step: Step): boolean {
  return step !== "choose" && step !== "backup";
}
