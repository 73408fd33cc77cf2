/**
 * What the compose pane needs from the outside world (created once at start-up by services.ts, loaded after
 * the pane's first paint; tests of the UI can pass fakes), and the React context that carries it.
 */
import type { DeliveryMode } from "../../core/policy";
import type { AttachmentBudget, ComposePort, DeliveryHostFacts, DraftCloser, DraftOrigin, GraphSendPort, RecipientRecordPort, TokenPort } from "../../host";
import type { SpmStore } from "../../store";
import { createServicesContext } from "../shared/provider";
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
  /** The largest smime.p7m one add accepts. */
  attachmentLimitChars: number;
  /** All of the host's attachment limits (total size and number count the draft's own attachments). */
  attachmentBudget?: AttachmentBudget;
  /** Classic Outlook (Windows, Mac): with its own S/MIME switched on it wraps our message again (the pane says so). */
  outlookWrapsOwnSmime?: boolean;
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
  /** The recipients a protected draft was encrypted for, and Outlook's RecipientsChanged (absent in some tests). */
  recipientRecord?: RecipientRecordPort;
}

export const ComposeServicesContext = createServicesContext<ComposeServices>("ComposeServices");
