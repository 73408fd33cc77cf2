/**
 * A fake `Office` global implementing the subset of the Outlook Mailbox API that Secure Patient Mail uses,
 * backed by a SimMailbox. Faithful where it matters to us:
 * - every async method calls back asynchronously (a few ms of latency), never synchronously;
 * - at most 3 pending async calls on "OfficeOnline" (the 4th fails: code 5100 "Wait until the previous call
 *   completes"); stricter than Outlook, which documents the limit for a list of methods (attachments, body...)
 *   (fake-async.ts);
 * - body, attachment and header limits of the compose item (fake-compose-item.ts); the read item: fake-read-item.ts;
 * - item.notificationMessages keeps at most 5 messages with unique keys;
 * - methods are only present when their requirement set is supported (e.g. getAsFileAsync needs 1.14);
 * - `backend.failNext(method, errorName)` makes the next call of that method fail without side effects.
 *
 * Its types are checked against @types/office-js (fake-office-types.ts).
 */
import { createAsyncCalls, FailWith, type AsyncMethodFactory, type FakeKit } from "./fake-async";
import { composeItem } from "./fake-compose-item";
import type { FakeContext, FakeMailbox, FakeOffice, FakeReadyInfo, FakeRoamingSettings } from "./fake-office-types";
import { readItem } from "./fake-read-item";
import { mailboxForms } from "./forms";
import { deliveryState } from "./delivery-state";
import type { SimMailbox } from "./mailbox-state";

export type { FakeAsyncResult } from "./fake-async";
export type { FakeOffice } from "./fake-office-types";

export interface FakeOfficeOptions {
  /** Which item the pane sees. Defaults to backend.mode at creation time. */
  mode?: "compose" | "read";
  /** For tests: a fixed latency instead of the backend's range. */
  latencyMs?: number;
  /** This runtime's roaming settings (kept across events by a runtime that stays loaded); default: a fresh snapshot. */
  roamingSnapshot?: Record<string, unknown>;
}

const ROAMING_MAX_CHARS = 32 * 1024;

/** Into the mailbox's object in place: the simulator's own helpers (store-bridge.ts) hold it live. */
export function persistRoaming(backend: SimMailbox, settings: Record<string, unknown>): void {
  if (settings === backend.roamingSettings) return;
  const fresh = JSON.parse(JSON.stringify(settings)) as Record<string, unknown>;
  for (const key of Object.keys(backend.roamingSettings)) delete backend.roamingSettings[key];
  Object.assign(backend.roamingSettings, fresh);
}

/**
 * A snapshot per runtime, not one live object: "The RoamingSettings object is initialized from the persisted
 * storage only when the add-in is first loaded ... The persisted changes will not be available until the task
 * pane (or item in the case of UI-less add-ins) is closed and reopened" (office-js-docs-reference,
 * docs/docs-ref-autogen/outlook/outlook/office.roamingsettings.yml, remarks). set/remove change this runtime's
 * copy; saveAsync persists the whole copy to the mailbox (the last runtime to save wins, as with Exchange).
 */
function roamingSettings(backend: SimMailbox, asyncMethod: AsyncMethodFactory, snapshot?: Record<string, unknown>): FakeRoamingSettings {
  const copy: Record<string, unknown> = snapshot ?? (JSON.parse(JSON.stringify(backend.roamingSettings)) as Record<string, unknown>);
  return {
    get: (name: string) => copy[name],
    set: (name: string, value: unknown) => {
      copy[name] = JSON.parse(JSON.stringify(value)) as unknown;
    },
    remove: (name: string) => {
      delete copy[name];
    },
    saveAsync: asyncMethod("roamingSettings.saveAsync", 0, () => {
      if (JSON.stringify(copy).length > ROAMING_MAX_CHARS) throw new FailWith("GenericSettingsError", "Roaming settings exceed 32 KB.");
      persistRoaming(backend, copy);
    }),
  };
}

/** Office.context.requirements: the Mailbox sets the backend supports, and NestedAppAuth 1.1 where NAA is on. */
function requirements(backend: SimMailbox): FakeContext["requirements"] {
  return {
    isSetSupported(name: string, minVersion?: string | number) {
      if (String(name).toLowerCase() === "nestedappauth") return deliveryState(backend).naaSupported && Number(minVersion ?? 1) <= 1.1;
      if (String(name).toLowerCase() !== "mailbox") return false;
      if (minVersion === undefined) return true;
      const want = String(minVersion);
      const [wMaj, wMin] = want.split(".").map(Number);
      return backend.requirementSets.some((v) => {
        const [maj, min] = v.split(".").map(Number);
        return maj > wMaj || (maj === wMaj && min >= (wMin || 0));
      });
    },
  };
}

