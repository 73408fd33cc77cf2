/**
 * How a protected message leaves Outlook, decided before the click (pure; the pane shows it and the click
 * re-decides on the fresh draft):
 * - "standard": a complete S/MIME message sent through Microsoft Graph; readable in any S/MIME program.
 * - "attachment": our format, a notice plus smime.p7m in the Outlook draft; Outlook sends it.
 * Standard wherever it works (policy "auto"), else the attachment format with the reason; the user may pick
 * either; the admin may fix one in config/policy.json ("standard" then refuses with the reason instead).
 */
import type { DeliveryMode } from "../../core/policy";
import type { AuthProblem, DeliveryHostFacts } from "../../host";
import type { ComposeFacts } from "./blockers";
import type { DeliveryServices } from "./context";
import { chooseGraphLayout } from "./size";

export type DeliveryFormat = "standard" | "attachment";

/** Why standard S/MIME cannot be used here, in the order they are checked. */
export type StandardUnavailable =
  | "admin-attachment"
  | "not-configured"
  | "naa-unsupported"
  | "outlook-com"
  | "other-account"
  | "close-unsupported"
  | "no-sender"
  | "bcc"
  | "too-large"
  | "sign-in"
  | "sign-in-failed";

/** What the pane knows about the Mail.Send token. */
export type AuthState =
  | { kind: "unknown" }
  | { kind: "ready" }
  /** Silent sign-in failed: a user click can fix it (popup). */
  | { kind: "needs-sign-in"; problem: AuthProblem }
  /** Sign-in cannot work here (no NAA, admin consent needed, unknown app, ...). */
  | { kind: "failed"; problem: AuthProblem; code: string };

export interface DeliveryInput {
  mode: DeliveryMode;
  /** config/policy.json names an app registration (graph.clientId). */
  configured: boolean;
  host: DeliveryHostFacts;
  hasSender: boolean;
  hasBcc: boolean;
  /** The message fits Graph's limit (estimate); undefined while nothing can be estimated. */
  fitsGraph: boolean | undefined;
  auth: AuthState;
  /** The user's explicit choice, if any. */
  pick?: DeliveryFormat;
}

export interface DeliveryDecision {
  chosen: DeliveryFormat;
  /** Absent when standard S/MIME can be used. */
  unavailable?: StandardUnavailable;
  /** The user may switch between the two formats. */
  userMayChoose: boolean;
  /** The admin requires standard S/MIME and it cannot be used here: nothing may be sent (a blocker). */
  refused: boolean;
  /** A "Sign in" button can make standard S/MIME available. */
  signInHelps: boolean;
}

/** Problems a sign-in window cannot fix. */
const FINAL_AUTH: AuthProblem[] = ["unavailable", "admin-consent-required", "failed"];

/** Turn a failed silent sign-in into the pane's auth state. */
export function authStateAfterSilent(problem: AuthProblem, code: string): AuthState {
  return FINAL_AUTH.includes(problem) ? { kind: "failed", problem, code } : { kind: "needs-sign-in", problem };
}

/** The reasons that depend only on the policy and this Outlook (not on the draft or the sign-in). */
export function hostReason(input: Pick<DeliveryInput, "mode" | "configured" | "host">): StandardUnavailable | undefined {
  if (input.mode === "attachment") return "admin-attachment";
  if (!input.configured) return "not-configured";
  if (input.host.accountType === "outlookCom") return "outlook-com";
  if (input.host.accountType === "enterprise" || input.host.accountType === "gmail") return "other-account";
  if (!input.host.naaSupported) return "naa-unsupported";
  if (!input.host.closeSupported) return "close-unsupported";
  return undefined;
}

function whyUnavailable(input: DeliveryInput): StandardUnavailable | undefined {
  const fromHost = hostReason(input);
  if (fromHost) return fromHost;
  if (!input.hasSender) return "no-sender";
  // Graph takes recipients from the header fields; whether it strips Bcc is not documented (decisions.md).
  if (input.hasBcc) return "bcc";
  if (input.fitsGraph === false) return "too-large";
  if (input.auth.kind === "needs-sign-in") return "sign-in";
  if (input.auth.kind === "failed") return "sign-in-failed";
  return undefined;
}

export function decideDelivery(input: DeliveryInput): DeliveryDecision {
  const unavailable = whyUnavailable(input);
  const signInHelps = unavailable === "sign-in";
  if (input.mode === "standard") {
    return { chosen: "standard", ...(unavailable ? { unavailable } : {}), userMayChoose: false, refused: unavailable !== undefined, signInHelps };
  }
  if (unavailable) return { chosen: "attachment", unavailable, userMayChoose: false, refused: false, signInHelps };
  return { chosen: input.pick ?? "standard", userMayChoose: input.mode === "auto", refused: false, signInHelps: false };
}

/** Graph's layout and size estimate for these facts; undefined while nothing can be estimated. */
export function graphLayoutFor(facts: ComposeFacts, sign: boolean, encrypt: boolean): ReturnType<typeof chooseGraphLayout> | undefined {
  const { identity } = facts;
  if (!identity || (!sign && !encrypt)) return undefined;
  const chain = identity.chain.reduce((n, c) => n + c.length, identity.certificate.length);
  return chooseGraphLayout({ snapshot: facts.snapshot, sign, encrypt, recipientCount: facts.recipients.length + 1, signerCertificateBytes: chain });
}

/** The decision for the pane's current facts and choices. */
export function deliveryFor(delivery: DeliveryServices, facts: ComposeFacts, choice: { sign: boolean; encrypt: boolean; pick?: DeliveryFormat }, auth: AuthState): DeliveryDecision {
  return decideDelivery({
    mode: delivery.mode,
    configured: delivery.configured,
    host: delivery.host,
    hasSender: Boolean(facts.snapshot.from?.emailAddress),
    hasBcc: facts.snapshot.bcc.length > 0,
    fitsGraph: graphLayoutFor(facts, choice.sign, choice.encrypt)?.fits,
    auth,
    ...(choice.pick ? { pick: choice.pick } : {}),
  });
}
