/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-argument -- TODO(issue 14): the fake Office is untyped until it is typed against @types/office-js. */
/**
 * A fake `Office` global implementing the subset of the Outlook Mailbox API that Secure Patient Mail uses,
 * backed by a SimMailbox. Faithful where it matters to us:
 * - every async method calls back asynchronously (a few ms of latency), never synchronously;
 * - at most 3 pending async calls on "OfficeOnline" (the 4th fails: code 5100 "Wait until the previous call
 *   completes"); stricter than Outlook, which documents the limit for a list of methods (attachments, body...);
 * - body.setAsync: 1,000,000 chars max (DataExceedsMaximumSize); Html coercion on a text body: InvalidFormatError;
 * - addFileAttachmentFromBase64Async: size limit per platform (AttachmentSizeExceeded), ids EWS-like on the web,
 *   index strings on PC/Mac; never calls back when Outlook's own S/MIME is on (office-js #3363);
 * - item.notificationMessages keeps at most 5 messages with unique keys;
 * - methods are only present when their requirement set is supported (e.g. getAsFileAsync needs 1.14);
 * - `backend.failNext(method, errorName)` makes the next call of that method fail without side effects.
 */
import { latin1Decode, toBase64 } from "../core/bytes";
import {
  BODY_MAX_CHARS,
  attachmentMaxBase64Chars,
  officeError,
  type OfficeErrorShape,
  type SimAddress,
  type SimMailbox,
} from "./mailbox-state";
import { closeMethods, deliveryState } from "./delivery-state";

type Callback = (result: FakeAsyncResult) => void;

export interface FakeAsyncResult {
  status: "succeeded" | "failed";
  value: unknown;
  error: OfficeErrorShape | undefined;
  asyncContext: unknown;
  diagnostics?: unknown;
}

class FailWith extends Error {
  constructor(
    readonly officeName: string,
    message?: string,
  ) {
    super(message ?? officeName);
  }
}

/** Thrown synchronously for programming errors, like Office.js does for bad arguments. */
function argumentError(method: string, what: string): Error {
  const e = new Error(`Sys.ArgumentException: ${method}: ${what}`);
  e.name = "Sys.ArgumentException";
  return e;
}

const MAX_CONCURRENT_WEB = 3;

