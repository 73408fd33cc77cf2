/**
 * Creating the compose pane's services: the host ports, the key store, the organisation's policy and anchors.
 * Loaded by index.tsx after the pane shell, so the store and certificate code are not in its first download.
 */
import { DEFAULT_POLICY, PROTECTION_MARKERS, mergeUserSettings, parsePolicy, type Policy, type UserSettings } from "../../core/policy";
import {
  attachmentBudget,
  attachmentLimitBase64Chars,
  createComposePort,
  createDraftCloser,
  createGraphSendPort,
  createLossMarkerPort,
  createNaaTokenPort,
  createOfficeCallQueue,
  createRecipientRecordPort,
  deliveryHostFacts,
  hostPlatform,
  isClassicOutlook,
  readDraftOrigin,
} from "../../host";
import { openStore } from "../../store";
import { loadOrganisationAnchors, loadOrganisationPolicy } from "../shared/config";
import type { ComposeServices } from "./context";

/** Store settings key of the user's choices (written by the settings pane; same key there). */
const USER_SETTINGS_KEY = "userSettings";

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
    attachmentBudget: attachmentBudget(),
    outlookWrapsOwnSmime: isClassicOutlook(hostPlatform()),
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
    recipientRecord: createRecipientRecordPort(undefined, queue),
  };
}
