/**
 * The simulator's state for standard S/MIME delivery, kept beside a SimMailbox (not inside it, so the
 * mailbox stays small): what the simulated Outlook and tenant offer (NAA, the registered app, consent, the
 * account type) and the id of this simulator's session on the simulated Graph server (scripts/graph-sim.mjs).
 * Defaults: everything works, as the issue asks ("Graph delivery is available by default").
 */
import { toHex } from "../core/bytes";
import type { SimMailbox } from "./mailbox-state";
import type { AsyncMethodFactory } from "./fake-async";
import type { FakeComposeOptionals } from "./fake-office-types";

/** The client ID registered in the simulated tenant; the same value as SIM_CLIENT_ID in scripts/graph-sim.mjs. */
export const SIM_CLIENT_ID = "5e0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b";

export interface DeliverySimState {
  /** NestedAppAuth 1.1 supported, and Outlook offers the NAA bridge to the pane. */
  naaSupported: boolean;
  /** The app registration that exists in the tenant (a token for another client ID fails with AADSTS700016). */
  registeredClientId: string;
  /** The user (or an admin) has consented to Mail.Send for the app; a popup sign-in gives consent. */
  consented: boolean;
  /** An administrator must consent (user consent is switched off in the tenant): the popup cannot help. */
  adminConsentOnly: boolean;
  /** userProfile.accountType: "office365", "outlookCom", "enterprise", "gmail". */
  accountType: string;
  /** Lifetime of issued access tokens. */
  tokenLifetimeSeconds: number;
  /** This simulator's session on the simulated Graph server. */
  sessionId: string;
  /** Faults primed with failNext("NAA.GetToken" | "NAA.GetTokenPopup", name), in order. */
  naaFaults: Record<string, string[]>;
}

export function deliveryState(backend: SimMailbox): DeliverySimState {
  let s = backend.delivery;
  if (!s) {
    const id = new Uint8Array(16);
    globalThis.crypto.getRandomValues(id);
    s = {
      naaSupported: true,
      registeredClientId: SIM_CLIENT_ID,
      consented: true,
      adminConsentOnly: false,
      accountType: "office365",
      tokenLifetimeSeconds: 3600,
      sessionId: toHex(id),
      naaFaults: {},
    };
    backend.delivery = s;
  }
  return s;
}

export type DeliverySimSettings = Partial<Omit<DeliverySimState, "sessionId" | "naaFaults">> & { sessionId?: string };

/** Change the simulated host/tenant; `sessionId` joins another simulator page's Graph session. */
export function configureDelivery(backend: SimMailbox, settings: DeliverySimSettings): DeliverySimState {
  const s = deliveryState(backend);
  for (const [key, value] of Object.entries(settings)) {
    if (value === undefined) continue;
    if (!(key in s) || key === "naaFaults") throw new Error(`setDelivery: unknown setting ${key}`);
    if (key === "sessionId" && !/^[A-Za-z0-9-]{16,64}$/.test(String(value))) throw new Error("setDelivery: bad sessionId");
    (s as unknown as Record<string, unknown>)[key] = value;
  }
  backend.changed();
  return { ...s };
}

/** The bridge methods the fake NAA answers, and the faults it can be told to answer them with (naa.ts). */
export const NAA_METHODS = ["NAA.GetToken", "NAA.GetTokenPopup"];
export const NAA_FAULTS = ["ConsentRequired", "PopupBlocked", "UserCancel", "ConsentDenied", "AdminConsentRequired", "NoNetwork", "Disabled", "ServerError"];

/** failNext for the fake NAA: refused at the test's call when the method or fault is unknown. */
export function failNaaNext(backend: SimMailbox, method: string, fault: string | number): void {
  if (!NAA_METHODS.includes(method)) throw new Error(`failNext: unknown NAA method ${method} (known: ${NAA_METHODS.join(", ")})`);
  if (typeof fault !== "string" || !NAA_FAULTS.includes(fault)) throw new Error(`failNext: unknown NAA fault ${String(fault)} (known: ${NAA_FAULTS.join(", ")})`);
  const faults = deliveryState(backend).naaFaults;
  (faults[method] ??= []).push(fault);
}

export function takeNaaFault(backend: SimMailbox, method: string): string | undefined {
  return deliveryState(backend).naaFaults[method]?.shift();
}


/**
 * The compose item's `closeAsync` (Mailbox 1.14), for the fake Office: Outlook closes the compose form; with
 * `discardItem` the unsaved draft is dropped without asking. getDraft() reports `closed` and `discarded`.
 */
export function closeMethods(backend: SimMailbox, asyncMethod: AsyncMethodFactory): Pick<FakeComposeOptionals, "closeAsync"> {
  return {
    closeAsync: asyncMethod("closeAsync", 0, (_args, opts) => {
      backend.draft.closed = true;
      backend.draft.discarded = opts.discardItem === true;
      backend.changed();
    }),
  };
}
