/** What the compose pane needs from the outside world, created once at start-up (tests of the UI can pass fakes). */
import { DEFAULT_POLICY, PROTECTION_MARKERS, mergeUserSettings, parsePolicy, type DeliveryMode, type Policy, type UserSettings } from "../../core/policy";
import {
  attachmentLimitBase64Chars,
  createComposePort,
  createDraftCloser,
  createGraphSendPort,
  createLossMarkerPort,
  createNaaTokenPort,
  createOfficeCallQueue,
  deliveryHostFacts,
  readDraftOrigin,
  type ComposePort,
  type DeliveryHostFacts,
  type DraftCloser,
  type DraftOrigin,
  type GraphSendPort,
  type TokenPort,
} from "../../host";
import { openStore, type SpmStore } from "../../store";
import { createServicesContext, loadOrganisationAnchors, loadOrganisationPolicy } from "../shared";
import type { runProtection } from "../worker";

/** Standard S/MIME delivery through Microsoft Graph: what the policy and the host allow, and the ports. */
export interface DeliveryServices {
  mode: DeliveryMode;
  /** The policy names an app registration (without it there is no token and no Graph). */
  configured: boolean;
  host: DeliveryHostFacts;
  tokens?: TokenPort;
  graph?: GraphSendPort;
  closer: DraftCloser;
}

export interface ComposeServices {
  port: ComposePort;
  store: SpmStore;
  /** Bundled e-mail roots plus the organisation's anchors. */
  anchors: Uint8Array[];
  /** The organisation's anchors file exists but could not be read. */
  anchorsFailed: boolean;
  attachmentLimitChars: number;
  /** Initial Sign / Encrypt switches: the admin policy merged with the user's settings. */
  defaults: { sign: boolean; encrypt: boolean };
  /** config/policy.json exists but could not be read: the built-in defaults apply. */
  policyFailed: boolean;
  runProtection: typeof runProtection;
  /** Open the settings pane in this pane's window. */
  openSettings(): void;
  delivery: DeliveryServices;
  /** Where the draft comes from: a reply to encrypted mail opens with Encrypt on and is threaded. */
  origin: DraftOrigin;
}

/** Store settings key of the user's choices (written by the settings pane; same key there). */
const USER_SETTINGS_KEY = "userSettings";

export const ComposeServicesContext = createServicesContext<ComposeServices>("ComposeServices");

export async function createComposeServices(): Promise<ComposeServices> {
  // One queue for every Office call of this pane (Outlook on the web allows 3 concurrent calls).
  const queue = createOfficeCallQueue();
  const port = createComposePort(undefined, { queue, trackedHeaders: [PROTECTION_MARKERS.header] });
  const store = await openStore({ indexedDB: globalThis.indexedDB, lossMarker: createLossMarkerPort(undefined, queue) });
  let organisation: Uint8Array[] = [];
  let anchorsFailed = false;
  try {
    organisation = await loadOrganisationAnchors();
  } catch (e) {
    // A broken config/anchors.pem must not stop encryption; the pane says that only the built-in list is used.
    console.warn("Secure Patient Mail: organisation anchors unavailable:", e instanceof Error ? e.message : String(e));
    anchorsFailed = true;
  }
  let policy: Policy = DEFAULT_POLICY;
  let policyFailed = false;
  try {
    const raw = await loadOrganisationPolicy();
    if (raw !== undefined) policy = parsePolicy(raw);
  } catch (e) {
    console.warn("Secure Patient Mail: organisation policy unreadable, using the defaults:", e instanceof Error ? e.message : String(e));
    policyFailed = true;
  }
  const user = await store.getSettings<UserSettings>(USER_SETTINGS_KEY, {});
  const origin = await readDraftOrigin(undefined, queue);
  const merged = mergeUserSettings(policy, user).defaults;
  const graph = policy.graph;
  return {
    port,
    store,
    anchors: [...(await import("./bundled-anchors")).loadBundledAnchors(), ...organisation],
    anchorsFailed,
    attachmentLimitChars: attachmentLimitBase64Chars(),
    // A reply to encrypted mail starts encrypted, whatever the user's default (it can still be switched off).
    defaults: { sign: merged.sign, encrypt: merged.encrypt || origin.replyToEncrypted },
    policyFailed,
    // The crypto code loads when first needed, not with the pane (bundle budget; see client.ts).
    runProtection: async (job, options) => (await import("../worker")).runProtection(job, options),
    openSettings: () => globalThis.location.assign(new URL("settings.html", globalThis.location.href).href),
    delivery: {
      mode: policy.delivery ?? "auto",
      configured: graph !== undefined,
      host: deliveryHostFacts(),
      ...(graph
        ? {
            tokens: createNaaTokenPort({ clientId: graph.clientId, authority: graph.authority, resource: graph.endpoint }),
            graph: createGraphSendPort({ endpoint: graph.endpoint }),
          }
        : {}),
      closer: createDraftCloser(undefined, queue),
    },
    origin,
  };
}
