/**
 * What the user does in Outlook's recipient fields, for tests: type names (not yet resolved; Outlook's
 * `getAsync` does not return them, see SimAddress.resolved) and let Outlook resolve them (which it does when the
 * entry loses focus, when the user picks a suggestion, or on Send).
 */
import { fireRecipientsChanged } from "./item-events";
import { toAddress, type AddressInput, type SimMailbox } from "./mailbox-state";

export type RecipientFieldName = "to" | "cc" | "bcc";

export interface RecipientsSimulatorApi {
  /** The user types these into the field: added, unresolved. */
  typeRecipients(field: RecipientFieldName, recipients: AddressInput[]): void;
  /** The user edits the field: it now holds exactly these, resolved (e.g. picked from the address book). */
  setRecipients(field: RecipientFieldName, recipients: AddressInput[]): void;
  /** Outlook resolves every typed entry. */
  resolveRecipients(): void;
}

function checkField(field: string): asserts field is RecipientFieldName {
  if (field !== "to" && field !== "cc" && field !== "bcc") throw new Error(`recipients: no field "${field}" (to, cc, bcc)`);
}

export function createRecipientsApi(backend: SimMailbox): RecipientsSimulatorApi {
  return {
    typeRecipients(field, recipients) {
      checkField(field);
      // Typed only: Outlook has nothing to report until the entry resolves.
      for (const r of recipients) backend.draft[field].push({ ...toAddress(r), resolved: false });
      backend.changed();
    },
    setRecipients(field, recipients) {
      checkField(field);
      backend.draft[field] = recipients.map((r) => {
        const { resolved: _ignored, ...address } = toAddress(r);
        return address;
      });
      backend.changed();
      fireRecipientsChanged(backend, [field]);
    },
    resolveRecipients() {
      const changed = (["to", "cc", "bcc"] as const).filter((f) => backend.draft[f].some((a) => a.resolved === false));
      for (const field of changed) backend.draft[field] = backend.draft[field].map(({ resolved: _ignored, ...address }) => address);
      backend.changed();
      if (changed.length) fireRecipientsChanged(backend, changed);
    },
  };
}
