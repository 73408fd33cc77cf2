import type { LocalizedText } from "../types";
import type { DeliveryMode, GraphAppConfig } from "./delivery";

/** What the send guard does when a message falls in scope and is not protected by us. */
export type SendGuardMode = "off" | "warn" | "require";

/**
 * What the send guard does with an unprotected reply to, or forward of, encrypted mail (its quote may carry
 * the decrypted text): "require" blocks until it is encrypted, "warn" lets the user send anyway.
 */
export type EncryptedRepliesMode = "warn" | "require";

/** Which unprotected messages the send guard looks at. */
export type GuardScope = "all" | "patient-data" | "external" | "patient-data-or-external";

/** One detector for patient data. `regex` is a JavaScript regular expression source (no slashes). */
export interface DetectionPattern {
  id: string;
  label: LocalizedText;
  regex: string;
  /** Extra RegExp flags from "imu" ("g" is always added). Default "i". */
  flags?: string;
}

export interface Policy {
  sendGuard: SendGuardMode;
  scope: GuardScope;
  /** Replies to and forwards of encrypted mail, whatever the scope and patterns say (unless sendGuard is "off"). */
  encryptedReplies: EncryptedRepliesMode;
  /** Mail domains of the organisation (lower case). A recipient outside them is external. */
  internalDomains: string[];
  patterns: DetectionPattern[];
  /** May users loosen the policy in their own settings? (Tightening is always allowed.) */
  allowUserOverride: boolean;
  /** Initial state of the Sign / Encrypt switches in the compose pane. */
  defaults: { sign: boolean; encrypt: boolean };
  /** How protected mail is sent (delivery.ts); absent = "auto". */
  delivery?: DeliveryMode;
  /** The Entra app registration for standard S/MIME through Microsoft Graph; absent = not configured. */
  graph?: GraphAppConfig;
}

/** What a user may set in the settings pane (stored in roaming settings). */
export interface UserSettings {
  sendGuard?: SendGuardMode;
  defaults?: { sign?: boolean; encrypt?: boolean };
}

/** A detection pattern that matched a message: its id and label, never the matched text (it is patient data). */
export interface PatternMatch {
  id: string;
  label: LocalizedText;
}
