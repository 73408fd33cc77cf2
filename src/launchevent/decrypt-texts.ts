/**
 * What the OnMessageDecrypt handler tells the user: the reasons it leaves a message to the pane (its
 * `errorMessage`), and the one neutral line above decrypted content. Shared by launchevent.js (ES2016, the
 * runtime that cannot decrypt) and the web handler. No status words here on purpose: a status written into
 * content is what signature-spoofing attacks forge, so the line never says "signed" or "verified".
 */
import type { LocalizedText } from "../core/types";

export type DecryptRefusal =
  /** Classic Outlook's JavaScript-only runtime, or a webview without WebCrypto/IndexedDB/DOMParser. */
  | "runtime"
  /** The web runtime could not load the decryption code (network, blocked script). */
  | "module"
  | "locked"
  | "no-keys"
  | "not-for-me"
  /** The signature over the content is broken or names someone else than the sender. */
  | "bad-signature"
  | "no-payload"
  | "too-large"
  | "timeout"
  | "failed";

const OPEN_PANE = { en: "Open Secure Patient Mail on the ribbon", de: "Öffnen Sie Secure Patient Mail im Menüband" };

export const REFUSAL_TEXT: Readonly<Record<DecryptRefusal, LocalizedText>> = Object.freeze({
  runtime: {
    en: `This version of Outlook cannot show messages decrypted by Secure Patient Mail here. ${OPEN_PANE.en} to read this message.`,
    de: `Diese Outlook-Version kann von Secure Patient Mail entschlüsselte Nachrichten hier nicht anzeigen. ${OPEN_PANE.de}, um die Nachricht zu lesen.`,
  },
  module: {
    en: `Secure Patient Mail could not load its decryption code. ${OPEN_PANE.en} to read this message.`,
    de: `Secure Patient Mail konnte seinen Entschlüsselungscode nicht laden. ${OPEN_PANE.de}, um die Nachricht zu lesen.`,
  },
  locked: {
    en: `Your keys in Secure Patient Mail are locked with a passphrase. ${OPEN_PANE.en} and unlock them to read this message.`,
    de: `Ihre Schlüssel in Secure Patient Mail sind mit einer Passphrase gesperrt. ${OPEN_PANE.de} und entsperren Sie sie, um die Nachricht zu lesen.`,
  },
  "no-keys": {
    en: `Secure Patient Mail has no key on this device. ${OPEN_PANE.en} to import or restore your key.`,
    de: `Secure Patient Mail hat auf diesem Gerät keinen Schlüssel. ${OPEN_PANE.de}, um Ihren Schlüssel zu importieren oder wiederherzustellen.`,
  },
  "not-for-me": {
    en: `This message is not encrypted for any of your keys in Secure Patient Mail. ${OPEN_PANE.en} for details.`,
    de: `Diese Nachricht ist für keinen Ihrer Schlüssel in Secure Patient Mail verschlüsselt. ${OPEN_PANE.de} für Einzelheiten.`,
  },
  "bad-signature": {
    en: `The signature of this message does not match its content or its sender, so it is not shown here. ${OPEN_PANE.en} for details.`,
    de: `Die Signatur dieser Nachricht passt nicht zu ihrem Inhalt oder Absender; sie wird hier deshalb nicht angezeigt. ${OPEN_PANE.de} für Einzelheiten.`,
  },
  "no-payload": {
    en: `This message has no encrypted content that Secure Patient Mail can open here. ${OPEN_PANE.en} for details.`,
    de: `Diese Nachricht hat keinen verschlüsselten Inhalt, den Secure Patient Mail hier öffnen kann. ${OPEN_PANE.de} für Einzelheiten.`,
  },
  "too-large": {
    en: `This message is too large to decrypt in the reading pane. ${OPEN_PANE.en} to read it.`,
    de: `Diese Nachricht ist zu groß, um sie im Lesebereich zu entschlüsseln. ${OPEN_PANE.de}, um sie zu lesen.`,
  },
  timeout: {
    en: `Decrypting this message took too long. ${OPEN_PANE.en} to read it.`,
    de: `Das Entschlüsseln dieser Nachricht hat zu lange gedauert. ${OPEN_PANE.de}, um sie zu lesen.`,
  },
  failed: {
    en: `Secure Patient Mail could not decrypt this message here. ${OPEN_PANE.en} for details.`,
    de: `Secure Patient Mail konnte diese Nachricht hier nicht entschlüsseln. ${OPEN_PANE.de} für Einzelheiten.`,
  },
});

/**
 * The line above every decrypted message in Outlook's reading pane: the same for signed, unsigned and badly
 * signed-but-shown content, so it states nothing an attacker's content could want to imitate.
 */
export const NEUTRAL_LINE: LocalizedText = Object.freeze({
  en: "Decrypted by Secure Patient Mail. Whether and by whom this message was signed is shown only in Secure Patient Mail (on the ribbon).",
  de: "Von Secure Patient Mail entschlüsselt. Ob und von wem diese Nachricht signiert wurde, zeigt nur Secure Patient Mail (im Menüband).",
});

/** The global through which launchevent.html's decrypt module offers the real handler to launchevent.js. */
export const DECRYPT_HOOK = "spmOnMessageDecrypt";

/**
 * What OnMessageDecrypt's event.completed takes: Office.MessageDecryptEventCompletedOptions (Mailbox 1.16)
 * plus `errorMessage`, which is in the preview requirement set only and missing from @types/office-js
 * 1.0.612. Clients that do not know it show their default failure bar instead.
 */
export interface DecryptCompletedOptions extends Office.MessageDecryptEventCompletedOptions {
  errorMessage?: string;
}

export interface DecryptEvent {
  completed(options: DecryptCompletedOptions): void;
}

export type DecryptHook = (event: DecryptEvent) => Promise<void>;
