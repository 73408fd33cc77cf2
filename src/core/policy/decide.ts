import type { LocalizedText } from "../types";
import { detectPatientData } from "./detect";
import { isExternal } from "./recipients";
import type { PatternMatch, Policy } from "./types";

export type SendMode = "PromptUser" | "SoftBlock" | "Block";

export interface SendDecision {
  allow: boolean;
  /** Only when !allow: PromptUser lets the user send anyway, SoftBlock makes them fix it first. */
  sendMode?: SendMode;
  message?: LocalizedText;
  /** The patient-data patterns found in the subject and visible text. */
  matches: PatternMatch[];
  /** True when at least one recipient is outside the internal domains. */
  external: boolean;
}

export interface SendInput {
  policy: Policy;
  protectedByUs: boolean;
  subject: string;
  bodyText: string;
  recipients: readonly string[];
  /**
   * The draft replies to or forwards encrypted mail (OnMessageDecrypt's contextData, or a conversation the
   * user read decrypted). Its quote may carry the decrypted text: encryption is required whatever the
   * patterns say, softened to a warning only by `policy.encryptedReplies: "warn"`.
   */
  replyToEncrypted?: boolean;
  /**
   * Can the host let the user "send anyway" (Smart Alerts sendModeOverride, Mailbox 1.14)? When not,
   * the manifest's SoftBlock applies, so a "warn" policy blocks and the message must say so.
   */
  canPrompt?: boolean;
}

/** Smart Alerts shows at most about 500 characters; we stay well below. */
const MAX_LABELS = 4;

/** Should this message be sent as it is? Pure: the Office handler and the panes share it. */
export function decideSend(input: SendInput): SendDecision {
  const { policy } = input;
  if (policy.sendGuard === "off") return { allow: true, matches: [], external: false };
  const matches = detectPatientData(input.subject + "\n" + input.bodyText, policy.patterns);
  const external = isExternal(input.recipients, policy.internalDomains);
  const blocking = policy.sendGuard === "require" || input.canPrompt === false;
  if (input.protectedByUs) {
    // S/MIME never encrypts the subject, and the visible notice body travels in clear too:
    // patient data there leaks even from an encrypted message.
    if (!matches.length) return { allow: true, matches, external };
    return { allow: false, sendMode: blocking ? "SoftBlock" : "PromptUser", message: leakMessage(matches, blocking), matches, external };
  }
  const inScope =
    policy.scope === "all" ||
    (policy.scope === "patient-data" && matches.length > 0) ||
    (policy.scope === "external" && external) ||
    (policy.scope === "patient-data-or-external" && (matches.length > 0 || external));
  if (input.replyToEncrypted) {
    // "warn" softens only this rule: a reply that the scope rules also catch under "require" stays blocked.
    const strict = policy.encryptedReplies === "require" || (inScope && blocking) || input.canPrompt === false;
    return { allow: false, sendMode: strict ? "SoftBlock" : "PromptUser", message: replyMessage(strict), matches, external };
  }
  if (!inScope) return { allow: true, matches, external };
  return {
    allow: false,
    sendMode: blocking ? "SoftBlock" : "PromptUser",
    message: sendMessage(matches, external, blocking),
    matches,
    external,
  };
}

function sendMessage(matches: PatternMatch[], external: boolean, required: boolean): LocalizedText {
  const list = (lang: "en" | "de") => matches.slice(0, MAX_LABELS).map((f) => f.label[lang]).join(", ");
  const en: string[] = [];
  const de: string[] = [];
  if (matches.length) {
    en.push(`This message seems to contain patient data (${list("en")}).`);
    de.push(`Diese Nachricht scheint Patientendaten zu enthalten (${list("de")}).`);
  }
  if (external) {
    en.push("It goes to recipients outside your organisation.");
    de.push("Sie geht an Empfänger außerhalb Ihrer Organisation.");
  }
  if (!matches.length && !external) {
    en.push("Your organisation requires protection for this message.");
    de.push("Ihre Organisation verlangt für diese Nachricht einen Schutz.");
  }
  en.push(required ? "Please encrypt it with Secure Patient Mail before sending." : "Encrypt it with Secure Patient Mail, or send it anyway.");
  de.push(required ? "Bitte verschlüsseln Sie sie vor dem Senden mit Secure Patient Mail." : "Verschlüsseln Sie sie mit Secure Patient Mail oder senden Sie trotzdem.");
  return { en: en.join(" "), de: de.join(" ") };
}

