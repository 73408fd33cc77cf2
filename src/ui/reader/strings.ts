/** The web reader's own sentences, English and German (same keys). The status and content reuse the read pane's. */
import type { Resources } from "../shared";

type Key =
  | "title" | "originLabel" | "originCheck" | "localOnly" | "chooseLabel" | "chooseHint" | "dropHere" | "opening"
  | "notSmime" | "keysHeading" | "keysHeld" | "noKeys" | "importHeading" | "importHint" | "importSubmit" | "imported"
  | "fileLabel" | "openAnother" | "bareCms";

export const readerStrings: Resources<Key> = {
  en: {
    title: "Secure Patient Mail: read an encrypted message",
    originLabel: "You are on",
    originCheck: "Check this address before you give this page a key file. Use a reader whose address you know: your own organisation's, or one you typed yourself. Any genuine copy opens any message; you do not need the address named in an e-mail.",
    localOnly: "Nothing leaves this browser: the message is decrypted and checked on this computer, and this page sends no part of it, and no key, anywhere.",
    chooseLabel: "Message file (.eml or smime.p7m)",
    chooseHint: "Save the message (.eml) or its attachment smime.p7m from your mail program, then choose it here or drop it on this page.",
    dropHere: "Drop the file here",
    opening: "Opening {name}…",
    notSmime: "This file holds no encrypted or signed S/MIME message.",
    keysHeading: "Your keys in this browser",
    keysHeld: "Keys on this address: {emails}",
    noKeys: "This browser holds no key for this address yet.",
    importHeading: "Use a key file (.p12 or .pfx)",
    importHint: "The key is stored encrypted in this browser, for this address only. Remove it in the add-in's settings on this address, or by clearing this site's data.",
    importSubmit: "Import and open",
    imported: "Imported: {emails}.",
    fileLabel: "File: {name}",
    openAnother: "Open another file",
    bareCms: "This is the protected part alone (no e-mail headers): there is no sender to compare a signature with.",
  },
  de: {
    title: "Secure Patient Mail: eine verschlüsselte Nachricht lesen",
    originLabel: "Sie sind auf",
    originCheck: "Prüfen Sie diese Adresse, bevor Sie dieser Seite eine Schlüsseldatei geben. Verwenden Sie einen Leser, dessen Adresse Sie kennen: den Ihrer eigenen Organisation oder einen, den Sie selbst eingetippt haben. Jede echte Kopie öffnet jede Nachricht; die in einer E-Mail genannte Adresse brauchen Sie nicht.",
    localOnly: "Nichts verlässt diesen Browser: Die Nachricht wird auf diesem Computer entschlüsselt und geprüft, und diese Seite sendet keinen Teil davon und keinen Schlüssel irgendwohin.",
    chooseLabel: "Nachrichtendatei (.eml oder smime.p7m)",
    chooseHint: "Speichern Sie die Nachricht (.eml) oder ihren Anhang smime.p7m aus Ihrem E-Mail-Programm und wählen Sie sie hier aus oder ziehen Sie sie auf diese Seite.",
    dropHere: "Datei hier ablegen",
    opening: "{name} wird geöffnet…",
    notSmime: "Diese Datei enthält keine verschlüsselte oder signierte S/MIME-Nachricht.",
    keysHeading: "Ihre Schlüssel in diesem Browser",
    keysHeld: "Schlüssel auf dieser Adresse: {emails}",
    noKeys: "Dieser Browser hat für diese Adresse noch keinen Schlüssel.",
    importHeading: "Eine Schlüsseldatei verwenden (.p12 oder .pfx)",
    importHint: "Der Schlüssel wird verschlüsselt in diesem Browser gespeichert, nur für diese Adresse. Entfernen Sie ihn in den Einstellungen des Add-ins auf dieser Adresse oder durch Löschen der Websitedaten.",
    importSubmit: "Importieren und öffnen",
    imported: "Importiert: {emails}.",
    fileLabel: "Datei: {name}",
    openAnother: "Eine andere Datei öffnen",
    bareCms: "Das ist nur der geschützte Teil (ohne E-Mail-Kopf): Es gibt keinen Absender, mit dem eine Signatur verglichen werden kann.",
  },
};
