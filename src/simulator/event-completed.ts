/**
 * What Outlook accepts in a Smart Alerts handler's event.completed (OnMessageSend), enforced for both simulated
 * runtimes (the web page and the classic JavaScript-only worker). Source: OfficeDev/office-js-docs-reference,
 * docs/docs-ref-autogen/outlook/outlook/office.smartalertseventcompletedoptions.yml, and office-js-docs-pr
 * docs/outlook/onmessagesend-onappointmentsend-events.md:
 * - `errorMessage` and `errorMessageMarkdown` "must be 500 characters or less"; `cancelLabel` "must be 20 characters
 *   or less". What Outlook does with longer texts is not documented: the simulator refuses the call (the handler
 *   then never completed), so the product cannot come to rely on a silent cut.
 * - allowEvent, errorMessage: Mailbox 1.12; cancelLabel, commandId (task pane), contextData, sendModeOverride: 1.14;
 *   errorMessageMarkdown: 1.15. An option above the host's requirement set is refused the same way.
 * - `sendModeOverride` "can only be set to the prompt user option".
 * - `commandId` must be a Control id of the add-in's manifest; "If you specify a command ID that doesn't exist ...
 *   the Take Action or Don't Send button simply cancels the item being sent": dropped here, with cancelLabel and
 *   contextData ("If you specify the contextData option ... you must also assign a task pane or function ID to the
 *   commandId option. Otherwise, the JSON data assigned to contextData is ignored").
 */
import type { EventOptions } from "./event-types";

/** Outlook's numbers from the reference above, kept apart from the product's (src/launchevent/alert-limits.ts). */
const MESSAGE_MAX_CHARS = 500;
const CANCEL_LABEL_MAX_CHARS = 20;

/** Option -> the Mailbox requirement set it needs. Unknown options are refused. */
const OPTION_SETS: Record<string, string> = {
  allowEvent: "1.12",
  errorMessage: "1.12",
  cancelLabel: "1.14",
  commandId: "1.14",
  contextData: "1.14",
  sendModeOverride: "1.14",
  errorMessageMarkdown: "1.15",
};

export class EventCompletedError extends Error {
  constructor(message: string) {
    super(`event.completed refused: ${message}`);
    this.name = "EventCompletedError";
  }
}

export interface CompletedContext {
  supports(version: string): boolean;
  /** Control ids of the manifest (manifestControlIds). */
  controlIds: ReadonlySet<string>;
}

function checkLength(options: EventOptions, name: string, max: number): void {
  const value = options[name];
  if (value === undefined) return;
  if (typeof value !== "string") throw new EventCompletedError(`${name} must be a string`);
  if (value.length > max) throw new EventCompletedError(`${name} is ${value.length} characters; Outlook allows ${max}`);
}

/** The options as Outlook would act on them, or EventCompletedError for a call Outlook does not accept. */
export function checkSendCompleted(options: EventOptions, context: CompletedContext): EventOptions {
  for (const name of Object.keys(options)) {
    const set = OPTION_SETS[name];
    if (!set) throw new EventCompletedError(`unknown option ${name}`);
    if (!context.supports(set)) throw new EventCompletedError(`${name} needs Mailbox ${set}, which this client does not support`);
  }
  if (options.allowEvent !== undefined && typeof options.allowEvent !== "boolean") throw new EventCompletedError("allowEvent must be a boolean");
  checkLength(options, "errorMessage", MESSAGE_MAX_CHARS);
  checkLength(options, "errorMessageMarkdown", MESSAGE_MAX_CHARS);
  checkLength(options, "cancelLabel", CANCEL_LABEL_MAX_CHARS);
  if (options.sendModeOverride !== undefined && options.sendModeOverride !== "promptUser") {
    throw new EventCompletedError(`sendModeOverride ${JSON.stringify(options.sendModeOverride)}: only promptUser is supported`);
  }
  const out = { ...options };
  if (out.commandId !== undefined && (typeof out.commandId !== "string" || !context.controlIds.has(out.commandId))) {
    delete out.commandId;
    delete out.cancelLabel;
    delete out.contextData;
  } else if (out.commandId === undefined) delete out.contextData;
  return out;
}

let controlIds: Promise<ReadonlySet<string>> | undefined;

/** The Control ids of the served manifest.xml (the dev server ships it next to the pages). */
export function manifestControlIds(): Promise<ReadonlySet<string>> {
  controlIds ??= fetch("manifest.xml", { cache: "no-store" }).then(async (response) => {
    if (!response.ok) throw new Error(`the simulator could not load manifest.xml (${response.status})`);
    const xml = new DOMParser().parseFromString(await response.text(), "application/xml");
    const ids = new Set<string>();
    for (const control of Array.from(xml.getElementsByTagName("*"))) {
      if (control.localName === "Control" && control.getAttribute("id")) ids.add(control.getAttribute("id")!);
    }
    return ids;
  });
  return controlIds;
}

/** checkSendCompleted with the backend's requirement sets and the manifest's controls. */
export async function enforceSendCompleted(options: EventOptions, supports: (version: string) => boolean): Promise<EventOptions> {
  return checkSendCompleted(options, { supports, controlIds: await manifestControlIds() });
}
