/**
 * The send guard's recipient check for drafts we encrypted: the recipients recorded in item.sessionData when
 * the compose pane encrypted the draft must equal the draft's recipients now (core/policy/recipient-set.ts).
 *
 * `to/cc/bcc.getAsync` return only recipients the Outlook client has resolved (office-js-docs-pr
 * docs/outlook/get-set-or-add-recipients.md, "Resolved recipients"; Office.Recipients.getAsync in
 * office-js-docs-reference). The pane recorded what it could read the same way, so a name typed but not yet
 * resolved when the pane encrypted and resolved before Send shows up here as "added": blocked, as it should be.
 */
import {
  PROTECTION_MARKERS,
  RECIPIENT_FIELDS,
  compareRecipientSets,
  decodeRecipientSet,
  recipientSetOf,
  recipientsChangedMessage,
  type RecipientSet,
} from "../core/policy";
import type { LocalizedText } from "../core/types";
import { officeCall, supports } from "./office";

/** The draft's recipients, field by field. One call after another: Outlook on the web allows three at a time. */
export async function currentRecipients(item: Office.MessageCompose): Promise<RecipientSet> {
  const fields: Partial<Record<"to" | "cc" | "bcc", Office.EmailAddressDetails[]>> = {};
  for (const field of RECIPIENT_FIELDS) {
    const recipients = item[field];
    if (!recipients) continue;
    fields[field] = await officeCall<Office.EmailAddressDetails[]>((cb) => recipients.getAsync(cb));
  }
  return recipientSetOf(fields);
}

/**
 * The block message when the recipients changed since encryption, undefined when they did not. A record that
 * is missing or cannot be read counts as a change (blocked with this message); failures to read the recipients
 * themselves reject (the handler's fail-safe path blocks then).
 */
export async function recipientsChangedSinceEncryption(item: Office.MessageCompose, current: RecipientSet): Promise<LocalizedText | undefined> {
  // OnMessageSend needs Mailbox 1.12, so sessionData (1.11) is there wherever this handler runs; a host
  // without it cannot show that the draft was encrypted for these recipients.
  const recorded =
    supports("1.11") && item.sessionData
      ? decodeRecipientSet(await officeCall<string>((cb) => item.sessionData.getAsync(PROTECTION_MARKERS.recipientsKey, cb)).catch(() => ""))
      : undefined;
  const change = compareRecipientSets(recorded, current);
  return change ? recipientsChangedMessage(change) : undefined;
}
