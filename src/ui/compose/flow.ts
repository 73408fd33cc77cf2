/**
 * The compose pane's flow state in one reducer: what was read (the facts), the sign-in state for standard
 * S/MIME, the running stage, the outcome of the last action and a short info line. `useComposeFlow` wraps it
 * with the actions that talk to the outside world (read the draft, sign in, protect or send, undo), so the
 * pane component only renders and wires events.
 */
import { useCallback, useReducer, useRef } from "react";
import type { Language } from "../../core/types";
import { classifyAuthError, type DraftSnapshot } from "../../host";
import type { ComposeFacts } from "./blockers";
import type { ComposeServices } from "./context";
import { authStateAfterSilent, hostReason, type AuthState, type DeliveryFormat } from "./delivery";
import { acquireToken, runChoice, type RunContext } from "./flow-run";
import type { Protection } from "./notice";
import type { FlowStage } from "./protect-flow";

export type Outcome =
  /** `unplacedImages`: inline images that went into the protected message as attachments (no body reference). */
  | { kind: "done"; protection: Protection; original: DraftSnapshot; unplacedImages?: string[] }
  | { kind: "failed"; error: unknown }
  | { kind: "undone" }
  | { kind: "undo-failed"; error: unknown }
  /** Graph accepted the message; Outlook is closing the draft. */
  | { kind: "sent" }
  /** Graph accepted the message, Outlook did not close the draft: it was emptied (but for failedSteps). */
  | { kind: "sent-open"; failedSteps: string[] }
  /** The click needs a sign-in first (silent sign-in failed); nothing was sent. */
  | { kind: "needs-sign-in" }
  /** Graph may or may not have accepted the message (5xx, broken connection): check Sent Items. */
  | { kind: "unknown-outcome"; error: unknown };

export interface FlowState {
  facts?: ComposeFacts;
  loadError?: unknown;
  /** Attachments Outlook added after the port gave up on them and that could not be removed again. */
  lateProblems: string[];
  auth: AuthState;
  stage?: FlowStage;
  outcome?: Outcome;
  info?: string;
}

export type FlowAction =
  | { type: "loading" }
  | { type: "loaded"; facts: ComposeFacts; lateProblems: string[] }
  | { type: "load-failed"; error: unknown }
  | { type: "auth"; auth: AuthState }
  | { type: "start" }
  | { type: "stage"; stage: FlowStage | undefined }
  | { type: "outcome"; outcome: Outcome }
  | { type: "info"; info: string };

export const INITIAL_FLOW: FlowState = { lateProblems: [], auth: { kind: "unknown" } };

export function flowReducer(state: FlowState, action: FlowAction): FlowState {
  switch (action.type) {
    case "loading":
      return { ...state, loadError: undefined };
    case "loaded":
      return { ...state, facts: action.facts, lateProblems: action.lateProblems, loadError: undefined };
    case "load-failed":
      return { ...state, loadError: action.error };
    case "auth":
      return { ...state, auth: action.auth };
    case "start":
      return { ...state, outcome: undefined, info: undefined };
    case "stage":
      return { ...state, stage: action.stage };
    case "outcome":
      return { ...state, outcome: action.outcome };
    case "info":
      return { ...state, info: action.info };
  }
}

export interface RunChoice {
  sign: boolean;
  encrypt: boolean;
  language: Language;
  delivery: DeliveryFormat;
  /** The user's explicit format choice (the decision is re-made on the fresh draft with it). */
  pick?: DeliveryFormat;
  /** Sign in with Outlook's window first (a user's click on "Sign in and send"). */
  interactive?: boolean;
}

export interface FlowCallbacks {
  /** Screen-reader announcement for stages and outcomes. */
  announce: (text: string) => void;
  stageText: (stage: FlowStage, choice: RunChoice) => string;
  outcomeText: (outcome: Outcome) => string;
}

