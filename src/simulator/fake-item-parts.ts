/** Parts the fake compose and read items share: addresses, body conversion, the notification bar. */
import type { FakeKit } from "./fake-async";
import { FailWith } from "./fake-async";
import type { FakeAddress, FakeNotificationMessages } from "./fake-office-types";
import type { SimAddress } from "./mailbox-state";

export function copyAddr(a: SimAddress): FakeAddress {
  return { displayName: a.displayName, emailAddress: a.emailAddress, recipientType: "externalUser" };
}

export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|li|tr|h[1-6])>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

export function textToHtml(text: string): string {
  const esc = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return `<html><body><div>${esc.replace(/\r?\n/g, "<br>")}</div></body></html>`;
}

/** A body read with a coercion: as stored when it matches the body's type, converted otherwise. */
export function coerceBody(body: string, bodyType: "html" | "text", coercion: unknown): string {
  if (coercion === bodyType) return body;
  return coercion === "text" ? htmlToText(body) : textToHtml(body);
}

type NotificationDetails = { type: string; message: string };

/** item.notificationMessages: the info bar above the message (shown in the simulator's mail window); at most 5, unique keys. */
export function notificationMessages({ backend, asyncMethod }: FakeKit): FakeNotificationMessages {
  const n = () => backend.notifications;
  return {
    addAsync: asyncMethod("notificationMessages.addAsync", 2, ([key, details]) => {
      if (n().some((x) => x.key === key)) throw new FailWith("DuplicateNotificationKey");
      if (n().length >= 5) throw new FailWith("NumberOfNotificationsExceeded");
      n().push({ key: String(key), ...(details as NotificationDetails) });
      backend.changed();
    }),
    getAllAsync: asyncMethod("notificationMessages.getAllAsync", 0, () => n().map((x) => ({ ...x }))),
    replaceAsync: asyncMethod("notificationMessages.replaceAsync", 2, ([key, details]) => {
      backend.notifications = [...n().filter((x) => x.key !== key), { key: String(key), ...(details as NotificationDetails) }];
      backend.changed();
    }),
    removeAsync: asyncMethod("notificationMessages.removeAsync", 1, ([key]) => {
      if (!n().some((x) => x.key === key)) throw new FailWith("NotificationKeyNotFound");
      backend.notifications = n().filter((x) => x.key !== key);
      backend.changed();
    }),
  };
}
