/**
 * What the pane reads before it can decide anything: the draft, the key store's state, the sender's
 * identity, and every To/Cc recipient's certificate status (checked against the trust anchors). Loaded on
 * demand (flow.ts): the certificate code is not part of the pane's first download.
 */
import { sameAddress } from "../../core/mime";
import { compareRecipientSets, recipientSetOf } from "../../core/policy";
import { isAlreadyProtected, type ComposeFacts } from "./blockers";
import type { ComposeServices } from "./context";
import { allRecipientStatuses } from "./recipients";

function pickIdentity(identities: ComposeFacts["identity"][], from: string | undefined): ComposeFacts["identity"] {
  return identities.find((i) => i !== undefined && sameAddress(i.email, from)) ?? identities[0];
}

/** Read the draft, the store and every recipient's certificate status. */
export async function readFacts(services: ComposeServices): Promise<ComposeFacts> {
  const snapshot = await services.port.readSnapshot();
  const state = await services.store.state();
  const identities = state.identityCount > 0 ? await services.store.listIdentities() : [];
  const identity = pickIdentity(identities, snapshot.from?.emailAddress);
  const recipients = await allRecipientStatuses(services.store, services.anchors, snapshot.to, snapshot.cc);
  // The same check as the send guard's, so the pane says it before the user presses Send.
  const record = services.recipientRecord;
  const recipientChange = record && isAlreadyProtected(snapshot) ? compareRecipientSets(await record.read(), recipientSetOf(snapshot)) : undefined;
  return { snapshot, state, identity, recipients, ...(recipientChange ? { recipientChange } : {}) };
}