function replyMessage(required: boolean): LocalizedText {
  return {
    en:
      "This answers or forwards an encrypted message, so its quoted text may contain patient data. " +
      (required ? "Please encrypt it with Secure Patient Mail before sending." : "Encrypt it with Secure Patient Mail, or send it anyway."),
    de:
      "Diese Nachricht beantwortet oder leitet eine verschlüsselte Nachricht weiter; ihr zitierter Text kann Patientendaten enthalten. " +
      (required ? "Bitte verschlüsseln Sie sie vor dem Senden mit Secure Patient Mail." : "Verschlüsseln Sie sie mit Secure Patient Mail oder senden Sie trotzdem."),
  };
}

function leakMessage(matches: PatternMatch[], required: boolean): LocalizedText {
  const list = (lang: "en" | "de") => matches.slice(0, MAX_LABELS).map((f) => f.label[lang]).join(", ");
  return {
    en:
      `The message is encrypted, but its subject or visible text seems to contain patient data (${list("en")}). ` +
      "S/MIME never encrypts the subject. " +
      (required ? "Please move that text into the encrypted message before sending." : "Move that text into the encrypted message, or send anyway."),
    de:
      `Die Nachricht ist verschlüsselt, aber ihr Betreff oder sichtbarer Text scheint Patientendaten zu enthalten (${list("de")}). ` +
      "S/MIME verschlüsselt den Betreff nie. " +
      (required ? "Bitte verschieben Sie diesen Text vor dem Senden in die verschlüsselte Nachricht." : "Verschieben Sie diesen Text in die verschlüsselte Nachricht oder senden Sie trotzdem."),
  };
}

/** The message when Outlook could not give us what we needed to decide (fail safe per policy). */
export function checkFailedMessage(required: boolean): LocalizedText {
  return required
    ? {
        en: "Secure Patient Mail could not check this message, and your organisation requires protection. Please encrypt it with Secure Patient Mail before sending.",
        de: "Secure Patient Mail konnte diese Nachricht nicht prüfen, und Ihre Organisation verlangt einen Schutz. Bitte verschlüsseln Sie sie vor dem Senden mit Secure Patient Mail.",
      }
    : {
        en: "Secure Patient Mail could not check this message for patient data. Encrypt it with Secure Patient Mail, or send it anyway.",
        de: "Secure Patient Mail konnte diese Nachricht nicht auf Patientendaten prüfen. Verschlüsseln Sie sie mit Secure Patient Mail oder senden Sie trotzdem.",
      };
}

/**
 * Outlook's Send pressed on a draft whose content the compose pane is sending, or has sent, through
 * Microsoft Graph (sessionData DELIVERY_MARKER): the draft still holds the unprotected text, and sending it
 * would deliver that text a second time, unencrypted. Always blocked, whatever the patterns say.
 */
export function deliveryMarkerMessage(state: string): LocalizedText | undefined {
  switch (state) {
    case "sending":
      return {
        en: "Secure Patient Mail is sending this message encrypted right now. Wait until it has finished: the draft then closes by itself.",
        de: "Secure Patient Mail sendet diese Nachricht gerade verschlüsselt. Warten Sie, bis das fertig ist: Der Entwurf schließt sich dann von selbst.",
      };
    case "sent":
      return {
        en: "Secure Patient Mail has already sent this message encrypted. This draft is the unprotected copy: discard it.",
        de: "Secure Patient Mail hat diese Nachricht bereits verschlüsselt gesendet. Dieser Entwurf ist die ungeschützte Kopie: Verwerfen Sie ihn.",
      };
    case "unknown":
      return {
        en: "Secure Patient Mail may already have sent this message encrypted. Check Sent Items; to send it again, use Secure Patient Mail, not Send.",
        de: "Secure Patient Mail hat diese Nachricht möglicherweise schon verschlüsselt gesendet. Prüfen Sie „Gesendete Elemente“; zum erneuten Senden verwenden Sie Secure Patient Mail, nicht „Senden“.",
      };
    default:
      return undefined;
  }
}
