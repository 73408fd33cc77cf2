/**
 * While the compose pane is open, a change of To, Cc or Bcc (Outlook's RecipientsChanged, Mailbox 1.7) reads
 * the draft again: the recipient statuses stay current, and a protected draft whose recipients no longer match
 * the ones it was encrypted for shows the send guard's warning before the user presses Send.
 */
import { useEffect, useRef } from "react";
import type { ComposeServices } from "./context";

export function useRecipientWatch(services: ComposeServices, load: () => Promise<unknown>, busy: boolean): void {
  const busyNow = useRef(busy);
  busyNow.current = busy;
  useEffect(() => {
    const record = services.recipientRecord;
    if (!record) return undefined;
    let stop: (() => Promise<void>) | undefined;
    let gone = false;
    // During a protection run the flow reads the draft itself; a reload then would show a half-done draft.
    const changed = () => {
      if (!busyNow.current) void load();
    };
    record.watch(changed).then(
      (s) => {
        if (gone) void s();
        else stop = s;
      },
      // Without the event the pane still checks on every load and the send guard at Send: say so, go on.
      (e: unknown) => console.warn("Secure Patient Mail: recipient changes are not watched:", e instanceof Error ? e.message : String(e)),
    );
    return () => {
      gone = true;
      if (stop) void stop();
    };
  }, [services, load]);
}
