/** The reply/forward part of the read pane and the quote header, English and German (same keys). */
import type { Resources } from "../shared";

type Key =
  | "replyHeading" | "reply" | "replyAll" | "forward" | "includeAttachments" | "attachmentsTooLarge"
  | "forwardNoAttachments" | "noAttachmentsBefore115" | "unavailableMobile" | "unavailableRequirementSet"
  | "opened" | "openedForward" | "draftsWarning" | "truncatedNote" | "registryFailed"
  | "quoteFrom" | "quoteSent" | "quoteTo" | "quoteSubject" | "forwardMarker" | "quoteTruncated" | "forwardSubject";

export const replyStrings: Resources<Key> = {
  en: {
    replyHeading: "Answer encrypted",
    reply: "Reply",
    replyAll: "Reply all",
    forward: "Forward",
    includeAttachments: "Add the decrypted attachments to the reply ({count})",
    attachmentsTooLarge: "Left out because Outlook cannot take files this large into a reply: {names}.",
    forwardNoAttachments: "Outlook does not let add-ins put files into a forward: save the attachments above and attach them yourself.",
    noAttachmentsBefore115: "This Outlook cannot add files to a reply from an add-in (it needs Mailbox 1.15): save the attachments above and attach them yourself.",
    unavailableMobile: "Outlook on phones and tablets does not let add-ins open a reply. Answer from Outlook on a computer or on the web.",
    unavailableRequirementSet: "This Outlook does not let add-ins open a reply.",
    opened: "Outlook opened the reply with the decrypted text quoted. Open Secure Patient Mail in it and encrypt before you send.",
    openedForward: "Outlook opened a new message with the decrypted text quoted. Add the recipients, open Secure Patient Mail in it and encrypt before you send.",
    draftsWarning: "Until you encrypt it, Outlook keeps the draft unencrypted in your Drafts folder.",
    truncatedNote: "The quote was shortened to fit Outlook's limit for replies ({quoted} of {total} characters).",
    registryFailed: "Outlook could not remember this conversation as encrypted, so the reply may open with Encrypt off: switch it on yourself.",
    quoteFrom: "From:",
    quoteSent: "Sent:",
    quoteTo: "To:",
    quoteSubject: "Subject:",
    forwardMarker: "-------- Forwarded message, decrypted by Secure Patient Mail --------",
    quoteTruncated: "[Secure Patient Mail: the quoted message was shortened to fit Outlook's 32 KB limit for replies. {quoted} of {total} characters are quoted; the full message remains in the original.]",
    forwardSubject: "FW: {subject}",
  },
  de: {
    replyHeading: "Verschlüsselt antworten",
    reply: "Antworten",
    replyAll: "Allen antworten",
    forward: "Weiterleiten",
    includeAttachments: "Die entschlüsselten Anhänge zur Antwort hinzufügen ({count})",
    attachmentsTooLarge: "Weggelassen, weil Outlook so große Dateien nicht in eine Antwort übernimmt: {names}.",
    forwardNoAttachments: "Outlook erlaubt Add-ins nicht, Dateien in eine Weiterleitung zu legen: Speichern Sie die Anhänge oben und hängen Sie sie selbst an.",
    noAttachmentsBefore115: "Dieses Outlook kann einer Antwort keine Dateien aus einem Add-in hinzufügen (dafür ist Mailbox 1.15 nötig): Speichern Sie die Anhänge oben und hängen Sie sie selbst an.",
    unavailableMobile: "Outlook auf Telefonen und Tablets erlaubt Add-ins nicht, eine Antwort zu öffnen. Antworten Sie aus Outlook am Computer oder im Web.",
    unavailableRequirementSet: "Dieses Outlook erlaubt Add-ins nicht, eine Antwort zu öffnen.",
    opened: "Outlook hat die Antwort mit dem entschlüsselten Text als Zitat geöffnet. Öffnen Sie darin Secure Patient Mail und verschlüsseln Sie vor dem Senden.",
    openedForward: "Outlook hat eine neue Nachricht mit dem entschlüsselten Text als Zitat geöffnet. Fügen Sie die Empfänger hinzu, öffnen Sie darin Secure Patient Mail und verschlüsseln Sie vor dem Senden.",
    draftsWarning: "Bis Sie ihn verschlüsseln, bewahrt Outlook den Entwurf unverschlüsselt in Ihrem Ordner Entwürfe auf.",
    truncatedNote: "Das Zitat wurde gekürzt, damit es in Outlooks Grenze für Antworten passt ({quoted} von {total} Zeichen).",
    registryFailed: "Outlook konnte sich diese Unterhaltung nicht als verschlüsselt merken, daher öffnet die Antwort womöglich mit ausgeschaltetem Verschlüsseln: Schalten Sie es selbst ein.",
    quoteFrom: "Von:",
    quoteSent: "Gesendet:",
    quoteTo: "An:",
    quoteSubject: "Betreff:",
    forwardMarker: "-------- Weitergeleitete Nachricht, entschlüsselt von Secure Patient Mail --------",
    quoteTruncated: "[Secure Patient Mail: Die zitierte Nachricht wurde gekürzt, damit sie in Outlooks Grenze von 32 KB für Antworten passt. {quoted} von {total} Zeichen sind zitiert; die vollständige Nachricht bleibt im Original.]",
    forwardSubject: "WG: {subject}",
  },
};