export interface ComposeFlow {
  state: FlowState;
  load: () => Promise<ComposeFacts | undefined>;
  /** Protect (attachment format) or send (standard), after re-reading the draft and re-checking everything. */
  run: (choice: RunChoice) => Promise<void>;
  undo: () => Promise<void>;
  /** Ask for the Mail.Send token without any window (at start); the result goes into `state.auth`. */
  checkSignIn: () => Promise<void>;
  /** Sign in with Outlook's window (a user's click); `signedIn` is said when it worked. */
  signIn: (signedIn: string) => Promise<void>;
  /** Something outside the flow changed the draft or the store (unlock, import, Bcc removed): read again, say so. */
  changed: (info: string) => Promise<void>;
  fail: (error: unknown) => void;
}

export function useComposeFlow(services: ComposeServices, callbacks: FlowCallbacks): ComposeFlow {
  const [state, dispatch] = useReducer(flowReducer, INITIAL_FLOW);
  // The latest callbacks and auth state without re-creating the actions on every render.
  const cb = useRef(callbacks);
  cb.current = callbacks;
  const auth = useRef(state.auth);
  auth.current = state.auth;

  const setAuth = useCallback((next: AuthState) => {
    auth.current = next;
    dispatch({ type: "auth", auth: next });
  }, []);

  const load = useCallback(async () => {
    dispatch({ type: "loading" });
    try {
      // The certificate code (address book checks) loads after the pane's first paint.
      const { readFacts } = await import("./facts");
      const facts = await readFacts(services);
      dispatch({ type: "loaded", facts, lateProblems: services.port.lateAttachmentProblems() });
      return facts;
    } catch (e) {
      dispatch({ type: "load-failed", error: e });
      return undefined;
    }
  }, [services]);

  const finish = useCallback((outcome: Outcome) => {
    dispatch({ type: "outcome", outcome });
    cb.current.announce(cb.current.outcomeText(outcome));
  }, []);

  const context = useRef<RunContext | undefined>(undefined);
  context.current = {
    services,
    dispatch,
    load,
    finish,
    setAuth,
    auth: () => auth.current,
    announceStage: (stage, choice) => cb.current.announce(cb.current.stageText(stage, choice)),
  };
  const token = useCallback((interactive: boolean) => acquireToken(context.current!, interactive), []);

  const run = useCallback((choice: RunChoice) => runChoice(context.current!, choice), []);

  const outcome = state.outcome;
  const undo = useCallback(async () => {
    if (outcome?.kind !== "done") return;
    try {
      await services.port.restore(outcome.original);
      finish({ kind: "undone" });
      await load();
    } catch (e) {
      finish({ kind: "undo-failed", error: e });
    }
  }, [services, outcome, load, finish]);

  const checkSignIn = useCallback(async () => {
    const { tokens } = services.delivery;
    // Only where standard S/MIME can work at all (NAA checked ourselves: MSAL would quietly start a browser
    // sign-in instead), and no sign-in where the policy or the account rules it out.
    if (!tokens || hostReason(services.delivery) || auth.current.kind !== "unknown") return;
    try {
      await tokens.silent();
      setAuth({ kind: "ready" });
    } catch (e) {
      const { problem, code } = classifyAuthError(e);
      setAuth(authStateAfterSilent(problem, code));
    }
  }, [services, setAuth]);

  const signIn = useCallback(
    async (signedIn: string) => {
      dispatch({ type: "start" });
      if (!(await token(true))) return;
      dispatch({ type: "info", info: signedIn });
      cb.current.announce(signedIn);
    },
    [token],
  );

  const changed = useCallback(
    async (info: string) => {
      await load();
      dispatch({ type: "info", info });
      cb.current.announce(info);
    },
    [load],
  );

  const fail = useCallback((error: unknown) => dispatch({ type: "outcome", outcome: { kind: "failed", error } }), []);

  return { state, load, run, undo, checkSignIn, signIn, changed, fail };
}
