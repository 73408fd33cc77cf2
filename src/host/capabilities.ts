/**
 * What this Outlook offers for standard S/MIME delivery through Microsoft Graph (graph-naa.md):
 * - nested app authentication, NestedAppAuth 1.1 (runtime check only; not declarable in the manifest);
 * - closing and discarding the draft after the send, `item.closeAsync({ discardItem })` (Mailbox 1.14);
 * - the mailbox's account type (Mailbox 1.6): "office365", "outlookCom", "enterprise" (on-premises), "gmail".
 */
import { supportsMailbox } from "./office-ready";

export interface DeliveryHostFacts {
  naaSupported: boolean;
  closeSupported: boolean;
  /** userProfile.accountType, or undefined where the host does not say (before Mailbox 1.6). */
  accountType?: string;
}

export function deliveryHostFacts(office: typeof Office = globalThis.Office): DeliveryHostFacts {
  const requirements = office.context?.requirements;
  const naaSupported = requirements?.isSetSupported("NestedAppAuth", "1.1") === true;
  const item = office.context?.mailbox?.item as Office.MessageCompose | undefined;
  const closeSupported = supportsMailbox(office, "1.14") && typeof item?.closeAsync === "function";
  const accountType = supportsMailbox(office, "1.6") ? office.context.mailbox.userProfile?.accountType : undefined;
  return { naaSupported, closeSupported, ...(typeof accountType === "string" && accountType ? { accountType } : {}) };
}