function htmlToText(html: string): string {
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

function textToHtml(text: string): string {
  const esc = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return `<html><body><div>${esc.replace(/\r?\n/g, "<br>")}</div></body></html>`;
}

function isBase64(s: string): boolean {
  return /^[A-Za-z0-9+/]*={0,2}$/.test(s) && s.length % 4 === 0;
}

export interface FakeOfficeOptions {
  /** Which item the pane sees. Defaults to backend.mode at creation time. */
  mode?: "compose" | "read";
  /** For tests: a fixed latency instead of the backend's range. */
  latencyMs?: number;
}

// The fake is deliberately loosely typed: it is cast to `typeof Office` where the host ports need it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export function createFakeOffice(backend: SimMailbox, options: FakeOfficeOptions = {}): Any {
  const mode = options.mode ?? backend.mode;
  let pending = 0;

  function latency(): number {
    if (options.latencyMs !== undefined) return options.latencyMs;
    const [lo, hi] = backend.latencyMs;
    return lo + Math.floor(Math.random() * (hi - lo + 1));
  }

  /**
   * The Office.js calling convention: required args, then optional options object, then optional callback.
   * `impl` runs after the latency (state changes happen then, like a round trip to the server).
   */
  function asyncMethod(method: string, required: number, impl: (args: Any[], opts: Any) => unknown, behaviour: { hang?: () => boolean } = {}) {
    return (...all: Any[]): void => {
      const args = all.slice(0, required);
      const rest = all.slice(required);
      let opts: Any = {};
      let cb: Callback | undefined;
      for (const r of rest) {
        if (typeof r === "function") cb = r as Callback;
        else if (r && typeof r === "object") opts = r;
      }
      const asyncContext = opts?.asyncContext;
      const deliver = (result: FakeAsyncResult) => {
        pending--;
        backend.record({ method, outcome: result.status, ...(result.error ? { error: result.error.name } : {}) });
        if (cb) cb(result);
      };
      if (backend.platform === "OfficeOnline" && pending >= MAX_CONCURRENT_WEB) {
        backend.record({ method, outcome: "failed", error: "TooManyIncompleteRequests" });
        const error = officeError("TooManyIncompleteRequests");
        setTimeout(() => cb?.({ status: "failed", value: undefined, error, asyncContext }), 0);
        return;
      }
      pending++;
      if (behaviour.hang?.()) {
        backend.record({ method, outcome: "pending-forever" });
        return; // never calls back: the documented hang
      }
      setTimeout(() => {
        const failure = backend.takeFailure(method);
        if (failure) {
          deliver({ status: "failed", value: undefined, error: officeError(failure), asyncContext });
          return;
        }
        try {
          const value = impl(args, opts);
          deliver({ status: "succeeded", value, error: undefined, asyncContext });
        } catch (e) {
          if (e instanceof FailWith) deliver({ status: "failed", value: undefined, error: officeError(e.officeName, e.message === e.officeName ? undefined : e.message), asyncContext });
          else deliver({ status: "failed", value: undefined, error: officeError("InternalError", String(e)), asyncContext });
        }
      }, latency());
    };
  }

  function requireSet(version: string, obj: Record<string, unknown>): Record<string, unknown> {
    return backend.supports(version) ? obj : {};
  }

  const CoercionType = { Html: "html", Text: "text" };
  const AsyncResultStatus = { Succeeded: "succeeded", Failed: "failed" };
  const AttachmentContentFormat = { Base64: "base64", Url: "url", Eml: "eml", ICalendar: "iCalendar" };
  const AttachmentType = { File: "file", Item: "item", Cloud: "cloud" };
  const ItemType = { Message: "message", Appointment: "appointment" };

  const draft = () => backend.draft;
  const copyAddr = (a: SimAddress) => ({ displayName: a.displayName, emailAddress: a.emailAddress, recipientType: "externalUser" });

  function recipientField(field: "to" | "cc" | "bcc") {
    return {
      getAsync: asyncMethod(`${field}.getAsync`, 0, () => draft()[field].map(copyAddr)),
      setAsync: asyncMethod(`${field}.setAsync`, 1, ([list]) => {
        if (!Array.isArray(list)) throw new FailWith("InvalidParameterValueError");
        draft()[field] = list.map((r: Any) => (typeof r === "string" ? { displayName: r, emailAddress: r } : { displayName: r.displayName ?? r.emailAddress, emailAddress: r.emailAddress }));
        backend.changed();
      }),
      addAsync: asyncMethod(`${field}.addAsync`, 1, ([list]) => {
        for (const r of list as Any[]) draft()[field].push(typeof r === "string" ? { displayName: r, emailAddress: r } : { displayName: r.displayName ?? r.emailAddress, emailAddress: r.emailAddress });
        backend.changed();
      }),
    };
  }

  /** item.notificationMessages: the info bar above the message (shown in the simulator's mail window). */
  function notificationMessages() {
    const n = () => backend.notifications;
    return {
      addAsync: asyncMethod("notificationMessages.addAsync", 2, ([key, details]) => {
        if (n().some((x) => x.key === key)) throw new FailWith("DuplicateNotificationKey");
        if (n().length >= 5) throw new FailWith("NumberOfNotificationsExceeded");
        n().push({ key: String(key), ...(details as { type: string; message: string }) });
        backend.changed();
      }),
      getAllAsync: asyncMethod("notificationMessages.getAllAsync", 0, () => n().map((x) => ({ ...x }))),
      replaceAsync: asyncMethod("notificationMessages.replaceAsync", 2, ([key, details]) => {
        backend.notifications = [...n().filter((x) => x.key !== key), { key: String(key), ...(details as { type: string; message: string }) }];
        backend.changed();
      }),
      removeAsync: asyncMethod("notificationMessages.removeAsync", 1, ([key]) => {
        if (!n().some((x) => x.key === key)) throw new FailWith("NotificationKeyNotFound");
        backend.notifications = n().filter((x) => x.key !== key);
        backend.changed();
      }),
    };
  }

  function composeItem(): Any {
    return {
      itemType: ItemType.Message,
      body: {
        getAsync: asyncMethod("body.getAsync", 1, ([coercion]) => {
          const d = draft();
          if (coercion !== "html" && coercion !== "text") throw argumentError("body.getAsync", "coercionType");
          if (coercion === d.bodyType) return d.body;
          return coercion === "text" ? htmlToText(d.body) : textToHtml(d.body);
        }),
        getTypeAsync: asyncMethod("body.getTypeAsync", 0, () => draft().bodyType),
        setAsync: asyncMethod("body.setAsync", 1, ([data], opts) => {
          if (typeof data !== "string") throw new FailWith("InvalidParameterValueError");
          if (data.length > BODY_MAX_CHARS) throw new FailWith("DataExceedsMaximumSize");
          const coercion = opts.coercionType ?? "text";
          const d = draft();
          if (coercion === "html" && d.bodyType === "text") throw new FailWith("InvalidFormatError");
          d.body = coercion === "text" && d.bodyType === "html" ? textToHtml(data) : data;
          backend.changed();
        }),
      },
      to: recipientField("to"),
      cc: recipientField("cc"),
      bcc: recipientField("bcc"),
      ...requireSet("1.7", { from: { getAsync: asyncMethod("from.getAsync", 0, () => copyAddr(draft().from)) } }),
      subject: {
        getAsync: asyncMethod("subject.getAsync", 0, () => draft().subject),
        setAsync: asyncMethod("subject.setAsync", 1, ([s]) => {
          if (typeof s !== "string" || s.length > 255) throw new FailWith("DataExceedsMaximumSize");
          draft().subject = s;
          backend.changed();
        }),
      },
      ...requireSet("1.8", {
        getAttachmentsAsync: asyncMethod("getAttachmentsAsync", 0, () =>
          draft().attachments.map((a) => ({ id: a.id, name: a.name, attachmentType: a.attachmentType, size: a.size, isInline: a.isInline })),
        ),
        getAttachmentContentAsync: asyncMethod("getAttachmentContentAsync", 1, ([id]) => {
          const a = draft().attachments.find((x) => x.id === id);
          if (!a) throw new FailWith("InvalidAttachmentId");
          return a.attachmentType === "item" ? { format: "eml", content: a.contentBase64 } : { format: "base64", content: a.contentBase64 };
        }),
        internetHeaders: {
          getAsync: asyncMethod("internetHeaders.getAsync", 1, ([names]) => {
            const out: Record<string, string> = {};
            const h = draft().internetHeaders;
            for (const n of names as string[]) {
              const key = Object.keys(h).find((k) => k.toLowerCase() === n.toLowerCase());
              if (key !== undefined) out[n] = h[key];
            }
            return out;
          }),
          setAsync: asyncMethod("internetHeaders.setAsync", 1, ([headers]) => {
            const h = draft().internetHeaders;
            for (const [n, v] of Object.entries(headers as Record<string, string>)) {
              for (const k of Object.keys(h)) if (k.toLowerCase() === n.toLowerCase()) delete h[k];
              h[n] = String(v);
            }
            backend.changed();
          }),
          removeAsync: asyncMethod("internetHeaders.removeAsync", 1, ([names]) => {
            const h = draft().internetHeaders;
            for (const n of names as string[]) for (const k of Object.keys(h)) if (k.toLowerCase() === n.toLowerCase()) delete h[k];
            backend.changed();
          }),
        },
        addFileAttachmentFromBase64Async: asyncMethod(
          "addFileAttachmentFromBase64Async",
          2,
          ([b64, name], opts) => {
            if (typeof b64 !== "string" || typeof name !== "string" || !name) throw new FailWith("InvalidParameterValueError");
            if (b64.length > attachmentMaxBase64Chars(backend.platform)) throw new FailWith("AttachmentSizeExceeded");
            if (!isBase64(b64)) throw new FailWith("AttachmentUploadGeneralFailure");
            return backend.addAttachment(b64, name, !!opts.isInline, opts.isInline ? name : undefined).id; // Office: inline = cid:<name>
          },
          { hang: () => backend.nativeSmime },
        ),
        removeAttachmentAsync: asyncMethod("removeAttachmentAsync", 1, ([id]) => {
          if (!backend.removeAttachment(id)) throw new FailWith("InvalidAttachmentId");
        }),
      }),
      addFileAttachmentAsync: asyncMethod("addFileAttachmentAsync", 2, () => {
        throw new FailWith("AttachmentUploadGeneralFailure", "The simulator cannot fetch attachment URLs.");
      }),
      ...requireSet("1.11", {
        sessionData: {
          getAsync: asyncMethod("sessionData.getAsync", 1, ([name]) => draft().sessionData[name] ?? ""),
          setAsync: asyncMethod("sessionData.setAsync", 2, ([name, value]) => {
            draft().sessionData[name] = String(value);
          }),
          getAllAsync: asyncMethod("sessionData.getAllAsync", 0, () => ({ ...draft().sessionData })),
          removeAsync: asyncMethod("sessionData.removeAsync", 1, ([name]) => {
            delete draft().sessionData[name];
          }),
          clearAsync: asyncMethod("sessionData.clearAsync", 0, () => {
            draft().sessionData = {};
          }),
        },
      }),
      notificationMessages: notificationMessages(),
      get conversationId() {
        return draft().conversationId ?? null;
      },
      ...requireSet("1.8", { getInitializationContextAsync: asyncMethod("getInitializationContextAsync", 0, () => draft().initializationContext ?? "") }),
      addHandlerAsync: asyncMethod("item.addHandlerAsync", 2, () => undefined),
      removeHandlerAsync: asyncMethod("item.removeHandlerAsync", 1, () => undefined),
      saveAsync: asyncMethod("saveAsync", 0, () => "AAMkADdraft" + "A".repeat(40)),
      ...requireSet("1.8", { getItemIdAsync: asyncMethod("getItemIdAsync", 0, () => "AAMkADdraft" + "A".repeat(40)) }),
      ...requireSet("1.14", closeMethods(backend, asyncMethod)),
    };
  }

  function readItem(): Any {
    const item = backend.readItem;
    if (!item) return null;
    const attachments = item.attachments.map((a, i) => ({
      id: item.attachmentIds[i],
      name: a.name,
      contentType: a.contentType,
      size: a.bytes.length,
      // Exchange presents attached messages as item attachments.
      attachmentType: a.contentType === "message/rfc822" ? AttachmentType.Item : AttachmentType.File,
      isInline: a.isInline,
    }));
    return {
      itemType: ItemType.Message,
      itemClass: item.itemClass,
      itemId: "AAMkADread" + "B".repeat(40),
      internetMessageId: item.internetMessageId,
      conversationId: item.conversationId,
      subject: item.subject,
      from: item.from ? copyAddr(item.from) : null,
      sender: item.from ? copyAddr(item.from) : null,
      to: item.to.map(copyAddr),
      cc: item.cc.map(copyAddr),
      attachments,
      notificationMessages: notificationMessages(),
      body: {
        getAsync: asyncMethod("body.getAsync", 1, ([coercion]) => {
          if (coercion === item.bodyType) return item.body;
          return coercion === "text" ? htmlToText(item.body) : textToHtml(item.body);
        }),
        getTypeAsync: asyncMethod("body.getTypeAsync", 0, () => item.bodyType),
      },
      ...requireSet("1.8", {
        getAttachmentContentAsync: asyncMethod("getAttachmentContentAsync", 1, ([id]) => {
          const a = backend.readAttachmentBytes(id);
          if (!a) throw new FailWith("InvalidAttachmentId");
          if (a.contentType === "message/rfc822") return { format: "eml", content: latin1Decode(a.bytes) };
          return { format: "base64", content: toBase64(a.bytes) };
        }),
      }),
      ...requireSet("1.14", { getAsFileAsync: asyncMethod("getAsFileAsync", 0, () => toBase64(item.emlBytes)) }),
      // Received items have no initialization context unless an actionable message sets one.
      ...requireSet("1.8", { getInitializationContextAsync: asyncMethod("getInitializationContextAsync", 0, () => "") }),
    };
  }

  const roaming = {
    get: (name: string) => backend.roamingSettings[name],
    set: (name: string, value: unknown) => {
      backend.roamingSettings[name] = JSON.parse(JSON.stringify(value));
    },
    remove: (name: string) => {
      delete backend.roamingSettings[name];
    },
    saveAsync: asyncMethod("roamingSettings.saveAsync", 0, () => {
      if (JSON.stringify(backend.roamingSettings).length > 32 * 1024) throw new FailWith("GenericSettingsError", "Roaming settings exceed 32 KB.");
    }),
  };

  const context: Any = {
    get displayLanguage() {
      return backend.displayLanguage;
    },
    get officeTheme() {
      return { ...backend.officeTheme };
    },
    get platform() {
      return backend.platform;
    },
    host: "Outlook",
    get diagnostics() {
      return { host: "Outlook", platform: backend.platform, version: "16.0.simulator" };
    },
    requirements: {
      isSetSupported(name: string, minVersion?: string | number) {
        if (String(name).toLowerCase() === "nestedappauth") return deliveryState(backend).naaSupported && Number(minVersion ?? 1) <= 1.1;
        if (String(name).toLowerCase() !== "mailbox") return false;
        if (minVersion === undefined) return true;
        const want = String(minVersion);
        const [wMaj, wMin] = want.split(".").map(Number);
        return backend.requirementSets.some((v) => {
          const [maj, min] = v.split(".").map(Number);
          return maj > wMaj || (maj === wMaj && min >= (wMin || 0));
        });
      },
    },
    roamingSettings: roaming,
    mailbox: {
      addHandlerAsync: asyncMethod("mailbox.addHandlerAsync", 2, () => undefined),
      removeHandlerAsync: asyncMethod("mailbox.removeHandlerAsync", 1, () => undefined),
      userProfile: {
        get displayName() {
          return backend.draft.from.displayName;
        },
        get emailAddress() {
          return backend.draft.from.emailAddress;
        },
        get accountType() {
          return deliveryState(backend).accountType;
        },
      },
      diagnostics: { hostName: "Outlook", hostVersion: "16.0.simulator" },
    },
  };

  // `item` is a stable object per pane, like Office's.
  const itemObj = mode === "read" ? readItem() : composeItem();
  // Mailbox 1.14: the original's Message-ID in a reply/forward (null for new messages).
  if (mode !== "read" && backend.supports("1.14")) Object.defineProperty(itemObj, "inReplyTo", { get: () => draft().inReplyTo ?? null, enumerable: true });
  Object.defineProperty(context.mailbox, "item", { get: () => itemObj });

  const readyInfo = { host: "Outlook", platform: backend.platform };
  const office: Any = {
    onReady(cb?: (info: typeof readyInfo) => void) {
      return new Promise((resolve) => {
        setTimeout(() => {
          cb?.(readyInfo);
          resolve(readyInfo);
        }, latency());
      });
    },
    context,
    AsyncResultStatus,
    CoercionType,
    HostType: { Outlook: "Outlook" },
    PlatformType: { OfficeOnline: "OfficeOnline", PC: "PC", Mac: "Mac", iOS: "iOS", Android: "Android" },
    EventType: { ItemChanged: "olkItemSelectedChanged", RecipientsChanged: "olkRecipientsChanged", AttachmentsChanged: "olkAttachmentsChanged" },
    MailboxEnums: { AttachmentContentFormat, AttachmentType, ItemType, RecipientType: { ExternalUser: "externalUser", User: "user" } },
    // Event-based activation (Mailbox 1.10+): the runtime registers its handlers by name.
    actions: {
      associate(name: string, handler: (event: unknown) => void) {
        backend.actions.set(name, handler);
      },
    },
    /** For the simulator's own debugging only. */
    __spmPending: () => pending,
  };
  return office;
}