function mailbox(kit: FakeKit, mode: "compose" | "read"): FakeMailbox {
  const { backend, asyncMethod } = kit;
  // `item` is a stable object per pane, like Office's.
  const item = mode === "read" ? readItem(kit) : composeItem(kit);
  return {
    addHandlerAsync: asyncMethod("mailbox.addHandlerAsync", 2, () => undefined),
    removeHandlerAsync: asyncMethod("mailbox.removeHandlerAsync", 1, () => undefined),
    userProfile: {
      get displayName() {
        return backend.draft.from.displayName;
      },
      get emailAddress() {
        return backend.draft.from.emailAddress;
      },
      get accountType() {
        return deliveryState(backend).accountType;
      },
    },
    diagnostics: { hostName: "Outlook", hostVersion: "16.0.simulator" },
    ...mailboxForms(kit),
    get item() {
      return item;
    },
  };
}

function context(kit: FakeKit, mode: "compose" | "read", roamingSnapshot?: Record<string, unknown>): FakeContext {
  const { backend } = kit;
  return {
    get displayLanguage() {
      return backend.displayLanguage;
    },
    // "In Outlook, the Office theme API is supported starting in Mailbox requirement set 1.14. It isn't supported
    // in Outlook add-ins that implement event-based activation" (office-js-docs-reference,
    // docs/docs-ref-autogen/office/office/office.officetheme.yml); isDarkTheme is not supported in Outlook at all.
    get officeTheme() {
      return backend.eventBasedActivation || !backend.supports("1.14") ? undefined : { ...backend.officeTheme };
    },
    get platform() {
      return backend.platform;
    },
    host: "Outlook",
    get diagnostics() {
      return { host: "Outlook" as const, platform: backend.platform, version: "16.0.simulator" };
    },
    // "Added Office.context.urls.javascriptRuntimeUrl" in Mailbox 1.14 (office-js-docs-reference,
    // docs/requirement-sets/outlook/requirement-set-1.14): below it there is no `urls`, and the send guard must
    // then not rely on it (it falls back to its roaming copy of the policy).
    get urls() {
      if (!backend.supports("1.14")) return undefined;
      const base = typeof location === "undefined" ? "https://localhost:3000/" : location.href;
      return { javascriptRuntimeUrl: new URL("launchevent.js", base).href };
    },
    requirements: requirements(backend),
    roamingSettings: roamingSettings(backend, kit.asyncMethod, roamingSnapshot),
    mailbox: mailbox(kit, mode),
  };
}

export function createFakeOffice(backend: SimMailbox, options: FakeOfficeOptions = {}): FakeOffice {
  const mode = options.mode ?? backend.mode;
  function latency(): number {
    if (options.latencyMs !== undefined) return options.latencyMs;
    const [lo, hi] = backend.latencyMs;
    return lo + Math.floor(Math.random() * (hi - lo + 1));
  }
  const { asyncMethod, pending } = createAsyncCalls(backend, latency);
  const kit: FakeKit = { backend, asyncMethod };
  const readyInfo: FakeReadyInfo = { host: "Outlook", platform: backend.platform };
  return {
    onReady(cb?: (info: FakeReadyInfo) => void) {
      return new Promise<FakeReadyInfo>((resolve) => {
        setTimeout(() => {
          cb?.(readyInfo);
          resolve(readyInfo);
        }, latency());
      });
    },
    context: context(kit, mode, options.roamingSnapshot),
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    CoercionType: { Html: "html", Text: "text" },
    HostType: { Outlook: "Outlook" },
    PlatformType: { OfficeOnline: "OfficeOnline", PC: "PC", Mac: "Mac", iOS: "iOS", Android: "Android" },
    EventType: { ItemChanged: "olkItemSelectedChanged", RecipientsChanged: "olkRecipientsChanged", AttachmentsChanged: "olkAttachmentsChanged" },
    MailboxEnums: {
      AttachmentContentFormat: { Base64: "base64", Url: "url", Eml: "eml", ICalendar: "iCalendar" },
      AttachmentType: { File: "file", Item: "item", Cloud: "cloud", Base64: "base64" },
      ItemType: { Message: "message", Appointment: "appointment" },
      RecipientType: { ExternalUser: "externalUser", User: "user" },
    },
    actions: {
      associate(name: string, handler: (event: unknown) => void) {
        backend.actions.set(name, handler);
      },
    },
    __spmPending: pending,
  };
}

/**
 * The fake as the `Office` namespace the host ports take. The fake implements only the members they use
 * (each checked against the real typings in fake-office-types.ts), so this one cast is where it stands in
 * for the whole namespace.
 */
export function asOfficeGlobal(fake: FakeOffice): typeof Office {
  return fake as unknown as typeof Office;
}
