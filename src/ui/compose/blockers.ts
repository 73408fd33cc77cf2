/**
 * Why the compose pane's main button cannot run, as plain data (no React, no strings): the pane renders the
 * list, and the click computes it again on the freshly read draft before doing anything. One function for
 * both, so the click can never check less than the button shows. The order is the order in which the user
 * should fix things.
 */
import { PROTECTION_MARKERS, type RecipientChange } from "../../core/policy";
import { existingAttachments, p7mLimitChars, type AttachmentBudget, type DraftSnapshot } from "../../host";
import type { IdentityRecord, StoreState } from "../../store";
import type { DeliveryDecision, StandardUnavailable } from "./delivery";
import type { RecipientStatus } from "./recipient-types";
import { chooseLayout } from "./size";

export type BlockerCode =
  | "no-identity"
  | "storage-lost"
  | "identity-expired"
  | "nothing-selected"
  | "item-attachments"
  | "unreadable-attachments"
  | "locked"
  | "no-recipients"
  | "missing-certificates"
  | "bcc"
  | "too-large"
  | "delivery-refused";

export type Blocker =
  | { code: "no-identity" | "storage-lost" | "nothing-selected" | "locked" | "no-recipients" | "bcc" }
  | { code: "identity-expired"; notAfter: Date }
  | { code: "item-attachments" | "unreadable-attachments"; names: string[] }
  | { code: "missing-certificates"; names: string[] }
  | { code: "too-large"; estimate: number; limit: number }
  | { code: "delivery-refused"; reason: StandardUnavailable };

/** What the pane has read: the draft, the key store's state, the sender's identity, every To/Cc recipient. */
export interface ComposeFacts {
  snapshot: DraftSnapshot;
  state: StoreState;
  identity?: IdentityRecord;
  recipients: RecipientStatus[];
  /** A protected draft whose recipients changed since it was encrypted (core/policy/recipient-set.ts). */
  recipientChange?: RecipientChange;
}

export interface BlockerInput extends ComposeFacts {
  sign: boolean;
  encrypt: boolean;
  /** The largest smime.p7m (base64 characters) one add accepts on this host. */
  limitChars: number;
  /**
   * The host's limits on all attachments together (web: 25 MB, 499 files): the draft's own attachments count
   * too, so the room for smime.p7m depends on the draft (see draftLimitChars).
   */
  budget?: AttachmentBudget;
  now: Date;
  /** How it would be sent; the admin may require a format that cannot be used here. */
  delivery?: DeliveryDecision;
}

/** The layout chooseLayout picked for this draft; absent when there is nothing to estimate yet. */
export interface LayoutChoice {
  compact: boolean;
  estimate: number;
  fits: boolean;
}

export interface BlockerResult {
  blockers: Blocker[];
  layout?: LayoutChoice;
}

/** Bytes of the signer's certificate and chain: part of every signature. */
function chainBytes(identity: IdentityRecord): number {
  return identity.chain.reduce((n, c) => n + c.length, identity.certificate.length);
}

/**
 * The largest smime.p7m this draft can take: one add's limit, and the room left in the host's total once the
 * attachments that can go first are gone (inline images cannot: see attachment-budget.ts).
 */
export function draftLimitChars(input: Pick<BlockerInput, "limitChars" | "budget" | "snapshot">): number {
  if (!input.budget) return input.limitChars;
  return Math.min(input.limitChars, p7mLimitChars(input.budget, existingAttachments(input.snapshot.attachments)));
}

export function layoutFor(input: BlockerInput): LayoutChoice | undefined {
  const { identity, sign, encrypt } = input;
  if (!identity || (!sign && !encrypt)) return undefined;
  return chooseLayout(
    { snapshot: input.snapshot, sign, encrypt, recipientCount: input.recipients.length + 1, signerCertificateBytes: chainBytes(identity) },
    draftLimitChars(input),
  );
}

export function composeBlockers(input: BlockerInput): BlockerResult {
  const { snapshot, state, identity, recipients, sign, encrypt } = input;
  const blockers: Blocker[] = [];
  if (!identity) blockers.push({ code: state.storageLost ? "storage-lost" : "no-identity" });
  else if (identity.notAfter.getTime() < input.now.getTime()) blockers.push({ code: "identity-expired", notAfter: identity.notAfter });
  if (!sign && !encrypt) blockers.push({ code: "nothing-selected" });
  // The port refuses these (they could not be rolled back); say so before any work.
  const items = snapshot.attachments.filter((a) => a.format !== "base64");
  if (items.length) blockers.push({ code: "item-attachments", names: items.map((a) => a.name) });
  // Outlook would not give their content (AttachmentTypeNotSupported): protecting without them would
  // silently leave patient data out, so the user removes them (or attaches them as files) first.
  const unreadable = snapshot.unreadable ?? [];
  if (unreadable.length) blockers.push({ code: "unreadable-attachments", names: unreadable.map((a) => a.name) });
  if (sign && state.locked && identity) blockers.push({ code: "locked" });
  if (encrypt) {
    if (recipients.length === 0) blockers.push({ code: "no-recipients" });
    const missing = recipients.filter((r) => r.state !== "found");
    if (missing.length) blockers.push({ code: "missing-certificates", names: missing.map((r) => r.displayName) });
    if (snapshot.bcc.length) blockers.push({ code: "bcc" });
  }
  const layout = layoutFor(input);
  // The attachment limit binds only our format; standard S/MIME has Graph's (much lower) limit in delivery.ts.
  const attachmentFormat = input.delivery?.chosen !== "standard";
  const limit = draftLimitChars(input);
  if (attachmentFormat && layout && layout.estimate > limit) blockers.push({ code: "too-large", estimate: layout.estimate, limit });
  if (input.delivery?.refused && input.delivery.unavailable) blockers.push({ code: "delivery-refused", reason: input.delivery.unavailable });
  return { blockers, ...(layout ? { layout } : {}) };
}

/** The draft already carries our protection (header marker and the smime.p7m attachment): nothing to redo. */
export function isAlreadyProtected(snapshot: DraftSnapshot): boolean {
  return (
    snapshot.headers[PROTECTION_MARKERS.header] === "1" &&
    snapshot.attachments.some((a) => !a.isInline && a.name.toLowerCase() === PROTECTION_MARKERS.attachmentName)
  );
}
