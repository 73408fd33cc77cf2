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

/**
 * LIMIT_EXCEEDED names the limit in `details.limit` (the CoreConfig field, src/core/config.ts). The limits a
 * user meets when importing a file get their own sentence; the message limits keep the general one.
 */
const FILE_KDF_WORK: LocalizedText = {
  en: "This file asks for more key-derivation work than allowed, so it was not opened. Ask whoever made it for a file exported with current standard settings.",
  de: "Diese Datei verlangt mehr Rechenaufwand für die Schlüsselableitung als erlaubt und wurde deshalb nicht geöffnet. Bitten Sie den Aussteller um eine Datei, die mit aktuellen Standardeinstellungen exportiert wurde.",
};
const LIMIT_TEXTS: Record<string, LocalizedText> = {
  maxPkcs12KdfWork: FILE_KDF_WORK,
  maxKdfIterations: FILE_KDF_WORK,
  maxAsyncKdfIterations: FILE_KDF_WORK,
  maxPkcs12EncryptedBags: {
    en: "This file holds more encrypted parts than a certificate file needs, so it was not opened. Ask whoever made it for a file with only your certificate and key.",
    de: "Diese Datei enthält mehr verschlüsselte Teile, als eine Zertifikatsdatei braucht, und wurde deshalb nicht geöffnet. Bitten Sie den Aussteller um eine Datei nur mit Ihrem Zertifikat und Schlüssel.",
  },
  maxPickedFileBytes: {
    en: "This file is larger than any certificate file, so it was not read. Check that you picked the right file.",
    de: "Diese Datei ist größer als jede Zertifikatsdatei und wurde deshalb nicht gelesen. Prüfen Sie, ob Sie die richtige Datei gewählt haben.",
  },
};

const UNKNOWN: LocalizedText = {
  en: "Something unexpected went wrong. Nothing was changed.",
  de: "Etwas Unerwartetes ist schiefgegangen. Es wurde nichts verändert.",
};

/** HOST_ERROR by `details.reason`: what the user can do about a limit of their Outlook. */
const HOST_TEXTS: Record<string, LocalizedText> = {
  "attachments-without-ids": {
    en: "This version of Outlook does not give add-ins the content of this signed message. Open it in Outlook on the web, or update Outlook.",
    de: "Diese Outlook-Version gibt Add-ins den Inhalt dieser signierten Nachricht nicht heraus. Öffnen Sie sie in Outlook im Web oder aktualisieren Sie Outlook.",
  },
};

export function errorText(error: unknown, language: Language): string {
  if (!isSpmError(error)) return UNKNOWN[language];
  const reason = error.code === "HOST_ERROR" ? error.details?.reason : undefined;
  if (typeof reason === "string" && Object.hasOwn(HOST_TEXTS, reason)) return HOST_TEXTS[reason][language];
  const limit = error.code === "LIMIT_EXCEEDED" ? error.details?.limit : undefined;
  if (typeof limit === "string" && Object.hasOwn(LIMIT_TEXTS, limit)) return LIMIT_TEXTS[limit][language];
  return TEXTS[error.code][language];
}

export function errorCode(error: unknown): ErrorCode | "UNKNOWN" {
  return isSpmError(error) ? error.code : "UNKNOWN";
}
