/**
 * The short visible body of a protected draft, in German and English (the recipient's language is not
 * known), the user's language first. It says what the message is and how to open it, and nothing about its
 * content: the send guard checks this text for patient data.
 */
import type { Language } from "../../core/types";

export type Protection = "both" | "encrypt" | "sign";

export function protectionOf(sign: boolean, encrypt: boolean): Protection {
  return sign && encrypt ? "both" : encrypt ? "encrypt" : "sign";
}

const TEXT: Record<Language, Record<Protection, [string, string]>> = {
  en: {
    both: ["This message is encrypted and signed (S/MIME).", "To read it, open it with the Secure Patient Mail add-in in Outlook, or with any mail program that supports S/MIME (for example Outlook, Thunderbird or Apple Mail) and your certificate."],
    encrypt: ["This message is encrypted (S/MIME).", "To read it, open it with the Secure Patient Mail add-in in Outlook, or with any mail program that supports S/MIME (for example Outlook, Thunderbird or Apple Mail) and your certificate."],
    sign: ["This message is signed (S/MIME).", "To read it and check the signature, open it with the Secure Patient Mail add-in in Outlook, or with any mail program that supports S/MIME (for example Outlook, Thunderbird or Apple Mail)."],
  },
  de: {
    both: ["Diese Nachricht ist verschlüsselt und signiert (S/MIME).", "Zum Lesen öffnen Sie sie mit dem Add-in Secure Patient Mail in Outlook oder mit einem E-Mail-Programm, das S/MIME unterstützt (zum Beispiel Outlook, Thunderbird oder Apple Mail), und Ihrem Zertifikat."],
    encrypt: ["Diese Nachricht ist verschlüsselt (S/MIME).", "Zum Lesen öffnen Sie sie mit dem Add-in Secure Patient Mail in Outlook oder mit einem E-Mail-Programm, das S/MIME unterstützt (zum Beispiel Outlook, Thunderbird oder Apple Mail), und Ihrem Zertifikat."],
    sign: ["Diese Nachricht ist signiert (S/MIME).", "Zum Lesen und Prüfen der Signatur öffnen Sie sie mit dem Add-in Secure Patient Mail in Outlook oder mit einem E-Mail-Programm, das S/MIME unterstützt (zum Beispiel Outlook, Thunderbird oder Apple Mail)."],
  },
};

function order(first: Language): Language[] {
  return first === "de" ? ["de", "en"] : ["en", "de"];
}

export function noticeHtml(protection: Protection, userLanguage: Language): string {
  const blocks = order(userLanguage).map((lang) => {
    const [title, body] = TEXT[lang][protection];
    return `<p lang="${lang}"><b>${title}</b><br>${body}</p>`;
  });
  return `<div>${blocks.join("")}</div>`;
}

export function noticeText(protection: Protection, userLanguage: Language): string {
  return order(userLanguage)
    .map((lang) => TEXT[lang][protection].join("\n"))
    .join("\n\n");
}

const SENT: Record<Language, string> = {
  en: "This draft was sent with Secure Patient Mail as standard S/MIME; the sent message is in Sent Items. You can delete this draft.",
  de: "Dieser Entwurf wurde mit Secure Patient Mail als Standard-S/MIME gesendet; die gesendete Nachricht liegt in „Gesendete Elemente“. Sie können diesen Entwurf löschen.",
};

/** What an emptied draft says after a standard S/MIME send whose draft Outlook did not close. */
export function sentDraftNote(userLanguage: Language): { html: string; text: string } {
  const langs = order(userLanguage);
  return { html: `<div>${langs.map((l) => `<p lang="${l}">${SENT[l]}</p>`).join("")}</div>`, text: langs.map((l) => SENT[l]).join("\n\n") };
}
