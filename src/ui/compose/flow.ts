/**
 * The compose pane's flow state in one reducer: what was read (the facts), the running stage, the outcome of
 * the last action and a short info line. `useComposeFlow` wraps it with the actions that talk to the outside
 * world (read the draft, protect it, undo), so the pane component only renders and wires events.
 */
import { useCallback, useReducer, useRef } from "react";
import type { Language } from "../../core/types";
import type { DraftSnapshot } from "../../host";
import { composeBlockers, isAlreadyProtected, type ComposeFacts } from "./blockers";
import { protectionOf, type Protection } from "./notice";
import type { FlowStage } from "./protect-flow";
import { allRecipientStatuses } from "./recipients";
import type { ComposeServices } from "./services";

export type Outcome =
  | { kind: "done"; protection: Protection; original: DraftSnapshot }
  | { kind: "failed"; error: unknown }
  | { kind: "undone" }
  | { kind: "undo-failed"; error: unknown };

export interface FlowState {
  facts?: ComposeFacts;
  loadError?: unknown;
  /** Attachments Outlook added after the port gave up on them and that could not be removed again. */
  lateProblems: string[];
  stage?: FlowStage;
  outcome?: Outcome;
  info?: string;
}

export type FlowAction =
  | { type: "loading" }
  | { type: "loaded"; facts: ComposeFacts; lateProblems: string[] }
  | { type: "load-failed"; error: unknown }
  | { type: "start" }
  | { type: "stage"; stage: FlowStage | undefined }
  | { type: "outcome"; outcome: Outcome }
  | { type: "info"; info: string };

export const INITIAL_FLOW: FlowState = { lateProblems: [] };

export function flowReducer(state: FlowState, action: FlowAction): FlowState {
  switch (action.type) {
    case "loading":
      return { ...state, loadError: undefined };
    case "loaded":
      return { ...state, facts: action.facts, lateProblems: action.lateProblems, loadError: undefined };
    case "load-failed":
      return { ...state, loadError: action.error };
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

function pickIdentity(identities: ComposeFacts["identity"][], from: string | undefined): ComposeFacts["identity"] {
  const address = from?.toLowerCase();
  return identities.find((i) => i?.email.toLowerCase() === address) ?? identities[0];
}

/** Read the draft, the store and every recipient's certificate status. */
export async function readFacts(services: ComposeServices): Promise<ComposeFacts> {
  const snapshot = await services.port.readSnapshot();
  const state = await services.store.state();
  const identities = state.identityCount > 0 ? await services.store.listIdentities() : [];
  const identity = pickIdentity(identities, snapshot.from?.emailAddress);
  const recipients = await allRecipientStatuses(services.store, services.anchors, snapshot.to, snapshot.cc);
  return { snapshot, state, identity, recipients };
}

export interface RunChoice {
  sign: boolean;
  encrypt: boolean;
  language: Language;
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
  /** Protect the draft with these switches, after re-reading it and re-checking every blocker. */
  run: (choice: RunChoice) => Promise<void>;
  undo: () => Promise<void>;
  /** Something outside the flow changed the draft or the store (unlock, import, Bcc removed): read again, say so. */
  changed: (info: string) => Promise<void>;
  fail: (error: unknown) => void;
}

export function useComposeFlow(services: ComposeServices, callbacks: FlowCallbacks): ComposeFlow {
  const [state, dispatch] = useReducer(flowReducer, INITIAL_FLOW);
  // The latest callbacks without re-creating the actions on every render.
  const cb = useRef(callbacks);
  cb.current = callbacks;

  const load = useCallback(async () => {
    dispatch({ type: "loading" });
    try {
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

  const run = useCallback(
    async (choice: RunChoice) => {
      dispatch({ type: "start" });
      const onStage = (stage: FlowStage) => {
        dispatch({ type: "stage", stage });
        cb.current.announce(cb.current.stageText(stage, choice));
      };
      onStage("reading");
      try {
        // Read again: the user may have changed the draft since the pane last looked.
        const fresh = await load();
        if (!fresh) throw new Error("The draft could not be read again");
        const checked = composeBlockers({ ...fresh, sign: choice.sign, encrypt: choice.encrypt, limitChars: services.attachmentLimitChars, now: new Date() });
        // Every blocker the button shows is checked again here, on the fresh draft; the pane now shows what changed.
        if (checked.blockers.length > 0 || isAlreadyProtected(fresh.snapshot) || !fresh.identity) return;
        // The crypto code loads on the first click, not with the pane.
        const { protectDraft } = await import("./protect-flow");
        await protectDraft(services, {
          snapshot: fresh.snapshot,
          recipients: fresh.recipients,
          identity: fresh.identity,
          sign: choice.sign,
          encrypt: choice.encrypt,
          language: choice.language,
          compact: checked.layout?.compact === true,
          onStage,
        });
        finish({ kind: "done", protection: protectionOf(choice.sign, choice.encrypt), original: fresh.snapshot });
      } catch (e) {
        finish({ kind: "failed", error: e });
      } finally {
        dispatch({ type: "stage", stage: undefined });
      }
    },
    [services, load, finish],
  );

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

  const changed = useCallback(
    async (info: string) => {
      await load();
      dispatch({ type: "info", info });
      cb.current.announce(info);
    },
    [load],
  );

  const fail = useCallback((error: unknown) => dispatch({ type: "outcome", outcome: { kind: "failed", error } }), []);

  return { state, load, run, undo, changed, fail };
}
