/**
 * The click, outside React: sign in if asked, read the draft again, re-check every blocker and the delivery
 * decision on the fresh draft, then send through Graph (standard S/MIME) or protect the draft (attachment
 * format). Outcomes go through the context's `finish`; nothing here touches the draft directly.
 */
import { isSpmError } from "../../core/errors";
import { assertOnline, classifyAuthError } from "../../host";
import { composeBlockers, isAlreadyProtected, type ComposeFacts } from "./blockers";
import type { ComposeServices } from "./context";
import { authStateAfterSilent, deliveryFor, graphLayoutFor, type AuthState, type DeliveryDecision } from "./delivery";
import type { FlowAction, Outcome, RunChoice } from "./flow";
import { inlineImagePlan } from "./draft";
import { protectionOf } from "./notice";
import type { FlowStage } from "./protect-flow";

export interface RunContext {
  services: ComposeServices;
  dispatch: (action: FlowAction) => void;
  load: () => Promise<ComposeFacts | undefined>;
  finish: (outcome: Outcome) => void;
  setAuth: (auth: AuthState) => void;
  auth: () => AuthState;
  announceStage: (stage: FlowStage, choice: RunChoice) => void;
}

/** A Graph failure after which the message may have been sent. */
function maybeSent(e: unknown): boolean {
  return isSpmError(e) && e.details?.maybeSent === true;
}

/** A Mail.Send token, or undefined after recording why not (auth state and outcome). */
export async function acquireToken(ctx: RunContext, interactive: boolean): Promise<string | undefined> {
  const tokens = ctx.services.delivery.tokens;
  if (!tokens) return undefined;
  try {
    const t = interactive ? await tokens.interactive() : await tokens.silent();
    ctx.setAuth({ kind: "ready" });
    return t;
  } catch (e) {
    const { problem, code } = classifyAuthError(e);
    // A cancelled or blocked window, or being offline, can be tried again; the rest is as for silent sign-in.
    const retryable = problem === "cancelled" || problem === "popup-blocked" || problem === "offline";
    const next: AuthState = interactive && retryable ? { kind: "needs-sign-in", problem } : authStateAfterSilent(problem, code);
    ctx.setAuth(next);
    ctx.finish(!interactive && next.kind === "needs-sign-in" ? { kind: "needs-sign-in" } : { kind: "failed", error: e });
    return undefined;
  }
}

interface Checked {
  fresh: ComposeFacts & { identity: NonNullable<ComposeFacts["identity"]> };
  decision: DeliveryDecision;
  compactAttachment: boolean;
}

/**
 * Every blocker the button shows, checked again on the freshly read draft, and the format must not have
 * changed under the user's hand (e.g. the draft grew past Graph's limit). Undefined: the pane now shows why.
 */
async function readAndCheck(ctx: RunContext, choice: RunChoice, signedIn: boolean): Promise<Checked | undefined> {
  const fresh = await ctx.load();
  if (!fresh) throw new Error("The draft could not be read again");
  const pick = choice.pick ? { pick: choice.pick } : {};
  const decision = deliveryFor(ctx.services.delivery, fresh, { sign: choice.sign, encrypt: choice.encrypt, ...pick }, signedIn ? { kind: "ready" } : ctx.auth());
  const checked = composeBlockers({ ...fresh, sign: choice.sign, encrypt: choice.encrypt, limitChars: ctx.services.attachmentLimitChars, budget: ctx.services.attachmentBudget, now: new Date(), delivery: decision });
  const identity = fresh.identity;
  if (checked.blockers.length > 0 || isAlreadyProtected(fresh.snapshot) || !identity || decision.chosen !== choice.delivery) return undefined;
  return { fresh: { ...fresh, identity }, decision, compactAttachment: checked.layout?.compact === true };
}

export async function runChoice(ctx: RunContext, choice: RunChoice): Promise<void> {
  const { services } = ctx;
  ctx.dispatch({ type: "start" });
  const onStage = (stage: FlowStage) => {
    ctx.dispatch({ type: "stage", stage });
    ctx.announceStage(stage, choice);
  };
  const standard = choice.delivery === "standard";
  try {
    // Offline, nothing could be sent (and the send code could not even load): say so first.
    if (standard) assertOnline();
    // Outlook's sign-in window first, while the click is fresh.
    const early = standard && choice.interactive ? await acquireToken(ctx, true) : undefined;
    if (standard && choice.interactive && !early) return;
    onStage("reading");
    const checked = await readAndCheck(ctx, choice, early !== undefined);
    if (!checked) return;
    const { fresh } = checked;
    const common = { sign: choice.sign, encrypt: choice.encrypt, language: choice.language, onStage };
    if (standard) {
      const accessToken = early ?? (await acquireToken(ctx, false));
      if (!accessToken) return;
      const { sendThroughGraph } = await import("./graph-send");
      const compact = graphLayoutFor(fresh, choice.sign, choice.encrypt)?.compact === true;
      ctx.finish(await sendThroughGraph(services, { ...common, facts: fresh, compact, accessToken }));
      return;
    }
    // The crypto code loads on the first click, not with the pane.
    const { protectDraft } = await import("./protect-flow");
    await protectDraft(services, { ...common, snapshot: fresh.snapshot, recipients: fresh.recipients, identity: fresh.identity, compact: checked.compactAttachment });
    const { unplaced } = inlineImagePlan(fresh.snapshot);
    ctx.finish({ kind: "done", protection: protectionOf(choice.sign, choice.encrypt), original: fresh.snapshot, ...(unplaced.length ? { unplacedImages: unplaced } : {}) });
  } catch (e) {
    if (isSpmError(e) && e.details?.delivery === "unauthorized") ctx.setAuth({ kind: "needs-sign-in", problem: "interaction-required" });
    ctx.finish(maybeSent(e) ? { kind: "unknown-outcome", error: e } : { kind: "failed", error: e });
  } finally {
    ctx.dispatch({ type: "stage", stage: undefined });
  }
}
