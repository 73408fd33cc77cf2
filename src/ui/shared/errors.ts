/** Calm, specific error sentences for the panes, by stable error code (never by message text). */
import { isSpmError, type ErrorCode } from "../../core/errors";
import type { Language, LocalizedText } from "../../core/types";

const TEXTS: Record<ErrorCode, LocalizedText> = {
  MALFORMED: { en: "The message or file is damaged and cannot be read.", de: "Die Nachricht oder Datei ist beschädigt und kann nicht gelesen werden." },
  UNSUPPORTED_ALGORITHM: { en: "The message uses a method this add-in does not support.", de: "Die Nachricht verwendet ein Verfahren, das dieses Add-in nicht unterstützt." },
  NOT_FOR_ME: { en: "This message was not encrypted for any of your certificates.", de: "Diese Nachricht wurde für keines Ihrer Zertifikate verschlüsselt." },
  DECRYPTION_FAILED: { en: "The message could not be decrypted with your key.", de: "Die Nachricht konnte mit Ihrem Schlüssel nicht entschlüsselt werden." },
  TAMPERED: { en: "The message was changed after it was protected.", de: "Die Nachricht wurde nach dem Schützen verändert." },
  LIMIT_EXCEEDED: { en: "The message is too large or too deeply nested to open safely.", de: "Die Nachricht ist zu groß oder zu tief verschachtelt, um sie sicher zu öffnen." },
  INVALID_ARGUMENT: { en: "Something in the request is not valid.", de: "Etwas an der Anfrage ist ungültig." },
  WRONG_PASSWORD: { en: "The password is not correct.", de: "Das Passwort ist nicht korrekt." },
  NO_PRIVATE_KEY: { en: "The file contains no private key.", de: "Die Datei enthält keinen privaten Schlüssel." },
  CERTIFICATE_UNUSABLE: { en: "The certificate cannot be used for this.", de: "Das Zertifikat kann dafür nicht verwendet werden." },
  STORE_LOCKED: { en: "Your key store is locked. Enter your passphrase to continue.", de: "Ihr Schlüsselspeicher ist gesperrt. Geben Sie Ihre Passphrase ein, um fortzufahren." },
  STORAGE_LOST: { en: "The browser has cleared this add-in's storage. Restore your key from your backup file.", de: "Der Browser hat den Speicher dieses Add-ins gelöscht. Stellen Sie Ihren Schlüssel aus Ihrer Sicherungsdatei wieder her." },
  HOST_ERROR: { en: "Outlook reported an error.", de: "Outlook hat einen Fehler gemeldet." },
  AMBIGUOUS: { en: "The message is built in an ambiguous way and was not trusted.", de: "Die Nachricht ist mehrdeutig aufgebaut und wurde nicht als vertrauenswürdig behandelt." },
};

const UNKNOWN: LocalizedText = {
  en: "Something unexpected went wrong. Nothing was changed.",
  de: "Etwas Unerwartetes ist schiefgegangen. Es wurde nichts verändert.",
};

export function errorText(error: unknown, language: Language): string {
  return (isSpmError(error) ? TEXTS[error.code] : UNKNOWN)[language];
}

export function errorCode(error: unknown): ErrorCode | "UNKNOWN" {
  return isSpmError(error) ? error.code : "UNKNOWN";
}
